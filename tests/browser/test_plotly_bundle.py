"""The site's own plotly.js bundle (tools/plotly) draws every trace type the site's figures use."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from plotly.basedatatypes import BaseTraceType

from roadmap.config import PROJECT_ROOT
from tests.conftest import all_answers

pytestmark = pytest.mark.browser

ALL_TRACE_TYPES = {
    name.lower()
    for name in dir(go)
    if isinstance(getattr(go, name), type) and issubclass(getattr(go, name), BaseTraceType)
}
# The SVG each trace type draws into, so a type missing from the bundle (plotly.js then draws nothing) is seen.
DRAWN_INTO = {
    "scatter": ".cartesianlayer .scatterlayer .trace",
    "bar": ".barlayer .trace",
    "box": ".boxlayer .trace",
    "heatmap": ".heatmaplayer .hm",
    "scatterpolar": ".polarlayer .scatterlayer .trace",
}


def trace_types_in_the_code() -> set[str]:
    """Trace types named in the figure code: `"type": "heatmap"` in plain dicts, `go.Scatterpolar(` objects."""
    types = set()
    for path in (PROJECT_ROOT / "roadmap").rglob("*.py"):
        text = path.read_text()
        types |= set(re.findall(r"""["']type["']\s*:\s*["'](\w+)["']""", text))
        types |= {name.lower() for name in re.findall(r"\bgo\.(\w+)\(", text)}
    return types & ALL_TRACE_TYPES


def test_every_trace_type_the_site_uses_is_in_the_bundle_and_draws(page: Page, live_server: str) -> None:
    used = trace_types_in_the_code()
    assert used >= {"scatter", "scatterpolar", "heatmap", "box", "bar"}, used
    page.goto(live_server + "/")
    page.add_script_tag(url=live_server + "/static/js/plotly.min.js")
    registered = set(page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
    assert used <= registered, used - registered
    assert len(registered) < len(ALL_TRACE_TYPES) / 4  # a partial bundle, not the full plotly.js
    for trace_type in sorted(used):
        page.evaluate(
            """(type) => {
                const chart = document.createElement("div");
                chart.id = "chart-" + type;
                document.body.append(chart);
                const trace = type === "scatterpolar" ? {r: [1, 2, 3], theta: ["a", "b", "c"]}
                    : type === "heatmap" ? {z: [[1, 2], [3, 4]]} : {x: [1, 2, 3], y: [2, 1, 3]};
                return Plotly.newPlot(chart, [{type, ...trace}]);
            }""",
            trace_type,
        )
        expect(page.locator(f"#chart-{trace_type} {DRAWN_INTO[trace_type]}").first).to_be_attached()


def test_the_result_page_draws_its_radar_chart_with_the_bundle(page: Page, live_server: str, live_app: Flask) -> None:
    questionnaire = live_app.extensions["questionnaires"].default
    created = live_app.test_client().post(
        "/api/v1/assessments",
        json={
            "questionnaire": questionnaire.id,
            "organisation": {"name": "Acme"},
            "answers": all_answers(questionnaire),
        },
    )
    assert created.status_code == 201, created.get_json()
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    page.goto(f"{live_server}/a/{created.get_json()['token']}/result")
    chart = page.locator(".chart-area")
    expect(chart).to_have_attribute("data-rendered", "true", timeout=15000)
    expect(chart.locator(".polarlayer .scatterlayer .trace path").first).to_be_visible()
    assert any(re.search(r"/static/js/plotly\.min\.[0-9a-f]{12}\.js$", url) for url in scripts), scripts
