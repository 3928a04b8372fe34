"""How a result moved since an earlier one: the overall score and phase, and every topic's score.

Pure: two results in, the changes out. Topics are matched by key, so a topic that only one of the two
questionnaire versions has, or that one of the results could not score, has no change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roadmap.domain.scoring import Result

NOTABLE = 0.25  # a topic's change of at least this much (up or down) is named in a summary


@dataclass(frozen=True)
class TopicChange:
    key: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


@dataclass(frozen=True)
class Trend:
    """The change from `before` to `after`, topic by topic in the questionnaire's order."""

    overall_before: float | None
    overall_after: float | None
    phase_before: int | None
    phase_after: int | None
    topics: tuple[TopicChange, ...]

    @property
    def overall_change(self) -> float | None:
        if self.overall_before is None or self.overall_after is None:
            return None
        return round(self.overall_after - self.overall_before, 2)

    @property
    def risen(self) -> tuple[TopicChange, ...]:
        """Topics that rose notably, the largest rise first."""
        found = [t for t in self.topics if t.change is not None and t.change >= NOTABLE]
        return tuple(sorted(found, key=lambda t: -(t.change or 0)))

    @property
    def fallen(self) -> tuple[TopicChange, ...]:
        """Topics that fell notably, the largest fall first."""
        found = [t for t in self.topics if t.change is not None and t.change <= -NOTABLE]
        return tuple(sorted(found, key=lambda t: t.change or 0))


def trend_between(before: Result, after: Result, keys: Sequence[str]) -> Trend:
    """The change from one result to a later one, over the topics `keys` (the later questionnaire's)."""
    earlier = {d.key: d.score for d in before.dimensions}
    later = {d.key: d.score for d in after.dimensions}
    return Trend(
        overall_before=before.overall_score,
        overall_after=after.overall_score,
        phase_before=before.phase,
        phase_after=after.phase,
        topics=tuple(TopicChange(key, earlier.get(key), later.get(key)) for key in keys),
    )
