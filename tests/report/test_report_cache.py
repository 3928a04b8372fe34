"""The report cache: a repeat download is served from it; changed answers, a resubmission or deletion end it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from roadmap.services import reports
from tests.conftest import all_answers, count_rows


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The languages of the reports actually built (not served from the cache)."""
    built: list[str] = []
    build_pdf = reports.build_pdf

    def counting(*args: object, **kwargs: object) -> tuple[bytes, bool]:
        built.append(str(args[3]))
        return build_pdf(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "build_pdf", counting)
    return built


def test_repeat_download_comes_from_the_cache(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, builds: list[str]
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))
    first = client.get(f"/a/{token}/report.pdf?lang=en")
    second = client.get(f"/a/{token}/report.pdf?lang=en")
    assert first.status_code == second.status_code == 200
    assert second.data == first.data
    assert builds == ["en"]
    assert second.headers["ETag"] == first.headers["ETag"]
    not_modified = client.get(f"/a/{token}/report.pdf?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304
    api = client.get(f"/api/v1/assessments/{token}/report.pdf?lang=en")
    assert api.data == first.data and builds == ["en"]


def test_each_language_has_its_own_report(
    app: Flask,
    client: FlaskClient,
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    builds: list[str],
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))
    english = client.get(f"/a/{token}/report.pdf?lang=en").data
    dutch = client.get(f"/a/{token}/report.pdf?lang=nl").data
    assert english != dutch
    assert client.get(f"/a/{token}/report.pdf?lang=en").data == english
    assert client.get(f"/a/{token}/report.pdf?lang=nl").data == dutch
    assert builds == ["en", "nl"]
    assert count_rows(app, "report_cache") == 2


def test_changed_answers_make_a_new_report(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, builds: list[str]
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire, "dialogue"))
    before = client.get(f"/a/{token}/report.pdf?lang=en")
    first = questionnaire.dimensions[0]
    page = {q.key: "social_business" for q in first.questions}
    assert client.post(f"/a/{token}/page/1", data={"action": "back", **page}).status_code == 302
    after = client.get(f"/a/{token}/report.pdf?lang=en")
    assert builds == ["en", "en"]
    assert after.data != before.data and after.headers["ETag"] != before.headers["ETag"]


def test_saving_the_same_answers_keeps_the_report(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, builds: list[str]
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire, "dialogue"))
    client.get(f"/a/{token}/report.pdf?lang=en")
    page = {q.key: "dialogue" for q in questionnaire.dimensions[0].questions}
    client.post(f"/a/{token}/page/1", data={"action": "back", **page})
    client.get(f"/a/{token}/report.pdf?lang=en")
    assert builds == ["en"]


def test_resubmitting_makes_a_new_report(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, builds: list[str]
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))
    client.get(f"/a/{token}/report.pdf?lang=en")
    assert client.post(f"/a/{token}/submit").status_code == 302  # the report shows the new submission date
    client.get(f"/a/{token}/report.pdf?lang=en")
    assert builds == ["en", "en"]


def test_deleting_the_assessment_deletes_its_reports(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))
    other = make_assessment("Other Ltd", answers=all_answers(questionnaire))
    for language in ("en", "nl"):
        client.get(f"/a/{token}/report.pdf?lang={language}")
    client.get(f"/a/{other}/report.pdf?lang=en")
    assert count_rows(app, "report_cache") == 3
    assert client.post(f"/a/{token}/delete").status_code == 302
    assert count_rows(app, "report_cache") == 1
    assert client.get(f"/a/{token}/report.pdf").status_code == 404
