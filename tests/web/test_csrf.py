"""CSRF protection on: every form POST needs its token; the JSON API does not use cookies and needs none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import db
from tests.conftest import count_rows
from tests.web.conftest import parse_html, token_of

QUESTIONNAIRE_ID = "social-business-roadmap"


@pytest.fixture
def csrf_app(make_web_app: Callable[..., Flask]) -> Flask:
    return make_web_app(WTF_CSRF_ENABLED=True)


def snapshot(app: Flask) -> tuple[list[Any], list[Any]]:
    """Everything a form could change: the assessments and their answers."""
    with app.app_context():
        assessments = db.session.execute(
            sa.text("SELECT id, organisation_name, submitted_at, revision FROM assessments ORDER BY id")
        ).all()
        answers = db.session.execute(
            sa.text("SELECT assessment_id, question_key, option_key FROM answers ORDER BY id")
        ).all()
    return [tuple(row) for row in assessments], [tuple(row) for row in answers]


def api_assessment(client: FlaskClient, option: str = "dialogue") -> str:
    """A submitted assessment made through the JSON API, which takes no CSRF token."""
    questionnaire = client.get(f"/api/v1/questionnaires/{QUESTIONNAIRE_ID}").get_json()
    answers = {q["key"]: option for d in questionnaire["dimensions"] for q in d["questions"]}
    response = client.post(
        "/api/v1/assessments",
        json={"questionnaire": QUESTIONNAIRE_ID, "organisation": {"name": "Acme Ltd"}, "answers": answers},
    )
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["token"])


def page_one(client: FlaskClient, option: str) -> dict[str, str]:
    questionnaire = client.get(f"/api/v1/questionnaires/{QUESTIONNAIRE_ID}").get_json()
    return {q["key"]: option for q in questionnaire["dimensions"][0]["questions"]}


FORM_POSTS: list[tuple[str, Callable[[FlaskClient], dict[str, str]]]] = [
    ("/start", lambda c: {"organisation_name": "Forged Ltd"}),
    ("/language", lambda c: {"language": "nl", "next": "/"}),
    ("/a/{token}/page/1", lambda c: {"action": "next", **page_one(c, "social_business")}),
    ("/a/{token}/page/1", lambda c: {"action": "back", **page_one(c, "social_business")}),
    ("/a/{token}/submit", lambda c: {}),
    ("/a/{token}/delete", lambda c: {}),
]


@pytest.mark.parametrize(("url", "form"), FORM_POSTS, ids=[f"{u} {i}" for i, (u, _) in enumerate(FORM_POSTS)])
def test_a_form_post_without_a_csrf_token_is_refused_and_changes_nothing(
    csrf_app: Flask, url: str, form: Callable[[FlaskClient], dict[str, str]]
) -> None:
    client = csrf_app.test_client()
    token = api_assessment(client)
    before = snapshot(csrf_app)
    client.get("/start")  # a session exists, as it would for a visitor lured to another site
    response = client.post(url.format(token=token), data=form(client), headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "This form has expired" in parse_html(response).find("main").text
    assert snapshot(csrf_app) == before
    page = parse_html(client.get("/", headers={"Accept-Language": "en"}))
    assert page.find("html").get("lang") == "en"


def test_a_wrong_csrf_token_is_refused(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    client.get("/start")
    response = client.post("/start", data={"organisation_name": "Forged Ltd", "csrf_token": "forged"})
    assert response.status_code == 400
    assert count_rows(csrf_app, "assessments") == 0


def test_form_posts_with_their_csrf_token_work(csrf_app: Flask) -> None:
    """The same forms succeed with the token the page gives: the refusals above are the CSRF check."""
    client = csrf_app.test_client()
    start = parse_html(client.get("/start")).find("form", action="/start")
    csrf_token = start.find("input", name="csrf_token").get("value")
    assert csrf_token
    response = client.post("/start", data={"organisation_name": "Acme Ltd", "csrf_token": csrf_token})
    assert response.status_code == 302
    token = token_of(response.location)
    data = {"action": "next", "csrf_token": csrf_token, **page_one(client, "engagement")}
    assert client.post(f"/a/{token}/page/1", data=data).status_code == 302
    assert count_rows(csrf_app, "answers") == 4
    assert client.post("/language", data={"language": "nl", "next": "/", "csrf_token": csrf_token}).status_code == 302
    assert parse_html(client.get("/")).find("html").get("lang") == "nl"
    assert client.post(f"/a/{token}/delete", data={"csrf_token": csrf_token}).status_code == 302
    assert count_rows(csrf_app, "assessments") == 0


def test_the_json_api_needs_no_csrf_token(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    token = api_assessment(client, "engagement")
    assert count_rows(csrf_app, "assessments") == 1
    assert client.get(f"/api/v1/assessments/{token}").get_json()["phase"]["key"] == "engagement"
