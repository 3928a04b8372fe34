"""Several respondents, one organisation: mean scores per dimension, spread, alignment, departments.

The rules (docs/scoring.md, "Aggregating several respondents"):
- a dimension's score is the mean of the scores of the respondents who scored it (each respondent counts once);
  no respondent scored it: the dimension is insufficient for the group;
- the overall score, phase, weakest link, lagging dimensions and next steps follow from these means with the
  same rules as for one respondent (`scoring.result_of_scores`);
- spread = highest minus lowest respondent score; a dimension is not aligned when at least two respondents
  scored it and the spread is 1.5 or more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import DimensionScore, Result, result_of_scores

NOT_ALIGNED_SPREAD = 1.5
_EPSILON = 1e-9


@dataclass(frozen=True)
class Respondent:
    """One submitted respondent: their department and their score per dimension (None: insufficient)."""

    department: str | None
    scores: Mapping[str, float | None]


@dataclass(frozen=True)
class Spread:
    """How far apart the respondents who scored a dimension are."""

    key: str
    scores: tuple[float, ...]

    @property
    def low(self) -> float | None:
        return min(self.scores) if self.scores else None

    @property
    def high(self) -> float | None:
        return max(self.scores) if self.scores else None

    @property
    def spread(self) -> float | None:
        return max(self.scores) - min(self.scores) if self.scores else None

    @property
    def not_aligned(self) -> bool:
        return len(self.scores) >= 2 and max(self.scores) - min(self.scores) >= NOT_ALIGNED_SPREAD - _EPSILON


@dataclass(frozen=True)
class GroupResult:
    """The aggregated result of a group of respondents (a round, or one department of it).

    In `result.dimensions`, `answered` is the number of respondents who scored the dimension and `total` the
    number of respondents in the group.
    """

    respondents: int
    result: Result
    spreads: tuple[Spread, ...]

    @property
    def not_aligned(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.spreads if s.not_aligned)

    def spread(self, key: str) -> Spread:
        return next(s for s in self.spreads if s.key == key)


@dataclass(frozen=True)
class RoundResult:
    """A round: the whole group, and the same figures per department (sorted by department key)."""

    overall: GroupResult
    departments: tuple[tuple[str, GroupResult], ...]


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def aggregate(questionnaire: Questionnaire, respondents: Iterable[Respondent]) -> GroupResult:
    """Mean, spread and placement of a group of respondents on a questionnaire's dimensions."""
    respondents = list(respondents)
    spreads = []
    dimensions = []
    for dimension in questionnaire.dimensions:
        scores = tuple(s for r in respondents if (s := r.scores.get(dimension.key)) is not None)
        spreads.append(Spread(dimension.key, scores))
        dimensions.append(DimensionScore(dimension.key, mean(scores), len(scores), len(respondents)))
    return GroupResult(len(respondents), result_of_scores(questionnaire, tuple(dimensions)), tuple(spreads))


def aggregate_round(questionnaire: Questionnaire, respondents: Iterable[Respondent]) -> RoundResult:
    """The round as a whole and per department; respondents without a department are grouped under "other"."""
    respondents = list(respondents)
    by_department: dict[str, list[Respondent]] = {}
    for respondent in respondents:
        by_department.setdefault(respondent.department or "other", []).append(respondent)
    return RoundResult(
        overall=aggregate(questionnaire, respondents),
        departments=tuple((key, aggregate(questionnaire, group)) for key, group in sorted(by_department.items())),
    )
