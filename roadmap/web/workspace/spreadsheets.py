"""The spreadsheets (XLSX) of the exports: the CSV's rows (services/exports.py) for people, in their language.

The CSV files are for machines: code names, codes and ISO dates. A spreadsheet shows the same rows with headers
and values (departments, phases, sectors, answers) in the chosen language, real numbers, dates and booleans, and
leaves out the columns that only hold codes. No blueprint: web/workspace/exports.py serves these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from roadmap.domain.questionnaire import Questionnaire
from roadmap.render.xlsx import Cell, Table
from roadmap.services import exports as service
from roadmap.web.forms import SECTORS, SIZE_BANDS, department_labels, labels

SCORE = "0.0"


@dataclass(frozen=True)
class Column:
    """A spreadsheet column: the CSV column it shows, its header, and how a code becomes words (if it is one)."""

    key: str
    header: str
    value: Callable[[Cell], Cell] | None = None
    number_format: str | None = None


def table_of(
    title: str, csv_columns: Sequence[str], rows: Sequence[Sequence[Cell]], columns: Sequence[Column]
) -> Table:
    index = {key: position for position, key in enumerate(csv_columns)}
    return Table(
        title=title,
        headers=[column.header for column in columns],
        rows=[
            [column.value(row[index[column.key]]) if column.value else row[index[column.key]] for column in columns]
            for row in rows
        ],
        number_formats=[column.number_format for column in columns],
    )


def label_of(choices: list[tuple[str, object]]) -> Callable[[Cell], Cell]:
    """A code's label (in the active language), the code itself when it has none, empty for no code."""
    found = labels(choices)
    return lambda code: str(found.get(str(code), code)) if code is not None else None


def department_choices() -> list[tuple[str, object]]:
    """The departments, with the combined group of a confidential round's small departments."""
    return list(department_labels().items())


def phase_name(questionnaire: Questionnaire, language: str) -> Callable[[Cell], Cell]:
    return lambda level: questionnaire.phase(int(level)).name(language) if isinstance(level, int) else None


def responses_table(
    questionnaire: Questionnaire, csv_columns: Sequence[str], rows: Sequence[Sequence[Cell]], language: str
) -> Table:
    """The answers of every respondent of a round, one row per respondent and question. `csv_columns` are the
    CSV's (`services.exports.response_columns`): a confidential round's rows have numbers, not names, and no
    submission times, so its spreadsheet has those columns left out too."""
    with force_locale(language):
        names = {d.key: d.name(language) for d in questionnaire.dimensions}
        columns = [
            Column("client", _("Client")),
            Column("round", _("Round")),
            Column("department", _("Department"), label_of(department_choices())),
            Column("respondent", _("Respondent")),
            Column("respondent_number", _("Respondent")),
            Column("submitted", _("Submitted")),
            Column("submitted_at", _("Submitted on")),
            Column("dimension", _("Topic"), lambda key: names.get(str(key), key)),
            Column("question_text", _("Question")),
            Column("option_label", _("Answer")),
            Column("option_score", _("Answer's phase"), phase_name(questionnaire, language)),
        ]
        shown = [column for column in columns if column.key in csv_columns]
        return table_of(_("Answers"), csv_columns, rows, shown)


def scores_table(questionnaire: Questionnaire, rows: Sequence[Sequence[Cell]], language: str) -> Table:
    """The scores of rounds, one row per round and topic, with the round's overall score and phase."""
    with force_locale(language):
        phase = phase_name(questionnaire, language)
        columns = [
            Column("client", _("Client")),
            Column("sector", _("Sector"), label_of(SECTORS)),
            Column("size_band", _("Size"), label_of(SIZE_BANDS)),
            Column("round", _("Round")),
            Column("date", _("Date")),
            Column("closed", _("Closed")),
            Column("overall_score", _("Overall score of the round"), number_format=SCORE),
            Column("overall_phase", _("Phase of the round"), phase),
            Column("dimension_name", _("Topic")),
            Column("mean_score", _("Score"), number_format=SCORE),
            Column("phase", _("Phase"), phase),
            Column("respondents", _("Respondents")),
            Column("lowest", _("Lowest"), number_format=SCORE),
            Column("highest", _("Highest"), number_format=SCORE),
            Column("spread", _("Spread"), number_format=SCORE),
            Column("not_aligned", _("Not aligned")),
        ]
        return table_of(_("Scores"), service.SCORE_COLUMNS, rows, columns)
