"""Results as charts. The result's radar is a Plotly figure: the web page's JSON and the PDF's SVG alike. The
consultant's charts are plain dicts for plotly.js rather than `plotly.graph_objects`: Plotly validates every
property of a new figure, which for a thousand clients costs more than the rest of the page. Each page shows the
same numbers in a table, so the charts carry no information of their own. Plotly reads HTML in text: every name
in a figure goes through `chart_text`, and none into a hover template (that shows `%{fullData.name}` instead)."""

from __future__ import annotations

import functools
import html
import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
from flask_babel import force_locale
from flask_babel import gettext as _

from roadmap.domain.aggregation import GroupResult, RoundResult
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result

SCORE_COLOUR = "#1d5f8a"
PHASE_COLOUR = "#b34700"
FONT = "DejaVu Sans, Verdana, sans-serif"
Figure = dict[str, Any]
# Colour-blind safe (Okabe-Ito), each distinguishable on white.
SERIES_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000", "#7f7f7f", "#882255")
# Starts at a visible blue: a 1.0 must not look like a blank cell, which means "too little data".
LABEL_WIDTH = 14  # characters per line of a radar's spoke label: long names wrap instead of running off a phone
SCALE_AXIS = {"range": [0.8, 4.2], "tickvals": [1, 2, 3, 4], "zeroline": False}
HEAT_SCALE = [[0.0, "#b3d3ea"], [0.33, "#6baed6"], [0.67, "#2b7bba"], [1.0, "#08306b"]]
CATEGORY_AXIS = {"autorange": "reversed", "automargin": True}  # categories top to bottom, names fully shown


def chart_text(text: str) -> str:
    """A name as Plotly shows it literally: `<`, `>` and `&` as entities, which Plotly draws as the characters."""
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class Radar:
    """Everything a radar chart shows, and nothing else: equal Radars draw identical figures."""

    names: tuple[str, ...]
    scores: tuple[float | None, ...]
    phase: int | None
    phase_label: str
    score_label: str
    ticks: tuple[str, ...]


def radar_of(questionnaire: Questionnaire, result: Result, language: str) -> Radar:
    with force_locale(language):
        words = {"score": _("Score"), "phase": _("Overall phase"), "insufficient": _("too little data")}
    names, scores = [], []
    for dimension in questionnaire.dimensions:
        score = result.dimension(dimension.key).score
        label = "<br>".join(
            chart_text(line) for line in textwrap.wrap(dimension.name(language), LABEL_WIDTH, break_on_hyphens=False)
        )
        names.append(label if score is not None else f"{label}<br>({words['insufficient']})")
        scores.append(score)
    phase_name = chart_text(questionnaire.phase(result.phase).name(language)) if result.phase is not None else ""
    return Radar(
        names=tuple(names),
        scores=tuple(scores),
        phase=result.phase,
        phase_label=f"{words['phase']}: {phase_name}",
        score_label=words["score"],
        # Phase numbers, not names: names along a short axis overlap. The caption names the phases.
        ticks=tuple(str(p.level) for p in questionnaire.phases),
    )


def radar_figure(questionnaire: Questionnaire, result: Result, language: str) -> go.Figure:
    """A radar chart of the dimension scores on the 1-4 scale, with the overall phase as a reference ring."""
    return figure_of(radar_of(questionnaire, result, language))


def radar_json(questionnaire: Questionnaire, result: Result, language: str) -> dict[str, Any]:
    """The radar chart as plain JSON data for plotly.js (the result page)."""
    return dict(json.loads(_radar_json(radar_of(questionnaire, result, language))))


@functools.lru_cache(maxsize=1024)
def _radar_json(radar: Radar) -> str:
    # Plotly validates every property of a new figure: some 10 ms, most of a result page's time. Results repeat
    # (the same assessment viewed again, the same scores elsewhere), so the JSON is kept per distinct chart.
    return str(figure_of(radar).to_json())


def figure_of(radar: Radar) -> go.Figure:
    names, scores = radar.names, list(radar.scores)
    theta = [*names, names[0]]  # the polygon closed by repeating the first point
    figure = go.Figure()
    if radar.phase is not None:
        figure.add_trace(
            go.Scatterpolar(
                r=[radar.phase] * len(theta),
                theta=theta,
                mode="lines",
                name=radar.phase_label,
                line={"color": PHASE_COLOUR, "dash": "dash", "width": 2},
                hoverinfo="skip",
            )
        )
    figure.add_trace(
        go.Scatterpolar(
            r=[*scores, scores[0]],
            theta=theta,
            mode="lines+markers",
            # A filled shape would bridge a topic with too little data as if it had a value: leave a gap.
            fill="toself" if None not in scores else "none",
            name=radar.score_label,
            line={"color": SCORE_COLOUR, "width": 3},
            marker={"size": 8},
            connectgaps=False,
            hovertemplate="%{theta}: %{r:.1f}<extra></extra>",
        )
    )
    figure.update_layout(**radar_layout(len(names), 520, radar.ticks))
    return figure


