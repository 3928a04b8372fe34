"""Every kind of event is recorded with who, when, what and from which address; a refused change records nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.models import Invitation, User
from tests.audit.conftest import ADDRESS
from tests.workspace.conftest import PASSWORD, login

CONFIRMED = {"confirmed": "yes"}
Events = Callable[..., list[dict[str, Any]]]


def firm_of(app: Flask, user: User) -> int:
    with app.app_context():
        found = session().get(User, user.id)
        assert found is not None and found.membership is not None
        return found.membership.firm_id


@pytest.fixture
def from_address(client: FlaskClient) -> FlaskClient:
    client.environ_base["REMOTE_ADDR"] = ADDRESS
    return client


def only(events: Events, action: str) -> dict[str, Any]:
    found = events(action)
    assert len(found) == 1, (action, found)
    return found[0]


def test_a_sign_in_is_recorded_with_who_when_and_the_address(
    app: Flask, from_address: FlaskClient, consultant: User, events: Events
) -> None:
    before = datetime.now(UTC)
    login(from_address, consultant.email)
    event = only(events, "sign_in")
    assert (event["actor_id"], event["actor"], event["address"]) == (consultant.id, "Anna de Vries", ADDRESS)
    assert event["firm_id"] == firm_of(app, consultant)
    at = event["at"] if event["at"].tzinfo else event["at"].replace(tzinfo=UTC)
    assert before - timedelta(seconds=1) <= at <= datetime.now(UTC)


def test_failed_sign_ins_are_recorded_in_the_account_s_firm_or_in_none(
    app: Flask, from_address: FlaskClient, consultant: User, events: Events
) -> None:
    assert from_address.post("/login", data={"email": "Anna@Example.org", "password": "wrong"}).status_code == 400
    assert from_address.post("/login", data={"email": "nobody@example.org", "password": PASSWORD}).status_code == 400
    wrong, unknown = events("sign_in_failed")
    assert wrong["firm_id"] == firm_of(app, consultant) and wrong["actor_id"] == consultant.id
    assert wrong["actor"] == "anna@example.org" and wrong["detail"] == {"reason": "wrong password"}
    assert unknown["firm_id"] is None and unknown["actor_id"] is None
    assert unknown["actor"] == "nobody@example.org" and unknown["detail"] == {"reason": "unknown account"}
    assert {wrong["address"], unknown["address"]} == {ADDRESS}
    assert not events("sign_in")


def test_client_changes_are_recorded(app: Flask, from_address: FlaskClient, consultant: User, events: Events) -> None:
    login(from_address, consultant.email)
    response = from_address.post("/clients/new", data={"name": "Acme Ltd"})
    client_id = int(response.location.rsplit("/", 1)[1])
    from_address.post(f"/clients/{client_id}/edit", data={"name": "Acme B.V."})
    from_address.post(f"/clients/{client_id}/delete", data={})
    created, changed, deleted = (
        only(events, action) for action in ("client_created", "client_changed", "client_deleted")
    )
    assert created["subject"] == f"client {client_id} Acme Ltd"
    assert changed["subject"] == deleted["subject"] == f"client {client_id} Acme B.V."
    firm = firm_of(app, consultant)
    for event in (created, changed, deleted):
        assert (event["actor_id"], event["firm_id"], event["address"]) == (consultant.id, firm, ADDRESS)


def test_round_and_invitation_changes_are_recorded(
    app: Flask, from_address: FlaskClient, consultant: User, make_client: Callable[..., int], events: Events
) -> None:
    client_id = make_client(consultant)
    login(from_address, consultant.email)
    response = from_address.post(
        f"/clients/{client_id}/rounds/new",
        data={"name": "Spring", "held_on": "2026-03-01", "confidentiality": "named", "minimum_group": "5"},
    )
    round_id = int(response.location.rsplit("/", 1)[1])
    from_address.post(
        f"/rounds/{round_id}/edit",
        data={"name": "Spring check", "held_on": "2026-03-02", "confidentiality": "named", "minimum_group": "5"},
    )
    from_address.post(f"/rounds/{round_id}/invitations", data={"department": "marketing", "name": "Bo"})
    with app.app_context():
        invitation = session().query(Invitation).one()
        invitation.email = "bo@example.org"
        session().commit()
        invitation_id = invitation.id
    assert from_address.post(f"/invitations/{invitation_id}/send").status_code == 302
    assert from_address.post(f"/rounds/{round_id}/remind").status_code == 302
    assert from_address.post(f"/invitations/{invitation_id}/revoke", data=CONFIRMED).status_code == 302
    assert from_address.post(f"/invitations/{invitation_id}/reissue").status_code == 302
    assert from_address.post(f"/rounds/{round_id}/close", data=CONFIRMED).status_code == 302
    assert from_address.post(f"/rounds/{round_id}/reopen", data=CONFIRMED).status_code == 302
    kinds = [event["action"] for event in events()]
    assert kinds[kinds.index("round_created") :] == [
        "round_created",
        "round_changed",
        "invitation_created",
        "invitation_sent",
        "reminder_sent",
        "invitation_revoked",
        "invitation_reissued",
        "round_closed",
        "round_reopened",
    ]
    assert only(events, "round_created")["subject"] == f"round {round_id} Spring (client {client_id} Acme Ltd)"
    assert only(events, "invitation_revoked")["subject"] == (
        f"invitation {invitation_id} Bo (round {round_id} Spring check (client {client_id} Acme Ltd))"
    )
    firm = firm_of(app, consultant)
    assert {(e["actor_id"], e["firm_id"], e["address"]) for e in events() if e["action"] != "sign_in"} == {
        (consultant.id, firm, ADDRESS)
    }


def test_a_refused_change_records_nothing(
    app: Flask,
    from_address: FlaskClient,
    consultant: User,
    make_user: Callable[..., User],
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    events: Events,
) -> None:
    round_id = make_round(make_client(consultant))
    login(from_address, consultant.email)
    assert from_address.post("/clients/new", data={"name": ""}).status_code == 400
    assert from_address.post(f"/rounds/{round_id}/edit", data={"name": "", "held_on": "x"}).status_code == 400
    from_address.post(f"/rounds/{round_id}/close", data=CONFIRMED)
    from_address.post(f"/rounds/{round_id}/close", data=CONFIRMED)  # closed already: refused
    from_address.post(f"/rounds/{round_id}/invitations", data={"department": "marketing"})  # closed: refused
    viewer = make_user("vic@example.org", colleague_of=consultant, firm_role="viewer")
    other = from_address.application.test_client()
    login(other, viewer.email)
    assert other.post(f"/rounds/{round_id}/reopen", data=CONFIRMED).status_code == 403
    assert [event["action"] for event in events() if not event["action"].startswith("sign_in")] == ["round_closed"]


def test_downloads_and_exports_are_recorded(
    app: Flask,
    from_address: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    events: Events,
) -> None:
    client_id = make_client(consultant)
    round_id = make_round(client_id)
    login(from_address, consultant.email)
    for url in (
        f"/rounds/{round_id}/responses.csv",
        f"/rounds/{round_id}/responses.xlsx",
        f"/rounds/{round_id}/result.json",
        f"/clients/{client_id}/scores.csv",
        f"/clients/{client_id}/scores.xlsx",
        "/portfolio/scores.csv",
        "/portfolio/scores.xlsx",
        f"/clients/{client_id}/plan/actions.csv",
        f"/clients/{client_id}/plan/actions.xlsx",
    ):
        assert from_address.get(url).status_code == 200, url
    exported = events("export")
    assert [e["detail"]["file"] for e in exported] == [
        "responses.csv",
        "responses.xlsx",
        "result.json",
        "scores.csv",
        "scores.xlsx",
        "scores.csv",
        "scores.xlsx",
        "actions.csv",
        "actions.xlsx",
    ]
    assert [e["subject"].split(" ")[0] for e in exported] == ["round"] * 3 + ["client"] * 2 + ["portfolio"] * 2 + [
        "client"
    ] * 2
    assert {(e["actor_id"], e["address"]) for e in exported} == {(consultant.id, ADDRESS)}
    # A report that cannot be made (no result yet) is not a download.
    assert from_address.get(f"/rounds/{round_id}/report.pdf").status_code == 409
    assert not events("download")


def test_a_report_download_is_recorded(
    app: Flask,
    from_address: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Any,
    events: Events,
) -> None:
    from tests.conftest import all_answers

    round_id = make_round(make_client(consultant))
    respond(invite(round_id)[1], all_answers(questionnaire))
    login(from_address, consultant.email)
    assert from_address.get(f"/rounds/{round_id}/report.pdf").status_code == 200
    event = only(events, "download")
    assert event["detail"]["file"] == "report.pdf" and event["subject"].startswith(f"round {round_id} ")


def test_token_use_is_recorded_once_a_minute_and_api_changes_with_the_address(
    app: Flask, client: FlaskClient, consultant: User, make_token: Callable[..., str], events: Events
) -> None:
    headers = {"Authorization": f"Bearer {make_token(consultant, 'CRM link')}"}
    environ = {"REMOTE_ADDR": "198.51.100.4"}
    for _ in range(3):
        assert client.get("/api/v1/workspace/clients", headers=headers, environ_base=environ).status_code == 200
    response = client.post(
        "/api/v1/workspace/clients", json={"name": "Acme Ltd"}, headers=headers, environ_base=environ
    )
    assert response.status_code == 201
    used = only(events, "token_used")
    assert used["subject"].endswith(" CRM link") and used["address"] == "198.51.100.4"
    assert used["actor_id"] == consultant.id and used["firm_id"] == firm_of(app, consultant)
    created = only(events, "client_created")
    assert created["address"] == "198.51.100.4" and created["actor_id"] == consultant.id


def test_a_respondent_s_report_is_recorded_in_the_firm_s_log_through_the_link_and_a_share_link(
    app: Flask,
    client: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Any,
    events: Events,
) -> None:
    from roadmap.services import assessments, sharing
    from tests.conftest import all_answers

    round_id = make_round(make_client(consultant))
    invitation_id, token = invite(round_id, name="Mila")
    respond(token, all_answers(questionnaire))
    with app.app_context():
        found = assessments.find(session(), token)
        assert found is not None
        shared = sharing.create(session(), found)
    environ = {"REMOTE_ADDR": "198.51.100.9"}
    assert client.get(f"/a/{token}/report.pdf", environ_base=environ).status_code == 200
    assert client.get(f"/s/{shared}/report.pdf", environ_base=environ).status_code == 200
    link, share = events("download")
    assert (link["actor"], link["detail"]["via"], share["actor"], share["detail"]["via"]) == (
        "respondent",
        "link",
        "share link holder",
        "share",
    )
    assert link["firm_id"] == firm_of(app, consultant) and link["actor_id"] is None
    assert link["subject"].startswith(f"invitation {invitation_id} Mila (round {round_id} ")
    assert {link["address"], share["address"]} == {"198.51.100.9"}
    login(client, consultant.email)
    page = client.get("/firm/log?kind=download").get_data(as_text=True)
    assert "A respondent" in page and "A share link" in page


def test_a_sign_out_is_recorded(app: Flask, from_address: FlaskClient, consultant: User, events: Events) -> None:
    login(from_address, consultant.email)
    assert from_address.post("/logout").status_code == 302
    event = only(events, "sign_out")
    assert (event["actor_id"], event["address"]) == (consultant.id, ADDRESS)


def test_behind_a_trusted_proxy_the_address_is_the_forwarded_one(
    make_web_app: Callable[..., Flask], client: FlaskClient, events: Events
) -> None:
    forwarded = {"X-Forwarded-For": "198.51.100.20"}
    from_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    data = {"email": "nobody@example.org", "password": "whatever it is"}
    # Without PROXY_FIX (the default) the header is anybody's to send: the address is the connection's.
    client.post("/login", data=data, headers=forwarded, environ_base=from_proxy)
    behind = make_web_app(PROXY_FIX=1).test_client()
    behind.post("/login", data=data, headers=forwarded, environ_base=from_proxy)
    assert [event["address"] for event in events("sign_in_failed")] == ["10.0.0.2", "198.51.100.20"]


def test_the_api_s_changes_and_exports_are_recorded_like_the_pages(
    app: Flask,
    client: FlaskClient,
    consultant: User,
    make_token: Callable[..., str],
    make_client: Callable[..., int],
    events: Events,
) -> None:
    headers = {"Authorization": f"Bearer {make_token(consultant)}"}
    environ = {"REMOTE_ADDR": "198.51.100.5"}

    def api(method: str, path: str, **body: Any) -> Any:
        response = client.open(f"/api/v1/workspace{path}", method=method, headers=headers, environ_base=environ, **body)
        assert response.status_code < 300, response.get_json()
        return response.get_json()

    client_id = make_client(consultant)
    round_id = api("POST", f"/clients/{client_id}/rounds", json={"name": "Baseline", "held_on": "2026-03-01"})["id"]
    respondents = [{"name": "Mila", "email": "mila@example.org", "department": "it"}]
    made = api("POST", f"/rounds/{round_id}/invitations", json={"respondents": respondents, "send": True})
    invitation_id = made["invitations"][0]["id"]
    api("POST", f"/invitations/{invitation_id}/send")
    api("POST", f"/rounds/{round_id}/remind")
    api("GET", f"/rounds/{round_id}/result")
    api("POST", f"/invitations/{invitation_id}/revoke")
    api("POST", f"/rounds/{round_id}/close")
    recorded = [(e["action"], (e["detail"] or {}).get("count")) for e in events() if e["action"] != "token_used"]
    assert recorded == [
        ("round_created", None),
        ("invitation_created", 1),
        ("invitation_sent", 1),
        ("invitation_sent", None),
        ("reminder_sent", None),
        ("export", None),
        ("invitation_revoked", None),
        ("round_closed", None),
    ]
    assert {(e["actor_id"], e["address"]) for e in events()} == {(consultant.id, "198.51.100.5")}
    assert only(events, "export")["detail"] == {"file": "result.json", "via": "api"}
