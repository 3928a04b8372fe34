"""The limit on creating assessments: per client address, shared by the start form and the API, POST only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from roadmap.domain.questionnaire import Questionnaire
from tests.conftest import all_answers, count_rows
from tests.web.conftest import parse_html

# The limiter is one object for the process and its on/off switch follows the app built last, so these tests use
# only the app they build (no `app` or `questionnaire` fixture, which build one with limits off).
LIMITED = {"RATELIMIT_ENABLED": True, "START_RATE_LIMIT": "2 per minute"}


def api_body(app: Flask) -> dict[str, Any]:
    questionnaire: Questionnaire = app.extensions["questionnaires"].default
    return {"questionnaire": questionnaire.id, "organisation": {"name": "Acme"}, "answers": all_answers(questionnaire)}


@pytest.fixture
def limited_app(make_web_app: Callable[..., Flask]) -> Flask:
    return make_web_app(**LIMITED)


def test_the_start_form_refuses_a_third_assessment_with_a_translated_page(limited_app: Flask) -> None:
    client = limited_app.test_client()
    for _ in range(2):
        assert client.post("/start", data={"organisation_name": "Acme"}).status_code == 302
    response = client.post("/start", data={"organisation_name": "Acme"}, headers={"Accept-Language": "nl"})
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    page = parse_html(response)
    assert page.find("h1").text == "Sorry"
    assert "te vaak gedaan in korte tijd" in page.find("p", class_="lead").text
    assert count_rows(limited_app, "assessments") == 2


def test_the_api_refuses_over_the_limit_with_its_json_error(limited_app: Flask) -> None:
    client = limited_app.test_client()
    for _ in range(2):
        assert client.post("/api/v1/assessments", json=api_body(limited_app)).status_code == 201
    response = client.post("/api/v1/assessments", json=api_body(limited_app))
    assert response.status_code == 429
    assert response.get_json() == {
        "error": {
            "message": "Too many requests from this address. Try again later.",
            "details": ["limit: 2 per 1 minute"],
        }
    }
    assert {"Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining"} <= set(response.headers.keys())
    assert count_rows(limited_app, "assessments") == 2
    assert count_rows(limited_app, "answers") == 2 * len(api_body(limited_app)["answers"])


def test_the_site_and_the_api_share_one_limit(limited_app: Flask) -> None:
    client = limited_app.test_client()
    assert client.post("/start", data={"organisation_name": "Acme"}).status_code == 302
    assert client.post("/api/v1/assessments", json=api_body(limited_app)).status_code == 201
    assert client.post("/start", data={"organisation_name": "Acme"}).status_code == 429
    assert client.post("/api/v1/assessments", json=api_body(limited_app)).status_code == 429
    assert count_rows(limited_app, "assessments") == 2


def test_refused_requests_and_pages_do_not_count(limited_app: Flask) -> None:
    client = limited_app.test_client()
    for _ in range(5):
        assert client.get("/start").status_code == 200
        assert client.post("/start", data={"organisation_name": ""}).status_code == 200
        assert client.post("/api/v1/assessments", json={"questionnaire": "social-business-roadmap"}).status_code == 422
    for _ in range(2):
        assert client.post("/start", data={"organisation_name": "Acme"}).status_code == 302
    assert client.post("/start", data={"organisation_name": "Acme"}).status_code == 429
    assert client.get("/start").status_code == 200  # reading the form is never limited


def test_each_client_address_has_its_own_limit(limited_app: Flask) -> None:
    client = limited_app.test_client()
    for address in ["192.0.2.1", "192.0.2.1", "192.0.2.2", "192.0.2.2"]:
        response = client.post("/start", data={"organisation_name": "Acme"}, environ_base={"REMOTE_ADDR": address})
        assert response.status_code == 302
    response = client.post("/start", data={"organisation_name": "Acme"}, environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert response.status_code == 429


def test_the_default_limit_is_ten_a_minute(make_web_app: Callable[..., Flask]) -> None:
    app = make_web_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    statuses = [client.post("/start", data={"organisation_name": "Acme"}).status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]
