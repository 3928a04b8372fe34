"""The firm's pages without an id, by role: every role of the firm, a member of another firm, logged out.
(The routes with an id are in tests/workspace/test_access.py's ID_ROUTES and run by role in test_roles.py.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.models import User
from tests.firm.conftest import EMAILS, login
from tests.workspace.test_access import snapshot

INVITE = {"email": "nina@example.org", "role": "consultant", "language": "en"}
# Path, method, and the status per who asks: admin, partner, consultant, viewer, another firm's admin, logged out.
ROUTES = {
    ("/firm/members", "GET"): (200, 403, 403, 403, 200, 302),
    ("/firm/members/invite", "POST"): (302, 403, 403, 403, 302, 302),
}
WHO = ("admin", "partner", "consultant", "viewer", "elsewhere", "logged out")


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("path", "method"), list(ROUTES))
def test_the_firm_pages_are_for_its_admins(
    app: Flask,
    client: FlaskClient,
    firm: dict[str, User],
    make_user: Callable[..., User],
    path: str,
    method: str,
    who: str,
) -> None:
    make_user("elsewhere@example.org")  # the admin of a firm of their own: their own members page
    if who == "elsewhere":
        login(client, "elsewhere@example.org")
    elif who != "logged out":
        login(client, EMAILS[who])
    before = snapshot(app)
    response = client.post(path, data=INVITE) if method == "POST" else client.get(path)
    status = ROUTES[(path, method)][WHO.index(who)]
    assert response.status_code == status
    if who == "logged out":
        assert response.location.startswith("/login")
    if status != 302 or who == "logged out":
        assert snapshot(app) == before
    if who == "elsewhere" and method == "GET":
        assert "Partner" not in response.text  # their own firm's members only


@pytest.mark.parametrize("who", WHO)
def test_the_join_link_is_public_and_the_same_for_everyone(
    client: FlaskClient,
    firm: dict[str, User],
    make_user: Callable[..., User],
    invited: Callable[..., tuple[int, str]],
    who: str,
) -> None:
    make_user("elsewhere@example.org")
    _id, token = invited()
    if who == "elsewhere":
        login(client, "elsewhere@example.org")
    elif who != "logged out":
        login(client, EMAILS[who])
    assert client.get(f"/join/{token}").status_code == 200
    assert client.get("/join/" + "x" * 43).status_code == 404
