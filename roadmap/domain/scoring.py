"""The scoring contract: dimension scores, overall score, phase, weakest link and next steps.

See docs/scoring.md for the rules in words and a worked example.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from roadmap.domain.questionnaire import PHASE_KEYS, Dimension, Questionnaire, Step

# Scores are means of small integers; a score a rounding error below a whole number still counts as that number.
_EPSILON = 1e-9

Status = Literal["scored", "insufficient"]


@dataclass(frozen=True)
class DimensionScore:
    """A dimension's score, with what it was computed from: `answered` of `total` counted.

    For one respondent these are questions (answered with a level, of the dimension's questions); for a group
    (domain.aggregation) respondents (who scored the dimension, of the group's respondents).
    """

    key: str
    score: float | None
    answered: int
    total: int

    @property
    def status(self) -> Status:
        return "scored" if self.score is not None else "insufficient"

    @property
    def phase(self) -> int | None:
        return phase_of(self.score) if self.score is not None else None


@dataclass(frozen=True)
class NextStep:
    """A step to take: one of the phase's next steps (dimension None) or a lagging dimension's advice."""

    step: Step
    phase: int
    dimension: str | None = None


@dataclass(frozen=True)
class Result:
    """Where an assessment stands. Without any scored dimension there is no overall score and no phase."""

    dimensions: tuple[DimensionScore, ...]
    overall_score: float | None
    phase: int | None
    held_back_by: tuple[str, ...]
    lagging: tuple[str, ...]
    leading: tuple[str, ...]
    next_steps: tuple[NextStep, ...]

    @property
    def has_result(self) -> bool:
        return self.phase is not None

    def dimension(self, key: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.key == key)

    @property
    def score_phase(self) -> int | None:
        """The phase of the overall score before the weakest-link rule."""
        return phase_of(self.overall_score) if self.overall_score is not None else None


def phase_of(score: float) -> int:
    """The phase of a score: its whole part, limited to 1..4."""
    return max(1, min(len(PHASE_KEYS), math.floor(score + _EPSILON)))


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; None when there are none."""
    pairs = list(pairs)
    total_weight = sum(weight for _, weight in pairs)
    if not pairs or total_weight <= 0:
        return None
    return sum(value * weight for value, weight in pairs) / total_weight


def score_dimension(dimension: Dimension, answers: Mapping[str, str]) -> DimensionScore:
    """Weighted mean of the levels of the answered questions; insufficient when under half have a level."""
    levelled = []
    for question in dimension.questions:
        option = question.option(answers[question.key]) if question.key in answers else None
        if option is not None and option.level is not None:
            levelled.append((float(option.level), question.weight))
    enough = 2 * len(levelled) >= len(dimension.questions)
    return DimensionScore(
        key=dimension.key,
        score=weighted_mean(levelled) if enough else None,
        answered=len(levelled),
        total=len(dimension.questions),
    )


def score_dimensions(questionnaire: Questionnaire, answers: Mapping[str, str]) -> tuple[DimensionScore, ...]:
    return tuple(score_dimension(d, answers) for d in questionnaire.dimensions)


def dimension_scores(questionnaire: Questionnaire, answers: Mapping[str, str]) -> dict[str, float | None]:
    """Each dimension's score by key (None: insufficient): what is stored when an assessment is submitted."""
    return {d.key: d.score for d in score_dimensions(questionnaire, answers)}


def result_of_scores(questionnaire: Questionnaire, dimensions: tuple[DimensionScore, ...]) -> Result:
    """The result of dimension scores: the overall score, the phase (after the weakest-link rule, whose dimensions
    are `held_back_by`), lagging and leading dimensions and next steps."""
    weights = {d.key: d.weight for d in questionnaire.dimensions}
    scored = [d for d in dimensions if d.score is not None]
    overall = weighted_mean((d.score, weights[d.key]) for d in scored if d.score is not None)
    if overall is None:
        return Result(dimensions, None, None, (), (), (), ())
    score_phase = phase_of(overall)
    ceiling = min(d.phase + 1 for d in scored if d.phase is not None)
    phase = min(score_phase, ceiling)
    held_back_by = tuple(
        d.key for d in scored if d.phase is not None and d.phase + 1 == ceiling and ceiling < score_phase
    )
    lagging = tuple(d.key for d in scored if d.phase is not None and d.phase < phase)
    leading = tuple(d.key for d in scored if d.phase is not None and d.phase > phase)
    steps = [NextStep(step, phase) for step in questionnaire.phase(phase).next_steps]
    for key in lagging:
        dimension = questionnaire.dimension(key)
        level = next(d.phase for d in scored if d.key == key)
        if dimension is not None and level is not None:
            steps.append(NextStep(dimension.advice[PHASE_KEYS[level - 1]], level, key))
    return Result(dimensions, overall, phase, held_back_by, lagging, leading, tuple(steps))


def assess(questionnaire: Questionnaire, answers: Mapping[str, str]) -> Result:
    """Score one respondent's answers ({question key: option key})."""
    return result_of_scores(questionnaire, score_dimensions(questionnaire, answers))
