"""A client's team on its page: the lead and the assigned members, changed by those who may assign; the buttons
that change things are not shown to a viewer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.models import Client, ClientMember, User
from tests.firm.conftest import EMAILS, login
from tests.workspace.test_access import snapshot


@pytest.fixture
def acme(app: Flask, firm: dict[str, User], make_client: Callable[..., int]) -> int:
    """The consultant's client, the viewer assigned to it."""
    client_id = make_client(firm["consultant"], "Acme")
    with app.app_context():
        session().add(ClientMember(client_id=client_id, user_id=firm["viewer"].id))
        session().commit()
    return client_id


def team_of(app: Flask, client_id: int) -> tuple[int, list[int]]:
    with app.app_context():
        client = session().get(Client, client_id)
        assert client is not None
        members = session().scalars(sa.select(ClientMember.user_id).filter_by(client_id=client_id)).all()
        return client.consultant_id, sorted(members)


@pytest.mark.parametrize(
    ("language", "saved"),
    [("en", "The client&#39;s team has been saved."), ("nl", "Het team van de klant is bewaard.")],
)
def test_the_lead_hands_the_client_over_and_assigns_members(
    app: Flask, client: FlaskClient, firm: dict[str, User], acme: int, language: str, saved: str
) -> None:
    login(client, EMAILS["consultant"])
    client.post("/language", data={"language": language, "next": "/"})
    page = client.get(f"/clients/{acme}")
    assert f'href="/clients/{acme}/team"' in page.text and "Viewer" in page.text
    form = client.get(f"/clients/{acme}/team")
    assert form.status_code == 200 and "Viewer (" in form.text
    data = {"lead": str(firm["partner"].id), "members": [str(firm["consultant"].id), str(firm["viewer"].id)]}
    response = client.post(f"/clients/{acme}/team", data=data, follow_redirects=True)
    assert saved in response.text
    assert team_of(app, acme) == (firm["partner"].id, sorted([firm["consultant"].id, firm["viewer"].id]))


def test_a_viewer_cannot_lead_and_nothing_is_stored(
    app: Flask, client: FlaskClient, firm: dict[str, User], acme: int
) -> None:
    login(client, EMAILS["admin"])
    before = snapshot(app)
    response = client.post(f"/clients/{acme}/team", data={"lead": str(firm["viewer"].id)})
    assert response.status_code == 400
    assert snapshot(app) == before


def test_a_member_of_another_firm_cannot_be_assigned(
    app: Flask, client: FlaskClient, firm: dict[str, User], acme: int, make_user: Callable[..., User]
) -> None:
    other = make_user("elsewhere@example.org")
    login(client, EMAILS["admin"])
    before = snapshot(app)
    response = client.post(f"/clients/{acme}/team", data={"members": [str(other.id)]})
    assert response.status_code == 400
    assert snapshot(app) == before


def test_a_viewer_sees_the_client_without_the_buttons_that_change_it(
    client: FlaskClient, firm: dict[str, User], acme: int
) -> None:
    login(client, EMAILS["viewer"])
    page = client.get(f"/clients/{acme}")
    assert page.status_code == 200 and "Acme" in page.text
    for hidden in (
        f"/clients/{acme}/edit",
        f"/clients/{acme}/delete",
        f"/clients/{acme}/rounds/new",
        f"/clients/{acme}/team",
    ):
        assert f'href="{hidden}"' not in page.text
    assert "/clients/new" not in client.get("/portfolio").text
    login(client, EMAILS["consultant"])
    page = client.get(f"/clients/{acme}")
    for shown in (f"/clients/{acme}/edit", f"/clients/{acme}/delete", f"/clients/{acme}/rounds/new"):
        assert f'href="{shown}"' in page.text


def test_a_viewer_reads_rounds_and_the_plan_without_their_forms(
    client: FlaskClient,
    firm: dict[str, User],
    acme: int,
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
) -> None:
    round_id = make_round(acme)
    invite(round_id, "marketing", "Mila")
    changes = (f"/rounds/{round_id}/close", f"/rounds/{round_id}/invitations", f"/rounds/{round_id}/remind")
    login(client, EMAILS["consultant"])
    page = client.get(f"/rounds/{round_id}").text
    assert all(change in page for change in changes) and "http://localhost/a/" in page
    assert f'action="/clients/{acme}/plan"' in client.get(f"/clients/{acme}/plan").text
    login(client, EMAILS["viewer"])
    page = client.get(f"/rounds/{round_id}").text
    assert "Baseline" in page and not any(change in page for change in changes)
    assert "/a/" not in page  # no respondent's link: it would answer for them
    plan = client.get(f"/clients/{acme}/plan")
    assert plan.status_code == 200 and f'action="/clients/{acme}/plan"' not in plan.text


def test_the_portfolio_shows_add_a_client_again_after_a_viewer_is_made_consultant(
    client: FlaskClient, firm: dict[str, User], acme: int
) -> None:
    login(client, EMAILS["viewer"])
    assert 'href="/clients/new"' not in client.get("/portfolio").text
    login(client, EMAILS["admin"])
    assert client.post(f"/firm/members/{firm['viewer'].id}/role", data={"role": "consultant"}).status_code == 302
    login(client, EMAILS["viewer"])
    assert 'href="/clients/new"' in client.get("/portfolio").text
