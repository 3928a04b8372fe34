"""Access control on every route that takes an id: another consultant's id is a 404 and changes nothing.

`ID_ROUTES` lists every such route; `test_every_id_route_is_in_the_table` walks the app's URL map, so a new route
with an `<int:...>` argument fails the suite until it has its row here (one line: the rule and its methods).
Arguments are filled by name from consultant A's client, round and invitation (see `IDS`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import db
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from roadmap.services import firms
from tests.workspace.conftest import login

GET, POST, GET_POST = ("GET",), ("POST",), ("GET", "POST")
ID_ROUTES: dict[str, tuple[str, ...]] = {
    "/clients/<int:client_id>": GET,
    "/clients/<int:client_id>/edit": GET_POST,
    "/clients/<int:client_id>/delete": GET_POST,
    "/clients/<int:client_id>/rounds/new": GET_POST,
    "/rounds/<int:round_id>": GET,
    "/rounds/<int:round_id>/result": GET,
    "/rounds/<int:round_id>/edit": GET_POST,
    "/rounds/<int:round_id>/invitations": POST,
    "/rounds/<int:round_id>/close": GET_POST,
    "/rounds/<int:round_id>/reopen": GET_POST,
    "/invitations/<int:invitation_id>/revoke": GET_POST,
    "/invitations/<int:invitation_id>/reissue": POST,
    "/rounds/<int:round_id>/responses.csv": GET,
    "/rounds/<int:round_id>/responses.xlsx": GET,
    "/rounds/<int:round_id>/result.json": GET,
    "/rounds/<int:round_id>/report.pdf": GET,
    "/rounds/<int:round_id>/deck.pptx": GET,
    "/clients/<int:client_id>/report.pdf": GET,
    "/clients/<int:client_id>/scores.csv": GET,
    "/rounds/<int:round_id>/invitations/import": POST,
    "/rounds/<int:round_id>/remind": POST,
    "/rounds/<int:round_id>/schedule": POST,
    "/invitations/<int:invitation_id>/send": POST,
    "/clients/<int:client_id>/scores.xlsx": GET,
    "/clients/<int:client_id>/plan": GET_POST,
    "/clients/<int:client_id>/plan/suggestions": POST,
    "/clients/<int:client_id>/plan/<int:action_id>/edit": GET_POST,
    "/clients/<int:client_id>/plan/<int:action_id>/status": POST,
    "/clients/<int:client_id>/plan/<int:action_id>/move": POST,
    "/clients/<int:client_id>/plan/<int:action_id>/delete": GET_POST,
    "/clients/<int:client_id>/plan/actions.csv": GET,
    "/clients/<int:client_id>/plan/actions.xlsx": GET,
    "/clients/<int:client_id>/team": GET_POST,
    "/firm/members/<int:member_id>/role": POST,
    "/firm/members/<int:member_id>/remove": GET_POST,
    "/firm/invitations/<int:member_invitation_id>/revoke": POST,
    "/firm/invitations/<int:member_invitation_id>/resend": POST,
    "/clients/<int:client_id>/logo": GET_POST,
}
# A firm's own pages (web/firm_members.py): for its admins only; another firm's id is a 404, even to a site admin.
FIRM_PREFIX = "/firm/"
# A site admin sees another firm's clients but does not act for that firm (services.access.in_firm).
SITE_ADMIN_STATUS = {
    "/firm/members/<int:member_id>/remove": 404,
    "/clients/<int:client_id>/team": 403,
}
# Respondents and the API reach assessments by their private token, and read-only share links by theirs
# (tests/web/test_share.py tries the share token on every token route), not by an id of the workspace.
TOKEN_ROUTE_PREFIXES = ("/a/<token>", "/s/<token>", "/api/")
# Everything any of these forms asks for, valid: were access granted, each POST would change something.
POST_DATA = {
    "name": "Changed by someone else",
    "sector": "retail",
    "size_band": "10-49",
    "held_on": "2026-06-01",
    "department": "hr",
    "confidentiality": "named",
    "minimum_group": "7",
    "respondents": "Noor, noor@example.org, hr",
    "deadline": "2026-06-01",
    "days": "2",
    "confirmed": "yes",
    "title": "Changed by someone else",
    "status": "done",
    "topic": "webcare",
    "version": "1",
    "direction": "up",
    "suggestion": "0",
    "role": "partner",
    "language": "en",
}
IDS = ("client_id", "round_id", "invitation_id", "action_id", "member_id", "member_invitation_id")
# What the owner gets where it is not 200 (GET) or 302 (POST): A's round has no submitted respondent yet.
# The import answers with its preview: storing needs a second, confirming request. Reopening an open round goes
# back to the round page.
OWNER_STATUS = {
    "GET /rounds/<int:round_id>/report.pdf": 409,
    "GET /rounds/<int:round_id>/deck.pptx": 409,
    "GET /clients/<int:client_id>/report.pdf": 409,
    "POST /rounds/<int:round_id>/invitations/import": 200,
    "GET /rounds/<int:round_id>/reopen": 302,
    # A's client has no result yet, so no ready-made action to add.
    "POST /clients/<int:client_id>/plan/suggestions": 400,
    # The form without a file: "Choose a PNG or SVG file."
    "POST /clients/<int:client_id>/logo": 400,
}


def url_of(rule: str, ids: dict[str, int]) -> str:
    url = rule
    for name, value in ids.items():
        url = url.replace(f"<int:{name}>", str(value))
    assert "<" not in url, f"{rule}: fill its arguments in `world` (IDS)"
    return url


def cases() -> list[tuple[str, str]]:
    return [(rule, method) for rule, methods in ID_ROUTES.items() for method in methods]


def test_every_id_route_is_in_the_table(app: Flask) -> None:
    routed = {}
    for rule in app.url_map.iter_rules():
        if "<int:" in rule.rule and not rule.rule.startswith(TOKEN_ROUTE_PREFIXES):
            routed[rule.rule] = tuple(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}))
    missing = sorted(set(routed) - set(ID_ROUTES))
    assert not missing, f"routes with an id but no row in ID_ROUTES (add one line each): {missing}"
    assert not sorted(set(ID_ROUTES) - set(routed)), "rows in ID_ROUTES for routes that no longer exist"
    assert {rule: tuple(sorted(methods)) for rule, methods in ID_ROUTES.items()} == routed


@pytest.fixture
def things_of(
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    add_action: Callable[..., int],
    questionnaire: Questionnaire,
) -> Callable[[int, str], dict[str, int]]:
    """A client's round with a started invitation, and an action (titled as asked) of its plan: the ids by name."""

    def make(client_id: int, action: str) -> dict[str, int]:
        round_id = make_round(client_id)
        invitation_id, token = invite(round_id, "marketing", "Mila")
        first = questionnaire.questions[0]
        respond(token, {first.key: first.options[0].key}, submit=False)
        action_id = add_action(action, client_id=client_id)
        return {"client_id": client_id, "round_id": round_id, "invitation_id": invitation_id, "action_id": action_id}

    return make


