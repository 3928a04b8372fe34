"""What it takes to reach the next phase: the smallest plan of raised answers, or, for a group, the conditions.

A *step* raises one question that has a level by one level; a *plan* is a set of steps, its size the number of
steps. For a result in phase p < 4 the plan is one of the smallest size after which the phase is at least p + 1;
among those, the one with the highest overall score, then the one raising the earliest questions of the
questionnaire most. The algorithm and why it is exact are in docs/scoring.md ("The next phase").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate

from roadmap.domain.questionnaire import PHASE_KEYS, Dimension, Question, Questionnaire
from roadmap.domain.scoring import Result, assess, phase_of


@dataclass(frozen=True)
class Change:
    """One question raised from the option it has to the option `to_level` describes (one or more steps)."""

    question: str
    dimension: str
    from_option: str
    to_option: str
    from_level: int
    to_level: int

    @property
    def steps(self) -> int:
        return self.to_level - self.from_level


@dataclass(frozen=True)
class Plan:
    """The changes, in questionnaire order, that take a result from its phase to at least `phase`."""

    phase: int
    changes: tuple[Change, ...]
    overall_score: float

    @property
    def steps(self) -> int:
        return sum(change.steps for change in self.changes)

    def apply(self, answers: Mapping[str, str]) -> dict[str, str]:
        """The answers with the plan carried out."""
        return {**answers, **{change.question: change.to_option for change in self.changes}}


@dataclass(frozen=True)
class _Lane:
    """A scored dimension seen as a supply of steps, the most valuable (heaviest question) first."""

    dimension: Dimension
    total: Fraction  # sum of weight times level over its levelled questions
    weight: Fraction  # sum of the weights of its levelled questions
    units: tuple[tuple[Fraction, int], ...]  # (question weight, question index), one per available step
    gains: tuple[Fraction, ...]  # gains[k]: the largest increase of `total` that k steps in this dimension give
    minimum: int  # fewest steps that bring the dimension to the score the target phase demands

    def raises(self, steps: int) -> tuple[int, ...]:
        """Steps per question (in questionnaire order) of the best `steps` steps; equal weights: earliest first."""
        counts = [0] * len(self.dimension.questions)
        for _, index in self.units[:steps]:
            counts[index] += 1
        return tuple(counts)


def _lane(dimension: Dimension, levels: Mapping[str, int], floor: int) -> _Lane | None:
    levelled = [(i, q, levels[q.key]) for i, q in enumerate(dimension.questions) if q.key in levels]
    weight = sum((Fraction(q.weight) for _, q, _ in levelled), Fraction(0))
    if 2 * len(levelled) < len(dimension.questions) or weight <= 0:
        return None  # insufficient: no step can change that, and it plays no part in the phase
    total = sum((Fraction(q.weight) * level for _, q, level in levelled), Fraction(0))
    units = sorted(
        ((Fraction(q.weight), i) for i, q, level in levelled for _ in range(len(PHASE_KEYS) - level)),
        key=lambda unit: (-unit[0], unit[1]),
    )
    gains = tuple(accumulate((unit_weight for unit_weight, _ in units), initial=Fraction(0)))
    minimum = next(k for k, gain in enumerate(gains) if _reaches((total + gain) / weight, floor))
    return _Lane(dimension, total, weight, tuple(units), gains, minimum)


def _reaches(score: Fraction, phase: int) -> bool:
    """The scoring rule for "this score is in `phase` or higher", on the exact score."""
    return phase_of(float(score)) >= phase


def _levels(questionnaire: Questionnaire, answers: Mapping[str, str]) -> dict[str, int]:
    levels = {}
    for key, option_key in answers.items():
        level = questionnaire.level_of(key, option_key)
        if level is not None:
            levels[key] = level
    return levels


def _overall_gains(lanes: list[_Lane]) -> tuple[list[tuple[int, ...]], int]:
    """Per lane, the overall score's increase for k steps, as whole numbers over one common denominator.

    Whole numbers keep the search below exact and fast; the denominator is returned to turn them back."""
    weights = sum((Fraction(lane.dimension.weight) for lane in lanes), Fraction(0))
    exact = [[Fraction(lane.dimension.weight) / (lane.weight * weights) * g for g in lane.gains] for lane in lanes]
    denominator = math.lcm(*(gain.denominator for gains in exact for gain in gains))
    return [tuple(int(gain * denominator) for gain in gains) for gains in exact], denominator


def _best_by_size(lanes: list[_Lane], gains: list[tuple[int, ...]]) -> list[list[int | None]]:
    """best[i][n]: the largest overall gain from lanes i.. with exactly n steps, each lane at least its minimum."""
    best: list[list[int | None]] = [[0]]
    for lane, lane_gains in zip(reversed(lanes), reversed(gains), strict=True):
        after = best[0]
        row: list[int | None] = [None] * (len(after) + len(lane.units))
        for steps in range(lane.minimum, len(lane.units) + 1):
            for rest, rest_gain in enumerate(after):
                if rest_gain is None:
                    continue
                candidate, current = lane_gains[steps] + rest_gain, row[steps + rest]
                if current is None or candidate > current:
                    row[steps + rest] = candidate
        best.insert(0, row)
    return best


def _choose(lanes: list[_Lane], gains: list[tuple[int, ...]], best: list[list[int | None]], size: int) -> list[int]:
    """Steps per lane: among the splits reaching best[0][size], the one raising the earliest questions most."""
    chosen = []
    remaining, wanted = size, best[0][size]
    assert wanted is not None
    for lane, lane_gains, after in zip(lanes, gains, best[1:], strict=True):
        fits = [
            steps
            for steps in range(lane.minimum, min(len(lane.units), remaining) + 1)
            if remaining - steps < len(after) and after[remaining - steps] == wanted - lane_gains[steps]
        ]
        steps = max(fits, key=lane.raises)
        chosen.append(steps)
        remaining, wanted = remaining - steps, wanted - lane_gains[steps]
    return chosen


def plan_to_next_phase(questionnaire: Questionnaire, answers: Mapping[str, str]) -> Plan | None:
    """The smallest plan that brings one respondent's answers to the next phase; None in phase 4 or without result."""
    result = assess(questionnaire, answers)
    if result.phase is None or result.phase >= len(PHASE_KEYS):
        return None
    target = result.phase + 1
    levels = _levels(questionnaire, answers)
    lanes = [lane for d in questionnaire.dimensions if (lane := _lane(d, levels, target - 1)) is not None]
    weights = sum((Fraction(lane.dimension.weight) for lane in lanes), Fraction(0))
    overall = sum((Fraction(lane.dimension.weight) * lane.total / lane.weight for lane in lanes), Fraction(0)) / weights
    gains, denominator = _overall_gains(lanes)
    best = _best_by_size(lanes, gains)
    size = next(
        n
        for n, gain in enumerate(best[0])
        if gain is not None and _reaches(overall + Fraction(gain, denominator), target)
    )
    changes = []
    for lane, steps in zip(lanes, _choose(lanes, gains, best, size), strict=True):
        for question, raised in zip(lane.dimension.questions, lane.raises(steps), strict=True):
            if raised:
                changes.append(_change(lane.dimension, question, levels[question.key], raised))
    return Plan(target, tuple(changes), float(overall + Fraction(best[0][size] or 0, denominator)))


