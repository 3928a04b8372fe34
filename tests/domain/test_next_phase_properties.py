"""Properties of the plan to the next phase, on generated questionnaires; small ones are checked by brute force."""

from __future__ import annotations

from collections.abc import Iterator
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.domain.loader import parse
from roadmap.domain.next_phase import Plan, plan_to_next_phase
from roadmap.domain.questionnaire import DONT_KNOW, PHASE_KEYS, Questionnaire
from roadmap.domain.scoring import assess
from tests.domain.minimal import DIMENSION_KEYS, dimension, raw_questionnaire

PROPERTIES = settings(max_examples=150, deadline=None)
WEIGHTS = st.none() | st.integers(1, 5) | st.floats(min_value=0.01, max_value=100)
EVERY_DIMENSION = st.just(len(DIMENSION_KEYS))
QUESTIONS = st.integers(3, 5)
ANSWER = st.sampled_from([None, DONT_KNOW, *PHASE_KEYS])  # None: the question is not answered
Assessment = tuple[Questionnaire, dict[str, str]]


@st.composite
def assessments(
    draw: st.DrawFn,
    answered: st.SearchStrategy[int] = EVERY_DIMENSION,
    questions: st.SearchStrategy[int] = QUESTIONS,
    weights: st.SearchStrategy[float | None] = WEIGHTS,
) -> Assessment:
    """A questionnaire with random question counts and weights, and one respondent's answers to the questions of
    its first `answered` dimensions (the others stay unanswered, hence insufficient)."""
    raw_dimensions = []
    for key in DIMENSION_KEYS:
        raw_dimension = dimension(key, questions=draw(questions), weight=draw(weights))
        for raw_question in raw_dimension["questions"]:
            if (weight := draw(weights)) is not None:
                raw_question["weight"] = weight
        raw_dimensions.append(raw_dimension)
    q = parse(raw_questionnaire(dimensions=raw_dimensions), "generated")
    given_answers = {question.key: draw(ANSWER) for d in q.dimensions[: draw(answered)] for question in d.questions}
    return q, {key: option for key, option in given_answers.items() if option is not None}


def small_assessments() -> st.SearchStrategy[Assessment]:
    """Few answered questions and whole weights: brute force is quick and equal scores compare equal."""
    return assessments(st.integers(1, 3), st.just(3), st.none() | st.integers(1, 3))


def raises(q: Questionnaire, plan: Plan) -> tuple[int, ...]:
    """Steps per question, in questionnaire order."""
    by_question = {change.question: change.steps for change in plan.changes}
    return tuple(by_question.get(question.key, 0) for question in q.questions)


def bounded_raises(limits: list[int], budget: int) -> Iterator[tuple[int, ...]]:
    """Every vector of raises within the per-question limits whose total is at most `budget`."""
    if not limits:
        yield ()
        return
    for first in range(min(limits[0], budget) + 1):
        for rest in bounded_raises(limits[1:], budget - first):
            yield (first, *rest)


def raised(q: Questionnaire, given_answers: dict[str, str], vector: tuple[int, ...]) -> dict[str, str]:
    new = dict(given_answers)
    for question, steps in zip(q.questions, vector, strict=True):
        if steps:
            new[question.key] = PHASE_KEYS[PHASE_KEYS.index(given_answers[question.key]) + steps]
    return new


@PROPERTIES
@given(assessments())
def test_the_plan_reaches_at_least_the_next_phase(assessment: Assessment) -> None:
    q, given_answers = assessment
    before = assess(q, given_answers)
    plan = plan_to_next_phase(q, given_answers)

    if before.phase is None or before.phase == len(PHASE_KEYS):
        assert plan is None
        return
    assert plan is not None
    assert plan.phase == before.phase + 1
    after = assess(q, plan.apply(given_answers))
    assert after.phase is not None and after.phase >= plan.phase
    assert after.overall_score is not None and abs(after.overall_score - plan.overall_score) < 1e-9
    for change in plan.changes:
        assert given_answers[change.question] == change.from_option != DONT_KNOW
        assert change.to_level > change.from_level
        assert PHASE_KEYS[change.to_level - 1] == change.to_option
        assert q.dimension(change.dimension) is not None
    positions = [[question.key for question in q.questions].index(change.question) for change in plan.changes]
    assert positions == sorted(positions)


@PROPERTIES
@given(assessments(), st.randoms(use_true_random=False))
def test_order_of_answers_is_irrelevant(assessment: Assessment, random: Random) -> None:
    q, given_answers = assessment
    items = list(given_answers.items())
    random.shuffle(items)

    assert plan_to_next_phase(q, dict(items)) == plan_to_next_phase(q, given_answers)


@settings(max_examples=300, deadline=None)
@given(small_assessments())
def test_brute_force_finds_no_smaller_plan_and_no_better_one_of_the_same_size(assessment: Assessment) -> None:
    q, given_answers = assessment
    before = assess(q, given_answers)
    plan = plan_to_next_phase(q, given_answers)
    if plan is None:
        return
    assert before.phase is not None
    limits = [
        len(PHASE_KEYS) - level if (level := q.level_of(question.key, given_answers.get(question.key, ""))) else 0
        for question in q.questions
    ]
    reaching = []
    for vector in bounded_raises(limits, plan.steps):
        after = assess(q, raised(q, given_answers, vector))
        if after.phase is not None and after.phase > before.phase:
            assert sum(vector) == plan.steps, f"a smaller plan: {vector}"
            reaching.append((after.overall_score or 0.0, vector))
    highest = max(score for score, _ in reaching)
    assert abs(plan.overall_score - highest) < 1e-9
    assert raises(q, plan) == max(vector for score, vector in reaching if score > highest - 1e-9)
