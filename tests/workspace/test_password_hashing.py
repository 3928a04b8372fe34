"""Passwords are hashed with scrypt unless PASSWORD_HASH_METHOD says otherwise (only the tests' apps do, for speed);
the hash an unknown e-mail address is checked against is made at the first login, with the same method."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap import create_app
from roadmap.config import Config
from roadmap.db import session
from roadmap.models import User
from roadmap.services import accounts
from tests.conftest import FAST_HASH_METHOD, empty_database, make_app
from tests.workspace.conftest import PASSWORD, login


@pytest.fixture
def fresh_unknown_user_hash() -> Iterator[None]:
    accounts.unknown_user_hash.cache_clear()
    yield
    accounts.unknown_user_hash.cache_clear()


def test_the_default_is_scrypt(database_url: str, tmp_path: Path) -> None:
    assert Config.PASSWORD_HASH_METHOD == accounts.DEFAULT_HASH_METHOD == "scrypt"
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": database_url})
    app.instance_path = str(tmp_path / "instance")
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    with empty_database(app), app.app_context():
        assert accounts.hash_method() == "scrypt"
        user = accounts.create_user(session(), "anna@example.org", PASSWORD, "consultant")
        assert user.password_hash.startswith("scrypt:32768:8:1$")
        assert accounts.authenticate(session(), "anna@example.org", PASSWORD) == user
    assert accounts.hash_method() == "scrypt"  # outside any app


def test_the_tests_apps_use_the_fast_method(app: Flask) -> None:
    assert app.config["PASSWORD_HASH_METHOD"] == FAST_HASH_METHOD != "scrypt"
    with app.app_context():
        user = accounts.create_user(session(), "anna@example.org", PASSWORD, "consultant")
        assert user.password_hash.startswith("pbkdf2:sha256:1$")


def test_a_password_hashed_with_scrypt_still_logs_in_under_another_method(app: Flask, client: FlaskClient) -> None:
    """The method is stored with each hash: changing the setting locks no one out."""
    with app.app_context():
        user = User(email="anna@example.org", password_hash="", role="consultant")
        user.password_hash = accounts.generate_password_hash(PASSWORD, method="scrypt")
        session().add(user)
        session().commit()
    login(client, "anna@example.org")
    with app.app_context():
        assert accounts.authenticate(session(), "anna@example.org", "not the password") is None


@pytest.mark.usefixtures("fresh_unknown_user_hash")
def test_the_unknown_user_hash_is_made_at_the_first_login_with_the_apps_method(app: Flask, client: FlaskClient) -> None:
    assert client.get("/login").status_code == 200
    assert accounts.unknown_user_hash.cache_info().currsize == 0  # not at start-up, nor for a page
    with app.app_context():
        assert accounts.authenticate(session(), "nobody@example.org", PASSWORD) is None
    assert accounts.unknown_user_hash.cache_info().currsize == 1
    assert accounts.unknown_user_hash(FAST_HASH_METHOD).startswith(FAST_HASH_METHOD + "$")
    assert accounts.unknown_user_hash.cache_info().hits == 1


@pytest.mark.usefixtures("fresh_unknown_user_hash")
def test_a_known_address_makes_it_too(app: Flask) -> None:
    """Whoever logs in first pays for making it, so its cost does not tell whether the address exists."""
    with app.app_context():
        accounts.create_user(session(), "anna@example.org", PASSWORD, "consultant")
        assert accounts.authenticate(session(), "anna@example.org", PASSWORD) is not None
    assert accounts.unknown_user_hash.cache_info().currsize == 1


@pytest.mark.usefixtures("fresh_unknown_user_hash")
def test_an_app_on_scrypt_checks_unknown_addresses_against_scrypt(database_url: str, tmp_path: Path) -> None:
    with empty_database(make_app(database_url, tmp_path, PASSWORD_HASH_METHOD="scrypt")) as app, app.app_context():
        assert accounts.authenticate(session(), "nobody@example.org", PASSWORD) is None
    assert accounts.unknown_user_hash("scrypt").startswith("scrypt:32768:8:1$")
    assert accounts.unknown_user_hash.cache_info().currsize == 1
