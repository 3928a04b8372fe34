"""domain/aggregation.py: means, spread, the 1.5 threshold, insufficient dimensions, departments ("other").

Table-driven cases first, then properties checked with hypothesis on generated groups of respondents.
"""

from __future__ import annotations

import math
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.domain.aggregation import (
    NOT_ALIGNED_SPREAD,
    Respondent,
    Spread,
    aggregate,
    aggregate_round,
    mean,
)
from roadmap.domain.loader import parse
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import DimensionScore, result_of_scores
from tests.domain.minimal import DIMENSION_KEYS, raw_questionnaire

QUESTIONNAIRE = parse(raw_questionnaire(), "minimal")
FIRST, SECOND = DIMENSION_KEYS[:2]


def every(score: float | None, **others: float | None) -> dict[str, float | None]:
    """A respondent's scores: `score` on every dimension except those given."""
    return {key: others.get(key, score) for key in DIMENSION_KEYS}


# --- tables -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([2.0], 2.0),
        ([1.0, 4.0], 2.5),
        ([1.0, 2.0, 3.0, 4.0], 2.5),
        ([1.5, 2.0], 1.75),
        ((x for x in (3.0, 1.0)), 2.0),  # any iterable, read once
    ],
)
def test_mean(values: list[float], expected: float | None) -> None:
    result = mean(values)
    assert result == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("scores", "low", "high", "spread", "not_aligned"),
    [
        ((), None, None, None, False),  # nobody scored it
        ((3.0,), 3.0, 3.0, 0.0, False),  # one respondent is always aligned with themselves
        ((1.0, 1.0), 1.0, 1.0, 0.0, False),
        ((1.0, 2.0), 1.0, 2.0, 1.0, False),
        ((1.0, 2.5), 1.0, 2.5, 1.5, True),  # exactly 1.5 apart: not aligned
        ((2.5, 1.0), 1.0, 2.5, 1.5, True),  # order does not matter
        ((1.0, 2.5 - 1e-6), 1.0, 2.5 - 1e-6, 1.5 - 1e-6, False),  # just below, beyond rounding: aligned
        ((1.0, 2.5 - 1e-12), 1.0, 2.5 - 1e-12, 1.5 - 1e-12, True),  # below by rounding only: not aligned
        ((1.0, 2.5 + 1e-6), 1.0, 2.5 + 1e-6, 1.5 + 1e-6, True),
        ((1.3, 2.8), 1.3, 2.8, 2.8 - 1.3, True),  # 2.8 - 1.3 == 1.4999999999999998 in floating point
        ((1.0, 4.0, 2.0), 1.0, 4.0, 3.0, True),  # highest minus lowest, whatever is in between
        ((2.0, 2.4, 2.9), 2.0, 2.9, 0.9, False),
    ],
)
def test_spread(
    scores: tuple[float, ...], low: float | None, high: float | None, spread: float | None, not_aligned: bool
) -> None:
    found = Spread("strategy", scores)
    assert (found.low, found.high) == (low, high)
    assert found.spread == (pytest.approx(spread) if spread is not None else None)
    assert found.not_aligned is not_aligned


def test_the_threshold_is_one_and_a_half_points() -> None:
    assert NOT_ALIGNED_SPREAD == 1.5


@pytest.mark.parametrize(
    ("respondents", "expected"),
    [
        # (scores of FIRST per respondent) -> (mean, answered, total)
        ([1.0, 2.0, 4.0], (7 / 3, 3, 3)),
        ([3.5], (3.5, 1, 1)),
        ([None, 2.0, 3.0], (2.5, 2, 3)),  # an insufficient respondent does not count towards the mean
        ([None, None], (None, 0, 2)),  # nobody scored it: insufficient for the group
    ],
)
def test_a_dimension_is_the_mean_of_the_respondents_who_scored_it(
    respondents: list[float | None], expected: tuple[float | None, int, int]
) -> None:
    group = aggregate(QUESTIONNAIRE, [Respondent("board", every(2.0, **{FIRST: s})) for s in respondents])
    first = group.result.dimension(FIRST)
    score, answered, total = expected
    assert first.score == (pytest.approx(score) if score is not None else None)
    assert (first.answered, first.total) == (answered, total)
    assert first.status == ("scored" if score is not None else "insufficient")
    assert group.result.dimension(SECOND) == DimensionScore(SECOND, 2.0, len(respondents), len(respondents))
    assert group.respondents == len(respondents)


