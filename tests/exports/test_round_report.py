"""The round's PDF report: the single report's pages on the round's means, plus respondents, departments, the
not-aligned topics and the consultant on the cover; in both languages; 409 while there is no result."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Client, Round
from roadmap.services import reports, rounds
from tests.conftest import all_answers
from tests.exports.conftest import CLIENT_NAME, ROUND_NAME, ExportRound
from tests.report.conftest import Pdf, read_pdf


@pytest.fixture
def without_chart(app: Flask) -> None:
    """The table of scores instead of the radar chart: no browser needed, and a second faster."""
    app.extensions["chart_export"] = None


@pytest.fixture
def round_pdf(logged_in: FlaskClient, export_round: ExportRound, without_chart: None) -> Callable[[str], Pdf]:
    def get(language: str) -> Pdf:
        response = logged_in.get(f"/rounds/{export_round.round_id}/report.pdf?lang={language}")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == (
            f"attachment; filename=roadmap-report-acme-unicode-baseline-2026-2026-03-01-{language}.pdf"
        )
        return read_pdf(response.data)

    return get


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            {
                "respondents": "2 respondents",
                "board": "Board and management",
                "marketing": "Marketing and communications",
                "not_aligned": "Not aligned",
                "consultant": "Consultant",
                "open": "still open",
            },
        ),
        (
            "nl",
            {
                "respondents": "2 respondenten",
                "board": "Directie en management",
                "marketing": "Marketing en communicatie",
                "not_aligned": "Niet eensgezind",
                "consultant": "Consultant",
                "open": "nog open",
            },
        ),
    ],
)
def test_round_report_shows_respondents_departments_not_aligned_and_consultant(
    round_pdf: Callable[[str], Pdf], questionnaire: Questionnaire, language: str, words: dict[str, str]
) -> None:
    pdf = round_pdf(language)
    for phrase in (CLIENT_NAME, ROUND_NAME, words["respondents"], "Anna de Vries, Social Inc.", words["consultant"]):
        assert pdf.contains(phrase), phrase
    assert pdf.contains(words["open"])
    assert pdf.contains(words["board"]) and pdf.contains(words["marketing"])
    assert pdf.contains(words["not_aligned"])
    for dimension in questionnaire.dimensions:  # every topic is 2 apart: all not aligned
        assert pdf.contains(dimension.name(language))
    assert pdf.contains(questionnaire.phase(2).name(language))
    # Answers stay per respondent: no appendix of questions, and the unsubmitted department is not shown.
    assert not pdf.contains(questionnaire.questions[0].text(language))
    assert not pdf.contains("cmd|calc")


def test_round_report_without_a_result_says_why(
    logged_in: FlaskClient, export_round: ExportRound, make_round: Callable[..., int], without_chart: None
) -> None:
    empty = make_round(export_round.client_id, "Empty")
    response = logged_in.get(f"/rounds/{empty}/report.pdf")
    assert response.status_code == 409
    assert "no result yet" in response.get_data(as_text=True)


def test_round_report_is_cached_until_something_it_shows_changes(
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    round_pdf: Callable[[str], Pdf],
    logged_in: FlaskClient,
    export_round: ExportRound,
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> None:
    builds = []
    build = reports.pdf_with_chart

    def counting(*args: object, **kwargs: object) -> tuple[bytes, bool]:
        builds.append(args)
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "pdf_with_chart", counting)
    url = f"/rounds/{export_round.round_id}/report.pdf"

    def etag() -> str:
        response = logged_in.get(url)
        assert response.status_code == 200
        return str(response.headers["ETag"])

    first = etag()
    assert (etag(), len(builds)) == (first, 1)  # the same report again, not made again
    round_pdf("nl")
    assert len(builds) == 2  # another language, another report

    def changed(change: Callable[[], None]) -> None:
        before = len(builds)
        change()
        assert etag() != first and len(builds) == before + 1

    def rename() -> None:
        with app.app_context():
            session().execute(sa.update(Client).values(name="Acme Renamed"))
            session().commit()

    def another_respondent() -> None:
        respond(invite(export_round.round_id, "it")[1], all_answers(questionnaire, "social_business"))

    def close() -> None:
        with app.app_context():
            found = session().get(Round, export_round.round_id)
            assert found is not None
            rounds.close(session(), found)

    for change in (rename, another_respondent, close):
        changed(change)
        first = etag()
