"""Advice for every topic: each scored dimension's advice for its own phase, lagging topics first."""

from __future__ import annotations

import pytest

from roadmap.domain.advice import topic_advice
from roadmap.domain.loader import parse
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import assess
from tests.domain.minimal import answers, raw_questionnaire

DONT = None


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return parse(raw_questionnaire(), "minimal")


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        pytest.param(
            {"strategy": [4, 4, 4, 4], "ownership": [3, 3, 3, 3], "webcare": [3, 3, 4, 4]},
            [("ownership", 3, False), ("webcare", 3, False), ("strategy", 4, False)],
            id="phases 3 and 4 have advice too; lowest score first",
        ),
        pytest.param(
            {"strategy": [4, 4, 4, 4], "ownership": [4, 4, 4, 4], "webcare": [1, 2, 2, 2], "content": [3, 3, 3, 3]},
            [("webcare", 1, True), ("content", 3, False), ("strategy", 4, False), ("ownership", 4, False)],
            id="lagging first, equal scores in file order",
        ),
        pytest.param(
            {"strategy": [2, 2, 2, 2], "ownership": [1, 1, 1, 1], "webcare": [1, 2, 1, 2], "content": [4, DONT]},
            [("ownership", 1, False), ("webcare", 1, False), ("strategy", 2, False)],
            id="insufficient topics get no advice",
        ),
        pytest.param(
            {"strategy": [4, 4, 4, 4], "ownership": [3, 3, 3, 3], "webcare": [2, 2, 2, 2], "content": [1, 2, 2, 2]},
            [("content", 1, True), ("webcare", 2, False), ("ownership", 3, False), ("strategy", 4, False)],
            id="a topic at the phase itself is not lagging",
        ),
    ],
)
def test_every_scored_topic_gets_its_own_phase_advice(
    questionnaire: Questionnaire, levels: dict[str, list[int | None]], expected: list[tuple[str, int, bool]]
) -> None:
    result = assess(questionnaire, answers(levels))

    advice = topic_advice(questionnaire, result)

    assert [(a.dimension, a.phase, a.lagging) for a in advice] == expected
    for item in advice:
        dimension = questionnaire.dimension(item.dimension)
        assert dimension is not None
        assert item.step == dimension.advice[questionnaire.phase(item.phase).key]
        assert item.step.text("en") == f"advice {item.dimension} {questionnaire.phase(item.phase).key}"


def test_no_result_no_advice(questionnaire: Questionnaire) -> None:
    assert topic_advice(questionnaire, assess(questionnaire, {})) == ()


def test_next_steps_keep_their_meaning(questionnaire: Questionnaire) -> None:
    # The phase's next steps, then the lagging topics' advice only: topic advice does not change them.
    result = assess(questionnaire, answers({"strategy": [4, 4, 4, 4], "ownership": [4, 4, 4, 4], "webcare": [1, 2]}))

    assert [s.dimension for s in result.next_steps] == [None] * 5 + ["webcare"]
