"""The scoring contract, as tables of cases and as properties.

Questionnaires come from `minimal.py`: eight dimensions (strategy, ownership, webcare, content, co_creation,
governance, measurement, people) of four questions each unless a case says otherwise. A dimension a case does not
mention is unanswered, hence insufficient, hence left out of everything after its own score.
"""

from __future__ import annotations

import pytest

from roadmap.domain.loader import parse
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import DimensionScore, assess, phase_of, result_of_scores, score_dimension, weighted_mean
from tests.domain.minimal import DIMENSION_KEYS, answers, dimension, raw_questionnaire, weighted

DONT = None  # "don't know" in a list of levels


def questionnaire(weights: dict[str, float] | None = None, questions: int = 4) -> Questionnaire:
    raw = raw_questionnaire(dimensions=[dimension(key, questions=questions) for key in DIMENSION_KEYS])
    return parse(weighted(raw, weights or {}), "minimal")


# --- phase_of and weighted_mean ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "phase"),
    [
        (0.5, 1),
        (1, 1),
        (1.5, 1),
        (1.999, 1),
        (2, 2),
        (2.5, 2),
        (2.999999, 2),  # a real shortfall, far more than a rounding error
        (2.9999999999999996, 3),  # 3 computed in floating point (weights 0.1, 0.3, 0.1; see below)
        (1.9999999999999996, 2),
        (2.9999999995, 3),  # within 1e-9 of 3
        (3, 3),
        (3.0000000000000004, 3),
        (3.999, 3),
        (4, 4),
        (4.5, 4),
    ],
)
def test_phase_of_a_score_is_its_whole_part_within_one_to_four(score: float, phase: int) -> None:
    assert phase_of(score) == phase


@pytest.mark.parametrize(
    ("pairs", "mean"),
    [
        ([], None),
        ([(2, 1)], 2),
        ([(1, 1), (4, 1)], 2.5),
        ([(1, 1), (4, 3)], 3.25),
        ([(4, 0.5), (2, 1.5)], 2.5),
        ([(3, 0)], None),  # no weight at all: nothing to average
    ],
)
def test_weighted_mean(pairs: list[tuple[float, float]], mean: float | None) -> None:
    assert weighted_mean(pairs) == (None if mean is None else pytest.approx(mean))


# --- dimension scores ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("questions", "levels", "weights", "score", "answered"),
    [
        pytest.param(4, [2, 2, 2, 2], {}, 2.0, 4, id="all the same level"),
        pytest.param(4, [1, 2, 3, 4], {}, 2.5, 4, id="mean of the levels"),
        pytest.param(4, [4, 4, DONT, 2], {}, 10 / 3, 3, id="don't know is left out"),
        pytest.param(4, [4, 4, 2], {}, 10 / 3, 3, id="unanswered is left out like don't know"),
        pytest.param(4, [1, 2, DONT, DONT], {}, 1.5, 2, id="exactly half levelled is scored"),
        pytest.param(4, [4, DONT, DONT, DONT], {}, None, 1, id="under half levelled is insufficient"),
        pytest.param(4, [DONT, DONT, DONT, DONT], {}, None, 0, id="only don't know is insufficient"),
        pytest.param(4, [], {}, None, 0, id="unanswered is insufficient"),
        pytest.param(3, [3, DONT, DONT], {}, None, 1, id="one of three is insufficient"),
        pytest.param(3, [3, 4, DONT], {}, 3.5, 2, id="two of three is scored"),
        pytest.param(5, [1, 1, DONT, DONT, DONT], {}, None, 2, id="two of five is insufficient"),
        pytest.param(5, [1, 1, 4], {}, 2.0, 3, id="three of five is scored"),
        pytest.param(4, [4, 1, 1, 1], {"strategy_q1": 3}, 2.5, 4, id="question weight"),
        pytest.param(4, [4, 2], {"strategy_q1": 0.5, "strategy_q2": 1.5}, 2.5, 2, id="fractional question weights"),
        pytest.param(4, [DONT, 2, 2, 4], {"strategy_q1": 5}, 8 / 3, 3, id="weight of don't know does not count"),
        pytest.param(4, [4, 4, 4, 4], {"strategy": 3}, 4.0, 4, id="dimension weight does not change its score"),
    ],
)
def test_dimension_score(
    questions: int, levels: list[int | None], weights: dict[str, float], score: float | None, answered: int
) -> None:
    strategy = questionnaire(weights, questions).dimension("strategy")
    assert strategy is not None

    result = score_dimension(strategy, answers({"strategy": levels}))

    assert result.score == (None if score is None else pytest.approx(score))
    assert result.status == ("insufficient" if score is None else "scored")
    assert (result.answered, result.total) == (answered, questions)


