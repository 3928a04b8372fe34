"""Login sessions end on the server: a copy of the session cookie is refused after logging out, after disabling
the account and after LOGIN_IDLE_MINUTES without a request, on every page and form that needs a login."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap import security
from roadmap.models import User
from tests.workspace.conftest import PASSWORD, login
from tests.workspace.test_access import POST_DATA, firm_ids, snapshot, url_of


def session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def with_cookie(app: Flask, value: str) -> FlaskClient:
    """Another browser, replaying a copied session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def send(client: FlaskClient, method: str, url: str) -> tuple[int, str]:
    response = client.post(url, data=POST_DATA) if method == "POST" else client.get(url)
    response.close()  # file responses (plotly.js, static files) hold their file open until then
    return response.status_code, response.location or ""


@pytest.fixture
def login_routes(
    app: Flask,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    add_action: Callable[..., int],
    make_user: Callable[..., User],
) -> list[tuple[str, str]]:
    """(method, url) of every route that sends a visitor without a login to the login page, ids filled in."""
    client_id = make_client(consultant)
    round_id = make_round(client_id)
    invitation_id, _token = invite(round_id)
    action_id = add_action(client_id=client_id)
    ids = {"client_id": client_id, "round_id": round_id, "invitation_id": invitation_id, "action_id": action_id}
    ids |= firm_ids(app, make_user, consultant, 1)
    anonymous = app.test_client()
    routes = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            if "<token>" in rule.rule:  # respondents' and the API's pages need no login
                continue
            url = url_of(rule.rule, ids) if "<int:" in rule.rule else rule.rule
            if "<" not in url and send(anonymous, method, url)[1].startswith("/login"):
                routes.append((method, url))
    assert len(routes) >= 20, routes  # the portfolio, clients, rounds, invitations, exports, the password form
    return routes


def refused_everywhere(app: Flask, client: FlaskClient, routes: list[tuple[str, str]]) -> list[str]:
    """The routes on which `client` was not sent to the login page, or changed the database."""
    before = snapshot(app)
    wrong = []
    for method, url in routes:
        status, location = send(client, method, url)
        if status != 302 or not location.startswith("/login"):
            wrong.append(f"{method} {url}: {status}")
        if snapshot(app) != before:
            wrong.append(f"{method} {url}: changed the database")
    return wrong


def test_a_cookie_copied_before_logout_is_refused_after_it_on_every_page_and_form(
    app: Flask, logged_in: FlaskClient, login_routes: list[tuple[str, str]]
) -> None:
    copied = session_cookie(logged_in)
    assert with_cookie(app, copied).get("/portfolio").status_code == 200  # the copy works while logged in
    assert logged_in.post("/logout").status_code == 302
    assert refused_everywhere(app, with_cookie(app, copied), login_routes) == []


def test_logging_out_keeps_the_language(app: Flask, client: FlaskClient, consultant: User) -> None:
    client.post("/language", data={"language": "nl"})
    login(client, consultant.email)
    client.post("/logout")
    assert '<html lang="nl"' in client.get("/").get_data(as_text=True)
    login(client, consultant.email)  # and logging in again works
    assert client.get("/portfolio").status_code == 200


def test_disabling_an_account_ends_its_sessions_and_refuses_its_login(
    app: Flask, logged_in: FlaskClient, consultant: User, login_routes: list[tuple[str, str]]
) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "disable", "--email", consultant.email.upper()])
    assert result.exit_code == 0, result.output
    assert result.output == f"{consultant.email}: disabled, its sessions have ended\n"
    assert refused_everywhere(app, logged_in, login_routes) == []
    refused = app.test_client().post("/login", data={"email": consultant.email, "password": PASSWORD})
    assert refused.status_code == 400  # the same answer as a wrong password
    result = runner.invoke(args=["users", "enable", "--email", consultant.email])
    assert result.exit_code == 0 and result.output == f"{consultant.email}: enabled\n"
    assert logged_in.get("/portfolio").status_code == 302  # the old session stays ended
    login(logged_in, consultant.email)
    assert logged_in.get("/portfolio").status_code == 200


def test_disabling_an_unknown_account_says_so(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["users", "disable", "--email", "nobody@example.org"])
    assert result.exit_code == 1
    assert result.output == "Error: there is no account for nobody@example.org\n"


def later(monkeypatch: pytest.MonkeyPatch, minutes: float) -> None:
    moment = security.now() + timedelta(minutes=minutes)
    monkeypatch.setattr(security, "now", lambda: moment)


def test_a_login_session_ends_after_a_working_day_without_a_request(
    app: Flask, logged_in: FlaskClient, monkeypatch: pytest.MonkeyPatch, login_routes: list[tuple[str, str]]
) -> None:
    assert app.config["LOGIN_IDLE_MINUTES"] == 480
    logged_in.post("/language", data={"language": "nl"})
    copied = session_cookie(logged_in)
    later(monkeypatch, 479)
    assert with_cookie(app, copied).get("/portfolio").status_code == 200
    later(monkeypatch, 481)
    assert refused_everywhere(app, with_cookie(app, copied), login_routes) == []
    assert '<html lang="nl"' in with_cookie(app, copied).get("/").get_data(as_text=True)


def test_every_request_starts_the_idle_time_again(app: Flask, logged_in: FlaskClient) -> None:
    response = logged_in.get("/portfolio")
    assert response.status_code == 200
    [cookie] = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    expires = datetime.strptime(cookie.split("Expires=")[1].split(";")[0], "%a, %d %b %Y %H:%M:%S GMT")
    left = expires - security.now().replace(tzinfo=None)
    assert timedelta(minutes=479) < left <= timedelta(minutes=480)


@pytest.mark.parametrize("minutes", [30, 60 * 24 * 5])
def test_the_idle_limit_is_configurable(
    app: Flask, logged_in: FlaskClient, monkeypatch: pytest.MonkeyPatch, minutes: int
) -> None:
    app.config["LOGIN_IDLE_MINUTES"] = minutes  # ROADMAP_LOGIN_IDLE_MINUTES
    later(monkeypatch, minutes - 1)
    assert logged_in.get("/portfolio").status_code == 200
    later(monkeypatch, 2 * minutes + 1)  # more than `minutes` after the request above
    assert logged_in.get("/portfolio").status_code == 302
