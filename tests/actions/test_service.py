"""The action plan use cases: another plan's action is not found, a stale edit or bad input changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask

from roadmap.db import session
from roadmap.domain.actions import draft
from roadmap.models import User
from roadmap.services import actions
from tests.actions.conftest import action_rows, owner_of
from tests.conftest import all_answers

TOPICS = ["webcare", "tools"]


@pytest.fixture
def two_plans(
    app: Flask, consultant: User, make_client: Callable[..., int], make_assessment: Callable[..., str], questionnaire
) -> tuple[int, str]:
    return make_client(consultant, "Acme"), make_assessment("Own", answers=all_answers(questionnaire))


def test_add_move_and_delete_keep_the_order(app: Flask, two_plans: tuple[int, str], add_action) -> None:
    client_id, _token = two_plans
    first, second, third = (add_action(title, client_id=client_id) for title in ("One", "Two", "Three"))
    with app.app_context():
        owner = owner_of(app, client_id)
        actions.move(session(), owner, third, "up")
        assert [a.title for a in actions.plan_of(session(), owner)] == ["One", "Three", "Two"]
        actions.move(session(), owner, first, "up")  # already first: nothing changes
        actions.move(session(), owner, second, "down")  # already last
        assert [a.title for a in actions.plan_of(session(), owner)] == ["One", "Three", "Two"]
        actions.delete(session(), owner, third, 1)
        assert [a.title for a in actions.plan_of(session(), owner)] == ["One", "Two"]


def test_an_action_of_another_plan_is_not_found(app: Flask, two_plans: tuple[int, str], add_action) -> None:
    client_id, token = two_plans
    theirs = add_action("The assessment's", token=token)
    before = action_rows(app)
    with app.app_context():
        owner = owner_of(app, client_id)
        for change in (
            lambda: actions.update(session(), owner, theirs, 1, draft("Taken"), TOPICS),
            lambda: actions.set_status(session(), owner, theirs, 1, "done"),
            lambda: actions.move(session(), owner, theirs, "up"),
            lambda: actions.delete(session(), owner, theirs, 1),
        ):
            with pytest.raises(actions.ActionNotFound):
                change()
    assert action_rows(app) == before


def test_a_stale_edit_is_refused_and_changes_nothing(app: Flask, two_plans: tuple[int, str], add_action) -> None:
    client_id, _token = two_plans
    action_id = add_action("Start", client_id=client_id)
    with app.app_context():
        owner = owner_of(app, client_id)
        actions.update(session(), owner, action_id, 1, draft("Changed in one window"), TOPICS)
    before = action_rows(app)
    with app.app_context():
        owner = owner_of(app, client_id)
        with pytest.raises(actions.StaleAction) as stale:
            actions.update(session(), owner, action_id, 1, draft("Changed in the other"), TOPICS)
        assert stale.value.details == ["version: the action is at version 2 now"]
        with pytest.raises(actions.StaleAction):
            actions.set_status(session(), owner, action_id, 1, "done")
        with pytest.raises(actions.StaleAction):
            actions.delete(session(), owner, action_id, 1)
    assert action_rows(app) == before


@pytest.mark.parametrize(
    ("entered", "problem"),
    [
        (draft(""), "title: required, a non-empty text"),
        (draft("x" * 201), "title: at most 200 characters"),
        (draft("ok", status="finished"), "status: one of planned, in_progress, done, dropped"),
        (draft("ok", topic="nope"), "topic: one of webcare, tools, or none"),
        (draft("ok", note="\x00"), "note: contains control characters"),
    ],
)
def test_bad_input_changes_nothing(app: Flask, two_plans, add_action, entered, problem: str) -> None:
    client_id, _token = two_plans
    action_id = add_action("Start", client_id=client_id, due_on=date(2026, 1, 1))
    before = action_rows(app)
    with app.app_context():
        owner = owner_of(app, client_id)
        for change in (
            lambda: actions.add(session(), owner, entered, TOPICS),
            lambda: actions.update(session(), owner, action_id, 1, entered, TOPICS),
        ):
            with pytest.raises(actions.InvalidAction) as invalid:
                change()
            assert invalid.value.details == [problem]
        with pytest.raises(actions.InvalidAction):
            actions.set_status(session(), owner, action_id, 1, "finished")
    assert action_rows(app) == before