def test_a_rounding_error_below_a_whole_number_gives_that_phase() -> None:
    q = questionnaire({"strategy_q1": 0.1, "strategy_q2": 0.3, "strategy_q3": 0.1})

    result = assess(q, answers({"strategy": [4, 3, 2], "ownership": [3, 3, 3, 3]}))

    assert result.dimension("strategy").score == 2.9999999999999996  # (0.4 + 0.9 + 0.2) / 0.5
    assert result.dimension("strategy").phase == 3
    assert (result.phase, result.lagging, result.leading) == (3, (), ())


def test_place_reads_a_dimension_score_just_below_a_whole_number_as_that_number() -> None:
    q = questionnaire()
    scores = tuple(
        DimensionScore(key, score, 4, 4)
        for key, score in zip(DIMENSION_KEYS, [2.9999999999999996, 3.0, *[None] * 6], strict=True)
    )

    result = result_of_scores(q, scores)

    assert (result.phase, result.held_back_by, result.lagging, result.leading) == (3, (), (), ())


# --- overall score, phase, weakest link, lagging and leading ------------------------------------------------------

ALL_FOUR = [4, 4, 4, 4]
ALL_THREE = [3, 3, 3, 3]
ALL_TWO = [2, 2, 2, 2]
ALL_ONE = [1, 1, 1, 1]


@pytest.mark.parametrize(
    ("levels", "weights", "overall", "phase", "held_back_by", "lagging", "leading"),
    [
        pytest.param({"strategy": ALL_TWO}, {}, 2.0, 2, (), (), (), id="one dimension"),
        pytest.param({"strategy": ALL_ONE, "ownership": ALL_ONE}, {}, 1.0, 1, (), (), (), id="phase 1"),
        pytest.param({k: ALL_FOUR for k in DIMENSION_KEYS}, {}, 4.0, 4, (), (), (), id="phase 4"),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": ALL_ONE},
            {},
            2.5,
            2,
            (),
            ("ownership",),
            ("strategy",),
            id="lagging and leading around the phase",
        ),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": ALL_TWO},
            {},
            3.0,
            3,
            (),
            ("ownership",),
            ("strategy",),
            id="cap equal to the score's phase holds nothing back",
        ),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": ALL_FOUR, "webcare": ALL_FOUR, "content": ALL_ONE},
            {},
            3.25,
            2,
            ("content",),
            ("content",),
            ("strategy", "ownership", "webcare"),
            id="weakest link caps phase 3 at 2",
        ),
        pytest.param(
            {"people": ALL_ONE, "measurement": ALL_ONE} | {k: ALL_FOUR for k in DIMENSION_KEYS[:6]},
            {},
            3.25,
            2,
            ("measurement", "people"),
            ("measurement", "people"),
            DIMENSION_KEYS[:6],
            id="two dimensions hold back, in questionnaire order",
        ),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": ALL_THREE, "webcare": ALL_TWO},
            {},
            3.0,
            3,
            (),
            ("webcare",),
            ("strategy",),
            id="neither lagging nor leading at the phase",
        ),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": [1]},
            {},
            4.0,
            4,
            (),
            (),
            (),
            id="insufficient dimension neither counts nor caps",
        ),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": ALL_ONE},
            {"strategy": 3},
            3.25,
            2,
            ("ownership",),
            ("ownership",),
            ("strategy",),
            id="dimension weight raises the score, the cap holds",
        ),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": ALL_TWO, "webcare": ALL_TWO},
            {},
            8 / 3,
            2,
            (),
            (),
            ("strategy",),
            id="unweighted",
        ),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": ALL_TWO, "webcare": ALL_TWO},
            {"strategy": 4},
            10 / 3,
            3,
            (),
            ("ownership", "webcare"),
            ("strategy",),
            id="dimension weight lifts the phase",
        ),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": ALL_TWO, "webcare": ALL_TWO},
            {"strategy": 0.5},
            2.4,
            2,
            (),
            (),
            ("strategy",),
            id="fractional dimension weight",
        ),
    ],
)
def test_overall_score_and_phase(
    levels: dict[str, list[int | None]],
    weights: dict[str, float],
    overall: float,
    phase: int,
    held_back_by: tuple[str, ...],
    lagging: tuple[str, ...],
    leading: tuple[str, ...],
) -> None:
    result = assess(questionnaire(weights), answers(levels))

    assert result.has_result
    assert result.overall_score == pytest.approx(overall)
    assert result.phase == phase
    assert (result.held_back_by, result.lagging, result.leading) == (held_back_by, lagging, leading)


