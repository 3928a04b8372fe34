"""A real SMTP server on 127.0.0.1 (aiosmtpd) receiving what the site sends, and an app configured to use it."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.models import Round
from tests.conftest import empty_database, make_app
from tests.workspace import conftest as workspace

# The workspace's fixtures, here as well.
consultant, logged_in, make_user = workspace.consultant, workspace.logged_in, workspace.make_user
make_client, make_round, invite, respond = (
    workspace.make_client,
    workspace.make_round,
    workspace.invite,
    workspace.respond,
)


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def part(self, kind: str) -> str:
        body = self.message.get_body(preferencelist=(kind,))
        assert body is not None, f"no {kind} part"
        return str(body.get_content())  # type: ignore[attr-defined]


@dataclass
class Handler:
    """Keeps every message; answers `refusals` (e.g. ["451 Try again later"]) to the first DATA commands."""

    received: list[Received] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    port: int = 0

    async def handle_DATA(self, server: Any, smtp_session: Any, envelope: Any) -> str:
        if self.refusals:
            return self.refusals.pop(0)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[Handler]:
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def app(database_url: str, tmp_path: Path, smtp: Handler) -> Iterator[Flask]:
    """The app, sending to the test's SMTP server; retries follow at once (the queue runs jobs immediately)."""
    settings = {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp.port,
        "MAIL_DEFAULT_SENDER": "Roadmap <roadmap@example.org>",
        "MAIL_RETRY_DELAYS": (0, 0, 0),
        "MAIL_TIMEOUT": 5,
        "SITE_URL": "http://localhost",
    }
    with empty_database(make_app(database_url, tmp_path, **settings)) as app:
        yield app


@pytest.fixture
def open_round(make_client: Callable[..., int], make_round: Callable[..., int], consultant: Any) -> int:
    """An open round of Anna's client Acme Ltd."""
    return make_round(make_client(consultant, "Acme Ltd"), "Baseline")


def import_lines(client: FlaskClient, round_id: int, text: str, send: bool = True, **extra: str) -> Any:
    """Preview the lines, then confirm exactly what was previewed; returns the confirming response."""
    data = {"respondents": text, "language": extra.pop("language", "en"), **extra}
    if send:
        data["send"] = "y"
    preview = client.post(f"/rounds/{round_id}/invitations/import", data={**data, "action": "preview"})
    assert preview.status_code == 200, preview.get_data(as_text=True)
    previewed = re.search(r'name="previewed" value="([0-9a-f]+)"', preview.get_data(as_text=True))
    assert previewed
    return client.post(
        f"/rounds/{round_id}/invitations/import", data={**data, "action": "confirm", "previewed": previewed.group(1)}
    )


def round_of(app: Flask, round_id: int) -> Round:
    with app.app_context():
        found = session().get(Round, round_id)
        assert found is not None
        return found
