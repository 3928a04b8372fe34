"""The action plan's pages: made from a result, changed, reordered, deleted after asking; stale or bad input refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from tests.actions.conftest import action_rows
from tests.conftest import all_answers


def plan_of(app: Flask) -> list[tuple[str, str]]:
    return [(row[3], row[7]) for row in action_rows(app)]


def test_a_plan_made_from_a_result(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment("Acme", answers=all_answers(questionnaire, "presence"))
    result = client.get(f"/a/{token}/result").get_data(as_text=True)
    assert "Make an action plan" in result
    page = client.get(f"/a/{token}/plan").get_data(as_text=True)
    suggested = re.findall(r'name="suggestion" value="(\d+)"', page)
    assert len(suggested) >= 3
    assert client.post(f"/a/{token}/plan/suggestions", data={"suggestion": suggested[0]}).status_code == 302
    added = client.post(
        f"/a/{token}/plan",
        data={
            "title": "Write a webcare policy",
            "topic": "webcare",
            "owner": "Zoë",
            "due_on": "2020-01-31",
            "status": "in_progress",
            "note": "First line\r\nSecond line",
        },
    )
    assert added.status_code == 302
    rows = action_rows(app)
    assert len(rows) == 2 and rows[1][3:9] == (
        "Write a webcare policy",
        "webcare",
        "Zoë",
        date(2020, 1, 31),
        "in_progress",
        "First line\nSecond line",
    )
    page = client.get(f"/a/{token}/plan").get_data(as_text=True)
    assert f'value="{suggested[0]}"' not in page  # taken: no longer offered
    assert "overdue" in page
    result = client.get(f"/a/{token}/result").get_data(as_text=True)
    assert "Write a webcare policy" in result and "Change the action plan" in result


def test_change_reorder_and_delete(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, add_action
) -> None:
    token = make_assessment("Acme", answers=all_answers(questionnaire))
    first, second = add_action("First", token=token), add_action("Second", token=token)
    assert client.post(f"/a/{token}/plan/{second}/move", data={"direction": "up"}).status_code == 302
    assert [r[3] for r in action_rows(app)] and [t for t, _s in plan_of(app)] == ["First", "Second"]
    page = client.get(f"/a/{token}/plan").get_data(as_text=True)
    assert page.index(f'<h3 id="action-{second}-title">Second') < page.index(f'<h3 id="action-{first}-title">First')
    assert client.post(f"/a/{token}/plan/{first}/status", data={"status": "done", "version": "1"}).status_code == 302
    edit = client.post(
        f"/a/{token}/plan/{first}/edit", data={"title": "First, renamed", "topic": "", "status": "done", "version": "2"}
    )
    assert edit.status_code == 302
    asked = client.get(f"/a/{token}/plan/{first}/delete")
    assert "cannot be undone" in asked.get_data(as_text=True)
    assert [t for t, _s in plan_of(app)] == ["First, renamed", "Second"]
    assert client.post(f"/a/{token}/plan/{first}/delete", data={"confirmed": "yes", "version": "3"}).status_code == 302
    assert plan_of(app) == [("Second", "planned")]


def test_a_stale_edit_says_so_and_changes_nothing(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, add_action
) -> None:
    token = make_assessment("Acme", answers=all_answers(questionnaire))
    action_id = add_action("Start", token=token)
    client.post(f"/a/{token}/plan/{action_id}/status", data={"status": "done", "version": "1"})
    before = action_rows(app)
    stale = client.post(
        f"/a/{token}/plan/{action_id}/edit", data={"title": "Older", "topic": "", "status": "planned", "version": "1"}
    )
    assert stale.status_code == 409
    assert "changed meanwhile" in stale.get_data(as_text=True)
    status = client.post(
        f"/a/{token}/plan/{action_id}/status", data={"status": "dropped", "version": "1"}, follow_redirects=True
    )
    assert "changed meanwhile" in status.get_data(as_text=True)
    deleted = client.post(
        f"/a/{token}/plan/{action_id}/delete", data={"confirmed": "yes", "version": "1"}, follow_redirects=True
    )
    assert "changed meanwhile" in deleted.get_data(as_text=True)
    assert action_rows(app) == before


def test_bad_input_gets_a_message_and_changes_nothing(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, add_action
) -> None:
    token = make_assessment("Acme", answers=all_answers(questionnaire))
    action_id = add_action("Start", token=token)
    before = action_rows(app)
    cases = [
        ({"title": ""}, "Enter what is to be done."),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"title": "bell\x07"}, "characters that cannot be stored"),
        ({"title": "rtl\u202egpj"}, "reverses the text"),
        ({"title": "ok", "owner": "o" * 201}, "at most 200 characters"),
        ({"title": "ok", "note": "n" * 2001}, "at most 2000 characters"),
        ({"title": "ok", "note": "nul\x00"}, "characters that cannot be stored"),
        ({"title": "ok", "due_on": "2026-02-30"}, "Enter a due date that exists"),
        ({"title": "ok", "status": "finished"}, "Choose a status"),
        ({"title": "ok", "topic": "nonsense"}, "Choose one of the topics"),
    ]
    for fields, message in cases:
        data = {"topic": "", "status": "planned", "version": "1", **fields}
        for url in (f"/a/{token}/plan", f"/a/{token}/plan/{action_id}/edit"):
            response = client.post(url, data=data)
            assert response.status_code == 400, (url, fields)
            assert message in response.get_data(as_text=True), (url, fields)
    status = client.post(f"/a/{token}/plan/{action_id}/status", data={"status": "finished", "version": "1"})
    assert status.status_code == 400 and "Choose a status" in status.get_data(as_text=True)
    assert client.post(f"/a/{token}/plan/suggestions", data={"suggestion": "999"}).status_code == 400
    assert action_rows(app) == before


def test_another_assessments_action_is_not_found(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, add_action
) -> None:
    mine = make_assessment("Mine", answers=all_answers(questionnaire))
    theirs = add_action("Theirs", token=make_assessment("Theirs", answers=all_answers(questionnaire)))
    before = action_rows(app)
    for method, path in (
        ("get", "edit"),
        ("post", "edit"),
        ("post", "status"),
        ("post", "move"),
        ("get", "delete"),
        ("post", "delete"),
    ):
        response = getattr(client, method)(
            f"/a/{mine}/plan/{theirs}/{path}",
            data={"title": "x", "status": "done", "version": "1", "direction": "up", "confirmed": "yes", "topic": ""},
        )
        assert response.status_code == 404, (method, path)
    assert action_rows(app) == before


def test_the_share_link_shows_the_plan_read_only(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, add_action
) -> None:
    token = make_assessment("Acme", answers=all_answers(questionnaire))
    action_id = add_action("Train the webcare team", token=token, owner="Zoë")
    client.post(f"/a/{token}/share")
    manage = client.get(f"/a/{token}/share").get_data(as_text=True)
    share = re.search(r"/s/([A-Za-z0-9_-]+)", manage)
    assert share
    page = client.get(f"/s/{share.group(1)}").get_data(as_text=True)
    assert "Train the webcare team" in page and "Zoë" in page
    assert "/plan" not in page and "Save status" not in page
    # The share token opens no plan address.
    assert client.get(f"/a/{share.group(1)}/plan").status_code == 404
    assert client.post(f"/a/{share.group(1)}/plan/{action_id}/status", data={"status": "done"}).status_code == 404


def test_a_respondent_in_a_round_sees_no_plan(
    app: Flask,
    client: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    add_action: Callable[..., int],
    questionnaire: Questionnaire,
) -> None:
    client_id = make_client(consultant, "Acme")
    add_action("The client's secret action", client_id=client_id, created_at=datetime(2026, 1, 1, tzinfo=UTC))
    _invitation, token = invite(make_round(client_id))
    respond(token, all_answers(questionnaire))
    result = client.get(f"/a/{token}/result").get_data(as_text=True)
    assert "secret action" not in result and "action plan" not in result.lower()
    assert client.get(f"/a/{token}/plan").status_code == 404
    assert client.post(f"/a/{token}/plan", data={"title": "Mine", "topic": "", "status": "planned"}).status_code == 404
