"""Tables as an Excel workbook (.xlsx, with openpyxl): one sheet per table, for people rather than machines.

What the caller hands over is written as it is: headers and text already in the reader's language, numbers as
numbers. The workbook has:
- one sheet per table, titled as the caller says (made valid for Excel: at most 31 characters, none of
  `[ ] : * ? / \\`, unique in the workbook);
- a bold, frozen header row with a filter, and column widths that fit the longest value (within limits);
- numbers as numbers (Excel shows them with the reader's decimal separator), dates and times as real dates in
  Excel's short date format, which Excel shows in the reader's regional style (a time with a zone is written in
  UTC); booleans as Excel's TRUE/FALSE; None (and NaN or infinity) as an empty cell;
- text that a spreadsheet would take for a formula (beginning with =, +, -, @, a tab or a carriage return) stored
  as text with Excel's quote prefix, so it is neither evaluated on opening nor when the cell is edited; characters
  XML cannot hold are left out, and text is cut at Excel's limit of 32,767 characters.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | float | bool | date | datetime | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT = 32_767
MAX_TITLE = 31
TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Excel's built-in formats 14 and 22: shown in the reader's regional date style (Dutch Excel: 1-12-2026).
DATE_FORMAT = "mm-dd-yy"
DATETIME_FORMAT = "m/d/yy h:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60
DATE_WIDTH, DATETIME_WIDTH = 12, 18


@dataclass(frozen=True)
class Table:
    """One sheet: its title, the column headers and the rows (each as long as the headers).

    `number_formats` optionally gives an Excel number format per column (e.g. "0.0" for scores), None for the
    default; columns beyond it use the default.
    """

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    number_formats: Sequence[str | None] = field(default=())


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """The tables as the bytes of an .xlsx file. Raises ValueError without tables or for a row of the wrong length."""
    if not tables:
        raise ValueError("a workbook needs at least one table")
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "Roadmap"
    taken: set[str] = set()
    for table in tables:
        title = sheet_title(table.title, taken)
        taken.add(title.casefold())
        write_sheet(workbook.create_sheet(title), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_sheet(sheet: Worksheet, table: Table) -> None:
    columns = len(table.headers)
    for number, row in enumerate(table.rows, start=1):
        if len(row) != columns:
            raise ValueError(f"{table.title!r}: row {number} has {len(row)} values for {columns} headers")
    bold = Font(bold=True)
    for column, header in enumerate(table.headers, start=1):
        write_cell(sheet, 1, column, header).font = bold
    for row_number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = write_cell(sheet, row_number, column, value)
            number_format = table.number_formats[column - 1] if column <= len(table.number_formats) else None
            if number_format and isinstance(value, int | float) and not isinstance(value, bool):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{len(table.rows) + 1}"
    for column in range(columns):
        values = [table.headers[column], *(row[column] for row in table.rows)]
        sheet.column_dimensions[get_column_letter(column + 1)].width = column_width(values)


def write_cell(sheet: Worksheet, row: int, column: int, value: Cell) -> Any:
    """Write one value with its Excel type; text is never taken for a formula."""
    stored = excel_value(value)
    cell = sheet.cell(row=row, column=column)
    cell.value = stored
    if isinstance(stored, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(stored, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(stored, str):
        cell.data_type = "s"  # openpyxl would store text beginning with "=" as a formula
        if stored.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def excel_value(value: Cell) -> Cell:
    """The value as Excel can hold it."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_TEXT]
    return value


def column_width(values: Sequence[Cell]) -> float:
    """A width (in characters) that fits the longest value, between MIN_WIDTH and MAX_WIDTH."""
    longest = max((display_length(value) for value in values), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def display_length(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return DATETIME_WIDTH
    if isinstance(value, date):
        return DATE_WIDTH
    if isinstance(value, bool):
        return 5
    if isinstance(value, float):
        return len(f"{value:.6g}")
    text = str(value)
    return max(len(line) for line in text.splitlines()) if text else 0


def sheet_title(title: str, taken: set[str]) -> str:
    """A valid Excel sheet title for `title`, different (ignoring case) from the casefolded titles in `taken`."""
    base = TITLE_FORBIDDEN.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", title)).strip().strip("'").strip() or "Sheet"
    candidate, number = base[:MAX_TITLE], 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = base[: MAX_TITLE - len(suffix)].rstrip() + suffix
    return candidate
