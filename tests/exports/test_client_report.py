"""The round report's trend against the round before, and the client report: every round of a client side by
side, the change per topic, and the latest result's plan to the next phase; in both languages; 409 without a
result. Read back from the PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from tests.conftest import all_answers
from tests.report.conftest import Pdf, read_pdf
from tests.workspace.conftest import login

WORDS = {
    "en": {
        "since": "Since Autumn 2025",
        "overall": "The overall score went from 1.0 to 2.0 (+1.0).",
        "phase": "The phase went from Presence to Dialogue.",
        "every_round": "Every round",
        "disagree": "Where the respondents do not agree",
    },
    "nl": {
        "since": "Sinds Autumn 2025",
        "overall": "De totaalscore ging van 1,0 naar 2,0 (+1,0).",
        "phase": "De fase ging van Presence naar Dialoog.",
        "every_round": "Elke ronde",
        "disagree": "Waar de respondenten het niet over eens zijn",
    },
}


@pytest.fixture
def two_rounds(
    app: Flask,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> tuple[int, int, int]:
    """A client whose first round scored Presence everywhere and whose second scores Dialogue on average, with
    a board at Presence and marketing at Engagement (every topic 2 apart: not aligned)."""
    app.extensions["chart_export"] = None  # the table instead of the chart: no browser needed
    client_id = make_client(consultant, "Acme Ltd")
    first = make_round(client_id, "Autumn 2025", date(2025, 10, 1))
    second = make_round(client_id, "Spring 2026", date(2026, 3, 1))
    _id, token = invite(first, "board")
    respond(token, all_answers(questionnaire, "presence"))
    for department, level in (("board", "presence"), ("marketing", "engagement")):
        _id, token = invite(second, department)
        respond(token, all_answers(questionnaire, level))
    return client_id, first, second


def pdf_of(client: FlaskClient, url: str) -> Pdf:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    return read_pdf(response.data)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_round_report_compares_with_the_round_before(
    logged_in: FlaskClient, two_rounds: tuple[int, int, int], language: str
) -> None:
    _client, _first, second = two_rounds
    pdf = pdf_of(logged_in, f"/rounds/{second}/report.pdf?lang={language}")
    summary = pdf.page_with(WORDS[language]["since"])
    for phrase in ("overall", "phase", "disagree"):
        assert WORDS[language][phrase].replace(" ", "") in summary.replace(" ", "").replace("\n", ""), phrase


def test_the_first_round_has_no_trend(logged_in: FlaskClient, two_rounds: tuple[int, int, int]) -> None:
    _client, first, _second = two_rounds
    pdf = pdf_of(logged_in, f"/rounds/{first}/report.pdf?lang=en")
    assert not pdf.contains("Since ")
    assert not pdf.contains(WORDS["en"]["disagree"])  # one respondent: nobody to disagree with


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_client_report_shows_every_round_and_the_change(
    logged_in: FlaskClient, two_rounds: tuple[int, int, int], questionnaire: Questionnaire, language: str
) -> None:
    client_id, _first, _second = two_rounds
    response = logged_in.get(f"/clients/{client_id}/report.pdf?lang={language}")
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=roadmap-client-report-acme-ltd-2026-03-01-{language}.pdf"
    )
    pdf = read_pdf(response.data)
    table = pdf.page_with(WORDS[language]["every_round"])
    assert "Autumn 2025" in table and "Spring 2026" in table
    for dimension in questionnaire.dimensions:
        assert pdf.contains(dimension.name(language))
    assert pdf.contains("+1,0" if language == "nl" else "+1.0")
    assert pdf.contains(WORDS[language]["overall"])
    assert pdf.contains(questionnaire.phase(3).name(language))  # the plan to the next phase: Engagement


def test_a_client_without_a_result_has_no_report(
    logged_in: FlaskClient, consultant: User, make_client: Callable[..., int], make_round: Callable[..., int]
) -> None:
    client_id = make_client(consultant, "Empty Ltd")
    make_round(client_id, "Spring 2026")
    response = logged_in.get(f"/clients/{client_id}/report.pdf")
    assert response.status_code == 409
    assert "none of its rounds has a result" in response.get_data(as_text=True)
    page = logged_in.get(f"/clients/{client_id}").get_data(as_text=True)
    assert f"/clients/{client_id}/report.pdf" not in page
    assert "once a round has a result" in page


def test_the_client_page_offers_the_report(logged_in: FlaskClient, two_rounds: tuple[int, int, int]) -> None:
    client_id, _first, _second = two_rounds
    page = logged_in.get(f"/clients/{client_id}").get_data(as_text=True)
    assert f"/clients/{client_id}/report.pdf?lang=en" in page and f"/clients/{client_id}/report.pdf?lang=nl" in page


def test_another_consultants_client_report_is_not_found(
    app: Flask, two_rounds: tuple[int, int, int], make_user: Callable[..., User]
) -> None:
    client_id, _first, _second = two_rounds
    make_user("other@example.org")
    other = app.test_client()
    login(other, "other@example.org")
    assert other.get(f"/clients/{client_id}/report.pdf").status_code == 404
