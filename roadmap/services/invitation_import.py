"""Reading a list of respondents (pasted lines, CSV or XLSX) and checking every line before anything is stored.

A line is `name, e-mail, department[, language]`, separated by `,` or `;`; a header row is recognised and
skipped. `check` names every problem by line and field; the caller stores nothing while there is one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import ngettext

from roadmap.services.errors import Invalid

MAX_LINES = 1000
MAX_NAME = 200
MAX_EMAIL = 254
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|[\r\n]")
HEADER_WORDS = {"name", "naam", "e-mail", "email", "mail", "department", "afdeling", "language", "taal"}
LANGUAGES = {"en": "en", "english": "en", "engels": "en", "nl": "nl", "dutch": "nl", "nederlands": "nl"}
FIELDS = ("name", "email", "department", "language")


class ImportFileError(Invalid):
    """The upload cannot be read at all (not UTF-8 text, not a spreadsheet)."""


@dataclass(frozen=True)
class Respondent:
    """A checked line, ready to become an invitation."""

    line: int
    name: str | None
    email: str
    department: str
    language: str | None


@dataclass(frozen=True)
class Problem:
    line: int
    field: str  # one of FIELDS, or "line" for the line as a whole
    message: str


@dataclass
class ImportCheck:
    respondents: list[Respondent] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # the lines as read, to show again and to confirm

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.respondents)


def text_of_upload(filename: str, content: bytes) -> str:
    """The upload as lines of text: a spreadsheet's first sheet, or UTF-8 text with or without a BOM."""
    if filename.lower().endswith(".xlsx"):
        return xlsx_text(content)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file is not UTF-8 text: save it as CSV UTF-8 or as an Excel workbook.")) from None


def xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key errors) for a file that is no workbook
        raise ImportFileError(_("The file is not an Excel workbook (.xlsx) that can be read.")) from None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        cells = ["" if cell is None else str(cell) for cell in row]
        while cells and not cells[-1].strip():
            cells.pop()
        writer.writerow(cells)
    workbook.close()
    return out.getvalue()


def rows_of(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-empty line; the delimiter is the first line's `;` or `,`."""
    text = text.removeprefix("\ufeff")
    # Only CR LF and LF end a line: a lone CR, vertical tab or form feed is a character the line may not hold.
    lines = text.replace("\r\n", "\n").split("\n")
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # Line numbers as the consultant sees them: csv keeps quoted line breaks, so read line by line.
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:  # a lone CR: the cell's check names it as a character that cannot be stored
            cells = line.split(delimiter)
        rows.append((number, [cell.strip() for cell in cells]))
    return rows


def is_header(cells: Sequence[str]) -> bool:
    return bool(cells) and all(cell.lower().replace(" ", "") in HEADER_WORDS for cell in cells if cell)


def check(
    text: str,
    departments: Mapping[str, Iterable[str]],
    existing_emails: Iterable[str],
) -> ImportCheck:
    """Every line checked; `departments` maps each key to the names accepted for it (labels in both languages)."""
    result = ImportCheck(text=text)
    rows = rows_of(text)
    if rows and is_header(rows[0][1]):
        rows = rows[1:]
    if not rows:
        result.problems.append(Problem(0, "line", _("There are no lines with respondents.")))
        return result
    if len(rows) > MAX_LINES:
        message = _("At most %(count)d respondents at a time; split the list.", count=MAX_LINES)
        result.problems.append(Problem(0, "line", message))
        return result
    names = {key: key for key in departments}
    names.update({label.casefold(): key for key, labels in departments.items() for label in labels})
    taken = {email.casefold(): 0 for email in existing_emails}
    for number, cells in rows:
        respondent = check_line(number, cells, names, sorted(departments), taken, result.problems)
        if respondent is not None:
            result.respondents.append(respondent)
    return result


def check_line(
    number: int,
    cells: list[str],
    departments: Mapping[str, str],
    known: list[str],
    taken: dict[str, int],
    problems: list[Problem],
) -> Respondent | None:
    """One line's respondent, or None after adding its problems."""
    before = len(problems)

    def problem(field_name: str, message: str) -> None:
        problems.append(Problem(number, field_name, message))

    if not 3 <= len(cells) <= 4:
        expected = _("Expected name, e-mail, department and optionally language.")
        problem("line", f"{expected} {ngettext('Found %(num)d field.', 'Found %(num)d fields.', len(cells))}")
        return None
    name, email, department = cells[0], cells[1], cells[2]
    language = cells[3] if len(cells) == 4 else ""
    unreadable = {
        key for key, value in zip(FIELDS, (name, email, department, language), strict=True) if CONTROL.search(value)
    }
    for key in FIELDS:
        if key in unreadable:
            problem(key, _("This text contains characters that cannot be stored."))
    if len(name) > MAX_NAME:
        problem("name", _("The name can be at most %(count)d characters.", count=MAX_NAME))
    if unreadable:
        return None
    address = check_email(email, problem)
    if address is not None:
        key = address.casefold()
        if key in taken:
            if taken[key]:
                problem("email", _("This address is also on line %(line)d.", line=taken[key]))
            else:
                problem("email", _("This address has already been invited to this round."))
        else:
            taken[key] = number
    department_key = departments.get(department.casefold())
    if department_key is None:
        listed = ", ".join(known)
        if department:
            problem(
                "department", _("Unknown department %(name)s; use one of: %(known)s.", name=department, known=listed)
            )
        else:
            problem("department", _("Give the department, one of: %(known)s.", known=listed))
    language_key = LANGUAGES.get(language.casefold()) if language else None
    if language and language_key is None:
        problem("language", _("Unknown language %(name)s; use en or nl, or leave it empty.", name=language))
    if len(problems) > before or address is None or department_key is None:
        return None
    return Respondent(number, name or None, address, department_key, language_key)


def check_email(email: str, problem: Callable[[str, str], None]) -> str | None:
    """The address, normalised, or None after reporting why it cannot be used."""
    if not email:
        problem("email", _("Give the e-mail address."))
        return None
    if len(email) > MAX_EMAIL:
        problem("email", _("The e-mail address can be at most %(count)d characters.", count=MAX_EMAIL))
        return None
    try:
        return str(validate_email(email, check_deliverability=False).normalized)
    except EmailNotValidError:
        problem("email", _("%(address)s is not a valid e-mail address.", address=email))
        return None


def as_text(respondents: Iterable[Respondent]) -> str:
    """Checked respondents as CSV lines, the form in which a preview is confirmed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for respondent in respondents:
        writer.writerow([respondent.name or "", respondent.email, respondent.department, respondent.language or ""])
    return out.getvalue()
