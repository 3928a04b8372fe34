"""Fixtures for action plans: the workspace's accounts, clients and rounds, and plans made through the service."""

from __future__ import annotations

from flask import Flask

from roadmap.db import session
from roadmap.models import Action
from tests.workspace.conftest import (  # noqa: F401  (fixtures used by the tests here)
    add_action,
    add_round,
    consultant,
    invite,
    keys,
    logged_in,
    login,
    make_client,
    make_round,
    make_user,
    owner_of,
    respond,
)


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
