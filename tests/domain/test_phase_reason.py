"""Why a result is in its phase, as a table of cases on the minimal questionnaire (see test_scoring.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from roadmap.domain.loader import parse
from roadmap.domain.phase_reason import PhaseReason, TopicScore, phase_reason
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import assess
from tests.domain.minimal import answers, raw_questionnaire
from tests.domain.test_next_phase_properties import assessments


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return parse(raw_questionnaire(), "minimal")


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        pytest.param(
            {"strategy": [3, 3, 3, 2], "ownership": [3, 3, 3, 3]},
            PhaseReason("score", 2, 2.875, 2, 3, ()),
            id="just under a whole number: the next phase starts there",
        ),
        pytest.param(
            {"strategy": [4, 4, 4, 4], "ownership": [4, 4, 4, 4], "webcare": [1, 2, 2, 2]},
            PhaseReason("weakest_link", 2, 3.25, 3, 2, (TopicScore("webcare", 1.75),)),
            id="a topic two phases behind the score holds it back",
        ),
        pytest.param(
            {"strategy": [4, 4, 4, 4], "webcare": [2, 2, 2, 2]},
            PhaseReason("score", 3, 3.0, 3, 4, ()),
            id="a topic exactly one phase behind does not hold back",
        ),
        pytest.param(
            {"strategy": [4, 4, 4, 4], "ownership": [4, 4, 4, 4], "webcare": [1, 1, 1, 1], "content": [1, 1]},
            PhaseReason("score", 2, 2.5, 2, 3, ()),
            id="score and cap agree: the score's phase is the reason",
        ),
        pytest.param(
            {k: [4, 4, 4, 4] for k in ("strategy", "ownership", "co_creation", "governance")}
            | {"webcare": [1, 1, 1, 1], "content": [1, 2, 1, 1]},
            PhaseReason("weakest_link", 2, 18.25 / 6, 3, 2, (TopicScore("webcare", 1.0), TopicScore("content", 1.25))),
            id="every topic at the bottom holds back",
        ),
        pytest.param(
            {"strategy": [4, 4, 4, 4], "ownership": [4, 4, 4, 4]},
            PhaseReason("score", 4, 4.0, 4, None, ()),
            id="the last phase has no next threshold",
        ),
    ],
)
def test_phase_reason(questionnaire: Questionnaire, levels: dict[str, list[int | None]], expected: PhaseReason) -> None:
    assert phase_reason(assess(questionnaire, answers(levels))) == expected


def test_no_result_has_no_reason(questionnaire: Questionnaire) -> None:
    assert phase_reason(assess(questionnaire, answers({"strategy": [None, None, None, None]}))) is None


@settings(max_examples=150, deadline=None)
@given(assessments())
def test_the_reason_is_the_rule_that_set_the_phase(assessment: tuple[Questionnaire, dict[str, str]]) -> None:
    result = assess(*assessment)
    reason = phase_reason(result)

    if result.phase is None:
        assert reason is None
        return
    assert reason is not None
    assert reason.phase == result.phase
    assert (reason.kind == "weakest_link") == (result.phase < reason.score_phase)
    assert (reason.kind == "weakest_link") == bool(reason.holding_back)
    for topic in reason.holding_back:
        assert topic.score < reason.phase  # more than one phase behind the score's phase
    if reason.kind == "score":
        assert reason.phase <= reason.overall_score + 1e-9
        assert reason.threshold is None or reason.overall_score + 1e-9 < reason.threshold
