"""Chart text is text: Plotly reads a subset of HTML in every text it draws, so markup in a name must arrive escaped.

Every name that reaches a figure carries markup here (clients, rounds, topics, phases); the figures on the pages and
the PDF's radar (through the SVG export) must carry it as entities, never as live tags.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from xml.etree import ElementTree

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire, Text
from roadmap.domain.scoring import assess
from roadmap.models import User
from roadmap.render import charts, portfolio_charts, svg
from roadmap.render.pdf import CHART_HEIGHT, CHART_WIDTH
from tests.conftest import all_answers
from tests.workspace.pages import every, figure

LINK = '<a href="http://127.0.0.1:9999/a">x</a>'
BOLD = "<b>bold</b> & co"
SPAN = '<span style="color:red">red</span>'
# The only tags a figure may hold are the site's own: a line break on the radar, and hover templates' <extra>.
OWN_TAGS = re.compile(r"</?(br|extra)>")


def texts(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a figure with the key it is under."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from texts(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item, key)


def assert_no_markup(chart: dict[str, Any]) -> None:
    for key, text in texts(chart):
        assert "<" not in OWN_TAGS.sub("", text), (key, text)
        if key == "hovertemplate":  # a name pasted into a template would be read as one (%{...}) too
            assert all(word not in text for word in ("href", "bold", "red")), text


@pytest.fixture
def hostile_questionnaire(questionnaire: Questionnaire) -> Questionnaire:
    """The questionnaire with markup in every topic's and phase's name."""
    dimensions = tuple(
        dataclasses.replace(d, name=Text(en=f"{SPAN}{d.name('en')}", nl=d.name("nl"))) for d in questionnaire.dimensions
    )
    phases = tuple(dataclasses.replace(p, name=Text(en=f"{BOLD}{p.name('en')}", nl="")) for p in questionnaire.phases)
    return dataclasses.replace(questionnaire, dimensions=dimensions, phases=phases)


def test_markup_in_client_and_round_names_reaches_the_page_charts_as_text(
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    keys: list[str],
) -> None:
    ids = [make_client(consultant, name) for name in (LINK, BOLD, SPAN)]
    for index, client_id in enumerate(ids):
        add_round(client_id, f"{LINK} round", date(2026, 3, 1), [("marketing", every(keys, 2.0 + index))])
    add_round(ids[0], f"{SPAN} later", date(2026, 9, 1), [("it", every(keys, 3.0))])

    portfolio = logged_in.get(f"/portfolio?compare={ids[0]}&compare={ids[1]}").get_data(as_text=True)
    heatmap, radar = figure(portfolio, "heatmap"), figure(portfolio, "radar")
    assert '&lt;a href="http://127.0.0.1:9999/a"&gt;x&lt;/a&gt;' in heatmap["data"][0]["y"]
    assert [trace["name"] for trace in radar["data"]] == [charts.chart_text(LINK), "&lt;b&gt;bold&lt;/b&gt; &amp; co"]
    client_page = logged_in.get(f"/clients/{ids[0]}").get_data(as_text=True)
    trend = figure(client_page, "trend")
    assert trend["data"][0]["x"][-1] == '&lt;span style="color:red"&gt;red&lt;/span&gt; later (2026-09-01)'
    for chart in (heatmap, radar, trend):
        assert_no_markup(chart)


def test_markup_in_topic_and_phase_names_is_text_in_every_chart(
    app: Flask, hostile_questionnaire: Questionnaire
) -> None:
    questionnaire = hostile_questionnaire
    result = assess(questionnaire, all_answers(questionnaire))
    keys = [d.key for d in questionnaire.dimensions]
    matrix = [[3.0] * len(keys)] * 6
    with app.test_request_context():
        found = {
            "radar": charts.radar_json(questionnaire, result, "en"),
            "overlay": charts.radar_overlay(questionnaire, [(LINK, result), (BOLD, result)], "en"),
            **portfolio_charts.client_charts(questionnaire, [(LINK, result)], {keys[0]: 3}, "en"),
            **portfolio_charts.portfolio_charts(questionnaire, [LINK] * 6, matrix, "en"),
        }
    assert {"radar", "overlay", "trend", "targets", "heatmap", "boxes"} <= set(found)
    for chart in found.values():
        assert_no_markup(chart)
    assert found["radar"]["data"][0]["name"].endswith("&lt;b&gt;bold&lt;/b&gt; &amp; coDialogue")


@pytest.mark.browser
@pytest.mark.skipif(svg.find_browser(None) is None, reason="Chromium not found: apt-get install chromium")
def test_the_pdf_radar_shows_markup_in_names_as_text(app: Flask, hostile_questionnaire: Questionnaire) -> None:
    questionnaire = hostile_questionnaire
    with app.test_request_context():
        chart = charts.radar_figure(questionnaire, assess(questionnaire, all_answers(questionnaire)), "en")
    drawn = ElementTree.fromstring(app.extensions["chart_export"].svg(chart, CHART_WIDTH, CHART_HEIGHT))
    elements = list(drawn.iter())
    assert not [e for e in elements if e.tag.rpartition("}")[2] == "a"]  # no link
    styles = " ".join(e.get("style", "") for e in elements if e.tag.endswith("tspan"))
    assert "red" not in styles and "bold" not in styles  # no styled or bold text from the names
    shown = ["".join(e.itertext()) for e in elements if e.tag.endswith("text")]
    topic = questionnaire.dimensions[0].name("en")
    # The name as written (wrapped over lines, so compared without spaces): markup shown as characters, escaped
    # once, not twice.
    assert topic.replace(" ", "") in [text.replace(" ", "") for text in shown]
    assert "Overall phase: <b>bold</b> & coDialogue" in shown
