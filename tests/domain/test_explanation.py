"""The API-shaped explanation of a result: `phase_reason`, `to_next_phase` and `topic_advice`."""

from __future__ import annotations

from roadmap.domain.aggregation import Respondent, aggregate
from roadmap.domain.explanation import explanation_json, group_explanation_json
from roadmap.domain.loader import parse
from tests.domain.minimal import answers, raw_questionnaire

QUESTIONNAIRE = parse(raw_questionnaire(), "minimal")


def test_one_respondent_held_back_by_a_topic() -> None:
    levels = {"strategy": [4, 4, 4, 4], "ownership": [4, 4, 4, 4], "webcare": [1, 1, 2, 2]}

    explained = explanation_json(QUESTIONNAIRE, answers(levels), "nl")

    assert explained == {
        "phase_reason": "weakest_link",
        "to_next_phase": {
            "phase": {"number": 3, "key": "engagement", "name": "Engagement (nl)"},
            "steps": 2,
            "changes": [{"question": "webcare_q1", "dimension": "webcare", "from": "presence", "to": "engagement"}],
        },
        "topic_advice": [
            {"dimension": "webcare", "phase": 1, "text": "advice webcare presence (nl)"},
            {"dimension": "strategy", "phase": 4, "text": "advice strategy social_business (nl)"},
            {"dimension": "ownership", "phase": 4, "text": "advice ownership social_business (nl)"},
        ],
    }


def test_the_last_phase_and_no_result() -> None:
    top = explanation_json(QUESTIONNAIRE, answers({"strategy": [4, 4, 4, 4]}), "en")
    nothing = explanation_json(QUESTIONNAIRE, {}, "en")

    assert (top["phase_reason"], top["to_next_phase"]) == ("score", None)
    assert top["topic_advice"] == [{"dimension": "strategy", "phase": 4, "text": "advice strategy social_business"}]
    assert nothing == {"phase_reason": None, "to_next_phase": None, "topic_advice": []}


def test_a_group_states_conditions() -> None:
    respondents = [
        Respondent(None, {"strategy": 4.0, "ownership": 4.0, "webcare": 1.5}),
        Respondent("sales", {"strategy": 4.0, "ownership": 3.5, "webcare": 2.1}),
    ]
    result = aggregate(QUESTIONNAIRE, respondents).result

    explained = group_explanation_json(QUESTIONNAIRE, result, "en")

    assert explained["phase_reason"] == "weakest_link"
    conditions = explained["to_next_phase"]
    assert conditions["phase"] == {"number": 3, "key": "engagement", "name": "Engagement"}
    assert conditions["overall_score"]["needed"] == 3
    assert abs(conditions["overall_score"]["current"] - (4 + 3.75 + 1.8) / 3) < 1e-9
    assert [(t["dimension"], t["needed"]) for t in conditions["topics"]] == [("webcare", 2)]
    assert abs(conditions["topics"][0]["score"] - 1.8) < 1e-9
    assert [a["dimension"] for a in explained["topic_advice"]] == ["webcare", "ownership", "strategy"]
