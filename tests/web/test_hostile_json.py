"""Hostile JSON: whatever the body, the API answers 400 with its error format, stores nothing and never fails."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from tests.conftest import all_answers, count_rows

MESSAGE = "The body must be a JSON object."


def valid_body(questionnaire: Questionnaire) -> str:
    body = {"questionnaire": questionnaire.id, "organisation": {"name": "x"}, "answers": all_answers(questionnaire)}
    return json.dumps(body)


def with_answers(questionnaire: Questionnaire, answers: str) -> str:
    return f'{{"questionnaire": "{questionnaire.id}", "organisation": {{"name": "x"}}, "answers": {answers}}}'


HOSTILE: dict[str, Callable[[Questionnaire], str | bytes]] = {
    "1,000 nested arrays": lambda q: with_answers(q, "[" * 1000 + "]" * 1000),
    "1,000 nested objects": lambda q: with_answers(q, '{"a":' * 1000 + "1" + "}" * 1000),
    "100,000 nested arrays": lambda q: "[" * 100_000 + "]" * 100_000,
    "NaN": lambda q: with_answers(q, "NaN"),
    "-Infinity": lambda q: with_answers(q, "-Infinity"),
    "a number beyond a float": lambda q: with_answers(q, "1e999"),
    "an integer of 5,000 digits": lambda q: with_answers(q, "9" * 5000),
    "a key twice": lambda q: valid_body(q)[:-1] + ', "questionnaire": "other"}',
    "not UTF-8": lambda q: b'{"questionnaire": "\xff\xfe"}',
    "cut off": lambda q: valid_body(q)[:-1],
}


@pytest.mark.parametrize("make_body", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_json_gets_400_in_the_api_error_format(
    app: Flask, client: FlaskClient, questionnaire: Questionnaire, make_body: Callable[[Questionnaire], str | bytes]
) -> None:
    body = make_body(questionnaire)
    response = client.post("/api/v1/assessments", data=body, content_type="application/json")
    assert response.status_code == 400, response.data[:300]
    error = response.get_json()["error"]
    assert error["message"] == MESSAGE
    [detail] = error["details"]
    assert len(detail) < 300 and "\n" not in detail
    assert count_rows(app, "assessments") == 0


def test_the_reason_is_named(client: FlaskClient, questionnaire: Questionnaire) -> None:
    def detail(body: str | bytes) -> str:
        response = client.post("/api/v1/assessments", data=body, content_type="application/json")
        return str(response.get_json()["error"]["details"][0])

    assert detail(HOSTILE["1,000 nested arrays"](questionnaire)) == "the JSON is nested more than 32 levels deep"
    assert detail(HOSTILE["NaN"](questionnaire)) == "NaN is not a number JSON allows"
    assert (
        detail(HOSTILE["a key twice"](questionnaire)) == "the key 'questionnaire' appears more than once in one object"
    )
    assert detail(HOSTILE["cut off"](questionnaire)).startswith("the body is not valid JSON (Expecting")


def test_brackets_inside_strings_are_not_nesting(app: Flask, client: FlaskClient, questionnaire: Questionnaire) -> None:
    body = json.loads(valid_body(questionnaire))
    body["organisation"]["name"] = '[[[[{{{{"\\' * 19
    response = client.post("/api/v1/assessments", json=body)
    assert response.status_code == 201, response.data
    assert count_rows(app, "assessments") == 1


def test_a_body_without_the_json_content_type_is_refused_as_before(client: FlaskClient) -> None:
    response = client.post("/api/v1/assessments", data="{}", content_type="text/plain")
    assert response.status_code == 400
    assert response.get_json()["error"] == {"message": MESSAGE, "details": ["send Content-Type: application/json"]}
