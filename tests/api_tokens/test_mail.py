"""E-mail through the workspace API, to a real SMTP server on 127.0.0.1: invitations sent on creation or on
request, reminders only to those who have not submitted, and each invitation's delivery state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Invitation
from roadmap.services.rounds import current_token
from tests.api_tokens.conftest import API, error_of
from tests.conftest import all_answers
from tests.invitations.conftest import Handler, app, open_round, smtp

__all__ = ["app", "open_round", "smtp"]  # the SMTP server and the app sending to it, as tests/invitations has them


@pytest.fixture
def api(client: FlaskClient, auth: dict[str, str]) -> Callable[..., Any]:
    def send(method: str, path: str, **kwargs: Any) -> Any:
        return client.open(f"{API}{path}", method=method, headers=auth, **kwargs)

    return send


THREE = {
    "respondents": [
        {"name": "Ann", "email": "ann@example.org", "department": "it"},
        {"name": "Ben", "email": "ben@example.org", "department": "hr", "language": "nl"},
        {"name": "Zoë", "email": "zoe@example.org", "department": "board"},
    ],
    "send": True,
}


def tokens_by_address(app: Flask) -> dict[str, str]:
    with app.app_context():
        found = session().scalars(sa.select(Invitation)).all()
        return {i.email or "": current_token(app.config["SECRET_KEY"], i) or "" for i in found}


def test_invitations_made_with_send_are_delivered_in_their_language(
    api: Callable[..., Any], open_round: int, smtp: Handler
) -> None:
    response = api("POST", f"/rounds/{open_round}/invitations", json=THREE)
    assert response.status_code == 201
    assert response.get_json()["queued"] == 3
    assert sorted(r.recipients[0] for r in smtp.received) == ["ann@example.org", "ben@example.org", "zoe@example.org"]
    dutch = next(r for r in smtp.received if r.recipients == ["ben@example.org"])
    assert dutch.message["Subject"] == "Uitnodiging: Baseline voor Acme Ltd"
    english = next(r for r in smtp.received if r.recipients == ["ann@example.org"])
    assert english.message["Subject"] == "Invitation: Baseline for Acme Ltd"
    listed = api("GET", f"/rounds/{open_round}/invitations").get_json()["invitations"]
    assert {(i["email"], i["emails_sent"], i["delivery"]["kind"], i["delivery"]["state"]) for i in listed} == {
        (address, 1, "invitation", "sent") for address in ("ann@example.org", "ben@example.org", "zoe@example.org")
    }


def test_an_invitation_is_sent_again_on_request(api: Callable[..., Any], open_round: int, smtp: Handler) -> None:
    made = api("POST", f"/rounds/{open_round}/invitations", json={**THREE, "send": False}).get_json()
    assert smtp.received == []
    first = made["invitations"][0]
    response = api("POST", f"/invitations/{first['id']}/send")
    assert response.status_code == 202
    assert response.get_json()["queued"] == 1
    assert response.get_json()["invitation"]["delivery"]["state"] == "sent"
    assert [r.recipients for r in smtp.received] == [["ann@example.org"]]


def test_a_failed_delivery_shows_its_reason(api: Callable[..., Any], open_round: int, smtp: Handler) -> None:
    smtp.refusals = ["550 5.1.1 No such mailbox"]
    made = api("POST", f"/rounds/{open_round}/invitations", json={**THREE, "respondents": THREE["respondents"][:1]})
    [row] = api("GET", f"/rounds/{open_round}/invitations").get_json()["invitations"]
    assert made.status_code == 201
    assert row["delivery"]["state"] == "failed" and "No such mailbox" in row["delivery"]["error"]


def test_an_invitation_without_an_address_or_revoked_is_not_sent(
    api: Callable[..., Any], open_round: int, smtp: Handler, invite: Callable[..., tuple[int, str]]
) -> None:
    invitation_id, _token = invite(open_round, "it", "Mila")
    refused = api("POST", f"/invitations/{invitation_id}/send")
    assert refused.status_code == 409
    assert error_of(refused)["details"] == ["invitation: it has no e-mail address"]
    made = api("POST", f"/rounds/{open_round}/invitations", json={**THREE, "send": False}).get_json()
    revoked = made["invitations"][0]["id"]
    api("POST", f"/invitations/{revoked}/revoke")
    refused = api("POST", f"/invitations/{revoked}/send")
    assert refused.status_code == 409 and "revoked" in error_of(refused)["details"][0]
    assert smtp.received == []


def test_reminders_go_only_to_those_who_have_not_submitted_once_a_day(
    app: Flask,
    api: Callable[..., Any],
    open_round: int,
    smtp: Handler,
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> None:
    api("POST", f"/rounds/{open_round}/invitations", json={**THREE, "send": False})
    respond(tokens_by_address(app)["ann@example.org"], all_answers(questionnaire))
    response = api("POST", f"/rounds/{open_round}/remind")
    assert response.status_code == 202
    assert response.get_json() == {"queued": 2}
    assert sorted(r.recipients[0] for r in smtp.received) == ["ben@example.org", "zoe@example.org"]
    subjects = sorted(r.message["Subject"] for r in smtp.received)
    assert subjects == ["Herinnering: Baseline voor Acme Ltd", "Reminder: Baseline for Acme Ltd"]
    assert api("POST", f"/rounds/{open_round}/remind").get_json() == {"queued": 0}
    assert len(smtp.received) == 2
