"""Advice for every topic: each scored dimension's own advice for the phase that dimension is in.

`Result.next_steps` keeps its meaning (the overall phase's next steps, then the lagging dimensions' advice);
this is the fuller list a result shows per topic, so that the advice for phases 3 and 4 is shown too.
"""

from __future__ import annotations

from dataclasses import dataclass

from roadmap.domain.questionnaire import PHASE_KEYS, Questionnaire, Step
from roadmap.domain.scoring import Result


@dataclass(frozen=True)
class TopicAdvice:
    """A dimension's advice for `phase`, the phase of its own score: how to move that topic up."""

    dimension: str
    phase: int
    score: float
    lagging: bool
    step: Step


def topic_advice(questionnaire: Questionnaire, result: Result) -> tuple[TopicAdvice, ...]:
    """Every scored dimension's advice: lagging dimensions first, then by score (lowest first), then file order."""
    advice = []
    for position, scored in enumerate(result.dimensions):
        dimension = questionnaire.dimension(scored.key)
        if dimension is None or scored.score is None or scored.phase is None:
            continue
        lagging = scored.key in result.lagging
        step = dimension.advice[PHASE_KEYS[scored.phase - 1]]
        advice.append(
            ((not lagging, scored.score, position), TopicAdvice(scored.key, scored.phase, scored.score, lagging, step))
        )
    return tuple(item for _, item in sorted(advice, key=lambda pair: pair[0]))
