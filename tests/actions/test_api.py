"""The action plans in the API: an assessment's by its private token, a client's with a personal access token.
Who may do what (another consultant, admin, no token, a respondent, the share link), stale and bad input."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from roadmap.services import api_tokens
from tests.actions.conftest import action_rows
from tests.conftest import all_answers


@pytest.fixture
def secret_of(app: Flask) -> Callable[[User], dict[str, str]]:
    def make(user: User) -> dict[str, str]:
        with app.app_context():
            owner = session().get(User, user.id)
            assert owner is not None
            return {"Authorization": f"Bearer {api_tokens.create(session(), owner, 'CRM')[0]}"}

    return make


def test_an_assessments_plan_written_and_read(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment("Acme", answers=all_answers(questionnaire))
    base = f"/api/v1/assessments/{token}/actions"
    made = client.post(
        base, json={"title": " Webcare policy ", "topic": "webcare", "due_on": "2020-01-31", "note": "a\nb"}
    )
    assert made.status_code == 201, made.get_json()
    action = made.get_json()
    assert made.headers["Location"] == f"{base}/{action['id']}"
    assert (action["title"], action["status"], action["overdue"], action["version"]) == (
        "Webcare policy",
        "planned",
        True,
        1,
    )
    changed = client.put(f"{base}/{action['id']}", json={"title": "Webcare policy", "status": "done", "version": 1})
    assert changed.status_code == 200 and changed.get_json()["version"] == 2
    assert changed.get_json()["overdue"] is False and changed.get_json()["topic"] is None
    assert [a["status"] for a in client.get(base).get_json()["actions"]] == ["done"]

    before = action_rows(app)
    stale = client.put(f"{base}/{action['id']}", json={"title": "Older", "version": 1})
    assert stale.status_code == 409 and stale.get_json()["error"]["details"] == [
        "version: the action is at version 2 now"
    ]
    assert client.delete(f"{base}/{action['id']}?version=1").status_code == 409
    for body, field in (
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "status": "finished"}, "status"),
        ({"title": "ok", "due_on": "2026-02-30"}, "due_on"),
        ({"title": "ok", "topic": "nonsense"}, "topic"),
        ({"title": "ok", "note": "\x00"}, "note"),
        ({"title": "rtl\u202e"}, "title"),
        ({"title": "ok", "extra": 1}, "extra"),
    ):
        refused = client.post(base, json=body)
        assert refused.status_code == 422, body
        assert [line.split(":")[0] for line in refused.get_json()["error"]["details"]] == [field], body
    assert client.post(base, data="nope", content_type="text/plain").status_code == 400
    assert action_rows(app) == before
    assert client.delete(f"{base}/{action['id']}?version=2").status_code == 204
    assert client.get(base).get_json() == {"actions": []}


def test_an_assessment_api_refuses_what_is_not_its_own(
    app: Flask,
    client: FlaskClient,
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    add_action: Callable[..., int],
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
) -> None:
    mine = make_assessment("Mine", answers=all_answers(questionnaire))
    theirs = add_action("Theirs", token=make_assessment("Theirs", answers=all_answers(questionnaire)))
    _invitation, respondent = invite(make_round(make_client(consultant)))
    respond(respondent, all_answers(questionnaire))
    unsubmitted = make_assessment("Started")
    client.post(f"/a/{mine}/share")
    share = re.search(r"/s/([A-Za-z0-9_-]+)", client.get(f"/a/{mine}/share").get_data(as_text=True))
    assert share
    before = action_rows(app)
    assert client.get(f"/api/v1/assessments/{mine}/actions/{theirs}").status_code == 404
    assert (
        client.put(f"/api/v1/assessments/{mine}/actions/{theirs}", json={"title": "x", "version": 1}).status_code == 404
    )
    assert client.delete(f"/api/v1/assessments/{mine}/actions/{theirs}").status_code == 404
    for token in (respondent, share.group(1), "nonsense"):
        assert client.get(f"/api/v1/assessments/{token}/actions").status_code == 404, token
        assert client.post(f"/api/v1/assessments/{token}/actions", json={"title": "x"}).status_code == 404, token
    assert client.post(f"/api/v1/assessments/{unsubmitted}/actions", json={"title": "x"}).status_code == 409
    assert action_rows(app) == before


def test_a_clients_plan_in_the_workspace_api(
    app: Flask,
    client: FlaskClient,
    consultant: User,
    make_user: Callable[..., User],
    make_client: Callable[..., int],
    add_action: Callable[..., int],
    secret_of: Callable[[User], dict[str, str]],
) -> None:
    client_id = make_client(consultant, "Acme")
    action_id = add_action("Webcare rota", client_id=client_id, due_on=date(2020, 1, 1))
    base = f"/api/v1/workspace/clients/{client_id}/actions"
    anna, bob = secret_of(consultant), secret_of(make_user("bob@example.org"))
    admin = secret_of(make_user("admin@example.org", role="admin"))
    listed = client.get(base, headers=anna).get_json()["actions"]
    assert [(a["title"], a["overdue"]) for a in listed] == [("Webcare rota", True)]
    assert client.get(base, headers=admin).status_code == 200
    before = action_rows(app)
    for headers, status in ((bob, 404), ({}, 401), ({"Authorization": "Bearer rmp_nonsense"}, 401)):
        assert client.get(base, headers=headers).status_code == status
        assert client.post(base, json={"title": "x"}, headers=headers).status_code == status
        assert (
            client.put(f"{base}/{action_id}", json={"title": "x", "version": 1}, headers=headers).status_code == status
        )
        assert client.delete(f"{base}/{action_id}", headers=headers).status_code == status
    # A logged-in session is not a token.
    assert action_rows(app) == before
    made = client.post(base, json={"title": "Train the team", "status": "in_progress"}, headers=anna)
    assert made.status_code == 201 and made.get_json()["position"] == 2
    assert client.get(f"/api/v1/workspace/clients/{client_id + 999}/actions", headers=anna).status_code == 404
