"""Who the workspace API answers: every route in one table, checked against the URL map, and refused the same way
without a token, with a bad, revoked or disabled account's token, and with only a login cookie; another
consultant's token gets 404 for every id and changes nothing; the owner's token gets the route's success."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import db, session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import ApiToken, User
from roadmap.services import accounts, api_tokens
from tests.api_tokens.conftest import API, bearer, error_of
from tests.workspace.conftest import PASSWORD

GET, POST = ("GET",), ("POST",)
# Every route of the workspace API: its methods, and the owner's status for each (with BODIES for the POSTs).
ROUTES: dict[str, dict[str, int]] = {
    f"{API}/clients": {"GET": 200, "POST": 201},
    f"{API}/clients/<int:client_id>/rounds": {"GET": 200, "POST": 201},
    f"{API}/rounds/<int:round_id>": {"GET": 200},
    f"{API}/rounds/<int:round_id>/close": {"POST": 200},
    f"{API}/rounds/<int:round_id>/result": {"GET": 200},
    f"{API}/rounds/<int:round_id>/invitations": {"GET": 200, "POST": 201},
    f"{API}/rounds/<int:round_id>/remind": {"POST": 202},
    f"{API}/invitations/<int:invitation_id>/revoke": {"POST": 200},
    f"{API}/invitations/<int:invitation_id>/send": {"POST": 409},  # the invitation has no e-mail address
    f"{API}/clients/<int:client_id>/actions": {"GET": 200, "POST": 201},
    f"{API}/clients/<int:client_id>/actions/<int:action_id>": {"GET": 200, "PUT": 200, "DELETE": 204},
}
BODIES: dict[str, dict[str, Any]] = {
    f"{API}/clients": {"name": "Made by the API", "sector": "retail"},
    f"{API}/clients/<int:client_id>/rounds": {"name": "Round two", "held_on": "2026-06-01"},
    f"{API}/rounds/<int:round_id>/invitations": {
        "respondents": [{"name": "Noor", "email": "noor@example.org", "department": "hr"}]
    },
    f"{API}/clients/<int:client_id>/actions": {"title": "Made by the API"},
    f"{API}/clients/<int:client_id>/actions/<int:action_id>": {"title": "Changed by the API", "version": 1},  # PUT
}


def cases() -> list[tuple[str, str]]:
    return [(rule, method) for rule, methods in ROUTES.items() for method in methods]


def url_of(rule: str, ids: dict[str, int]) -> str:
    url = rule
    for name, value in ids.items():
        url = url.replace(f"<int:{name}>", str(value))
    assert "<" not in url, rule
    return url


def call(client: FlaskClient, method: str, rule: str, ids: dict[str, int], headers: dict[str, str]) -> Any:
    url = url_of(rule, ids)
    if method in ("POST", "PUT"):
        return client.open(url, method=method, json=BODIES.get(rule, {}), headers=headers)
    return client.open(url, method=method, headers=headers)


def test_every_workspace_api_route_is_in_the_table(app: Flask) -> None:
    routed: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(f"{API}/") or rule.rule == API:
            routed.setdefault(rule.rule, set()).update((rule.methods or set()) - {"HEAD", "OPTIONS"})
    assert routed == {rule: set(methods) for rule, methods in ROUTES.items()}


@pytest.fixture
def world(
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    add_action: Callable[..., int],
    questionnaire: Questionnaire,
) -> Callable[[], dict[str, int]]:
    """Anna's things: a client with a round, a started invitation and an action. Call it again for fresh ones."""

    def build() -> dict[str, int]:
        client_id = make_client(consultant, "Anna's client")
        round_id = make_round(client_id)
        invitation_id, token = invite(round_id, "marketing", "Mila")
        first = questionnaire.questions[0]
        respond(token, {first.key: first.options[0].key}, submit=False)
        action_id = add_action("Anna's action", client_id=client_id)
        return {"client_id": client_id, "round_id": round_id, "invitation_id": invitation_id, "action_id": action_id}

    return build


def snapshot(app: Flask) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the tokens' (whose last use a request may note) and the log's (which records
    that use: services.audit)."""
    with app.app_context():
        return {
            table.name: sorted(map(tuple, db.session.execute(sa.select(table))), key=repr)
            for table in db.metadata.sorted_tables
            if table.name not in ("api_tokens", "audit_events")
        }


def refused(app: Flask, client: FlaskClient, ids: dict[str, int], headers: dict[str, str]) -> list[str]:
    """The routes that did not answer 401 in the API's error format with a Bearer challenge, or changed data."""
    before = snapshot(app)
    wrong = []
    for rule, method in cases():
        response = call(client, method, rule, ids, headers)
        if response.status_code != 401 or not response.headers.get("WWW-Authenticate", "").startswith("Bearer"):
            wrong.append(f"{method} {rule}: {response.status_code}")
        else:
            error_of(response)
        if snapshot(app) != before:
            wrong.append(f"{method} {rule}: changed the database")
            before = snapshot(app)
    return wrong


