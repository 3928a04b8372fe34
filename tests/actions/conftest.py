"""Fixtures for action plans: the workspace's accounts, clients and rounds, and plans made through the service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from flask import Flask

from roadmap.db import session
from roadmap.domain.actions import draft
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Action, Assessment, Client
from roadmap.services import actions, assessments
from tests.workspace.conftest import (  # noqa: F401  (fixtures used by the tests here)
    add_round,
    consultant,
    invite,
    keys,
    logged_in,
    login,
    make_client,
    make_round,
    make_user,
    respond,
)


def owner_of(app: Flask, client_id: int | None = None, token: str | None = None) -> Client | Assessment:
    found = session().get(Client, client_id) if client_id is not None else assessments.find(session(), token or "")
    assert found is not None
    return found


@pytest.fixture
def add_action(app: Flask, questionnaire: Questionnaire) -> Callable[..., int]:
    """An action in a client's (client_id) or an assessment's (token) plan; `created_at` to date it."""

    def add(
        title: str = "Set up a webcare team",
        client_id: int | None = None,
        token: str | None = None,
        created_at: datetime | None = None,
        **fields: object,
    ) -> int:
        with app.app_context():
            topics = [d.key for d in questionnaire.dimensions]
            made = actions.add(session(), owner_of(app, client_id, token), draft(title, **fields), topics)  # type: ignore[arg-type]
            if created_at is not None:
                made.created_at = created_at.astimezone(UTC)
                session().commit()
            return made.id

    return add


def action_rows(app: Flask) -> list[tuple[object, ...]]:
    """Every action as stored, to check that a refused request changed nothing."""
    with app.app_context():
        return [
            (
                a.id,
                a.client_id,
                a.assessment_id,
                a.title,
                a.topic,
                a.owner,
                a.due_on,
                a.status,
                a.note,
                a.position,
                a.version,
            )
            for a in session().query(Action).order_by(Action.id)
        ]
