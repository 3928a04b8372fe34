"""A database that is down, read-only or locked: every page a 503 that needs no database, the API its error format.

Each case asks as a logged-in consultant, as an anonymous visitor and through the API, and expects the usual
security headers, the visitor's language and no account links in the header (they would need the database).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from roadmap.db import db, session
from roadmap.services import accounts
from tests.conftest import POSTGRES_URL, all_answers, empty_database, make_app, with_connection_options

PASSWORD = "correct horse battery"
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")
SAID = {
    "en": "Nothing that was already saved has been lost",
    "nl": "Er is niets verloren van wat al was opgeslagen",
}


def assert_unavailable(response: TestResponse, language: str = "en") -> None:
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    for header in HEADERS:
        assert header in response.headers, header
    assert response.headers["Retry-After"] == "30"
    if response.is_json:
        assert "nothing was changed" in response.get_json()["error"]["message"]
        return
    html = response.get_data(as_text=True)
    assert SAID[language] in html
    assert "Log out" not in html and "Uitloggen" not in html and "/login" not in html


def api_body(app: Flask) -> dict[str, Any]:
    questionnaire = app.extensions["questionnaires"].default
    return {"questionnaire": questionnaire.id, "organisation": {"name": "Acme"}, "answers": all_answers(questionnaire)}


def test_postgresql_unreachable_gives_503_pages_and_api_errors(tmp_path: Path) -> None:
    # Port 1 refuses at once: no waiting for a timeout.
    app = make_app("postgresql+psycopg://roadmap:roadmap@127.0.0.1:1/roadmap", tmp_path)
    consultant, anonymous = app.test_client(), app.test_client()
    with consultant.session_transaction() as cookie:
        cookie.update({"_user_id": "1.0", "_fresh": True, "language": "nl"})
    for path in ("/portfolio", "/clients/1", "/no-such-page"):
        assert_unavailable(consultant.get(path), "nl")
    assert_unavailable(consultant.post("/clients/new", data={"name": "Acme"}), "nl")
    assert_unavailable(anonymous.get("/a/some-token"))
    assert_unavailable(anonymous.post("/start", data={"organisation_name": "Acme"}))
    assert_unavailable(anonymous.post("/api/v1/assessments", json=api_body(app)))
    assert_unavailable(anonymous.get("/api/v1/assessments/some-token"))
    assert anonymous.get("/healthz").status_code == 503


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A SQLite database with a consultant, and that consultant's login cookie."""
    path = tmp_path / "faults.sqlite"
    app = make_app(f"sqlite:///{path}", tmp_path)
    with app.app_context():
        db.create_all()
        accounts.create_user(session(), "anna@example.org", PASSWORD, "consultant")
    client = app.test_client()
    assert client.post("/login", data={"email": "anna@example.org", "password": PASSWORD}).status_code == 302
    cookie = client.get_cookie("session")
    assert cookie is not None
    with app.app_context():
        db.engine.dispose()
    yield path, {"session": cookie.value}


def clients_of(app: Flask, cookies: dict[str, str]) -> tuple[FlaskClient, FlaskClient]:
    consultant = app.test_client()
    for name, value in cookies.items():
        consultant.set_cookie(name, value)
    return consultant, app.test_client()


def assert_writes_refused(app: Flask, consultant: FlaskClient, anonymous: FlaskClient) -> None:
    assert consultant.get("/portfolio").status_code == 200  # reading still works
    assert_unavailable(consultant.post("/clients/new", data={"name": "Acme"}))
    assert_unavailable(anonymous.post("/start", data={"organisation_name": "Acme"}))
    assert_unavailable(anonymous.post("/api/v1/assessments", json=api_body(app)))
    assert anonymous.get("/healthz").status_code == 503


def test_sqlite_read_only_gives_503_for_saves_and_healthz_says_so(
    sqlite_file: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    path, cookies = sqlite_file
    app = make_app(f"sqlite:///file:{path}?mode=ro&uri=true", tmp_path)
    consultant, anonymous = clients_of(app, cookies)
    assert_writes_refused(app, consultant, anonymous)
    with app.app_context():
        db.engine.dispose()


def test_sqlite_locked_past_the_busy_timeout_gives_503(
    sqlite_file: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    path, cookies = sqlite_file
    app = make_app(f"sqlite:///{path}", tmp_path)
    with app.app_context():
        # After roadmap.db's own connect listener (10 s): wait a tenth of a second for the lock.
        sa.event.listen(db.engine, "connect", lambda connection, _record: connection.execute("PRAGMA busy_timeout=100"))
    consultant, anonymous = clients_of(app, cookies)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert_writes_refused(app, consultant, anonymous)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert anonymous.get("/healthz").status_code == 200
    with app.app_context():
        db.engine.dispose()


@pytest.mark.skipif(not POSTGRES_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_postgresql_read_only_gives_503_for_saves_and_healthz_says_so(database_url: str, tmp_path: Path) -> None:
    with empty_database(make_app(database_url, tmp_path)):
        # Every transaction read-only, as on a hot standby or with default_transaction_read_only set.
        app = make_app(with_connection_options(database_url, "default_transaction_read_only=on"), tmp_path)
        anonymous = app.test_client()
        assert_unavailable(anonymous.post("/start", data={"organisation_name": "Acme"}))
        assert_unavailable(anonymous.post("/api/v1/assessments", json=api_body(app)))
        assert anonymous.get("/healthz").status_code == 503
        with app.app_context():
            db.engine.dispose()
