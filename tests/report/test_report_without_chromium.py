"""Without Chromium the report still renders, with the table of scores in the chart's place, and says so once."""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from roadmap.domain.questionnaire import Questionnaire
from roadmap.render import svg
from roadmap.render.svg import ChartExportError
from tests.conftest import all_answers, count_rows, empty_database, make_app
from tests.report.conftest import mixed_answers, read_pdf, squash


@pytest.fixture
def app_without_chromium(
    database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    with caplog.at_level(logging.WARNING, logger="roadmap.render.svg"):
        app = make_app(database_url, tmp_path, REPORT_BROWSER_PATH=str(tmp_path / "no" / "chromium"))
    with empty_database(app):
        yield app


def submit(app: Flask, questionnaire: Questionnaire, answers: dict[str, str]) -> str:
    response = app.test_client().post(
        "/api/v1/assessments",
        json={"questionnaire": questionnaire.id, "organisation": {"name": "Acme Ltd"}, "answers": answers},
    )
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["token"])


def test_one_warning_at_start_up_says_how_to_enable_charts(
    app_without_chromium: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    records = caplog.get_records("setup")  # the app was made while the fixture was set up
    warnings = [r for r in records if r.name == "roadmap.render.svg" and r.levelno == logging.WARNING]
    assert len(warnings) == 1
    message = warnings[0].getMessage()
    assert "apt-get install chromium" in message and "BROWSER_PATH" in message
    assert app_without_chromium.extensions["chart_export"] is None


@pytest.mark.parametrize("language", ["en", "nl"])
def test_report_has_the_table_in_place_of_the_chart(
    app_without_chromium: Flask, questionnaire: Questionnaire, language: str, caplog: pytest.LogCaptureFixture
) -> None:
    token = submit(app_without_chromium, questionnaire, mixed_answers(questionnaire))
    caplog.clear()
    response = app_without_chromium.test_client().get(f"/a/{token}/report.pdf?lang={language}")
    assert response.status_code == 200
    pdf = read_pdf(response.data)
    # After the cover, the summary and the plan (one page or more): the roadmap, with the table in the chart's place.
    motto = squash(questionnaire.phase(1).motto(language))  # the roadmap graphic
    index = next(i for i, text in enumerate(pdf.pages) if i > 1 and motto in squash(text))
    position = squash(pdf.pages[index])
    for dimension in questionnaire.dimensions:
        assert squash(dimension.name(language)) in position
    assert "2.0" in position or "2,0" in position  # scores, as the table has them
    assert not pdf.reader.pages[index].images
    assert not any(r.levelno >= logging.WARNING for r in caplog.records), "no warning per report"


class BrokenExporter:
    """Stands in for a browser that crashed: every export fails."""

    def __init__(self, fail_on: str) -> None:
        self.fail_on = fail_on
        self.exports = 0

    def export_svg(self, figure: Any, width: int, height: int) -> concurrent.futures.Future[bytes]:
        self.exports += 1
        if self.fail_on == "start":
            raise ChartExportError("could not start")
        return concurrent.futures.Future()

    def result(self, future: concurrent.futures.Future[bytes]) -> bytes:
        raise ChartExportError("timed out")


@pytest.mark.parametrize("fail_on", ["start", "export"])
def test_a_failed_export_falls_back_to_the_table_and_is_not_kept(
    app: Flask,
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    fail_on: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = BrokenExporter(fail_on)
    app.extensions["chart_export"] = broken
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))
    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger="roadmap.render.pdf"):
        first = client.get(f"/a/{token}/report.pdf?lang=en")
    assert first.status_code == 200
    pages = read_pdf(first.data).pages
    motto = squash(questionnaire.phase(1).motto("en"))
    roadmap_page = next(text for i, text in enumerate(pages) if i > 1 and motto in squash(text))
    assert "Score and phase per topic" in roadmap_page  # the table in the chart's place
    assert any("table of scores" in r.getMessage() for r in caplog.records)
    assert count_rows(app, "report_cache") == 0  # the next download tries the chart again
    assert client.get(f"/a/{token}/report.pdf?lang=en").status_code == 200
    # A browser that did not start is not asked again within a download; a failed export is tried once more.
    assert broken.exports == (2 if fail_on == "start" else 4)


class OnceBrokenExporter(BrokenExporter):
    """The first export fails (as a tab that lost its script did under load); the next, in a new browser, works."""

    SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'

    def result(self, future: concurrent.futures.Future[bytes]) -> bytes:
        if self.exports == 1:
            raise ChartExportError("kaleido_scopes is not defined")
        return self.SVG


def test_a_failed_export_is_tried_once_more_and_the_report_kept(
    app: Flask, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    flaky = OnceBrokenExporter("export")
    app.extensions["chart_export"] = flaky
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))
    response = app.test_client().get(f"/a/{token}/report.pdf?lang=en")
    assert response.status_code == 200
    assert flaky.exports == 2
    assert count_rows(app, "report_cache") == 1  # with its chart: kept


def test_find_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert svg.find_browser(str(tmp_path / "missing")) is None
    not_executable = tmp_path / "chromium"
    not_executable.write_text("")
    assert svg.find_browser(str(not_executable)) is None
    not_executable.chmod(0o755)
    assert svg.find_browser(str(not_executable)) == not_executable
    monkeypatch.setenv("BROWSER_PATH", str(not_executable))
    assert svg.find_browser(None) == not_executable
