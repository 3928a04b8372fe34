"""The plan to the next phase and a group's conditions, as tables of cases on the minimal questionnaire.

Dimensions a case does not mention are unanswered, hence insufficient, hence play no part (see test_scoring.py).
Each expected change is (question, from option, to option).
"""

from __future__ import annotations

import pytest

from roadmap.domain.aggregation import Respondent, aggregate
from roadmap.domain.loader import parse
from roadmap.domain.next_phase import (
    NextPhaseConditions,
    TopicCondition,
    conditions_for_next_phase,
    plan_to_next_phase,
)
from roadmap.domain.phase_reason import phase_reason
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import assess
from tests.domain.minimal import DIMENSION_KEYS, answers, dimension, raw_questionnaire, weighted

DONT = None  # "don't know" in a list of levels


def questionnaire(weights: dict[str, float] | None = None, questions: dict[str, int] | None = None) -> Questionnaire:
    counts = questions or {}
    raw = raw_questionnaire(dimensions=[dimension(key, questions=counts.get(key, 4)) for key in DIMENSION_KEYS])
    return parse(weighted(raw, weights or {}), "minimal")


@pytest.mark.parametrize(
    ("levels", "weights", "questions", "changes", "score"),
    [
        pytest.param(
            {"strategy": [1, 1, 1, 1], "ownership": [2, 2, 2, 2]},
            {},
            {},
            [("strategy_q1", "presence", "social_business"), ("strategy_q2", "presence", "dialogue")],
            2.0,
            id="equal steps: the earliest questions are raised first",
        ),
        pytest.param(
            {"strategy": [4, 4, 4, 4], "ownership": [4, 4, 4, 4], "webcare": [1, 1, 2, 2]},
            {},
            {},
            [("webcare_q1", "presence", "engagement")],
            (4 + 4 + 2) / 3,
            id="the weakest link is lifted; the overall score already suffices",
        ),
        pytest.param(
            {"strategy": [1, 1, 1, 1]},
            {"strategy_q4": 3},
            {},
            [("strategy_q4", "presence", "engagement")],
            2.0,
            id="a heavy question is worth more steps than an early one",
        ),
        pytest.param(
            {"strategy": [2, 2, 2, 1], "ownership": [2, 1, DONT]},
            {},
            {"ownership": 3},
            [("ownership_q1", "dialogue", "social_business")],
            (1.75 + 2.5) / 2,
            id="same size: the highest overall score wins over questionnaire order",
        ),
        pytest.param(
            {"strategy": [4, DONT, 1, 1], "ownership": [1, 1, 1, 1], "webcare": [1]},
            {},
            {},
            [("strategy_q3", "presence", "social_business")],
            2.0,
            id="don't know and unanswered questions are never raised",
        ),
        pytest.param(
            {"strategy": [3, 3, 3, 3], "ownership": [4, 4, 4, 4], "webcare": [2, 2, 2, 2]},
            {"webcare": 5},
            {},
            [("webcare_q1", "dialogue", "social_business"), ("webcare_q2", "dialogue", "social_business")],
            (3 + 4 + 5 * 3) / 7,
            id="a heavy dimension: its steps move the overall score most",
        ),
    ],
)
def test_plan(
    levels: dict[str, list[int | None]],
    weights: dict[str, float],
    questions: dict[str, int],
    changes: list[tuple[str, str, str]],
    score: float,
) -> None:
    q = questionnaire(weights, questions)
    given_answers = answers(levels)
    before = assess(q, given_answers)

    plan = plan_to_next_phase(q, given_answers)

    assert plan is not None and before.phase is not None
    assert plan.phase == before.phase + 1
    assert [(c.question, c.from_option, c.to_option) for c in plan.changes] == changes
    assert plan.overall_score == pytest.approx(score)
    assert plan.steps == sum(c.to_level - c.from_level for c in plan.changes)
    assert (assess(q, plan.apply(given_answers)).phase or 0) >= plan.phase


@pytest.mark.parametrize(
    "levels",
    [
        pytest.param({"strategy": [4, 4, 4, 4], "ownership": [4, 4, DONT, DONT]}, id="phase 4"),
        pytest.param({"strategy": [4, DONT, DONT, DONT]}, id="no result"),
        pytest.param({}, id="nothing answered"),
    ],
)
def test_no_plan_in_the_last_phase_or_without_result(levels: dict[str, list[int | None]]) -> None:
    assert plan_to_next_phase(questionnaire(), answers(levels)) is None


