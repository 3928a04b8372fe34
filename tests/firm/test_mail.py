"""The invitation e-mail through a real SMTP server on 127.0.0.1 (as tests/invitations): in the chosen language,
from the inviter, with a link that opens the join page; tried again after a temporary refusal; and nothing sent
for a link that no longer opens its invitation. The join link's rate limit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.models import User
from roadmap.services import accounts, firms, member_mail
from roadmap.web.firm_forms import ROLE_LABELS
from tests.conftest import empty_database, make_app
from tests.firm.conftest import EMAILS, NEW_PASSWORD, fresh, login
from tests.invitations.conftest import Handler, app, smtp
from tests.workspace.test_access import snapshot

__all__ = ["app", "smtp"]  # the SMTP server and the app sending to it


def invite(client: FlaskClient, language: str) -> None:
    login(client, EMAILS["admin"])
    data = {"email": "nina@example.org", "name": "Nina", "role": "viewer", "language": language}
    assert client.post("/firm/members/invite", data=data).status_code == 302


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        ("en", "Bea Boss invites you to Social Inc.", "Set your password with this link"),
        ("nl", "Bea Boss nodigt je uit bij Social Inc.", "Stel je wachtwoord in met deze link"),
    ],
)
def test_the_invitation_is_sent_from_the_inviter_in_the_chosen_language(
    client: FlaskClient, firm: dict[str, User], smtp: Handler, language: str, subject: str, words: str
) -> None:
    invite(client, language)
    [received] = smtp.received
    message = received.message
    assert received.recipients == ["nina@example.org"]
    assert message["Subject"] == subject
    assert message["From"] == '"Bea Boss (Social Inc.)" <roadmap@example.org>'
    assert message["Reply-To"] == "Bea Boss <boss@example.org>"
    assert words in received.part("plain")
    link = re.search(r"http://localhost/join/([A-Za-z0-9_-]{43})", received.part("html"))
    assert link and link.group(0) in received.part("plain")
    client.post("/logout")
    assert client.get(f"/join/{link.group(1)}").status_code == 200


def test_a_temporary_refusal_is_tried_again(client: FlaskClient, firm: dict[str, User], smtp: Handler) -> None:
    smtp.refusals = ["451 Try again later"]
    invite(client, "en")
    assert [r.recipients for r in smtp.received] == [["nina@example.org"]]


def test_nothing_is_sent_for_a_link_that_no_longer_opens_its_invitation(
    app: Flask, firm: dict[str, User], smtp: Handler
) -> None:
    with app.app_context():
        invitation, token = firms.invite(session(), fresh(firm["admin"]), "nina@example.org", None, "viewer")
        _same, newer = firms.resend(session(), fresh(firm["admin"]), invitation.id)
        assert member_mail.deliver(session(), invitation.id, token, "en", ROLE_LABELS) is None  # replaced
        firms.revoke(session(), fresh(firm["admin"]), invitation.id)
        assert member_mail.deliver(session(), invitation.id, newer, "en", ROLE_LABELS) is None  # revoked
    assert smtp.received == []


@pytest.fixture
def limited_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    # The limiter is one object for the process; its switch follows the app built last, so only this app is used.
    with empty_database(
        make_app(database_url, tmp_path, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    ) as limited:
        yield limited


def test_the_join_link_is_rate_limited_like_login(limited_app: Flask) -> None:
    with limited_app.app_context():
        admin = accounts.create_user(session(), "boss@example.org", NEW_PASSWORD, "consultant")
        _invitation, token = firms.invite(session(), admin, "nina@example.org", None, "viewer")
    client = limited_app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.51"
    for guess in range(3):
        assert client.post(f"/join/{'g' * 42}{guess}", data={"password": NEW_PASSWORD}).status_code == 404
    before = snapshot(limited_app)
    data = {"password": NEW_PASSWORD, "repeated": NEW_PASSWORD}
    assert client.post(f"/join/{token}", data=data).status_code == 429
    assert snapshot(limited_app) == before
    other = limited_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.52"
    assert other.post(f"/join/{token}", data=data).status_code == 302
