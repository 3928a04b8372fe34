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
from roadmap.domain.progress import BOX_MIN_CLIENTS, distribution_of
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result

SCORE_COLOUR = "#1d5f8a"
PHASE_COLOUR = "#b34700"
FONT = "DejaVu Sans, Verdana, sans-serif"
Figure = dict[str, Any]
# Colour-blind safe (Okabe-Ito), each distinguishable on white.
SERIES_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000", "#7f7f7f", "#882255")
# Starts at a visible blue: a 1.0 must not look like a blank cell, which means "too little data".
HEAT_SCALE = [[0.0, "#b3d3ea"], [0.33, "#6baed6"], [0.67, "#2b7bba"], [1.0, "#08306b"]]
LABEL_WIDTH = 14  # characters per line of a radar's spoke label: long names wrap instead of running off a phone
SCALE_AXIS = {"range": [0.8, 4.2], "tickvals": [1, 2, 3, 4], "zeroline": False}
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
    return _layout(
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


def _rounded(values: Sequence[float | None]) -> list[float | None]:
    """Two decimals are more than a chart can show, and keep a thousand clients' JSON small."""
    return [None if v is None else round(v, 2) for v in values]


def _layout(height: int, **extra: Any) -> dict[str, Any]:
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
        "layout": _layout(
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
                "z": [_rounded(row) for row in values],
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
        "layout": _layout(
            min(170 + 26 * len(rows), 4000),
            xaxis={"side": "top", "tickangle": -35, "automargin": True},
            # Every row named while there is room for the names; beyond that Plotly names every few rows.
            yaxis={**CATEGORY_AXIS, **({"dtick": 1} if len(rows) <= 150 else {})},
        ),
    }


def trend_chart(
    questionnaire: Questionnaire, labels: Sequence[str], results: Sequence[Result], language: str, words: dict[str, str]
) -> Figure:
    """One line per dimension over the rounds (oldest first); a round without a score leaves a gap."""
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": [chart_text(label) for label in labels],
            "y": [r.dimension(dimension.key).score for r in results],
            "name": chart_text(dimension.name(language)),
            "line": {"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "width": 2},
            "connectgaps": False,
            "hovertemplate": "%{x}: %{y:.1f}<extra>%{fullData.name}</extra>",
        }
        for index, dimension in enumerate(questionnaire.dimensions)
    ]
    return {
        "data": data,
        "layout": _layout(
            460,
            yaxis={**SCALE_AXIS, "title": {"text": words["score"]}},
            xaxis={"type": "category", "automargin": True},
            legend={"orientation": "h", "y": -0.2},
        ),
    }


def targets_chart(
    questionnaire: Questionnaire, result: Result, targets: dict[str, int], language: str, words: dict[str, str]
) -> Figure:
    """Per dimension with a target: the current score and the target phase as two markers."""
    keys = [d.key for d in questionnaire.dimensions if d.key in targets]
    names = [chart_text(questionnaire.dimension(k).name(language)) for k in keys]  # type: ignore[union-attr]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "y": names,
                "x": [result.dimension(k).score for k in keys],
                "name": words["actual"],
                "marker": {"color": SCORE_COLOUR, "size": 12, "symbol": "circle"},
                "hovertemplate": "%{y}: %{x:.1f}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "y": names,
                "x": [targets[k] for k in keys],
                "name": words["target"],
                "marker": {"color": PHASE_COLOUR, "size": 14, "symbol": "line-ns-open", "line": {"width": 3}},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            },
        ],
        "layout": _layout(
            170 + 36 * len(names),
            xaxis={**SCALE_AXIS, "title": {"text": words["axis"]}},
            yaxis=CATEGORY_AXIS,
            legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
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


def box_chart(
    questionnaire: Questionnaire, values: dict[str, list[float]], language: str, words: dict[str, str]
) -> Figure:
    """Per dimension the distribution of the clients' scores; dimensions missing from `values` are left out."""
    # The statistics, not the scores, so the figure is as small at 10,000 clients as at ten: the table's own
    # figures (domain.progress.distribution_of, "inclusive" quartiles), whisker to whisker lowest to highest.
    data = []
    for d in questionnaire.dimensions:
        if d.key not in values:
            continue
        spread = distribution_of(d.key, values[d.key])
        name = chart_text(d.name(language))
        stats = zip(
            ("lowerfence", "q1", "median", "q3", "upperfence"),
            (spread.low, spread.quartile1, spread.median, spread.quartile3, spread.high),
            strict=True,
        )
        data.append(
            {
                "type": "box",
                "y": [name],
                "name": name,
                "orientation": "h",
                **{key: _rounded([value]) for key, value in stats},
                "marker": {"color": SCORE_COLOUR},
                "showlegend": False,
            }
        )
    return {
        "data": data,
        "layout": _layout(
            80 + 40 * len(data),
            xaxis={**SCALE_AXIS, "title": {"text": words["score"]}},
            yaxis=CATEGORY_AXIS,
        ),
    }


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


def client_charts(
    questionnaire: Questionnaire, rounds: Sequence[tuple[str, Result]], targets: Mapping[str, int], language: str
) -> dict[str, Figure]:
    """The client page's trend over its rounds with a result (oldest first) and the latest one against targets."""
    if not rounds:
        return {}
    labels, results = [label for label, _r in rounds], [result for _l, result in rounds]
    found = {"trend": trend_chart(questionnaire, labels, results, language, {"score": _("Score")})}
    if any(d.key in targets for d in questionnaire.dimensions):
        words = {"actual": _("Score now"), "target": _("Target phase"), "axis": _("Score and phase, 1 to 4")}
        found["targets"] = targets_chart(questionnaire, results[-1], dict(targets), language, words)
    return found


def portfolio_charts(
    questionnaire: Questionnaire,
    clients: Sequence[str],
    matrix: Sequence[Sequence[float | None]],
    language: str,
    box_matrix: Sequence[Sequence[float | None]] | None = None,
) -> dict[str, Figure]:
    """The clients x topics heatmap and, per topic scored by at least BOX_MIN_CLIENTS clients, a box plot of the
    scores in `box_matrix` (every matching client, where the heatmap shows one page of them; default `matrix`)."""
    found: dict[str, Figure] = {}
    words = {"score": _("Score")}
    if clients:
        found["heatmap"] = heatmap(clients, [d.name(language) for d in questionnaire.dimensions], matrix, words)
    values: dict[str, list[float]] = {}
    for index, dimension in enumerate(questionnaire.dimensions):
        scores = [s for row in (matrix if box_matrix is None else box_matrix) if (s := row[index]) is not None]
        if len(scores) >= BOX_MIN_CLIENTS:
            values[dimension.key] = scores
    if values:
        found["boxes"] = box_chart(questionnaire, values, language, words)
    return found
