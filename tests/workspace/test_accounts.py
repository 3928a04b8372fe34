"""Logging in and out: rate limited, silent about which e-mail addresses exist, a new session at login, and a new
password ends the other sessions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.models import User
from roadmap.services import accounts
from tests.conftest import empty_database, make_app
from tests.web.conftest import parse_html
from tests.workspace.conftest import PASSWORD, login

EN = {"Accept-Language": "en"}


def login_page(client: FlaskClient, email: str, password: str) -> tuple[int, str]:
    """The status and the page, without the e-mail address typed back into the form and the (timed) CSRF tokens."""
    response = client.post("/login", data={"email": email, "password": password}, headers=EN)
    page = re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))
    return response.status_code, page.replace(email, "EMAIL")


def test_unknown_e_mail_and_wrong_password_get_the_same_answer(client: FlaskClient, consultant: User) -> None:
    unknown = login_page(client, "nobody@example.org", PASSWORD)
    wrong = login_page(client, consultant.email, "not the password")
    assert unknown == wrong
    assert unknown[0] == 400 and "The e-mail address or password is not correct." in unknown[1]
    assert client.get("/portfolio").status_code == 302


@pytest.fixture
def limited_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    # The limiter is one object for the process; its switch follows the app built last, so only this app is used.
    with empty_database(
        make_app(database_url, tmp_path, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    ) as app:
        with app.app_context():
            accounts.create_user(session(), "limited@example.org", PASSWORD, "consultant")
        yield app


def test_login_is_rate_limited_per_address_even_for_the_right_password(limited_app: Flask) -> None:
    client = limited_app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.41"
    for _attempt in range(3):
        assert login_page(client, "limited@example.org", "guess guess guess")[0] == 400
    response = client.post("/login", data={"email": "limited@example.org", "password": PASSWORD}, headers=EN)
    assert response.status_code == 429
    assert "too often" in parse_html(response).find("main").text
    assert client.get("/portfolio").status_code == 302  # not logged in
    assert client.get("/login").status_code == 200  # the form itself is not limited
    other = limited_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.42"
    assert other.post("/login", data={"email": "limited@example.org", "password": PASSWORD}).status_code == 302


def test_login_starts_a_new_session_and_keeps_only_the_language(client: FlaskClient, consultant: User) -> None:
    client.post("/language", data={"language": "nl"})
    with client.session_transaction() as planted:
        planted["planted"] = "by an attacker"
        planted["_user_id"] = "999.1"
    login(client, consultant.email)
    with client.session_transaction() as renewed:
        assert "planted" not in renewed
        assert renewed["_user_id"] == f"{consultant.id}.1"
        assert renewed.get("language") == "nl"


@pytest.fixture
def two_sessions(app: Flask, consultant: User) -> tuple[FlaskClient, FlaskClient]:
    first, second = app.test_client(), app.test_client()
    login(first, consultant.email)
    login(second, consultant.email)
    assert first.get("/portfolio").status_code == second.get("/portfolio").status_code == 200
    return first, second


def change(client: FlaskClient, current: str, new: str) -> int:
    data = {"current": current, "new": new, "confirm": new}
    return client.post("/account/password", data=data, headers=EN).status_code


def test_a_new_password_ends_the_other_sessions(
    app: Flask, two_sessions: tuple[FlaskClient, FlaskClient], consultant: User
) -> None:
    first, second = two_sessions
    assert change(first, PASSWORD, "a brand new passphrase") == 302
    assert first.get("/portfolio").status_code == 200
    response = second.get("/portfolio")
    assert response.status_code == 302 and response.location.startswith("/login")
    assert login_page(app.test_client(), consultant.email, PASSWORD)[0] == 400
    login(app.test_client(), consultant.email, "a brand new passphrase")


@pytest.mark.parametrize(
    ("current", "new", "problem"),
    [
        ("not the password", "a brand new passphrase", "The current password is not correct."),
        (PASSWORD, "short", "Use 10 to 200 characters."),
    ],
)
def test_a_refused_password_change_changes_nothing(
    app: Flask,
    two_sessions: tuple[FlaskClient, FlaskClient],
    consultant: User,
    current: str,
    new: str,
    problem: str,
) -> None:
    first, second = two_sessions
    response = first.post("/account/password", data={"current": current, "new": new, "confirm": new}, headers=EN)
    assert response.status_code == 400 and problem in parse_html(response).find("main").text
    assert second.get("/portfolio").status_code == 200
    with app.app_context():
        user = session().get(User, consultant.id)
        assert user is not None and user.session_version == 1
    login(app.test_client(), consultant.email, PASSWORD)


def test_the_password_form_is_rate_limited_like_the_login(limited_app: Flask) -> None:
    client = limited_app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.43"
    login(client, "limited@example.org")
    for _attempt in range(3):  # a limit of its own, as strict as the login's
        assert change(client, "guess guess guess", "a brand new passphrase") == 400
    assert change(client, PASSWORD, "a brand new passphrase") == 429
    assert client.get("/account/password").status_code == 200  # the form itself is not limited
    login(limited_app.test_client(), "limited@example.org", PASSWORD)  # the password did not change