def test_a_dimension_missing_from_a_respondents_scores_counts_as_not_scored() -> None:
    group = aggregate(QUESTIONNAIRE, [Respondent(None, {FIRST: 3.0}), Respondent(None, every(1.0))])
    assert group.result.dimension(FIRST) == DimensionScore(FIRST, 2.0, 2, 2)
    assert group.result.dimension(SECOND) == DimensionScore(SECOND, 1.0, 1, 2)
    assert group.spread(SECOND).scores == (1.0,)


def test_the_group_is_placed_with_the_rules_for_one_respondent() -> None:
    """The means go through result_of_scores: the weakest link holds the group back, here at phase 2."""
    respondents = [Respondent("board", every(4.0, **{FIRST: 1.0})), Respondent("it", every(4.0, **{FIRST: 1.4}))]
    group = aggregate(QUESTIONNAIRE, respondents)
    means = tuple(DimensionScore(k, 1.2 if k == FIRST else 4.0, 2, 2) for k in DIMENSION_KEYS)
    expected = result_of_scores(QUESTIONNAIRE, means)
    assert group.result.phase == expected.phase == 2
    assert group.result.held_back_by == expected.held_back_by == (FIRST,)
    assert group.result.overall_score == pytest.approx(expected.overall_score)
    assert group.result.lagging == (FIRST,)


@pytest.mark.parametrize(
    "respondents",
    [
        [],  # no respondent at all
        [Respondent("board", every(None)), Respondent(None, {})],  # respondents without any scored dimension
    ],
)
def test_without_any_scored_dimension_there_is_no_result(respondents: list[Respondent]) -> None:
    group = aggregate(QUESTIONNAIRE, respondents)
    assert group.respondents == len(respondents)
    assert not group.result.has_result
    assert (group.result.overall_score, group.result.phase) == (None, None)
    assert all(d.status == "insufficient" and d.answered == 0 for d in group.result.dimensions)
    assert all(d.total == len(respondents) for d in group.result.dimensions)
    assert group.not_aligned == ()
    assert [s.key for s in group.spreads] == list(DIMENSION_KEYS)


def test_not_aligned_lists_the_dimensions_in_questionnaire_order() -> None:
    last = DIMENSION_KEYS[-1]
    respondents = [Respondent("a", every(1.0)), Respondent("b", every(1.0, **{last: 3.0, FIRST: 2.5, SECOND: 2.4}))]
    group = aggregate(QUESTIONNAIRE, respondents)
    assert group.not_aligned == (FIRST, last)
    assert group.spread(SECOND).spread == pytest.approx(1.4)
    assert not group.spread(SECOND).not_aligned


@pytest.mark.parametrize(
    ("departments", "expected"),
    [
        # departments of the respondents -> {department: respondents}, in the order the round gives them
        (["it", "board", "it"], [("board", 1), ("it", 2)]),
        ([None, "marketing"], [("marketing", 1), ("other", 1)]),  # no department: "other"
        ([None, "other", "board"], [("board", 1), ("other", 2)]),  # chosen "other" and none are one group
        ([""], [("other", 1)]),  # an empty department is none
        ([], []),
    ],
)
def test_departments(departments: list[str | None], expected: list[tuple[str, int]]) -> None:
    round_ = aggregate_round(QUESTIONNAIRE, [Respondent(d, every(2.0)) for d in departments])
    assert [(key, group.respondents) for key, group in round_.departments] == expected
    assert round_.overall.respondents == len(departments)


def test_each_department_is_aggregated_on_its_own() -> None:
    respondents = [Respondent("it", every(1.0)), Respondent("it", every(3.0)), Respondent(None, every(4.0))]
    round_ = aggregate_round(QUESTIONNAIRE, respondents)
    departments = dict(round_.departments)
    assert departments["it"].result.dimension(FIRST) == DimensionScore(FIRST, 2.0, 2, 2)
    assert departments["it"].not_aligned == DIMENSION_KEYS
    assert departments["other"].result.dimension(FIRST) == DimensionScore(FIRST, 4.0, 1, 1)
    assert departments["other"].not_aligned == ()
    assert round_.overall.result.dimension(FIRST).score == pytest.approx(8 / 3)
    assert round_.overall.spread(FIRST).spread == 3.0


# --- properties ---------------------------------------------------------------------------------------------------

