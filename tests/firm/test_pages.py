"""The members page and the join link, in both languages: inviting (the e-mail written to instance/mail/),
re-sending, revoking, changing a role, removing a member (their sessions and tokens end at once)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.models import MemberInvitation, Membership, User
from roadmap.services import api_tokens
from tests.firm.conftest import EMAILS, NEW_PASSWORD, fresh, join_token, login, mails, text_of
from tests.workspace.test_access import snapshot

API_CLIENTS = "/api/v1/workspace/clients"


def set_language(client: FlaskClient, language: str) -> None:
    client.post("/language", data={"language": language, "next": "/"})


def invitations(app: Flask) -> list[MemberInvitation]:
    with app.app_context():
        found = list(session().scalars(sa.select(MemberInvitation).order_by(MemberInvitation.id)))
        session().expunge_all()
        return found


@pytest.mark.parametrize(
    ("language", "heading", "subject", "line"),
    [
        ("en", "Members of Social Inc.", "Bea Boss invites you to Social Inc.", "as partner"),
        ("nl", "Leden van Social Inc.", "Bea Boss nodigt je uit bij Social Inc.", "als partner"),
    ],
)
def test_an_admin_invites_a_colleague_by_email_in_the_chosen_language(
    app: Flask, client: FlaskClient, firm: dict[str, User], language: str, heading: str, subject: str, line: str
) -> None:
    login(client, EMAILS["admin"])
    set_language(client, language)
    page = client.get("/firm/members")
    assert page.status_code == 200 and heading in page.text
    for member in ("Partner", "Consultant", "Viewer"):
        assert member in page.text
    response = client.post(
        "/firm/members/invite",
        data={"email": "nina@example.org", "name": "Nina", "role": "partner", "language": language},
    )
    assert response.status_code == 302
    [message] = mails(app)
    assert message["To"] == "Nina <nina@example.org>"
    assert message["Subject"] == subject
    assert line in text_of(message) and line in text_of(message, "html")
    [invitation] = invitations(app)
    assert invitation.role == "partner" and join_token(message) not in invitation.token_hash
    assert "nina@example.org" in client.get("/firm/members").text


@pytest.mark.parametrize(
    ("language", "data", "message"),
    [
        ("en", {"email": "partner@example.org"}, "This e-mail address already has an account in a firm."),
        ("nl", {"email": "partner@example.org"}, "Dit e-mailadres heeft al een account bij een bureau."),
        ("en", {"email": "no address"}, "Enter an e-mail address like name@example.org."),
        ("nl", {"email": ""}, "Vul het e-mailadres van je collega in."),
    ],
)
def test_an_invitation_that_cannot_be_sent_says_why_and_keeps_the_form(
    app: Flask, client: FlaskClient, firm: dict[str, User], language: str, data: dict[str, str], message: str
) -> None:
    login(client, EMAILS["admin"])
    set_language(client, language)
    before = snapshot(app)
    response = client.post(
        "/firm/members/invite", data={"name": "Typed name", "role": "viewer", "language": "en", **data}
    )
    assert response.status_code == 400
    assert message in response.text and 'value="Typed name"' in response.text
    assert snapshot(app) == before and mails(app) == []


def test_an_open_invitation_is_refused_then_resent_with_a_new_link_or_revoked(
    app: Flask, client: FlaskClient, firm: dict[str, User]
) -> None:
    login(client, EMAILS["admin"])
    data = {"email": "nina@example.org", "role": "consultant", "language": "en"}
    assert client.post("/firm/members/invite", data=data).status_code == 302
    again = client.post("/firm/members/invite", data=data)
    assert again.status_code == 400 and "open invitation already" in again.text
    [invitation] = invitations(app)
    assert client.post(f"/firm/invitations/{invitation.id}/resend", data={"language": "nl"}).status_code == 302
    first, second = mails(app)
    assert second["Subject"].startswith("Bea Boss nodigt je uit")
    assert client.get(f"/join/{join_token(first)}").status_code == 404  # replaced by the new link
    assert client.get(f"/join/{join_token(second)}").status_code == 200
    assert client.post(f"/firm/invitations/{invitation.id}/revoke", data={"confirmed": "yes"}).status_code == 302
    closed = client.get(f"/join/{join_token(second)}")
    assert closed.status_code == 410 and "revoked" in closed.text
    assert "nina@example.org" not in client.get("/firm/members").text


def join(client: FlaskClient, token: str, password: str = NEW_PASSWORD, **extra: str) -> int:
    data = {"name": "Nina", "password": password, "repeated": password, **extra}
    return client.post(f"/join/{token}", data=data).status_code


def invite_nina(app: Flask, client: FlaskClient) -> str:
    login(client, EMAILS["admin"])
    assert (
        client.post(
            "/firm/members/invite", data={"email": "nina@example.org", "role": "viewer", "language": "en"}
        ).status_code
        == 302
    )
    client.post("/logout")
    return join_token(mails(app)[-1])


@pytest.mark.parametrize(("language", "title"), [("en", "Join Social Inc."), ("nl", "Word lid van Social Inc.")])
def test_the_link_sets_a_password_and_logs_in_once(
    app: Flask, client: FlaskClient, firm: dict[str, User], language: str, title: str
) -> None:
    token = invite_nina(app, client)
    set_language(client, language)
    page = client.get(f"/join/{token}")
    assert page.status_code == 200 and title in page.text and "nina@example.org" in page.text
    assert join(client, token, "short") == 400  # the rules of accounts.password_problem
    assert join(client, token, repeated="something else") == 400
    assert join(client, token) == 302
    assert client.get("/portfolio").status_code == 200  # logged in as Nina
    assert client.get("/firm/members").status_code == 403  # a viewer
    client.post("/logout")
    used = client.get(f"/join/{token}")
    assert used.status_code == 410
    assert ("used already" if language == "en" else "al gebruikt") in used.text
    before = snapshot(app)
    assert join(client, token, "yet another password") == 410
    assert snapshot(app) == before


def test_a_link_works_for_72_hours_and_not_a_second_more(
    app: Flask, client: FlaskClient, firm: dict[str, User]
) -> None:
    token = invite_nina(app, client)
    with app.app_context():
        invitation = session().scalars(sa.select(MemberInvitation)).one()
        invitation.created_at = invitation.created_at - timedelta(hours=72, seconds=1)
        invitation.expires_at = invitation.expires_at - timedelta(hours=72, seconds=1)
        session().commit()
    before = snapshot(app)
    expired = client.get(f"/join/{token}")
    assert expired.status_code == 410 and "expired" in expired.text
    assert join(client, token) == 410
    assert snapshot(app) == before


def test_only_the_firms_admins_see_the_members_page(client: FlaskClient, firm: dict[str, User]) -> None:
    for role in ("partner", "consultant", "viewer"):
        login(client, EMAILS[role])
        assert client.get("/firm/members").status_code == 403
        assert 'href="/firm/members"' not in client.get("/portfolio").text
        client.post("/logout")
    login(client, EMAILS["admin"])
    assert 'href="/firm/members"' in client.get("/portfolio").text


def test_the_last_admin_cannot_step_down(app: Flask, client: FlaskClient, firm: dict[str, User]) -> None:
    login(client, EMAILS["admin"])
    set_language(client, "nl")
    before = snapshot(app)
    response = client.post(f"/firm/members/{firm['admin'].id}/role", data={"role": "consultant"})
    assert response.status_code == 409 and "minstens één beheerder" in response.text
    assert snapshot(app) == before
    assert client.post(f"/firm/members/{firm['viewer'].id}/role", data={"role": "partner"}).status_code == 302
    with app.app_context():
        assert fresh(firm["viewer"]).firm_role == "partner"


def test_removing_a_member_logs_them_out_and_stops_their_token_at_once(
    app: Flask, client: FlaskClient, firm: dict[str, User], make_client: Callable[..., int]
) -> None:
    client_id = make_client(firm["consultant"], "Con's client")
    with app.app_context():
        secret, _token = api_tokens.create(session(), fresh(firm["consultant"]), "CRM")
    removed = app.test_client()
    login(removed, EMAILS["consultant"])
    assert removed.get(f"/clients/{client_id}").status_code == 200
    assert app.test_client().get(API_CLIENTS, headers={"Authorization": f"Bearer {secret}"}).status_code == 200

    login(client, EMAILS["admin"])
    confirm = client.get(f"/firm/members/{firm['consultant'].id}/remove")
    assert confirm.status_code == 200 and "Con&#39;s client" in confirm.text
    assert client.post(f"/firm/members/{firm['consultant'].id}/remove", data={"confirmed": "yes"}).status_code == 302

    after = removed.get(f"/clients/{client_id}")
    assert after.status_code == 302 and after.location.startswith("/login")
    assert app.test_client().get(API_CLIENTS, headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert client.get(f"/clients/{client_id}").status_code == 200  # the client stays, led by the admin
    with app.app_context():
        assert session().scalar(sa.select(Membership).filter_by(user_id=firm["consultant"].id)) is None


def test_an_admin_cannot_remove_themselves(app: Flask, client: FlaskClient, firm: dict[str, User]) -> None:
    login(client, EMAILS["admin"])
    before = snapshot(app)
    response = client.post(f"/firm/members/{firm['admin'].id}/remove", data={"confirmed": "yes"})
    assert response.status_code == 409 and "cannot remove yourself" in response.text
    assert snapshot(app) == before
