"""The consultant's charts across rounds and clients: the heatmap of clients by topic, a client's trend and targets,
the portfolio's box plots. Plain dicts for plotly.js, built like those of `render.charts` (whose layout and escaping
they share): every name goes through `chart_text`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import gettext as _

from roadmap.domain.progress import BOX_MIN_CLIENTS, distribution_of
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result
from roadmap.render.charts import (
    CATEGORY_AXIS,
    PHASE_COLOUR,
    SCALE_AXIS,
    SCORE_COLOUR,
    SERIES_COLOURS,
    Figure,
    base_layout,
    chart_text,
    heatmap,
    rounded_scores,
)


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
        "layout": base_layout(
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
        "layout": base_layout(
            170 + 36 * len(names),
            xaxis={**SCALE_AXIS, "title": {"text": words["axis"]}},
            yaxis=CATEGORY_AXIS,
            legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
        ),
    }


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
                **{key: rounded_scores([value]) for key, value in stats},
                "marker": {"color": SCORE_COLOUR},
                "showlegend": False,
            }
        )
    return {
        "data": data,
        "layout": base_layout(
            80 + 40 * len(data),
            xaxis={**SCALE_AXIS, "title": {"text": words["score"]}},
            yaxis=CATEGORY_AXIS,
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