def radar_layout(spokes: int, height: int, ticks: Sequence[str] | None = None) -> Figure:
    """The layout of every radar chart: levels 1-4 outwards, the first spoke just right of the top, clockwise."""
    radial = {
        "range": [0, 4],
        "tickvals": [1, 2, 3, 4],
        # The radial axis runs straight up, between two spokes, with level labels written level.
        "angle": 90,
        "tickangle": 0,
        "tickfont": {"size": 11, "color": "#4a4a4a"},
        **({"ticktext": list(ticks)} if ticks is not None else {}),
    }
    return base_layout(
        height,
        polar={
            "radialaxis": radial,
            "angularaxis": {"direction": "clockwise", "rotation": 90 + 180 / max(spokes, 1), "tickfont": {"size": 12}},
        },
        showlegend=True,
        legend={"orientation": "h", "y": -0.12},
        # The labels are wrapped (LABEL_WIDTH): this room beside the circle is enough, also on a 400 px screen.
        margin={"l": 70, "r": 70, "t": 30, "b": 30},
    )


def rounded_scores(values: Sequence[float | None]) -> list[float | None]:
    """Two decimals are more than a chart can show, and keep a thousand clients' JSON small."""
    return [None if v is None else round(v, 2) for v in values]


def base_layout(height: int, **extra: Any) -> dict[str, Any]:
    return {
        "font": {"family": FONT, "size": 12, "color": "#1a1a1a"},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 30, "b": 40},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        **extra,
    }


def spread_chart(questionnaire: Questionnaire, group: GroupResult, language: str, words: dict[str, str]) -> Figure:
    """Per dimension a bar from the lowest to the highest respondent score, and a marker at the mean."""
    names = [chart_text(d.name(language)) for d in questionnaire.dimensions]
    lows, widths, colours, means = [], [], [], []
    for dimension in questionnaire.dimensions:
        spread = group.spread(dimension.key)
        lows.append(spread.low)
        # A spread of 0 would draw nothing: a thin bar still shows where everyone agreed.
        widths.append(None if spread.low is None or spread.high is None else max(spread.high - spread.low, 0.04))
        colours.append(PHASE_COLOUR if spread.not_aligned else "#9ecae1")
        means.append(group.result.dimension(dimension.key).score)
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": names,
                "x": widths,
                "base": lows,
                "marker": {"color": colours},
                "name": words["range"],
                "hoverinfo": "skip",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "y": names,
                "x": means,
                "name": words["mean"],
                "marker": {"color": SCORE_COLOUR, "size": 11, "symbol": "diamond"},
                "hovertemplate": "%{y}: %{x:.1f}<extra></extra>",
            },
        ],
        "layout": base_layout(
            60 + 34 * len(names),
            xaxis={**SCALE_AXIS, "title": {"text": words["axis"]}},
            yaxis=CATEGORY_AXIS,
            legend={"orientation": "h", "y": -0.25},
            bargap=0.45,
        ),
    }


def heatmap(
    rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[float | None]], words: dict[str, str]
) -> Figure:
    """A rows x dimensions heatmap on the 1-4 scale; empty cells stay blank."""
    return {
        "data": [
            {
                "type": "heatmap",
                "z": [rounded_scores(row) for row in values],
                "x": [chart_text(column) for column in columns],
                "y": [chart_text(row) for row in rows],
                "zmin": 1,
                "zmax": 4,
                "colorscale": HEAT_SCALE,
                "colorbar": {"title": {"text": words["score"]}, "tickvals": [1, 2, 3, 4], "thickness": 12},
                "hovertemplate": "%{y} · %{x}: %{z:.1f}<extra></extra>",
                "xgap": 1,
                "ygap": 1,
            }
        ],
        "layout": base_layout(
            min(170 + 26 * len(rows), 4000),
            xaxis={"side": "top", "tickangle": -35, "automargin": True},
            # Every row named while there is room for the names; beyond that Plotly names every few rows.
            yaxis={**CATEGORY_AXIS, **({"dtick": 1} if len(rows) <= 150 else {})},
        ),
    }


def radar_overlay(questionnaire: Questionnaire, named_results: Sequence[tuple[str, Result]], language: str) -> Figure:
    """The radar chart of several clients on one set of axes."""
    names = [chart_text(d.name(language)) for d in questionnaire.dimensions]
    theta = [*names, names[0]]
    data = []
    for index, (name, result) in enumerate(named_results):
        scores = [result.dimension(d.key).score for d in questionnaire.dimensions]
        data.append(
            {
                "type": "scatterpolar",
                "r": [*scores, scores[0]],
                "theta": theta,
                "mode": "lines+markers",
                "name": chart_text(name),
                "line": {"color": SERIES_COLOURS[index], "width": 2},
                "connectgaps": False,
                "hovertemplate": "%{theta}: %{r:.1f}<extra>%{fullData.name}</extra>",
            }
        )
    return {"data": data, "layout": radar_layout(len(names), 540)}


def round_charts(
    questionnaire: Questionnaire, outcome: RoundResult, language: str, department_names: Mapping[str, object]
) -> dict[str, Figure]:
    """The round result page's spread chart and department x topic heatmap (the radar is the result page's)."""
    if not outcome.overall.result.has_result:
        return {}
    words = {"range": _("Lowest to highest"), "mean": _("Mean"), "axis": _("Score, 1 to 4"), "score": _("Score")}
    return {
        "spread": spread_chart(questionnaire, outcome.overall, language, words),
        "heatmap": heatmap(
            [str(department_names.get(key, key)) for key, _group in outcome.departments],
            [d.name(language) for d in questionnaire.dimensions],
            [
                [group.result.dimension(d.key).score for d in questionnaire.dimensions]
                for _k, group in outcome.departments
            ],
            words,
        ),
    }
