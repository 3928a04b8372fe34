"""The consultant's charts (round spread, heatmaps, trends, targets, radar overlay, box plots) as plotly.js JSON.

Plain dicts of traces and layout rather than `plotly.graph_objects`: Plotly validates every property of a new
figure, which for a portfolio of a thousand clients costs more than the rest of the page. Each page shows the same
figures in a table, so the charts carry no information of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from roadmap.charts import FONT, PHASE_COLOUR, SCORE_COLOUR
from roadmap.domain.aggregation import GroupResult
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result

Figure = dict[str, Any]
# Colour-blind safe (Okabe-Ito), each distinguishable on white.
SERIES_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#000000", "#7f7f7f", "#882255")
HEAT_SCALE = [[0.0, "#f7fbff"], [0.33, "#9ecae1"], [0.67, "#3182bd"], [1.0, "#08306b"]]
SCALE_AXIS = {"range": [0.8, 4.2], "tickvals": [1, 2, 3, 4], "zeroline": False}


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


def dimension_names(questionnaire: Questionnaire, language: str) -> list[str]:
    return [d.name(language) for d in questionnaire.dimensions]


def spread_chart(questionnaire: Questionnaire, group: GroupResult, language: str, words: dict[str, str]) -> Figure:
    """Per dimension a bar from the lowest to the highest respondent score, and a marker at the mean."""
    names = dimension_names(questionnaire, language)
    lows, widths, colours, means = [], [], [], []
    for dimension in questionnaire.dimensions:
        spread = group.spread(dimension.key)
        low, high = spread.low, spread.high
        lows.append(low)
        # A spread of 0 would draw nothing: a thin bar still shows where everyone agreed.
        widths.append(None if low is None or high is None else max(high - low, 0.04))
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
            yaxis={"autorange": "reversed", "automargin": True},
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
                "x": list(columns),
                "y": list(rows),
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
            yaxis={"autorange": "reversed", "automargin": True, **({"dtick": 1} if len(rows) <= 150 else {})},
        ),
    }


def trend_chart(
    questionnaire: Questionnaire, labels: Sequence[str], results: Sequence[Result], language: str, words: dict[str, str]
) -> Figure:
    """One line per dimension over the rounds (oldest first); a round without a score leaves a gap."""
    data = []
    for index, dimension in enumerate(questionnaire.dimensions):
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": list(labels),
                "y": [r.dimension(dimension.key).score for r in results],
                "name": dimension.name(language),
                "line": {"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "width": 2},
                "connectgaps": False,
                "hovertemplate": "%{x}: %{y:.1f}<extra>" + dimension.name(language) + "</extra>",
            }
        )
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
    names = [questionnaire.dimension(k).name(language) for k in keys]  # type: ignore[union-attr]
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
            yaxis={"autorange": "reversed", "automargin": True},
            legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
        ),
    }


def radar_overlay(questionnaire: Questionnaire, named_results: Sequence[tuple[str, Result]], language: str) -> Figure:
    """The radar chart of several clients on one set of axes."""
    names = dimension_names(questionnaire, language)
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
                "name": name,
                "line": {"color": SERIES_COLOURS[index], "width": 2},
                "connectgaps": False,
                "hovertemplate": "%{theta}: %{r:.1f}<extra>" + name + "</extra>",
            }
        )
    return {
        "data": data,
        "layout": _layout(
            540,
            polar={
                "radialaxis": {"range": [0, 4], "tickvals": [1, 2, 3, 4], "angle": 90, "tickangle": 0},
                "angularaxis": {"direction": "clockwise", "rotation": 90 + 180 / max(len(names), 1)},
            },
            margin={"l": 90, "r": 90, "t": 40, "b": 40},
            legend={"orientation": "h", "y": -0.12},
        ),
    }


def box_chart(
    questionnaire: Questionnaire, values: dict[str, list[float]], language: str, words: dict[str, str]
) -> Figure:
    """Per dimension the distribution of the clients' scores; dimensions missing from `values` are left out."""
    data = [
        {
            "type": "box",
            "x": _rounded(values[d.key]),
            "name": d.name(language),
            "orientation": "h",
            "boxpoints": False,
            "quartilemethod": "linear",  # the "inclusive" quartiles of the table next to it
            "marker": {"color": SCORE_COLOUR},
            "showlegend": False,
        }
        for d in questionnaire.dimensions
        if d.key in values
    ]
    return {
        "data": data,
        "layout": _layout(
            80 + 40 * len(data),
            xaxis={**SCALE_AXIS, "title": {"text": words["score"]}},
            yaxis={"autorange": "reversed", "automargin": True},
        ),
    }
