"""The change between two results: overall, phase, and per topic matched by key."""

from __future__ import annotations

from roadmap.domain.scoring import DimensionScore, Result
from roadmap.domain.trend import NOTABLE, TopicChange, trend_between


def result(scores: dict[str, float | None], overall: float | None, phase: int | None) -> Result:
    dimensions = tuple(DimensionScore(key, score, 4, 4) for key, score in scores.items())
    return Result(dimensions, overall, phase, (), (), (), ())


def test_changes_per_topic_overall_and_phase() -> None:
    before = result({"a": 1.0, "b": 3.0, "c": 2.0}, 2.0, 2)
    after = result({"a": 2.5, "b": 2.0, "c": 2.1}, 2.2, 2)
    trend = trend_between(before, after, ["a", "b", "c"])
    assert [t.change for t in trend.topics] == [1.5, -1.0, 0.1]
    assert trend.overall_change == 0.2 and (trend.phase_before, trend.phase_after) == (2, 2)
    assert [t.key for t in trend.risen] == ["a"]
    assert [t.key for t in trend.fallen] == ["b"]


def test_a_topic_only_one_result_scored_has_no_change() -> None:
    before = result({"a": None, "b": 2.0}, 2.0, 2)
    after = result({"a": 3.0, "c": 3.0}, 3.0, 3)
    trend = trend_between(before, after, ["a", "b", "c"])
    assert [t.change for t in trend.topics] == [None, None, None]
    assert trend.risen == () and trend.fallen == ()


def test_the_largest_rise_comes_first_and_small_moves_are_not_notable() -> None:
    before = result({"a": 1.0, "b": 1.0, "c": 1.0}, 1.0, 1)
    after = result({"a": 1.0 + NOTABLE, "b": 2.0, "c": 1.0 + NOTABLE / 2}, 1.4, 1)
    trend = trend_between(before, after, ["a", "b", "c"])
    assert [t.key for t in trend.risen] == ["b", "a"]


def test_no_overall_change_without_both_scores() -> None:
    trend = trend_between(result({}, None, None), result({"a": 2.0}, 2.0, 2), ["a"])
    assert trend.overall_change is None
    assert TopicChange("a", None, 2.0).change is None
