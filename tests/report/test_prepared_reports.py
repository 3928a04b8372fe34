"""Reports before anyone asks: a submission, an edit of a submitted assessment and a respondent submitting in a
round have their reports made by the job queue, so a download is a cache read; a download never starts a second
render of a report that is being made.

The job runs at once in the caller here (JOBS_IMMEDIATE, as in every test but tests/jobs/) or is called directly in
a thread; the reports have the table of scores instead of the chart (no browser needed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap import jobs
from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Assessment, ReportRender, User, utcnow
from roadmap.services import assessments, report_renders, reports
from tests.conftest import all_answers, count_rows, empty_database, make_app
from tests.workspace.conftest import (  # noqa: F401  (fixtures used by the tests here)
    consultant,
    invite,
    logged_in,
    login,
    make_client,
    make_round,
    make_user,
    respond,
)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """Reports prepared after every change, without the chart."""
    made = make_app(database_url, tmp_path, PREPARE_REPORTS=True, REPORT_CHARTS=False)
    with empty_database(made) as ready:
        yield ready


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What was rendered, in order: "assessment:<language>" or "round:<language>"."""
    made: list[str] = []
    build_pdf, round_report_html = reports.build_pdf, reports.html.round_report_html

    def assessment(*args: object, **kwargs: object) -> tuple[bytes, bool]:
        made.append(f"assessment:{args[3]}")
        return build_pdf(*args, **kwargs)  # type: ignore[arg-type]

    def round_(*args: object, **kwargs: object) -> str:
        made.append(f"round:{args[2]}")
        return round_report_html(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "build_pdf", assessment)
    monkeypatch.setattr(reports.html, "round_report_html", round_)
    return made


def submitted_through_the_site(client: FlaskClient, make_assessment: Callable[..., str], answers: dict) -> str:
    token = make_assessment("Acme Ltd", answers=answers, submit=False)
    assert client.post(f"/a/{token}/submit").status_code == 302
    return token


def test_a_submission_has_both_reports_ready_before_anyone_asks(
    app: Flask,
    client: FlaskClient,
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    builds: list[str],
) -> None:
    token = submitted_through_the_site(client, make_assessment, all_answers(questionnaire))
    assert builds == ["assessment:en", "assessment:nl"]
    assert count_rows(app, "report_cache") == 2
    for language in ("en", "nl"):
        response = client.get(f"/a/{token}/report.pdf?lang={language}")
        assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert builds == ["assessment:en", "assessment:nl"], "the downloads were cache reads"


def test_an_edit_of_a_submitted_assessment_prepares_its_reports_again(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, builds: list[str]
) -> None:
    token = submitted_through_the_site(client, make_assessment, all_answers(questionnaire, "dialogue"))
    before = client.get(f"/a/{token}/report.pdf?lang=en")
    builds.clear()
    page = {q.key: "social_business" for q in questionnaire.dimensions[0].questions}
    assert client.post(f"/a/{token}/page/1", data={"action": "back", **page}).status_code == 302
    assert builds == ["assessment:en", "assessment:nl"]
    after = client.get(f"/a/{token}/report.pdf?lang=en")
    assert after.data != before.data and after.headers["ETag"] != before.headers["ETag"]
    client.post(f"/a/{token}/page/1", data={"action": "back", **page})  # the same answers: nothing changed
    assert builds == ["assessment:en", "assessment:nl"]


def test_a_respondent_submitting_prepares_the_round_report(
    app: Flask,
    client: FlaskClient,
    consultant: User,  # noqa: F811
    make_client: Callable[..., int],  # noqa: F811
    make_round: Callable[..., int],  # noqa: F811
    invite: Callable[..., tuple[int, str]],  # noqa: F811
    respond: Callable[..., None],  # noqa: F811
    questionnaire: Questionnaire,
    builds: list[str],
) -> None:
    round_id = make_round(make_client(consultant))
    _, token = invite(round_id, "marketing")
    respond(token, all_answers(questionnaire), submit=False)
    assert client.post(f"/a/{token}/submit").status_code == 302
    assert sorted(builds) == ["assessment:en", "assessment:nl", "round:en", "round:nl"]
    assert count_rows(app, "round_report_cache") == 2
    login(client, consultant.email)
    for language in ("en", "nl"):
        response = client.get(f"/rounds/{round_id}/report.pdf?lang={language}")
        assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert len(builds) == 4, "the round's downloads were cache reads"


