"""The radar chart in the report: the web page's Plotly figure, exported by kaleido as SVG, drawn as vectors."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from flask import Flask
from flask_babel import force_locale, gettext

from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import assess
from roadmap.render import pdf, svg
from roadmap.render.charts import radar_figure
from roadmap.render.svg import ChartExporter
from tests.conftest import all_answers, make_app
from tests.report.conftest import Pdf, mixed_answers, squash

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "nl"])
def test_chart_labels_are_text_in_the_pdf(
    app: Flask,
    download: Callable[..., Pdf],
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    language: str,
) -> None:
    answers = mixed_answers(questionnaire)
    pdf = download(make_assessment("Acme Ltd", answers=answers), language)
    with app.test_request_context(), force_locale(language):
        figure = radar_figure(questionnaire, assess(questionnaire, answers), language)
        table_caption = gettext("Score and phase per topic")
    # The roadmap page: the one with the chart's legend and the first phase's motto (the roadmap graphic).
    motto = squash(questionnaire.phase(1).motto(language))
    index = next(
        i
        for i, text in enumerate(pdf.pages)
        if motto in squash(text) and all(trace.name in text for trace in figure.data)
    )
    chart_page = pdf.pages[index]
    # The axis labels, the levels and the legend of the very figure the web page shows, as text: vector, not pixels.
    for label in figure.data[-1].theta[:-1]:
        assert squash(label.replace("<br>", " ")) in squash(chart_page), label
    for tick in ("1", "2", "3", "4"):
        assert f"\n{tick}\n" in chart_page
    for trace in figure.data:
        assert trace.name in chart_page
    assert not pdf.reader.pages[index].images, "the chart is drawn as vectors, not embedded as an image"
    assert squash(questionnaire.phase(1).motto(language)) in squash(chart_page)  # with the roadmap graphic
    assert pdf.contains(table_caption) and squash(table_caption) not in squash(chart_page)  # the table follows


def test_export_is_svg_and_the_browser_stays_up(app: Flask, questionnaire: Questionnaire, tmp_path: Path) -> None:
    exporter = app.extensions["chart_export"]
    assert isinstance(exporter, ChartExporter)
    with app.test_request_context():
        figure = radar_figure(questionnaire, assess(questionnaire, mixed_answers(questionnaire)), "en")
    exporter.start()
    start = time.perf_counter()
    svg = exporter.svg(figure, pdf.CHART_WIDTH, pdf.CHART_HEIGHT)
    assert svg.startswith(b"<svg") and b"Strategy and" in svg and b">goals<" in svg  # a wrapped label, two lines
    assert time.perf_counter() - start < 2.5, "no browser start per export"
    assert exporter.running
    another_app = make_app(f"sqlite:///{tmp_path / 'other.sqlite'}", tmp_path)
    assert another_app.extensions["chart_export"] is exporter, "every app in the process shares one browser"


def test_reusing_the_page_draws_every_figure_as_a_fresh_page_would(
    app: Flask, questionnaire: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser page is reloaded only now and then; no figure may carry anything over from the one before."""
    exporter = app.extensions["chart_export"]
    assert isinstance(exporter, ChartExporter)
    monkeypatch.setattr(svg, "RELOAD_EVERY", 3)
    with app.test_request_context():
        mixed = radar_figure(questionnaire, assess(questionnaire, mixed_answers(questionnaire)), "en")
        top = radar_figure(questionnaire, assess(questionnaire, all_answers(questionnaire, "social_business")), "nl")
    size = (pdf.CHART_WIDTH, pdf.CHART_HEIGHT)
    first = canonical(exporter.svg(mixed, *size))
    svgs = [canonical(exporter.svg(figure, *size)) for figure in (top, mixed, top, mixed, top, mixed)]
    assert svgs[1::2] == [first] * 3
    assert len(set(svgs[0::2])) == 1 and svgs[0] != first


def canonical(svg: bytes) -> str:
    """The SVG as canonical XML (attributes in order), without the random id Plotly gives every drawing."""
    uids = set(re.findall(rb'id="defs-([0-9a-f]+)"', svg) + re.findall(rb"trace([0-9a-f]{6})", svg))
    assert uids, svg[:300]
    for uid in uids:
        svg = svg.replace(uid, b"UID")
    return ElementTree.canonicalize(svg.decode())