def test_weakest_link_keeps_the_score_phase_apart() -> None:
    result = assess(questionnaire(), answers({"strategy": ALL_FOUR, "ownership": ALL_FOUR, "content": ALL_ONE}))

    assert (result.score_phase, result.phase) == (3, 2)


# --- next steps ---------------------------------------------------------------------------------------------------


def steps_of_phase(key: str, level: int) -> list[tuple[str, int, str | None]]:
    return [(f"step {key} {i}", level, None) for i in range(1, 6)]


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        pytest.param({"strategy": ALL_TWO}, steps_of_phase("dialogue", 2), id="the phase's steps only"),
        pytest.param(
            {k: ALL_FOUR for k in DIMENSION_KEYS}, steps_of_phase("social_business", 4), id="phase 4 sustains"
        ),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": ALL_FOUR, "webcare": ALL_FOUR, "content": ALL_ONE},
            [*steps_of_phase("dialogue", 2), ("advice content presence", 1, "content")],
            id="then the lagging dimension's advice for its own phase",
        ),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": ALL_THREE, "webcare": ALL_TWO},
            [*steps_of_phase("engagement", 3), ("advice webcare dialogue", 2, "webcare")],
            id="advice for phase 2 under phase 3",
        ),
        pytest.param(
            {"people": ALL_ONE, "measurement": ALL_ONE} | {k: ALL_FOUR for k in DIMENSION_KEYS[:6]},
            [
                *steps_of_phase("dialogue", 2),
                ("advice measurement presence", 1, "measurement"),
                ("advice people presence", 1, "people"),
            ],
            id="lagging dimensions in questionnaire order",
        ),
        pytest.param(
            {"strategy": ALL_FOUR, "ownership": ALL_FOUR, "webcare": ALL_FOUR, "content": [4]},
            steps_of_phase("social_business", 4),
            id="no advice for an insufficient dimension",
        ),
    ],
)
def test_next_steps(levels: dict[str, list[int | None]], expected: list[tuple[str, int, str | None]]) -> None:
    result = assess(questionnaire(), answers(levels))

    assert [(s.step.text.en, s.phase, s.dimension) for s in result.next_steps] == expected


# --- no result ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "levels",
    [
        pytest.param({}, id="nothing answered"),
        pytest.param({k: [DONT] * 4 for k in DIMENSION_KEYS}, id="only don't know"),
        pytest.param({k: [4, DONT, DONT, DONT] for k in DIMENSION_KEYS}, id="every dimension under half"),
    ],
)
def test_no_scored_dimension_gives_no_result(levels: dict[str, list[int | None]]) -> None:
    result = assess(questionnaire(), answers(levels))

    assert not result.has_result
    assert (result.overall_score, result.phase, result.score_phase) == (None, None, None)
    assert (result.held_back_by, result.lagging, result.leading, result.next_steps) == ((), (), (), ())
    assert [d.status for d in result.dimensions] == ["insufficient"] * len(DIMENSION_KEYS)


def test_answer_keys_are_phase_keys_and_unknown_keys_have_no_level() -> None:
    q = questionnaire()
    given_answers = {"strategy_q1": "engagement", "strategy_q2": "engagement", "strategy_q3": "no_such_option"}

    result = assess(q, given_answers)

    assert (result.dimension("strategy").score, result.dimension("strategy").answered) == (3.0, 2)