def test_a_report_nobody_prepared_is_made_at_once(
    app: Flask,
    client: FlaskClient,
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    builds: list[str],
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))  # submitted without the site: no job
    assert count_rows(app, "report_cache") == 0
    assert client.get(f"/a/{token}/report.pdf?lang=nl").status_code == 200
    assert builds == ["assessment:nl"]


class Gate:
    """Holds the first render until a download is seen waiting for it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.waiting = threading.Event()
        self.pauses = 0
        pause = report_renders.pause

        def seen_waiting() -> None:
            self.pauses += 1
            self.waiting.set()
            pause()

        monkeypatch.setattr(report_renders, "pause", seen_waiting)
        build_pdf = reports.build_pdf

        def held(*args: object, **kwargs: object) -> tuple[bytes, bool]:
            assert self.waiting.wait(10), "no download waited for the report being made"
            return build_pdf(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(reports, "build_pdf", held)


def assessment_id_of(app: Flask, token: str) -> int:
    with app.app_context():
        found = assessments.find(session(), token)
        assert found is not None
        return found.id


def test_a_download_while_the_job_makes_the_report_waits_for_it(
    app: Flask,
    client: FlaskClient,
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))
    gate = Gate(monkeypatch)
    builds: list[str] = []
    held = reports.build_pdf

    def counting(*args: object, **kwargs: object) -> tuple[bytes, bool]:
        builds.append(str(args[3]))
        return held(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "build_pdf", counting)
    job = threading.Thread(target=jobs.prepare_reports, args=(assessment_id_of(app, token),))
    job.start()
    response = client.get(f"/a/{token}/report.pdf?lang=en")
    job.join(30)
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert gate.pauses > 0, "the download waited"
    assert builds == ["en", "nl"], "the job made each report once; the download made none"
    assert count_rows(app, "report_renders") == 0


def test_two_downloads_at_once_make_the_report_once(
    app: Flask,
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))
    Gate(monkeypatch)
    builds: list[str] = []
    held = reports.build_pdf

    def counting(*args: object, **kwargs: object) -> tuple[bytes, bool]:
        builds.append(str(args[3]))
        return held(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "build_pdf", counting)
    answers: list[bytes] = []

    def download() -> None:
        response = app.test_client().get(f"/a/{token}/report.pdf?lang=nl")
        assert response.status_code == 200
        answers.append(response.data)

    first, second = threading.Thread(target=download), threading.Thread(target=download)
    first.start()
    second.start()
    first.join(30)
    second.join(30)
    assert len(answers) == 2 and answers[0] == answers[1]
    assert builds == ["nl"]


def test_a_claim_left_by_a_process_that_died_is_taken_over(
    app: Flask,
    client: FlaskClient,
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    monkeypatch: pytest.MonkeyPatch,
    builds: list[str],
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))
    first = client.get(f"/a/{token}/report.pdf?lang=en")  # to learn the report's key (its ETag)
    with app.app_context():
        session().execute(sa.delete(reports.ReportCache))
        session().add(
            ReportRender(
                subject=f"assessment:{assessment_id_of(app, token)}:en",
                key=first.headers["ETag"].strip('"'),
                started_at=utcnow() - report_renders.STALE_AFTER - timedelta(seconds=1),
            )
        )
        session().commit()
    pauses: list[None] = []
    monkeypatch.setattr(report_renders, "pause", lambda: pauses.append(None))
    assert client.get(f"/a/{token}/report.pdf?lang=en").status_code == 200
    assert pauses == [] and builds == ["assessment:en", "assessment:en"]
    assert count_rows(app, "report_renders") == 0


def test_the_job_skips_what_has_no_report(
    app: Flask, make_assessment: Callable[..., str], questionnaire: Questionnaire, builds: list[str]
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire), submit=False)
    jobs.prepare_reports(assessment_id_of(app, token))  # not submitted
    jobs.prepare_reports(10**9)  # deleted since it was queued
    with app.app_context():
        assert session().scalar(sa.select(sa.func.count()).select_from(Assessment)) == 1
    assert builds == [] and count_rows(app, "report_cache") == 0