@pytest.fixture
def world(
    app: Flask,
    make_user: Callable[..., User],
    make_client: Callable[..., int],
    things_of: Callable[[int, str], dict[str, int]],
) -> Callable[[], dict[str, int]]:
    """Consultant A's things: a client with a round and a started invitation; a member of A's firm and an
    invitation to it. Call it again for fresh ones."""
    owner = make_user("a@example.org")
    members = itertools.count(1)

    def build() -> dict[str, int]:
        ids = things_of(make_client(owner, "A's client"), "A's action")
        return ids | firm_ids(app, make_user, owner, next(members))

    return build


def firm_ids(app: Flask, make_user: Callable[..., User], admin: User, number: int) -> dict[str, int]:
    """A new member of the admin's firm and an open invitation to it."""
    member = make_user(f"member{number}@example.org", colleague_of=admin, firm_role="consultant")
    with app.app_context():
        invited_by = db.session.get(User, admin.id)
        assert invited_by is not None
        invitation, _token = firms.invite(db.session, invited_by, f"invited{number}@example.org", None, "viewer")
        return {"member_id": member.id, "member_invitation_id": invitation.id}


def snapshot(app: Flask) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table."""
    with app.app_context():
        return {
            table.name: sorted(map(tuple, db.session.execute(sa.select(table))), key=repr)
            for table in db.metadata.sorted_tables
        }


def request(client: FlaskClient, method: str, url: str) -> int:
    response = client.post(url, data=POST_DATA) if method == "POST" else client.get(url)
    return response.status_code


def test_another_consultant_gets_404_and_changes_nothing(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], world: Callable[[], dict[str, int]]
) -> None:
    ids = world()
    make_user("b@example.org")
    login(client, "b@example.org")
    before = snapshot(app)
    wrong = []
    for rule, method in cases():
        status = request(client, method, url_of(rule, ids))
        if status != 404:
            wrong.append(f"{method} {rule}: {status}")
        if snapshot(app) != before:
            wrong.append(f"{method} {rule}: changed the database")
            before = snapshot(app)
    assert not wrong


def test_an_id_that_does_not_exist_looks_the_same(
    client: FlaskClient, make_user: Callable[..., User], world: Callable[[], dict[str, int]]
) -> None:
    ids = {name: value + 1000 for name, value in world().items()}
    make_user("b@example.org")
    login(client, "b@example.org")
    assert {rule: request(client, method, url_of(rule, ids)) for rule, method in cases()} == {
        rule: 404 for rule, _method in cases()
    }


def test_the_owner_gets_every_page_and_action(client: FlaskClient, world: Callable[[], dict[str, int]]) -> None:
    ids = world()
    login(client, "a@example.org")
    statuses = {}
    for rule, method in cases():
        # Fresh things for every POST, so that deleting or closing does not decide what the next row sees.
        statuses[f"{method} {rule}"] = request(client, method, url_of(rule, world() if method == "POST" else ids))
    assert statuses == {name: OWNER_STATUS.get(name, 200 if name.startswith("GET") else 302) for name in statuses}


def test_an_admin_sees_every_page(
    client: FlaskClient, make_user: Callable[..., User], world: Callable[[], dict[str, int]]
) -> None:
    ids = world()
    make_user("admin@example.org", role="admin")
    login(client, "admin@example.org")
    assert {rule: request(client, "GET", url_of(rule, ids)) for rule, method in cases() if method == "GET"} == {
        rule: SITE_ADMIN_STATUS.get(rule, OWNER_STATUS.get(f"GET {rule}", 200))
        for rule, method in cases()
        if method == "GET"
    }


def test_logged_out_goes_to_the_login_page_and_changes_nothing(
    app: Flask, client: FlaskClient, world: Callable[[], dict[str, int]]
) -> None:
    ids = world()
    before = snapshot(app)
    wrong = []
    for rule, method in cases():
        url = url_of(rule, ids)
        response = client.post(url, data=POST_DATA) if method == "POST" else client.get(url)
        if response.status_code != 302 or not response.location.startswith("/login"):
            wrong.append(f"{method} {rule}: {response.status_code} {response.location}")
    assert not wrong
    assert snapshot(app) == before
