"""Why a result is in its phase: the whole number of the overall score, or the weakest link.

The rule is the one `scoring.place` applies (docs/scoring.md, rules 4 and 5): the phase is the lower of the phase
of the overall score and the phase of the lowest scored dimension plus one. When the second is lower, the
dimensions at the bottom hold the phase back and the reason is `weakest_link`; otherwise it is `score`.
This module returns data; the sentences are written where the result is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from roadmap.domain.questionnaire import PHASE_KEYS
from roadmap.domain.scoring import Result

ReasonKind = Literal["score", "weakest_link"]


@dataclass(frozen=True)
class TopicScore:
    """A dimension and its (unrounded) score."""

    dimension: str
    score: float


@dataclass(frozen=True)
class PhaseReason:
    """Which rule set the phase.

    - `score`: the phase is the whole number of `overall_score`; `threshold` is the score at which the next phase
      starts (None in the last phase). "Engagement starts at 3.0; your score is 2.9."
    - `weakest_link`: the overall score alone would give `score_phase`, but the dimensions in `holding_back` are
      more than one phase behind it; `threshold` is the score each of them needs so that it no longer holds
      the score's phase back (`score_phase - 1`).
    """

    kind: ReasonKind
    phase: int
    overall_score: float
    score_phase: int
    threshold: int | None
    holding_back: tuple[TopicScore, ...]


def phase_reason(result: Result) -> PhaseReason | None:
    """The reason for the result's phase; None when there is no result."""
    if result.phase is None or result.overall_score is None or result.score_phase is None:
        return None
    if result.phase < result.score_phase:
        holding = tuple(
            TopicScore(key, score) for key in result.held_back_by if (score := result.dimension(key).score) is not None
        )
        return PhaseReason(
            "weakest_link", result.phase, result.overall_score, result.score_phase, result.score_phase - 1, holding
        )
    threshold = result.phase + 1 if result.phase < len(PHASE_KEYS) else None
    return PhaseReason("score", result.phase, result.overall_score, result.score_phase, threshold, ())
