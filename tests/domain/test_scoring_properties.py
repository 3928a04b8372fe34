"""Properties of the scoring contract, checked with hypothesis on generated questionnaires and answers."""

from __future__ import annotations

from random import Random

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from roadmap.domain.loader import parse
from roadmap.domain.questionnaire import DONT_KNOW, PHASE_KEYS, Questionnaire
from roadmap.domain.scoring import assess
from tests.domain.minimal import DIMENSION_KEYS, dimension, raw_questionnaire

# --- properties ---------------------------------------------------------------------------------------------------

PROPERTIES = settings(max_examples=150, deadline=None)
WEIGHTS = st.none() | st.integers(1, 5) | st.floats(min_value=0.01, max_value=100)
ANSWER = st.sampled_from([None, DONT_KNOW, *PHASE_KEYS])  # None: the question is not answered


@st.composite
def assessments(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, str]]:
    """A questionnaire with random question counts and weights, and one respondent's answers to it."""
    dimensions = []
    for key in DIMENSION_KEYS:
        raw_dimension = dimension(key, questions=draw(st.integers(3, 5)), weight=draw(WEIGHTS))
        for raw_question in raw_dimension["questions"]:
            if (weight := draw(WEIGHTS)) is not None:
                raw_question["weight"] = weight
        dimensions.append(raw_dimension)
    q = parse(raw_questionnaire(dimensions=dimensions), "generated")
    given_answers = {question.key: draw(ANSWER) for question in q.questions}
    return q, {key: option for key, option in given_answers.items() if option is not None}


@PROPERTIES
@given(st.data())
def test_raising_one_answer_never_lowers_a_score_or_the_phase(data: st.DataObject) -> None:
    # Only level to higher level: replacing "don't know" by a level may rightly lower a score.
    q, given_answers = data.draw(assessments())
    raisable = sorted(key for key, option in given_answers.items() if option in PHASE_KEYS[:-1])
    assume(raisable)
    key = data.draw(st.sampled_from(raisable))
    higher = data.draw(st.sampled_from(PHASE_KEYS[PHASE_KEYS.index(given_answers[key]) + 1 :]))

    before = assess(q, given_answers)
    after = assess(q, {**given_answers, key: higher})

    for old, new in zip(before.dimensions, after.dimensions, strict=True):
        assert old.status == new.status
        if old.score is not None and new.score is not None:
            assert new.score >= old.score
    if before.overall_score is not None and after.overall_score is not None:
        assert after.overall_score >= before.overall_score
    if before.phase is not None and after.phase is not None:
        assert after.phase >= before.phase


@PROPERTIES
@given(assessments(), st.randoms(use_true_random=False))
def test_order_of_answers_is_irrelevant(assessment: tuple[Questionnaire, dict[str, str]], random: Random) -> None:
    q, given_answers = assessment
    items = list(given_answers.items())
    random.shuffle(items)

    assert assess(q, dict(items)) == assess(q, given_answers)


@PROPERTIES
@given(assessments())
def test_scores_stay_within_one_to_four(assessment: tuple[Questionnaire, dict[str, str]]) -> None:
    result = assess(*assessment)

    for scored in result.dimensions:
        assert scored.score is None or 1 <= scored.score <= 4
    assert result.overall_score is None or 1 <= result.overall_score <= 4
    assert result.phase is None or 1 <= result.phase <= 4
    assert result.has_result == any(d.score is not None for d in result.dimensions)
