"""The XLSX downloads read back with openpyxl: headers and values in the chosen language, real numbers, dates and
booleans, a frozen header row, text that is never a formula, and the language in the file name."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from roadmap.domain.questionnaire import Questionnaire
from tests.exports.conftest import CLIENT_NAME, MARKETING_NAME, ROUND_NAME, ExportRound

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_of(client: FlaskClient, url: str, filename: str) -> Worksheet:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == XLSX
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    workbook = load_workbook(io.BytesIO(response.data))
    [sheet] = workbook.worksheets
    assert sheet.freeze_panes == "A2"
    return sheet


def records(sheet: Worksheet) -> list[dict[str, object]]:
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize(
    ("language", "headers", "department", "submitted_header"),
    [
        ("en", ("Client", "Round", "Department", "Respondent"), "Marketing and communications", "Submitted on"),
        ("nl", ("Klant", "Ronde", "Afdeling", "Respondent"), "Marketing en communicatie", "Ingestuurd op"),
    ],
)
def test_responses_xlsx_speaks_the_language_with_real_types(
    logged_in: FlaskClient,
    export_round: ExportRound,
    questionnaire: Questionnaire,
    language: str,
    headers: tuple[str, ...],
    department: str,
    submitted_header: str,
) -> None:
    phase = questionnaire.phase(3).name(language)  # marketing answered Engagement everywhere
    url = f"/rounds/{export_round.round_id}/responses.xlsx?lang={language}"
    sheet = sheet_of(logged_in, url, f"roadmap-acme-unicode-baseline-2026-responses-{language}.xlsx")
    assert tuple(cell.value for cell in sheet[1][: len(headers)]) == headers
    rows = records(sheet)
    assert len(rows) == 4 * len(questionnaire.questions)
    first = rows[0]
    question = questionnaire.dimensions[0].questions[0]
    assert first[headers[0]] == CLIENT_NAME and first[headers[1]] == ROUND_NAME
    assert first[headers[2]] == department and first[headers[3]] == MARKETING_NAME
    assert isinstance(first[submitted_header], datetime)
    assert list(first.values())[4] is True  # submitted: a real boolean
    assert question.text(language) in first.values()
    assert phase in first.values()  # the answer's phase by name
    assert "engagement" not in first.values() and "marketing" not in first.values()  # no codes
    # Text a spreadsheet would take for a formula stays text.
    for cell in (sheet["A2"], sheet["B2"], sheet["D2"]):
        assert cell.data_type == "s" and cell.quotePrefix
    assert not any(isinstance(c.value, str) and c.data_type == "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize(
    ("language", "score", "phase", "round_phase"),
    [("en", "Score", "Phase", "Phase of the round"), ("nl", "Score", "Fase", "Fase van de ronde")],
)
def test_client_scores_xlsx_has_numbers_dates_and_phase_names(
    logged_in: FlaskClient,
    export_round: ExportRound,
    questionnaire: Questionnaire,
    language: str,
    score: str,
    phase: str,
    round_phase: str,
) -> None:
    url = f"/clients/{export_round.client_id}/scores.xlsx?lang={language}"
    sheet = sheet_of(logged_in, url, f"roadmap-acme-unicode-scores-{language}.xlsx")
    rows = records(sheet)
    assert len(rows) == len(questionnaire.dimensions)
    first = rows[0]
    assert first[score] == 2.0 and type(first[score]) in (int, float)  # a number, shown with one decimal
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index(score) + 1).number_format == "0.0"
    assert first[phase] == questionnaire.phase(2).name(language)
    assert first[round_phase] == questionnaire.phase(2).name(language)
    assert date(2026, 3, 1) in [v.date() if isinstance(v, datetime) else v for v in first.values()]
    assert questionnaire.dimensions[0].name(language) in first.values()


def test_portfolio_scores_xlsx_names_sector_and_size(
    logged_in: FlaskClient, export_round: ExportRound, questionnaire: Questionnaire
) -> None:
    sheet = sheet_of(logged_in, "/portfolio/scores.xlsx?lang=nl", "roadmap-portfolio-scores-nl.xlsx")
    header = [cell.value for cell in sheet[1]]
    assert {"Sector", "Omvang", "Totaalscore van de ronde", "Fase van de ronde"} <= set(header)
    assert len(records(sheet)) == len(questionnaire.dimensions)


def test_english_and_dutch_reports_have_different_names(logged_in: FlaskClient, export_round: ExportRound) -> None:
    names = {
        logged_in.get(f"/rounds/{export_round.round_id}/report.pdf?lang={language}").headers["Content-Disposition"]
        for language in ("en", "nl")
    }
    assert len(names) == 2
