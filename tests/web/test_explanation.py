"""The explanation of a result on the result page and in the API: why this phase, the plan, advice per topic.

Three cases, one per rule: a 2.9 that the whole number keeps in Dialogue (reason `score`), a 3.7 held back by its
weakest link, and phase 4 (no plan). The plan itself is tested in tests/domain/test_next_phase*.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from roadmap.domain.advice import topic_advice
from roadmap.domain.next_phase import plan_to_next_phase
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import assess
from tests.web.conftest import answers_with, get_page


def almost_engagement(questionnaire: Questionnaire) -> dict[str, str]:
    """Engagement everywhere but Tools at 2.25 (one Engagement, three Dialogue): overall 2.92, shown as 2.9."""
    answers = answers_with(questionnaire, "engagement")
    tools = questionnaire.dimension("tools")
    assert tools is not None
    for question in tools.questions[1:]:
        answers[question.key] = "dialogue"
    return answers


def held_back(questionnaire: Questionnaire) -> dict[str, str]:
    return answers_with(questionnaire, "social_business", measurement="presence")


def squashed(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def result_page(client: FlaskClient, make_assessment: Callable[..., str]) -> Callable[[dict[str, str]], object]:
    def page(answers: dict[str, str]) -> object:
        return get_page(client, f"/a/{make_assessment(answers=answers)}/result")

    return page


def test_a_score_below_the_whole_number_says_where_the_next_phase_starts(
    result_page: Callable[..., object], questionnaire: Questionnaire
) -> None:
    page = result_page(almost_engagement(questionnaire))
    why = squashed(page.by_id("why-phase").text)  # type: ignore[attr-defined]
    assert "Why this phase" in why
    assert "A phase is reached at its whole number: Engagement starts at 3.0; your score is 2.9." in why
    assert "holds you back" not in why


def test_the_plan_lists_each_change_with_the_practice_now_and_the_practice_to_aim_for(
    result_page: Callable[..., object], questionnaire: Questionnaire
) -> None:
    answers = almost_engagement(questionnaire)
    plan = plan_to_next_phase(questionnaire, answers)
    assert plan is not None and plan.steps == 3
    section = result_page(answers).by_id("to-next-phase")  # type: ignore[attr-defined]
    assert squashed(section.find("h2").text) == "To reach Engagement: 3 changes"
    items = section.find("ol", class_="plan").find_all("li", class_="plan-change")
    assert len(items) == len(plan.changes)
    for item, change in zip(items, plan.changes, strict=True):
        question = questionnaire.question(change.question)
        assert question is not None
        text = squashed(item.text)
        assert question.text("en") in text
        assert f"Now ({questionnaire.phase(change.from_level).name('en')})" in text
        assert squashed(question.option(change.from_option).text("en")) in text  # type: ignore[union-attr]
        assert f"Aim for ({questionnaire.phase(change.to_level).name('en')})" in text
        assert squashed(question.option(change.to_option).text("en")) in text  # type: ignore[union-attr]


def test_a_weakest_link_is_named_with_its_score(
    result_page: Callable[..., object], questionnaire: Questionnaire
) -> None:
    page = result_page(held_back(questionnaire))
    why = squashed(page.by_id("why-phase").text)  # type: ignore[attr-defined]
    assert (
        "Your score of 3.7 would be Engagement, but Measurement and insights at 1.0 holds you back: "
        "no topic may be more than one phase behind."
    ) in why
    # Dialogue now: Engagement needs Measurement at 2.0, four levels more: its first question raised as far as it
    # goes (Presence to Social Business counts as 3), then the second by one.
    section = page.by_id("to-next-phase")  # type: ignore[attr-defined]
    assert squashed(section.find("h2").text) == "To reach Engagement: 4 changes"
    assert "counts as 3 changes" in section.text


def test_phase_4_has_no_plan(result_page: Callable[..., object], questionnaire: Questionnaire) -> None:
    page = result_page(answers_with(questionnaire, "social_business"))
    why = squashed(page.by_id("why-phase").text)  # type: ignore[attr-defined]
    assert "Your score of 4.0 reaches Social Business, the last phase of the roadmap" in why
    section = page.by_id("to-next-phase")  # type: ignore[attr-defined]
    assert squashed(section.find("h2").text) == "The next phase"
    assert "there is no next phase to reach" in section.text
    assert not section.find_all("ol")


def test_every_topic_gets_its_advice_lagging_first(
    result_page: Callable[..., object], questionnaire: Questionnaire
) -> None:
    answers = answers_with(questionnaire, "engagement", measurement="presence", tools="social_business")
    page = result_page(answers)
    items = page.by_id("topic-advice").find("ul", class_="topic-advice").find_all("li")  # type: ignore[attr-defined]
    expected = topic_advice(questionnaire, assess(questionnaire, answers))
    assert len(items) == len(questionnaire.dimensions) == len(expected)
    assert items[0].find("strong").text == "Measurement and insights"
    assert "lags behind" in items[0].text
    for item, advice in zip(items, expected, strict=True):
        dimension = questionnaire.dimension(advice.dimension)
        assert dimension is not None
        assert item.find("strong").text == dimension.name("en")
        assert squashed(advice.step.text("en")) in squashed(item.text)
    # Advice for phase 4 (Tools) is shown too, which the next steps alone never showed.
    assert squashed(questionnaire.dimension("tools").advice["social_business"].text("en")) in squashed(  # type: ignore[union-attr]
        page.by_id("topic-advice").text  # type: ignore[attr-defined]
    )


def test_the_score_table_has_no_status_column(result_page: Callable[..., object], questionnaire: Questionnaire) -> None:
    page = result_page(held_back(questionnaire))
    table = page.find("table", class_="scores")  # type: ignore[attr-defined]
    headers = [th.text for th in table.find("thead").find_all("th")]
    assert headers == ["Topic", "Score", "Phase", "Compared with the overall phase"]
    assert "Scored" not in table.text


# The API


def api_result(client: FlaskClient, questionnaire: Questionnaire, answers: dict[str, str]) -> dict[str, object]:
    response = client.post(
        "/api/v1/assessments",
        json={"questionnaire": questionnaire.id, "organisation": {"name": "Acme Ltd"}, "answers": answers},
    )
    assert response.status_code == 201, response.get_json()
    token = response.get_json()["token"]
    return dict(client.get(f"/api/v1/assessments/{token}").get_json())


def test_the_api_gives_the_reason_score_and_the_plan_with_option_keys(
    client: FlaskClient, questionnaire: Questionnaire
) -> None:
    answers = almost_engagement(questionnaire)
    data = api_result(client, questionnaire, answers)
    plan = plan_to_next_phase(questionnaire, answers)
    assert plan is not None
    assert data["phase_reason"] == "score"
    assert data["to_next_phase"] == {
        "phase": {"number": 3, "key": "engagement", "name": "Engagement"},
        "steps": 3,
        "changes": [
            {"question": c.question, "dimension": c.dimension, "from": c.from_option, "to": c.to_option}
            for c in plan.changes
        ],
    }
    # Applying the plan's changes reaches Engagement.
    assert assess(questionnaire, plan.apply(answers)).phase == 3
    assert "next_steps" in data and "held_back_by" in data  # beside the existing fields


def test_the_api_gives_weakest_link_and_topic_advice(client: FlaskClient, questionnaire: Questionnaire) -> None:
    data = api_result(client, questionnaire, held_back(questionnaire))
    assert data["phase_reason"] == "weakest_link"
    advice = data["topic_advice"]
    assert isinstance(advice, list) and len(advice) == len(questionnaire.dimensions)
    measurement = questionnaire.dimension("measurement")
    assert measurement is not None
    assert advice[0] == {"dimension": "measurement", "phase": 1, "text": measurement.advice["presence"].text("en")}
    assert {a["phase"] for a in advice[1:]} == {4}


def test_the_api_has_no_plan_in_phase_4(client: FlaskClient, questionnaire: Questionnaire) -> None:
    data = api_result(client, questionnaire, answers_with(questionnaire, "social_business"))
    assert (data["phase_reason"], data["to_next_phase"]) == ("score", None)


def test_the_api_lists_options_in_level_order(client: FlaskClient, questionnaire: Questionnaire) -> None:
    data = client.get(f"/api/v1/questionnaires/{questionnaire.id}").get_json()
    for dimension in data["dimensions"]:
        for question in dimension["questions"]:
            levels = [o["level"] for o in question["options"]]
            assert levels == [1, 2, 3, 4, None]
