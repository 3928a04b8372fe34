"""The JSON API v1: questionnaires, creating an assessment, reading a result, and refusing bad input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from tests.conftest import all_answers, count_rows

QUESTIONNAIRE_ID = "social-business-roadmap"


def body(questionnaire: Questionnaire, answers: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """A valid request body; `fields` replace or add top-level fields."""
    return {
        "questionnaire": questionnaire.id,
        "organisation": {"name": "Acme Ltd"},
        "answers": all_answers(questionnaire) if answers is None else answers,
        **fields,
    }


def answers_with(questionnaire: Questionnaire, option: str, **per_dimension: str) -> dict[str, str]:
    return {q.key: per_dimension.get(d.key, option) for d in questionnaire.dimensions for q in d.questions}


def create(client: FlaskClient, payload: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/assessments", json=payload)
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


# Questionnaires


def test_list_questionnaires(client: FlaskClient) -> None:
    response = client.get("/api/v1/questionnaires")
    assert response.status_code == 200
    assert response.get_json() == {
        "questionnaires": [
            {
                "id": QUESTIONNAIRE_ID,
                "version": "2026.2",
                "title": "Social Business Roadmap",
                "url": f"/api/v1/questionnaires/{QUESTIONNAIRE_ID}",
            }
        ]
    }


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_questionnaire_in_a_language(client: FlaskClient, questionnaire: Questionnaire, language: str) -> None:
    data = client.get(f"/api/v1/questionnaires/{QUESTIONNAIRE_ID}?lang={language}").get_json()
    assert (data["id"], data["version"], data["language"]) == (QUESTIONNAIRE_ID, "2026.2", language)
    assert [p["name"] for p in data["phases"]] == [p.name(language) for p in questionnaire.phases]
    assert [p["number"] for p in data["phases"]] == [1, 2, 3, 4]
    assert [d["name"] for d in data["dimensions"]] == [d.name(language) for d in questionnaire.dimensions]
    questions = [q for d in data["dimensions"] for q in d["questions"]]
    assert [q["key"] for q in questions] == [q.key for q in questionnaire.questions]
    assert [q["text"] for q in questions] == [q.text(language) for q in questionnaire.questions]
    dont_know = {"en": "Don't know", "nl": "Weet ik niet"}[language]
    for question in questions:
        options = [(o["key"], o["level"]) for o in question["options"]]
        assert options == [
            ("presence", 1),
            ("dialogue", 2),
            ("engagement", 3),
            ("social_business", 4),
            ("dont_know", None),
        ]
        assert question["options"][-1]["text"] == dont_know


def test_dutch_texts_differ_from_english(client: FlaskClient) -> None:
    english = client.get(f"/api/v1/questionnaires/{QUESTIONNAIRE_ID}?lang=en").get_json()
    dutch = client.get(f"/api/v1/questionnaires/{QUESTIONNAIRE_ID}?lang=nl").get_json()
    assert dutch["dimensions"][0]["name"] == "Strategie en doelen"
    assert dutch["dimensions"][0]["questions"][0]["text"] != english["dimensions"][0]["questions"][0]["text"]


def test_an_unknown_questionnaire_is_not_found(client: FlaskClient) -> None:
    response = client.get("/api/v1/questionnaires/nope")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"]


# Creating and reading assessments


def test_create_an_assessment(app: Flask, client: FlaskClient, questionnaire: Questionnaire) -> None:
    response = client.post("/api/v1/assessments", json=body(questionnaire, all_answers(questionnaire, "engagement")))
    assert response.status_code == 201
    data = response.get_json()
    assert set(data) == {"token", "result"}
    assert response.headers["Location"] == f"/api/v1/assessments/{data['token']}"
    assert data["result"]["phase"] == {"number": 3, "key": "engagement", "name": "Engagement"}
    assert data["result"]["questionnaire"] == {"id": QUESTIONNAIRE_ID, "version": "2026.2"}
    assert count_rows(app, "assessments") == 1
    assert count_rows(app, "answers") == len(questionnaire.questions)
    assert client.get(f"/api/v1/assessments/{data['token']}").get_json() == data["result"]


def test_an_assessment_made_through_the_api_opens_on_the_site(
    client: FlaskClient, questionnaire: Questionnaire
) -> None:
    token = create(client, body(questionnaire))["token"]
    assert client.get(f"/a/{token}").location == f"/a/{token}/result"
    assert client.get(f"/a/{token}/result").status_code == 200


def test_a_result_has_unrounded_scores_weakest_link_lagging_leading_and_next_steps(
    client: FlaskClient, questionnaire: Questionnaire
) -> None:
    answers = answers_with(questionnaire, "social_business", measurement="presence")
    # Strategy: 4, 2, 2 and don't know: 8 / 3, a score a page shows as 2.7.
    strategy = [q.key for q in questionnaire.dimensions[0].questions]
    answers.update(zip(strategy, ["social_business", "dialogue", "dialogue", "dont_know"], strict=True))
    token = create(client, body(questionnaire, answers))["token"]
    data = client.get(f"/api/v1/assessments/{token}").get_json()
    assert data["overall_score"] == pytest.approx((8 / 3 + 7 * 4 + 1) / 9, abs=1e-12)
    assert data["phase"] == {"number": 2, "key": "dialogue", "name": "Dialogue"}
    dimensions = {d["key"]: d for d in data["dimensions"]}
    assert list(dimensions) == [d.key for d in questionnaire.dimensions]
    assert {k: dimensions["strategy"][k] for k in ("score", "phase", "status")} == {
        "score": 8 / 3,
        "phase": 2,
        "status": "scored",
    }
    assert {k: dimensions["measurement"][k] for k in ("score", "phase", "status")} == {
        "score": 1.0,
        "phase": 1,
        "status": "scored",
    }
    assert data["held_back_by"] == ["measurement"]
    assert data["lagging"] == ["measurement"]
    assert data["leading"] == [d.key for d in questionnaire.dimensions if d.key not in ("strategy", "measurement")]
    dialogue = questionnaire.phase(2)
    measurement = questionnaire.dimension("measurement")
    assert measurement is not None
    assert [(s["phase"], s["dimension"], s["text"]) for s in data["next_steps"]] == [
        *[(2, None, step.text("en")) for step in dialogue.next_steps],
        (1, "measurement", measurement.advice["presence"].text("en")),
    ]
    assert all(s["why"] for s in data["next_steps"])


def test_an_insufficient_dimension_has_no_score_and_all_dont_know_has_no_result(
    client: FlaskClient, questionnaire: Questionnaire
) -> None:
    partial = create(client, body(questionnaire, answers_with(questionnaire, "dialogue", tools="dont_know")))
    tools = next(d for d in partial["result"]["dimensions"] if d["key"] == "tools")
    assert (tools["score"], tools["phase"], tools["status"]) == (None, None, "insufficient")
    nothing = create(client, body(questionnaire, all_answers(questionnaire, "dont_know")))["result"]
    assert (nothing["overall_score"], nothing["phase"], nothing["next_steps"]) == (None, None, [])
    assert {d["status"] for d in nothing["dimensions"]} == {"insufficient"}


def test_a_result_in_dutch(client: FlaskClient, questionnaire: Questionnaire) -> None:
    token = create(client, body(questionnaire))["token"]
    data = client.get(f"/api/v1/assessments/{token}?lang=nl").get_json()
    assert data["phase"]["name"] == "Dialoog"
    assert data["next_steps"][0]["text"] == questionnaire.phase(2).next_steps[0].text("nl")


def test_an_unknown_token_is_not_found(client: FlaskClient) -> None:
    response = client.get(f"/api/v1/assessments/{'x' * 43}")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"]["message"]


def test_an_unsubmitted_web_assessment_has_no_result_yet(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire), submit=False)
    response = client.get(f"/api/v1/assessments/{token}")
    assert response.status_code == 409
    assert set(response.get_json()["error"]) == {"message", "details"}


# Bad input: a 4xx naming every problem, and nothing stored


def valid(questionnaire: Questionnaire) -> dict[str, Any]:
    return body(questionnaire)


def without(keys: list[str], payload: dict[str, Any]) -> dict[str, Any]:
    payload["answers"] = {k: v for k, v in payload["answers"].items() if k not in keys}
    return payload


Change = Callable[[Questionnaire], dict[str, Any]]

BAD_BODIES: list[tuple[str, Change, int, list[tuple[str, str]]]] = [
    (
        "unknown questionnaire",
        lambda q: {**valid(q), "questionnaire": "nope"},
        422,
        [("questionnaire", "unknown questionnaire 'nope'")],
    ),
    (
        "unknown question key",
        lambda q: {**valid(q), "answers": {**all_answers(q), "no_such_question": "dialogue"}},
        422,
        [("answers.no_such_question", "unknown question")],
    ),
    (
        "unknown option key",
        lambda q: {**valid(q), "answers": {**all_answers(q), "strategy_goals": "excellent"}},
        422,
        [("answers.strategy_goals", "unknown option 'excellent'")],
    ),
    (
        "missing answers",
        lambda q: without(["strategy_goals", "tools_crm"], valid(q)),
        422,
        [("answers.strategy_goals", "missing"), ("answers.tools_crm", "missing")],
    ),
    (
        "no answers at all",
        lambda q: {k: v for k, v in valid(q).items() if k != "answers"},
        422,
        [("answers", "required")],
    ),
    ("answers not an object", lambda q: {**valid(q), "answers": list(all_answers(q))}, 422, [("answers", "object")]),
    (
        "answer not a text",
        lambda q: {**valid(q), "answers": {**all_answers(q), "strategy_goals": 2}},
        422,
        [("answers.strategy_goals", "option key")],
    ),
    ("unknown language", lambda q: {**valid(q), "language": "fr"}, 422, [("language", "'en' or 'nl'")]),
    ("questionnaire not a text", lambda q: {**valid(q), "questionnaire": 1}, 422, [("questionnaire", "required")]),
    ("organisation not an object", lambda q: {**valid(q), "organisation": "Acme"}, 422, [("organisation", "required")]),
    ("no organisation name", lambda q: {**valid(q), "organisation": {}}, 422, [("organisation.name", "required")]),
    (
        "blank organisation name",
        lambda q: {**valid(q), "organisation": {"name": "  "}},
        422,
        [("organisation.name", "")],
    ),
    (
        "organisation name over 200 characters",
        lambda q: {**valid(q), "organisation": {"name": "x" * 201}},
        422,
        [("organisation.name", "200")],
    ),
    (
        "every problem at once",
        lambda q: {
            "questionnaire": q.id,
            "organisation": {"name": "x" * 201, "sector": "space"},
            "answers": {**without(["tools_crm"], valid(q))["answers"], "strategy_goals": "excellent", "extra": "x"},
            "colour": "blue",
        },
        422,
        [
            ("organisation.name", "200"),
            ("organisation.sector", ""),
            ("answers.strategy_goals", "unknown option"),
            ("answers.extra", "unknown question"),
            ("answers.tools_crm", "missing"),
            ("colour", "unknown field"),
        ],
    ),
]


@pytest.mark.parametrize(("change", "status", "problems"), [b[1:] for b in BAD_BODIES], ids=[b[0] for b in BAD_BODIES])
def test_bad_input_names_every_problem_and_stores_nothing(
    app: Flask,
    client: FlaskClient,
    questionnaire: Questionnaire,
    change: Change,
    status: int,
    problems: list[tuple[str, str]],
) -> None:
    response = client.post("/api/v1/assessments", json=change(questionnaire))
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["message"]
    for path, words in problems:
        assert any(detail.startswith(f"{path}:") and words in detail for detail in error["details"]), (
            path,
            error["details"],
        )
    assert count_rows(app, "assessments") == 0
    assert count_rows(app, "answers") == 0


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("questionnaire=social-business-roadmap", "application/x-www-form-urlencoded"),
        ('{"questionnaire": ', "application/json"),
        ("[1, 2]", "application/json"),
        ('"text"', "application/json"),
    ],
    ids=["form data", "broken json", "json array", "json string"],
)
def test_a_body_that_is_not_a_json_object_is_refused(
    app: Flask, client: FlaskClient, data: str, content_type: str
) -> None:
    response = client.post("/api/v1/assessments", data=data, content_type=content_type)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["message"]
    assert isinstance(error["details"], list)
    assert count_rows(app, "assessments") == 0


def test_a_body_over_one_megabyte_is_refused(app: Flask, client: FlaskClient, questionnaire: Questionnaire) -> None:
    payload = body(questionnaire, organisation={"name": "x" * (1024 * 1024)})
    response = client.post("/api/v1/assessments", data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["message"]
    assert isinstance(error["details"], list)
    assert count_rows(app, "assessments") == 0
    assert count_rows(app, "answers") == 0


def test_the_language_field_chooses_the_texts_of_the_response(
    client: FlaskClient, questionnaire: Questionnaire
) -> None:
    result = create(client, body(questionnaire, language="nl"))["result"]
    assert (result["language"], result["phase"]["name"]) == ("nl", "Dialoog")


@pytest.mark.parametrize(
    ("method", "url", "status"), [("get", "/api/v1/nothing", 404), ("get", "/api/v1/assessments", 405)]
)
def test_other_api_errors_are_json_too(client: FlaskClient, method: str, url: str, status: int) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response.get_json()["error"] == {"message": response.get_json()["error"]["message"], "details": []}
    assert response.get_json()["error"]["message"]


def test_a_wrong_answer_type_gives_one_line_for_its_field(
    app: Flask, client: FlaskClient, questionnaire: Questionnaire
) -> None:
    payload = body(questionnaire, {**all_answers(questionnaire), "strategy_goals": 2, "tools_crm": None})
    details = client.post("/api/v1/assessments", json=payload).get_json()["error"]["details"]
    assert details == [
        "answers.strategy_goals: must be an option key (text)",
        "answers.tools_crm: must be an option key (text)",
    ]


@pytest.mark.parametrize(
    "organisation",
    [{"name": "Acme\x00Ltd"}, {"name": "Acme\ud800"}, {"name": "Ac\x1bme"}, {"name": "Acme", "role": "boss\x00"}],
    ids=["NUL in name", "lone surrogate in name", "escape in name", "NUL in role"],
)
def test_texts_that_cannot_be_stored_are_refused(
    app: Flask, client: FlaskClient, questionnaire: Questionnaire, organisation: dict[str, str]
) -> None:
    response = client.post("/api/v1/assessments", json=body(questionnaire, organisation=organisation))
    assert response.status_code == 422
    field = "organisation.role" if "role" in organisation else "organisation.name"
    assert [line.split(":")[0] for line in response.get_json()["error"]["details"]] == [field]
    assert count_rows(app, "assessments") == 0


@pytest.mark.parametrize(("name", "stored"), [("  Acme  ", "Acme"), (" " * 50 + "x" * 200 + "\n", "x" * 200)])
def test_surrounding_spaces_do_not_count_in_the_name(
    client: FlaskClient, questionnaire: Questionnaire, name: str, stored: str
) -> None:
    assert create(client, body(questionnaire, organisation={"name": name}))["result"]["organisation"]["name"] == stored


def test_the_openapi_document_describes_the_schema_the_requests_are_checked_with(
    app: Flask, client: FlaskClient
) -> None:
    from roadmap.web.api.schemas import NEW_ASSESSMENT

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    assert document["components"]["schemas"]["NewAssessment"] == NEW_ASSESSMENT
    routes = {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods or ()
        if method not in {"HEAD", "OPTIONS"}
    }
    assert {(path, method) for path, item in document["paths"].items() for method in item} == routes
