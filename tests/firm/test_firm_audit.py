"""The firm's own changes in its log: a colleague invited, the invitation sent again and revoked, a colleague
joining, a role changed, a member removed and a client's team changed, each with who did it and from where."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask

from roadmap.db import session
from roadmap.models import AuditEvent, MemberInvitation, User
from tests.firm.conftest import EMAILS, NEW_PASSWORD, join_token, login, mails

ADDRESS = "198.51.100.4"


def log(app: Flask) -> list[tuple[str, str | None, str | None, str | None, int | None]]:
    with app.app_context():
        rows = session().scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
        return [(e.action, e.actor, e.subject, e.address, e.firm_id) for e in rows if e.action not in SIGN_INS]


SIGN_INS = ("sign_in", "sign_out", "sign_in_failed")


def test_every_change_to_the_firm_is_in_its_log(
    app: Flask, firm: dict[str, User], make_client: Callable[..., int]
) -> None:
    admin = app.test_client()
    admin.environ_base["REMOTE_ADDR"] = ADDRESS
    login(admin, EMAILS["admin"])
    invite = {"email": "nina@example.org", "role": "consultant", "language": "en"}
    assert admin.post("/firm/members/invite", data=invite).status_code == 302
    with app.app_context():
        invitation_id = session().scalars(sa.select(MemberInvitation.id)).one()
    assert admin.post(f"/firm/invitations/{invitation_id}/resend", data={"language": "en"}).status_code == 302
    newcomer = app.test_client()
    token = join_token(mails(app)[-1])
    joined = newcomer.post(f"/join/{token}", data={"name": "Nina", "password": NEW_PASSWORD, "repeated": NEW_PASSWORD})
    assert joined.status_code == 302
    invite["email"] = "otto@example.org"
    assert admin.post("/firm/members/invite", data=invite).status_code == 302
    with app.app_context():
        otto = session().scalars(sa.select(MemberInvitation.id).filter_by(email="otto@example.org")).one()
    assert admin.post(f"/firm/invitations/{otto}/revoke", data={"confirmed": "yes"}).status_code == 302
    viewer = firm["viewer"]
    assert admin.post(f"/firm/members/{viewer.id}/role", data={"role": "consultant"}).status_code == 302
    client_id = make_client(firm["admin"], "Acme")
    team = {"lead": str(firm["admin"].id), "members": [str(viewer.id)]}
    assert admin.post(f"/clients/{client_id}/team", data=team).status_code == 302
    assert admin.post(f"/firm/members/{viewer.id}/remove", data={"confirmed": "yes"}).status_code == 302

    firm_id = firm["admin"].membership.firm_id if firm["admin"].membership else None
    events = log(app)
    assert [event[0] for event in events] == [
        "member_invited",
        "member_invitation_reissued",
        "member_joined",
        "member_invited",
        "member_invitation_revoked",
        "role_changed",
        "team_changed",
        "member_removed",
    ]
    assert {event[4] for event in events} == {firm_id}  # all in the firm's own log
    by_admin = [event for event in events if event[0] != "member_joined"]
    assert {event[1] for event in by_admin} == {"Bea Boss"} and {event[3] for event in by_admin} == {ADDRESS}
    assert events[2][1] == "Nina" and "Nina" in (events[2][2] or "")
    assert "nina@example.org" in (events[0][2] or "") and "otto@example.org" in (events[4][2] or "")
    assert "Acme" in (events[6][2] or "") and "Viewer" in (events[7][2] or "")
    page = admin.get("/firm/log")
    assert page.status_code == 200 and "Client&#39;s team changed" in page.text and "Member removed" in page.text


def test_a_change_of_brand_is_in_the_log(app: Flask, firm: dict[str, User], make_client: Callable[..., int]) -> None:
    admin = app.test_client()
    admin.environ_base["REMOTE_ADDR"] = ADDRESS
    login(admin, EMAILS["admin"])
    saved = admin.post("/firm/brand", data={"name": "Social Inc.", "accent": "#1f5fa8"})
    assert saved.status_code == 302
    refused = admin.post("/firm/brand", data={"name": "Social Inc.", "accent": "#ffff00"})
    assert refused.status_code == 400  # too little contrast: nothing stored, nothing recorded
    client_id = make_client(firm["admin"], "Acme")
    assert admin.post(f"/clients/{client_id}/logo", data={"action": "remove-logo"}).status_code == 302
    events = [event for event in log(app) if event[0] == "brand_changed"]
    assert [(event[2], event[3]) for event in events] == [
        ("the firm's brand", ADDRESS),
        (f"client {client_id} Acme", ADDRESS),
    ]
