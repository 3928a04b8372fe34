"""The questionnaire flow through the site: start, pages, resume link, review, submit, result, delete."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import assess
from roadmap.render.charts import radar_figure, radar_json
from tests.conftest import all_answers
from tests.web.conftest import Element, answers_with, get_page

# Result


@pytest.fixture
def held_back_result(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> tuple[str, Element]:
    """Social Business everywhere but Measurement in Presence: score 3.67 (phase 3), held back to phase 2."""
    token = make_assessment(answers=answers_with(questionnaire, "social_business", measurement="presence"))
    return token, get_page(client, f"/a/{token}/result")


def test_the_result_marks_the_current_phase_on_the_roadmap(held_back_result: tuple[str, Element]) -> None:
    _token, page = held_back_result
    roadmap = page.find("ol", class_="roadmap")
    current = roadmap.find_all("li", aria_current="step")
    assert len(current) == 1
    assert current[0].find(class_="roadmap-name").text == "Dialogue"
    assert len(roadmap.find_all("li")) == 4


def test_the_result_shows_the_overall_score_rounded(held_back_result: tuple[str, Element]) -> None:
    _token, page = held_back_result
    figures = page.find(class_="summary-figures").text
    assert "Overall score 3.7" in figures
    assert "2. Dialogue" in figures


def test_the_result_has_the_radar_chart_data(
    held_back_result: tuple[str, Element], questionnaire: Questionnaire
) -> None:
    _token, page = held_back_result
    figure = json.loads(page.find("script", id="radar-figure", type="application/json").raw_text)
    scores = next(trace for trace in figure["data"] if trace["name"] == "Score")
    expected = [1.0 if d.key == "measurement" else 4.0 for d in questionnaire.dimensions]
    assert scores["r"] == [*expected, expected[0]]
    assert [name.replace("<br>", " ") for name in scores["theta"][:-1]] == [
        d.name("en") for d in questionnaire.dimensions
    ]
    assert all(len(line) <= 14 for name in scores["theta"] for line in name.split("<br>"))  # wrapped for phones


def test_the_result_has_a_table_of_scores_and_phases(
    held_back_result: tuple[str, Element], questionnaire: Questionnaire
) -> None:
    _token, page = held_back_result
    rows = page.find("table", class_="scores").find("tbody").find_all("tr")
    table = {row.find("th").text: [cell.text for cell in row.find_all("td")] for row in rows}
    assert list(table) == [d.name("en") for d in questionnaire.dimensions]
    assert table["Measurement and insights"] == ["1.0", "1. Presence", "Lagging: holds the phase back"]
    assert table["Strategy and goals"] == ["4.0", "4. Social Business", "Leading"]


def test_the_result_describes_the_phase_with_customers_notice_obstacles_and_next_steps(
    held_back_result: tuple[str, Element], questionnaire: Questionnaire
) -> None:
    _token, page = held_back_result
    phase = questionnaire.phase(2)
    section = page.find("section", aria_labelledby="phase-title")
    assert section.find("h2").text == "Phase 2: Dialogue"
    text = section.text
    assert " ".join(phase.description("en").split()) in text
    for item in (*phase.customers_notice, *phase.obstacles):
        assert item("en") in text
    steps = [li.find("strong").text for li in page.find("ol", class_="next-steps").find_all("li")]
    assert steps == [step.text("en") for step in phase.next_steps]


def test_the_result_gives_advice_for_lagging_dimensions(
    held_back_result: tuple[str, Element], questionnaire: Questionnaire
) -> None:
    _token, page = held_back_result
    advice = page.find("ul", class_="topic-advice").find_all("li")
    measurement = questionnaire.dimension("measurement")
    assert measurement is not None
    assert len(advice) == len(questionnaire.dimensions)  # every topic, the lagging one first
    assert advice[0].find("strong").text == measurement.name("en")
    assert measurement.advice["presence"].text("en") in advice[0].text


def test_the_result_names_the_dimensions_that_hold_the_phase_back(held_back_result: tuple[str, Element]) -> None:
    _token, page = held_back_result
    notice = page.by_id("why-phase")
    assert notice.has("class", "notice-warning")
    assert "would be Engagement, but Measurement and insights at 1.0 holds you back" in " ".join(notice.text.split())


def test_a_result_without_a_weakest_link_problem_names_nothing_held_back(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    # Score 3.78 is phase 3; Measurement in phase 2 lags but allows phase 3, so it holds nothing back.
    token = make_assessment(answers=answers_with(questionnaire, "social_business", measurement="dialogue"))
    page = get_page(client, f"/a/{token}/result")
    assert page.find("li", aria_current="step").find(class_="roadmap-name").text == "Engagement"
    assert "holds you back" not in page.by_id("why-phase").text
    assert not page.by_id("why-phase").has("class", "notice-warning")
    assert page.find("ul", class_="topic-advice").find("strong").text == "Measurement and insights"


def test_an_insufficient_dimension_is_marked_too_little_data_not_zero(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=answers_with(questionnaire, "engagement", strategy="dont_know"))
    page = get_page(client, f"/a/{token}/result")
    row = next(r for r in page.find("table", class_="scores").find_all("tr") if r.text.startswith("Strategy"))
    assert "Too little data" in row.text
    assert not re.search(r"\b0[.,]0\b", row.text)
    assert row.has("class", "is-insufficient")
    figure = json.loads(page.by_id("radar-figure").raw_text)
    scores = next(trace for trace in figure["data"] if trace["name"] == "Score")
    assert scores["r"][0] is None
    assert "too little data" in scores["theta"][0]
    assert "Overall score 3.0" in page.find(class_="summary-figures").text


def test_only_dont_know_answers_give_no_result(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire, "dont_know"))
    page = get_page(client, f"/a/{token}/result")
    assert "Not enough answers for a result" in page.text
    assert not page.find_all(aria_current="step")
    assert not page.find_all(id="radar-figure")
    assert not page.find_all(class_="summary-figures")
    rows = page.find("table", class_="scores").find("tbody").find_all("tr")
    assert all("Too little data" in row.text for row in rows)


def test_the_result_of_an_unsubmitted_assessment_leads_back_to_the_questions(
    client: FlaskClient, make_assessment: Callable[..., str]
) -> None:
    token = make_assessment()
    assert client.get(f"/a/{token}/result").location == f"/a/{token}"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("engagement", "en"), ("engagement", "nl")),
        (("engagement", "en"), ("dialogue", "en")),
        (("dont_know", "en"), ("presence", "en")),
    ],
)
def test_the_kept_chart_json_is_the_figure_of_each_result(
    app: Flask, questionnaire: Questionnaire, first: tuple[str, str], second: tuple[str, str]
) -> None:
    """The result page's chart comes from a cache; whatever was drawn before, it is this result's own figure."""
    results = {case: assess(questionnaire, all_answers(questionnaire, case[0])) for case in (first, second)}
    with app.test_request_context():
        for case in (first, second, first):
            expected = json.loads(radar_figure(questionnaire, results[case], case[1]).to_json())
            assert radar_json(questionnaire, results[case], case[1]) == expected
        assert radar_json(questionnaire, results[first], first[1]) != radar_json(
            questionnaire, results[second], second[1]
        )
