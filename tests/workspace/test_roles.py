"""The access table by role: every workspace route with an id, for every role of the client's firm, a member of
another firm, and logged out (services.access holds the rule).

A firm admin and a partner see and change every client of the firm; a consultant the clients they lead or are
assigned to; a viewer reads the clients assigned to them and every change of theirs is a 403 that stores nothing.
Whatever a user may not see is a 404, exactly like an id that does not exist.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import NamedTuple

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.models import ClientMember, User
from tests.workspace.conftest import login
from tests.workspace.test_access import (  # noqa: F401 (things_of: a fixture)
    FIRM_PREFIX,
    OWNER_STATUS,
    cases,
    firm_ids,
    request,
    snapshot,
    things_of,
    url_of,
)


class Role(NamedTuple):
    email: str
    firm_role: str
    assigned: bool  # to every client of the firm's world
    sees: bool
    changes: bool


ROLES = {
    "firm admin": Role("boss@example.org", "admin", False, True, True),
    "partner": Role("partner@example.org", "partner", False, True, True),
    "lead consultant": Role("lead@example.org", "consultant", False, True, True),
    "assigned consultant": Role("helper@example.org", "consultant", True, True, True),
    "other consultant": Role("other@example.org", "consultant", False, False, False),
    "assigned viewer": Role("viewer@example.org", "viewer", True, True, False),
    "other viewer": Role("reader@example.org", "viewer", False, False, False),
}


@pytest.fixture
def firm_world(
    app: Flask,
    make_user: Callable[..., User],
    make_client: Callable[..., int],
    things_of: Callable[[int, str], dict[str, int]],  # noqa: F811
) -> Callable[[], dict[str, int]]:
    """A firm with a member of every role, and (per call) a client led by its lead consultant, with a round, a
    started invitation and an action, to which the assigned members are assigned."""
    boss = make_user("boss@example.org")
    members = {
        role.email: make_user(role.email, colleague_of=boss, firm_role=role.firm_role)
        for role in ROLES.values()
        if role.email != boss.email
    }
    lead = members["lead@example.org"]
    assigned = [members[role.email].id for role in ROLES.values() if role.assigned]
    numbers = itertools.count(1)

    def build() -> dict[str, int]:
        client_id = make_client(lead, "The firm's client")
        with app.app_context():
            session().add_all(ClientMember(client_id=client_id, user_id=user_id) for user_id in assigned)
            session().commit()
        return things_of(client_id, "The firm's action") | firm_ids(app, make_user, boss, next(numbers))

    return build


# Who leads a client and who is assigned to it: the firm's admins and partners, and the client's lead
# (services.access.may_assign); others who see the client get a 403 there.
TEAM = "/clients/<int:client_id>/team"


def expected(role: Role, method: str, rule: str) -> int:
    if method == "POST" and role.firm_role == "viewer":
        return 403  # whatever the route: a viewer changes nothing
    if rule.startswith(FIRM_PREFIX) and role.firm_role != "admin":
        return 403  # the firm's members are its admins' to manage (services.access.may_manage_firm)
    if not role.sees and not rule.startswith(FIRM_PREFIX):
        return 404
    if rule == TEAM and not (role.firm_role in ("admin", "partner") or role.email == "lead@example.org"):
        return 403
    return OWNER_STATUS.get(f"{method} {rule}", 200 if method == "GET" else 302)


@pytest.mark.parametrize("name", ROLES)
def test_every_role_gets_what_the_rule_says_and_a_refusal_changes_nothing(
    app: Flask, client: FlaskClient, firm_world: Callable[[], dict[str, int]], name: str
) -> None:
    role = ROLES[name]
    ids = firm_world()
    login(client, role.email)
    wrong = []
    for rule, method in cases():
        # Fresh things for every POST that may work, so that deleting or closing does not decide the next row.
        url = url_of(rule, firm_world() if method == "POST" and role.changes else ids)
        before = snapshot(app) if expected(role, method, rule) in (403, 404) else None
        status = request(client, method, url)
        if status != expected(role, method, rule):
            wrong.append(f"{method} {rule}: {status}, not {expected(role, method, rule)}")
        if before is not None and snapshot(app) != before:
            wrong.append(f"{method} {rule}: refused, but changed the database")
    assert not wrong


def test_a_member_of_another_firm_gets_404_everywhere(
    client: FlaskClient, make_user: Callable[..., User], firm_world: Callable[[], dict[str, int]]
) -> None:
    ids = firm_world()
    make_user("elsewhere@example.org")  # the admin of a firm of their own
    login(client, "elsewhere@example.org")
    assert {f"{method} {rule}": request(client, method, url_of(rule, ids)) for rule, method in cases()} == {
        f"{method} {rule}": 404 for rule, method in cases()
    }


def test_a_viewer_sees_the_portfolio_of_their_clients_only_and_cannot_add_one(
    client: FlaskClient, firm_world: Callable[[], dict[str, int]]
) -> None:
    firm_world()
    login(client, "reader@example.org")
    assert "The firm&#39;s client" not in client.get("/portfolio").text
    assert client.post("/clients/new", data={"name": "Mine"}).status_code == 403
    client.post("/logout")
    login(client, "viewer@example.org")
    assert "The firm&#39;s client" in client.get("/portfolio").text
    assert client.get("/clients/new").status_code == 200  # the form may be read; sending it is refused
    assert client.post("/clients/new", data={"name": "Mine"}).status_code == 403
