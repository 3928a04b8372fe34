"""Results as Plotly figures. The same figure serves the web page (JSON for plotly.js) and the PDF (static SVG)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
from flask_babel import force_locale
from flask_babel import gettext as _

from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result

SCORE_COLOUR = "#1d5f8a"
PHASE_COLOUR = "#b34700"
FONT = "DejaVu Sans, Verdana, sans-serif"


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
    names = []
    scores: list[float | None] = []
    for dimension in questionnaire.dimensions:
        score = result.dimension(dimension.key).score
        label = dimension.name(language)
        names.append(label if score is not None else f"{label}<br>({words['insufficient']})")
        scores.append(score)
    phase_name = questionnaire.phase(result.phase).name(language) if result.phase is not None else ""
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
    # Close the polygon by repeating the first point.
    theta = [*names, names[0]]
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
    figure.update_layout(
        polar={
            "radialaxis": {
                "range": [0, 4],
                "tickvals": [1, 2, 3, 4],
                "ticktext": list(radar.ticks),
                # The radial axis runs straight up, between two spokes, with level labels written level.
                "angle": 90,
                "tickangle": 0,
                "tickfont": {"size": 11, "color": "#4a4a4a"},
            },
            "angularaxis": {
                "direction": "clockwise",
                "rotation": 90 + 180 / max(len(names), 1),
                "tickfont": {"size": 12},
            },
        },
        font={"family": FONT, "size": 12, "color": "#1a1a1a"},
        showlegend=True,
        legend={"orientation": "h", "y": -0.12},
        margin={"l": 90, "r": 90, "t": 40, "b": 40},
        height=520,
        paper_bgcolor="#ffffff",
    )
    return figure
