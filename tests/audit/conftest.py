"""Fixtures for the audit log: the workspace's accounts, clients and rounds, a token, and the log's rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from roadmap.db import session
from roadmap.models import AuditEvent
from tests.api_tokens import conftest as api
from tests.web.conftest import make_web_app
from tests.workspace import conftest as workspace

consultant, logged_in, make_user = workspace.consultant, workspace.logged_in, workspace.make_user
make_client, make_round, invite, respond = (
    workspace.make_client,
    workspace.make_round,
    workspace.invite,
    workspace.respond,
)
make_token = api.make_token

__all__ = ["make_web_app"]

ADDRESS = "203.0.113.7"


@pytest.fixture
def events(app: Flask) -> Callable[..., list[dict[str, Any]]]:
    """The log's rows, oldest first, as dicts (optionally of one action)."""

    def read(action: str | None = None) -> list[dict[str, Any]]:
        with app.app_context():
            statement = sa.select(AuditEvent).order_by(AuditEvent.id)
            if action:
                statement = statement.where(AuditEvent.action == action)
            return [
                {
                    column: getattr(event, column)
                    for column in ("firm_id", "actor_id", "actor", "action", "subject", "detail", "address", "at")
                }
                for event in session().scalars(statement)
            ]

    return read
