"""The shown order of a question's options: fixed, never the level order or its reverse, "don't know" last."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.domain.loader import parse
from roadmap.domain.option_order import display_options
from roadmap.domain.questionnaire import DONT_KNOW, Question
from tests.domain.minimal import raw_questionnaire

QUESTIONNAIRE = parse(raw_questionnaire(), "minimal")
QUESTION = QUESTIONNAIRE.questions[0]
KEYS = st.text(min_size=1, max_size=40)


def levels(options: tuple[object, ...]) -> list[int | None]:
    return [getattr(option, "level", None) for option in options]


@settings(max_examples=300, deadline=None)
@given(KEYS, KEYS)
def test_a_permutation_neither_ascending_nor_descending_with_dont_know_last(questionnaire_id: str, key: str) -> None:
    question = Question(key, QUESTION.text, QUESTION.options)

    shown = display_options(questionnaire_id, question)

    assert sorted(shown, key=lambda o: o.key) == sorted(question.options, key=lambda o: o.key)
    assert shown[-1].key == DONT_KNOW
    shown_levels = levels(shown[:-1])
    assert shown_levels not in ([1, 2, 3, 4], [4, 3, 2, 1])
    assert display_options(questionnaire_id, question) == shown  # stable across calls


def test_the_same_order_for_the_same_question_and_different_orders_across_questions() -> None:
    orders = [tuple(levels(display_options(QUESTIONNAIRE.id, q))) for q in QUESTIONNAIRE.questions]

    again = [tuple(levels(display_options(QUESTIONNAIRE.id, q))) for q in QUESTIONNAIRE.questions]
    assert orders == again
    assert len(set(orders)) > 5  # 32 questions: the order tells nothing about the question either
    assert max(Counter(order[0] for order in orders).values()) < len(orders) / 2  # no level is usually first


def test_the_order_depends_on_the_questionnaire_and_the_key_only() -> None:
    shuffled = Question(QUESTION.key, QUESTION.text, tuple(reversed(QUESTION.options)), weight=3)

    assert levels(display_options("test-roadmap", shuffled)) == levels(display_options("test-roadmap", QUESTION))
    assert [levels(display_options(f"other-{i}", QUESTION)) for i in range(20)] != [
        levels(display_options("test-roadmap", QUESTION))
    ] * 20


def test_a_known_order_stays_the_same_between_releases() -> None:
    # Changing the derivation would reshuffle every question under a respondent's eyes mid-assessment.
    assert levels(display_options("social-business-roadmap", QUESTION)) == [2, 4, 3, 1, None]
