"""CSV files for spreadsheets (docs/api.md, "Exports"), safe to open in Excel.

UTF-8 with a byte order mark (so Excel reads the accents right), comma-separated, with CRLF line ends (RFC 4180).
Numbers are written with a dot as the decimal separator. Text cells that a spreadsheet would read as a formula
(beginning with =, +, -, @, a tab or a carriage return) get a leading apostrophe; numbers are written as numbers and
never changed, so a real negative number stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | bool | date | datetime | None


def csv_cell(value: Cell) -> str | int | float:
    """A value as written to CSV: text neutralised against formulas, numbers as numbers, dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The rows as a CSV file: UTF-8 with BOM, comma-separated, CRLF, quoted where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