def _change(dimension: Dimension, question: Question, level: int, raised: int) -> Change:
    keys = {option.level: option.key for option in question.options}
    return Change(question.key, dimension.key, keys[level], keys[level + raised], level, level + raised)


# --- a group of respondents --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicCondition:
    """A dimension that must reach `needed` (the result's phase) before the next phase is possible."""

    dimension: str
    score: float
    needed: int


@dataclass(frozen=True)
class NextPhaseConditions:
    """What a group's mean scores must do to reach `phase`: the overall score to reach, the topics to lift first."""

    phase: int
    overall_score: float
    needed: int
    topics: tuple[TopicCondition, ...]


def conditions_for_next_phase(result: Result) -> NextPhaseConditions | None:
    """The conditions for the next phase of any result (one respondent or a group); None in phase 4 or without
    result. Reaching phase p + 1 takes an overall score of at least p + 1 and every scored dimension in phase p."""
    if result.phase is None or result.overall_score is None or result.phase >= len(PHASE_KEYS):
        return None
    topics = tuple(
        TopicCondition(d.key, d.score, result.phase)
        for d in result.dimensions
        if d.score is not None and d.phase is not None and d.phase < result.phase
    )
    return NextPhaseConditions(result.phase + 1, result.overall_score, result.phase + 1, topics)