PROPERTIES = settings(max_examples=150, deadline=None)
SCORE = st.none() | st.floats(min_value=1.0, max_value=4.0)
DEPARTMENT = st.sampled_from([None, "", "other", "board", "it", "marketing"])
RESPONDENT = st.builds(Respondent, DEPARTMENT, st.fixed_dictionaries({key: SCORE for key in DIMENSION_KEYS}).map(dict))
GROUPS = st.lists(RESPONDENT, max_size=12)


def scored(respondents: list[Respondent], key: str) -> list[float]:
    return [s for r in respondents if (s := r.scores.get(key)) is not None]


def same_figures(questionnaire: Questionnaire, a: list[Respondent], b: list[Respondent]) -> None:
    """The aggregates of two groups have the same means (up to rounding), counts and alignment."""
    first, second = aggregate(questionnaire, a), aggregate(questionnaire, b)
    for one, other in zip(first.result.dimensions, second.result.dimensions, strict=True):
        assert one.status == other.status
        if one.score is not None and other.score is not None:
            assert math.isclose(one.score, other.score, abs_tol=1e-9)
    assert first.not_aligned == second.not_aligned
    assert first.result.phase == second.result.phase


@PROPERTIES
@given(GROUPS)
def test_every_mean_lies_between_the_lowest_and_highest_score(respondents: list[Respondent]) -> None:
    group = aggregate(QUESTIONNAIRE, respondents)
    for dimension in group.result.dimensions:
        scores = scored(respondents, dimension.key)
        assert (dimension.answered, dimension.total) == (len(scores), len(respondents))
        spread = group.spread(dimension.key)
        assert sorted(spread.scores) == sorted(scores)
        if scores:
            assert dimension.score is not None and spread.spread is not None
            assert min(scores) - 1e-9 <= dimension.score <= max(scores) + 1e-9
            assert spread.spread >= 0
        else:
            assert dimension.status == "insufficient" and spread.spread is None


@PROPERTIES
@given(GROUPS)
def test_not_aligned_means_two_scores_at_least_one_and_a_half_apart(respondents: list[Respondent]) -> None:
    group = aggregate(QUESTIONNAIRE, respondents)
    for key in DIMENSION_KEYS:
        scores = scored(respondents, key)
        far_apart = len(scores) >= 2 and max(scores) - min(scores) >= 1.5 - 1e-9
        assert (key in group.not_aligned) is far_apart


@PROPERTIES
@given(GROUPS, st.randoms(use_true_random=False))
def test_the_order_of_the_respondents_does_not_matter(respondents: list[Respondent], random: Random) -> None:
    shuffled = list(respondents)
    random.shuffle(shuffled)
    same_figures(QUESTIONNAIRE, respondents, shuffled)


@PROPERTIES
@given(GROUPS)
def test_counting_every_respondent_twice_changes_no_mean_or_alignment(respondents: list[Respondent]) -> None:
    same_figures(QUESTIONNAIRE, respondents, respondents * 2)


@PROPERTIES
@given(GROUPS, RESPONDENT)
def test_one_more_respondent_never_brings_a_dimension_into_line(
    respondents: list[Respondent], newcomer: Respondent
) -> None:
    before = aggregate(QUESTIONNAIRE, respondents)
    after = aggregate(QUESTIONNAIRE, [*respondents, newcomer])
    assert set(before.not_aligned) <= set(after.not_aligned)


@PROPERTIES
@given(RESPONDENT)
def test_a_group_of_one_is_placed_as_that_respondent(respondent: Respondent) -> None:
    group = aggregate(QUESTIONNAIRE, [respondent])
    alone = tuple(
        DimensionScore(key, score, int(score is not None), 1)
        for key in DIMENSION_KEYS
        for score in [respondent.scores.get(key)]
    )
    assert group.result == result_of_scores(QUESTIONNAIRE, alone)
    assert group.not_aligned == ()


@PROPERTIES
@given(GROUPS)
def test_the_departments_split_the_round(respondents: list[Respondent]) -> None:
    round_ = aggregate_round(QUESTIONNAIRE, respondents)
    keys = [key for key, _group in round_.departments]
    assert keys == sorted({r.department or "other" for r in respondents})
    assert sum(group.respondents for _key, group in round_.departments) == round_.overall.respondents
    assert round_.overall == aggregate(QUESTIONNAIRE, respondents)
    for key, group in round_.departments:
        members = [r for r in respondents if (r.department or "other") == key]
        assert group == aggregate(QUESTIONNAIRE, members)
