"""The workspace API's rate limit: per token (two tokens from one address count apart), in the API's error format."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from roadmap.db import session
from roadmap.services import accounts, api_tokens
from tests.api_tokens.conftest import API, bearer, error_of
from tests.conftest import count_rows
from tests.workspace.conftest import PASSWORD

# The limiter is one object for the process and follows the app built last: these tests use only their own app.
LIMITED = {"RATELIMIT_ENABLED": True, "API_TOKEN_RATE_LIMIT": "3 per minute"}


def two_tokens(app: Flask) -> tuple[str, str]:
    with app.app_context():
        anna = accounts.create_user(session(), "anna@example.org", PASSWORD, "consultant")
        bob = accounts.create_user(session(), "bob@example.org", PASSWORD, "consultant")
        return api_tokens.create(session(), anna, "a")[0], api_tokens.create(session(), bob, "b")[0]


def test_each_token_has_its_own_limit(make_web_app: Callable[..., Flask]) -> None:
    app = make_web_app(**LIMITED)
    first, second = two_tokens(app)
    client = app.test_client()
    for _ in range(3):
        assert client.get(f"{API}/clients", headers=bearer(first)).status_code == 200
    refused = client.post(f"{API}/clients", json={"name": "One too many"}, headers=bearer(first))
    assert refused.status_code == 429
    assert error_of(refused) == {
        "message": "Too many requests with this token. Try again later.",
        "details": ["limit: 3 per 1 minute"],
    }
    assert "Retry-After" in refused.headers
    assert client.get(f"{API}/clients", headers=bearer(second)).status_code == 200
    assert count_rows(app, "clients") == 0  # the refused POST stored nothing
