"""PDF report timings: a full report, a repeat download of an unchanged one, and WeasyPrint alone (the floor).

Usage: python -m benchmarks report [--runs N]. Uses a throw-away SQLite database and the installed Chromium; the report
and floor runs alternate so background load affects both alike. Targets are in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from roadmap import create_app
from roadmap.db import db, session
from roadmap.domain.questionnaire import PHASE_KEYS, Questionnaire
from roadmap.models import Assessment, ReportCache
from roadmap.render import pdf
from roadmap.render.charts import radar_figure
from roadmap.render.svg import close_all, exporter
from roadmap.services import assessments as service
from roadmap.services import reports

TARGETS = {"full": 0.600, "repeat": 0.030, "ratio": 1.5}


def sample_answers(questionnaire: Questionnaire) -> dict[str, str]:
    """A realistic spread: mostly Dialogue and Engagement, one dimension answered "don't know" throughout."""
    answers = {}
    for number, dimension in enumerate(questionnaire.dimensions):
        for index, question in enumerate(dimension.questions):
            level = 1 + (number + index) % 3 if number != len(questionnaire.dimensions) - 2 else None
            answers[question.key] = PHASE_KEYS[level] if level is not None else "dont_know"
    return answers


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms"


def run(app: Flask, runs: int) -> None:
    client = app.test_client()
    catalogue = app.extensions["questionnaires"]
    with app.app_context():
        db.create_all()
        questionnaire = catalogue.default
        profile = service.Profile(organisation_name="Benchmark Organisation B.V.")
        token, assessment = service.create_complete(
            session(), catalogue, questionnaire.id, profile, sample_answers(questionnaire), "en"
        )
        assessment_id = assessment.id
    url = f"/a/{token}/report.pdf?lang=en"
    chart_export = app.extensions["chart_export"]
    start_up = timed(chart_export.start) if chart_export is not None else 0.0

    def forget_reports() -> None:
        with app.app_context():
            session().execute(sa.delete(ReportCache))
            session().commit()

    def full_report() -> None:
        response = client.get(url)
        assert response.status_code == 200 and response.data.startswith(b"%PDF"), response.status

    # The floor: WeasyPrint alone on the same HTML, with the chart already exported.
    with app.test_request_context():
        stored = session().get(Assessment, assessment_id)
        assert stored is not None
        result = service.result_of(stored)
        charts = exporter()
        resources: dict[str, Callable[[], bytes]] = {}
        if charts is not None:
            svg = charts.svg(radar_figure(questionnaire, result, "en"), pdf.CHART_WIDTH, pdf.CHART_HEIGHT)
            resources[pdf.CHART_URL] = lambda: svg
        html = reports.report_html(stored, questionnaire, result, "en", chart=bool(resources))
    fetcher = pdf.StaticOnlyFetcher(Path(app.static_folder or "static"), resources)

    def floor() -> None:
        pdf.render_pdf(html, fetcher)

    def chart_only() -> None:
        if charts is not None:
            charts.svg(radar_figure(questionnaire, result, "en"), pdf.CHART_WIDTH, pdf.CHART_HEIGHT)

    for _ in range(2):  # warm: templates compiled, fonts loaded, browser tab used once
        forget_reports()
        full_report()
        floor()
    full: list[float] = []
    floors: list[float] = []
    exports: list[float] = []
    for _ in range(runs):
        forget_reports()
        full.append(timed(full_report))
        floors.append(timed(floor))
        exports.append(timed(chart_only))
    repeat = [timed(full_report) for _ in range(runs)]

    print_figures(start_up, exports, full, repeat, floors, chart=charts is not None)


def print_figures(
    start_up: float, exports: list[float], full: list[float], repeat: list[float], floors: list[float], chart: bool
) -> None:
    ratio = statistics.median(full) / statistics.median(floors)
    print(f"machine: {platform.node()}, {platform.machine()}, Python {platform.python_version()}")
    print(f"runs: {len(full)} each, medians; chart: {'yes' if chart else 'no (table in its place)'}")
    print(f"browser start-up (once per process)    {start_up * 1000:.0f} ms")
    print(f"chart export alone (SVG)               {median_ms(exports)}")
    print(f"full report, warm                      {median_ms(full)}   target <= {TARGETS['full'] * 1000:.0f} ms")
    print(f"repeat download, unchanged report      {median_ms(repeat)}   target <= {TARGETS['repeat'] * 1000:.0f} ms")
    print(f"WeasyPrint alone, same HTML (floor)    {median_ms(floors)}")
    print(f"full report / floor                    {ratio:.2f}x   target <= {TARGETS['ratio']}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks report", description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "SECRET_KEY": "bench"})
        app.instance_path = folder
        try:
            run(app, arguments.runs)
        finally:
            close_all()
            with app.app_context():
                db.engine.dispose()


if __name__ == "__main__":
    main()