def test_a_plan_counts_every_level_raised() -> None:
    plan = plan_to_next_phase(questionnaire(), answers({"strategy": [1, 1, 1, 1], "ownership": [2, 2, 2, 2]}))

    assert plan is not None
    assert (len(plan.changes), plan.steps) == (2, 4)


def test_insufficient_dimensions_are_never_raised() -> None:
    # Raising the only levelled answer of "webcare" cannot make it scored: it stays out of every score.
    plan = plan_to_next_phase(questionnaire(), answers({"strategy": [1, 1, 1, 1], "webcare": [1, DONT, DONT, DONT]}))

    assert plan is not None
    assert {c.dimension for c in plan.changes} == {"strategy"}
    assert plan.steps == 4


def test_a_long_plan_on_a_questionnaire_the_size_of_the_real_one() -> None:
    # 37 questions, every answer Presence: to Dialogue, every dimension together must gain one level on average.
    q = questionnaire(questions={key: 5 if i < 5 else 4 for i, key in enumerate(DIMENSION_KEYS)})
    given_answers = {question.key: "presence" for question in q.questions}
    assert len(given_answers) == 37

    plan = plan_to_next_phase(q, given_answers)

    assert plan is not None
    assert plan.phase == 2
    assert plan.overall_score == pytest.approx(2.0, abs=0.2)
    assert (assess(q, plan.apply(given_answers)).phase or 0) >= 2


# --- a group ------------------------------------------------------------------------------------------------------


def group(scores: dict[str, list[float]]) -> list[Respondent]:
    count = max(len(values) for values in scores.values())
    return [Respondent(None, {key: values[i] for key, values in scores.items()}) for i in range(count)]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        pytest.param(
            {"strategy": [2.5, 3.5], "ownership": [2.0, 3.6]},
            NextPhaseConditions(3, 2.9, 3, ()),
            id="only the overall score",
        ),
        pytest.param(
            {"strategy": [4.0, 4.0], "ownership": [4.0, 3.5], "webcare": [1.5, 2.1]},
            NextPhaseConditions(3, (4 + 3.75 + 1.8) / 3, 3, (TopicCondition("webcare", 1.8, 2),)),
            id="a lagging topic must reach the phase first",
        ),
    ],
)
def test_group_conditions(scores: dict[str, list[float]], expected: NextPhaseConditions) -> None:
    result = aggregate(questionnaire(), group(scores)).result

    conditions = conditions_for_next_phase(result)

    assert conditions is not None
    assert (conditions.phase, conditions.needed) == (expected.phase, expected.needed)
    assert conditions.overall_score == pytest.approx(expected.overall_score)
    assert [(t.dimension, t.needed) for t in conditions.topics] == [(t.dimension, t.needed) for t in expected.topics]
    assert [t.score for t in conditions.topics] == pytest.approx([t.score for t in expected.topics])


def test_no_group_conditions_in_the_last_phase_or_without_result() -> None:
    q = questionnaire()
    assert conditions_for_next_phase(aggregate(q, group({"strategy": [4.0, 4.0]})).result) is None
    assert conditions_for_next_phase(aggregate(q, []).result) is None


def test_the_worked_example_of_docs_scoring_md() -> None:
    q = questionnaire({"strategy": 2, "content_q1": 2}, {"content": 3, "people": 3})
    levels = {
        "strategy": [4, 3, 4, 3],
        "ownership": [2, 3, 2, 3],
        "webcare": [4, 4, 4, 4],
        "content": [3, 4, DONT],
        "measurement": [1, 2, DONT, 1],
        "people": [2, DONT, DONT],
    }

    reason = phase_reason(assess(q, answers(levels)))
    plan = plan_to_next_phase(q, answers(levels))

    assert reason is not None
    assert (reason.kind, reason.phase, reason.score_phase, reason.threshold) == ("weakest_link", 2, 3, 2)
    assert [t.dimension for t in reason.holding_back] == ["measurement"]
    assert plan is not None
    assert (plan.phase, plan.steps) == (3, 2)
    assert [(c.question, c.from_option, c.to_option) for c in plan.changes] == [
        ("measurement_q1", "presence", "engagement")
    ]
    assert plan.overall_score == pytest.approx(3.1388888888888889)