def revoked_token(app: Flask, secret: str) -> None:
    with app.app_context():
        token = session().scalar(sa.select(ApiToken).filter_by(token_hash=api_tokens.secret_hash(secret)))
        assert token is not None
        api_tokens.revoke(session(), token)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        bearer("rmp_" + "A" * 43),
        bearer("not-a-token"),
        {"Authorization": "Basic YW5uYUBleGFtcGxlLm9yZzpjb3JyZWN0IGhvcnNl"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
    ],
    ids=["no token", "unknown token", "malformed token", "basic auth", "empty bearer", "blank bearer"],
)
def test_without_a_working_token_every_route_is_refused(
    app: Flask, client: FlaskClient, world: Callable[[], dict[str, int]], headers: dict[str, str]
) -> None:
    assert refused(app, client, world(), headers) == []


def test_a_revoked_token_is_refused_everywhere(
    app: Flask, client: FlaskClient, world: Callable[[], dict[str, int]], token: str
) -> None:
    revoked_token(app, token)
    assert refused(app, client, world(), bearer(token)) == []


def test_a_disabled_account_s_token_is_refused_everywhere_and_works_again_once_enabled(
    app: Flask, client: FlaskClient, world: Callable[[], dict[str, int]], consultant: User, token: str
) -> None:
    ids = world()
    with app.app_context():
        accounts.set_disabled(session(), consultant.email, True)
    assert refused(app, client, ids, bearer(token)) == []
    with app.app_context():
        accounts.set_disabled(session(), consultant.email, False)
    assert client.get(f"{API}/clients", headers=bearer(token)).status_code == 200


def test_a_login_cookie_alone_opens_nothing(
    app: Flask, logged_in: FlaskClient, world: Callable[[], dict[str, int]]
) -> None:
    ids = world()
    assert logged_in.get(f"/rounds/{ids['round_id']}").status_code == 200  # the cookie works on the pages
    assert refused(app, logged_in, ids, {}) == []


def test_a_new_password_or_logging_out_does_not_end_tokens(
    app: Flask, logged_in: FlaskClient, auth: dict[str, str]
) -> None:
    changed = logged_in.post(
        "/account/password",
        data={"current": PASSWORD, "new": "another long password", "confirm": "another long password"},
    )
    assert changed.status_code == 302
    logged_in.post("/logout")
    assert app.test_client().get(f"{API}/clients", headers=auth).status_code == 200


def test_another_consultant_s_token_gets_404_for_every_id_and_changes_nothing(
    app: Flask,
    client: FlaskClient,
    world: Callable[[], dict[str, int]],
    make_user: Callable[..., User],
    make_token: Callable[..., str],
) -> None:
    ids = world()
    other = bearer(make_token(make_user("bob@example.org")))
    before = snapshot(app)
    wrong = []
    for rule, method in cases():
        if "<int:" not in rule:
            continue
        response = call(client, method, rule, ids, other)
        if response.status_code != 404:
            wrong.append(f"{method} {rule}: {response.status_code}")
        elif not error_of(response)["message"].startswith("No "):
            wrong.append(f"{method} {rule}: {response.get_json()}")
        if snapshot(app) != before:
            wrong.append(f"{method} {rule}: changed the database")
            before = snapshot(app)
    assert not wrong
    assert client.get(f"{API}/clients", headers=other).get_json() == {"clients": []}


def test_an_id_that_does_not_exist_looks_the_same(
    client: FlaskClient, world: Callable[[], dict[str, int]], auth: dict[str, str]
) -> None:
    ids = {name: value + 1000 for name, value in world().items()}
    answers = {
        f"{method} {rule}": call(client, method, rule, ids, auth).status_code
        for rule, method in cases()
        if "<int:" in rule
    }
    assert answers == dict.fromkeys(answers, 404)


def test_the_owner_s_token_gets_each_route_s_answer(
    app: Flask, client: FlaskClient, world: Callable[[], dict[str, int]], auth: dict[str, str]
) -> None:
    answers, expected = {}, {}
    for rule, method in cases():
        response = call(client, method, rule, world(), auth)
        answers[f"{method} {rule}"] = response.status_code
        expected[f"{method} {rule}"] = ROUTES[rule][method]
        assert response.is_json or response.status_code == 204
    assert answers == expected


def test_an_admin_s_token_sees_everyone_s_as_on_the_pages(
    client: FlaskClient,
    world: Callable[[], dict[str, int]],
    make_user: Callable[..., User],
    make_token: Callable[..., str],
) -> None:
    ids = world()
    admin = bearer(make_token(make_user("admin@example.org", role="admin")))
    assert client.get(f"{API}/rounds/{ids['round_id']}", headers=admin).status_code == 200


def test_no_csrf_token_is_needed_with_a_bearer_token(make_web_app: Callable[..., Flask]) -> None:
    checked = make_web_app(WTF_CSRF_ENABLED=True)
    with checked.app_context():
        user = accounts.create_user(session(), "carla@example.org", PASSWORD, "consultant")
        secret, _token = api_tokens.create(session(), user, "script")
    api = checked.test_client()
    assert api.post(f"{API}/clients", json={"name": "Via script"}, headers=bearer(secret)).status_code == 201
    pages = checked.test_client()
    login_page = pages.post("/login", data={"email": "carla@example.org", "password": PASSWORD})
    assert login_page.status_code == 400  # the pages still need their CSRF token
