"""Progress of a client: change between rounds, targets reached, and the spread of scores across clients."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from roadmap.domain.scoring import Result

# A distribution of fewer clients would let a reader pick out one client's figures.
BOX_MIN_CLIENTS = 5


def score_of(result: Result, key: str) -> float | None:
    """A dimension's score, or None where the result's questionnaire version has no such dimension."""
    return next((d.score for d in result.dimensions if d.key == key), None)


@dataclass(frozen=True)
class Change:
    """One dimension between the previous round with a result and the latest."""

    key: str
    previous: float | None
    now: float | None

    @property
    def change(self) -> float | None:
        return None if self.previous is None or self.now is None else self.now - self.previous

    @property
    def direction(self) -> str:
        """up, down, same, or none (one of the two has no score)."""
        change = self.change
        if change is None:
            return "none"
        rounded = round(change, 1)
        return "up" if rounded > 0 else "down" if rounded < 0 else "same"


def changes_between(previous: Result, now: Result, keys: Sequence[str]) -> list[Change]:
    return [Change(key, score_of(previous, key), score_of(now, key)) for key in keys]


@dataclass(frozen=True)
class Target:
    """A client's target phase for a dimension against its latest score; reached once the phase is at least it."""

    key: str
    target: int
    score: float | None
    phase: int | None

    @property
    def reached(self) -> bool:
        return self.phase is not None and self.phase >= self.target


def targets_of(result: Result, targets: dict[str, int], keys: Sequence[str]) -> list[Target]:
    """The targets of the dimensions `keys` (in that order) that have one."""
    found = []
    for key in keys:
        if key in targets:
            score = next((s for s in result.dimensions if s.key == key), None)
            found.append(Target(key, targets[key], score.score if score else None, score.phase if score else None))
    return found


@dataclass(frozen=True)
class Distribution:
    """One dimension's scores across clients; figures only when at least BOX_MIN_CLIENTS contribute."""

    key: str
    count: int
    low: float | None = None
    quartile1: float | None = None
    median: float | None = None
    quartile3: float | None = None
    high: float | None = None

    @property
    def shown(self) -> bool:
        return self.count >= BOX_MIN_CLIENTS


def distribution_of(key: str, scores: Sequence[float]) -> Distribution:
    if len(scores) < BOX_MIN_CLIENTS:
        return Distribution(key, len(scores))
    # "inclusive" quartiles are Plotly's "linear" quartile method: the table and the box plot agree.
    q1, median, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    return Distribution(key, len(scores), min(scores), q1, median, q3, max(scores))
