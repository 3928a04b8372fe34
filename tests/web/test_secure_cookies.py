"""The session cookie: HttpOnly and SameSite=Lax always, Secure whenever the site is reached over HTTPS."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask, request
from flask.testing import FlaskClient

HTTPS = "https://roadmap.example"
HTTP = "http://roadmap.example"


def session_cookie(app: Flask, base_url: str, headers: dict[str, str] | None = None) -> dict[str, str | None]:
    """The attributes of the session cookie set by the start page (it stores the CSRF token in the session)."""
    response = app.test_client().get("/start", base_url=base_url, headers=headers or {})
    assert response.status_code == 200
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    assert len(cookies) == 1, response.headers.getlist("Set-Cookie")
    attributes: dict[str, str | None] = {}
    for part in cookies[0].split(";")[1:]:
        name, _, value = part.strip().partition("=")
        attributes[name.lower()] = value or None
    return attributes


@pytest.fixture
def csrf_app(make_web_app: Callable[..., Flask]) -> Callable[..., Flask]:
    def make(**config: object) -> Flask:
        return make_web_app(WTF_CSRF_ENABLED=True, **config)

    return make


@pytest.mark.parametrize(
    ("base_url", "config", "headers", "secure"),
    [
        (HTTPS, {}, {}, True),
        (HTTP, {}, {}, False),
        (HTTP, {"SESSION_COOKIE_SECURE": True}, {}, True),
        # Without the proxy fix a forwarded header is anyone's to send: it must not change anything.
        (HTTP, {}, {"X-Forwarded-Proto": "https"}, False),
        (HTTP, {"PROXY_FIX": 1}, {"X-Forwarded-Proto": "https"}, True),
        (HTTP, {"PROXY_FIX": 1}, {"X-Forwarded-Proto": "http"}, False),
        (HTTP, {"PROXY_FIX": 1}, {}, False),
    ],
)
def test_the_session_cookie_is_secure_over_https(
    csrf_app: Callable[..., Flask], base_url: str, config: dict[str, object], headers: dict[str, str], secure: bool
) -> None:
    attributes = session_cookie(csrf_app(**config), base_url, headers)
    assert ("secure" in attributes) is secure
    assert "httponly" in attributes
    assert attributes["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("proxies", "seen"),
    [
        (1, {"remote": "203.0.113.7", "host": "roadmap.nl", "scheme": "https"}),
        (0, {"remote": "10.0.0.2", "host": "localhost", "scheme": "http"}),
    ],
)
def test_forwarded_headers_are_trusted_only_with_the_proxy_fix(
    csrf_app: Callable[..., Flask], proxies: int, seen: dict[str, str]
) -> None:
    app = csrf_app(PROXY_FIX=proxies)
    recorded: dict[str, str | None] = {}

    @app.get("/_seen")
    def record() -> str:
        recorded.update(remote=request.remote_addr, host=request.host, scheme=request.scheme)
        return ""

    app.test_client().get(
        "/_seen",
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
        headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "roadmap.nl"},
    )
    assert recorded == seen


def test_a_language_choice_over_https_is_kept_in_a_secure_cookie(make_web_app: Callable[..., Flask]) -> None:
    """The permanent cookie the language switch sets follows the same rule as any other session cookie."""
    response = make_web_app().test_client().post("/language", data={"language": "nl", "next": "/"}, base_url=HTTPS)
    assert response.status_code == 302
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))
    assert "Secure" in cookie and "Expires=" in cookie


def test_a_visitors_language_cookie_is_sent_again_only_when_it_changes(client: FlaskClient) -> None:
    """Signing a cookie costs as much as a small page's own work: a visitor's is not signed again for nothing (a
    login session is, with every response: tests/workspace/test_sessions.py)."""
    assert client.get("/").status_code == 200  # the CSRF secret made and kept
    chosen = client.post("/language", data={"language": "nl", "next": "/"})
    assert any(value.startswith("session=") for value in chosen.headers.getlist("Set-Cookie"))
    client.get("/")  # Flask-Login marks a permanent session as not fresh, once
    for path in ("/start", "/", "/start"):
        response = client.get(path)
        assert response.status_code == 200
        assert not response.headers.getlist("Set-Cookie"), path
        assert '<html lang="nl"' in response.get_data(as_text=True)
    again = client.post("/language", data={"language": "en", "next": "/"})
    assert any(value.startswith("session=") for value in again.headers.getlist("Set-Cookie"))
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)
