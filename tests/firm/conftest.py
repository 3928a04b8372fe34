"""Fixtures for a firm's members: a firm with a member of every role, invitations, and the e-mail they get."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask

from roadmap.db import session
from roadmap.models import User
from roadmap.services import firms
from tests.workspace import conftest as workspace

# The workspace's fixtures, here as well.
consultant, logged_in, make_user, make_client, make_round, invite = (
    workspace.consultant,
    workspace.logged_in,
    workspace.make_user,
    workspace.make_client,
    workspace.make_round,
    workspace.invite,
)
login, PASSWORD = workspace.login, workspace.PASSWORD
NEW_PASSWORD = "a long new password"
EMAILS = {
    "admin": "boss@example.org",
    "partner": "partner@example.org",
    "consultant": "con@example.org",
    "viewer": "viewer@example.org",
}


@pytest.fixture
def firm(make_user: Callable[..., User]) -> dict[str, User]:
    """Social Inc.: its admin Bea Boss, and a partner, a consultant and a viewer."""
    boss = make_user(EMAILS["admin"], name="Bea Boss", firm="Social Inc.")
    members = {"admin": boss}
    for role in ("partner", "consultant", "viewer"):
        members[role] = make_user(EMAILS[role], colleague_of=boss, firm_role=role, name=role.title())
    return members


@pytest.fixture
def db(app: Flask) -> Iterator[None]:
    """An app context, for the service tests."""
    with app.app_context():
        yield


def fresh(user: User) -> User:
    found = session().get(User, user.id)
    assert found is not None
    return found


@pytest.fixture
def invited(app: Flask, firm: dict[str, User]) -> Callable[..., tuple[int, str]]:
    """An invitation by the firm's admin (through the service); its id and its link's token."""

    def make(email: str = "new@example.org", role: str = "consultant", now: datetime | None = None) -> tuple[int, str]:
        with app.app_context():
            invitation, token = firms.invite(session(), fresh(firm["admin"]), email, "Nina New", role, now=now)
            return invitation.id, token

    return make


def mails(app: Flask) -> list[EmailMessage]:
    """The messages written to instance/mail/ (no MAIL_SERVER), oldest first."""
    folder = Path(app.instance_path) / "mail"
    found = []
    for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        found.append(message)
    return found


def text_of(message: EmailMessage, kind: str = "plain") -> str:
    body = message.get_body(preferencelist=(kind,))
    assert body is not None
    return str(body.get_content())  # type: ignore[attr-defined]


def join_token(message: EmailMessage) -> str:
    found = re.search(r"/join/([A-Za-z0-9_-]+)", text_of(message))
    assert found, text_of(message)
    return found.group(1)
