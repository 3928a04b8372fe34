"""Fixtures for personal access tokens and the workspace API: consultants, their tokens, a client, a round."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from roadmap.db import session
from roadmap.models import User
from roadmap.services import api_tokens
from tests.web.conftest import make_web_app
from tests.workspace import conftest as workspace

# The workspace's fixtures, here as well.
consultant, logged_in, make_user = workspace.consultant, workspace.logged_in, workspace.make_user
add_action = workspace.add_action
make_client, make_round, invite, respond = (
    workspace.make_client,
    workspace.make_round,
    workspace.invite,
    workspace.respond,
)

__all__ = ["make_web_app"]

API = "/api/v1/workspace"


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def make_token(app: Flask) -> Callable[..., str]:
    """A new token of the user, made through the service; returns its secret."""

    def make(user: User, name: str = "CRM link") -> str:
        with app.app_context():
            owner = session().get(User, user.id)
            assert owner is not None
            secret, _token = api_tokens.create(session(), owner, name)
            return secret

    return make


@pytest.fixture
def token(consultant: User, make_token: Callable[..., str]) -> str:
    """Anna's token."""
    return make_token(consultant)


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return bearer(token)


def error_of(response: Any) -> dict[str, Any]:
    """The API's error object, checking the format on the way."""
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"message", "details"}, body
    return dict(body["error"])
