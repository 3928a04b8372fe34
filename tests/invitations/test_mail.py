"""Invitation e-mails as a real SMTP server receives them: sender, language, links, encoding, header injection."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.models import Client, Invitation, Message, Round, User
from roadmap.services import delivery
from tests.conftest import empty_database, make_app
from tests.invitations.conftest import Handler, Received, import_lines
from tests.workspace.conftest import login

LINK = re.compile(r"http://localhost/a/[A-Za-z0-9_-]+")
STOP = re.compile(r"http://localhost/stop-reminders/[0-9]+-[A-Za-z0-9_=-]+")


def set_deadline(app: Flask, round_id: int, deadline: date) -> None:
    with app.app_context():
        found = session().get(Round, round_id)
        assert found is not None
        delivery.set_schedule(session(), found, deadline, [3, 1])


def only(smtp: Handler) -> Received:
    assert len(smtp.received) == 1, [r.recipients for r in smtp.received]
    return smtp.received[0]


def test_an_invitation_in_english(app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler) -> None:
    set_deadline(app, open_round, date(2026, 12, 24))
    response = import_lines(logged_in, open_round, "Mila Jansen, mila@example.org, it")
    assert response.status_code == 302
    received = only(smtp)
    assert received.recipients == ["mila@example.org"]
    message = received.message
    assert message["Subject"] == "Invitation: Baseline for Acme Ltd"
    assert message["From"] == '"Anna de Vries (Social Inc.)" <roadmap@example.org>'
    assert message["Reply-To"] == '"Anna de Vries (Social Inc.)" <anna@example.org>'
    assert message["To"] == "Mila Jansen <mila@example.org>"
    text, html = received.part("plain"), received.part("html")
    for body in (text, html):
        assert "Dear Mila Jansen," in body
        assert "Anna de Vries invites you" in body and "Acme Ltd" in body and "Baseline" in body
        assert "24 December 2026" in body
        assert re.search(r"It takes about \d+ minutes", body)
    link = LINK.search(text)
    assert link and link.group(0) in html
    assert logged_in.get(link.group(0).removeprefix("http://localhost")).status_code in (200, 302)
    stop = STOP.search(text)
    assert stop and stop.group(0) in html
    assert message["List-Unsubscribe"].strip() == f"<{stop.group(0)}>"  # folded when the link is long


def test_the_link_in_the_message_opens_the_respondents_questionnaire(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    import_lines(logged_in, open_round, "Mila Jansen, mila@example.org, it")
    link = LINK.search(only(smtp).part("plain"))
    assert link
    fresh = app.test_client()
    welcome = fresh.get(link.group(0).removeprefix("http://localhost"), follow_redirects=True)
    assert welcome.status_code == 200 and "Start the questionnaire" in welcome.get_data(as_text=True)
    page = fresh.get(re.search(r'href="(/a/[^"]+/page/1)"', welcome.get_data(as_text=True)).group(1))
    assert page.status_code == 200
    assert 'type="radio"' in page.get_data(as_text=True), "a page of questions"


def test_a_dutch_invitation(app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler) -> None:
    set_deadline(app, open_round, date(2026, 12, 24))
    import_lines(logged_in, open_round, "Mila Jansen; mila@example.org; it; nl")
    received = only(smtp)
    assert received.message["Subject"] == "Uitnodiging: Baseline voor Acme Ltd"
    text = received.part("plain")
    assert "Beste Mila Jansen," in text
    assert "24 december 2026" in text
    assert "minuten" in text
    assert "Invitation" not in text


def test_the_forms_language_is_used_where_a_line_gives_none(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    import_lines(logged_in, open_round, "Mila, mila@example.org, it\nJoe, joe@example.org, hr, en", language="nl")
    subjects = {r.recipients[0]: r.message["Subject"] for r in smtp.received}
    assert subjects == {
        "mila@example.org": "Uitnodiging: Baseline voor Acme Ltd",
        "joe@example.org": "Invitation: Baseline for Acme Ltd",
    }


def test_non_ascii_names_are_encoded(app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler) -> None:
    import_lines(logged_in, open_round, "Zoë Ångström-Łukasz, zoe@example.org, hr")
    received = only(smtp)
    head = received.raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii(), "headers are RFC 2047-encoded"
    assert received.message["To"] == "Zoë Ångström-Łukasz <zoe@example.org>"
    assert "Zoë Ångström-Łukasz" in received.part("plain")


def test_cr_and_lf_in_any_value_cannot_add_a_header(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    with app.app_context():
        found = session().get(Round, open_round)
        assert found is not None
        found.name = "Baseline\r\nBcc: round@evil.example"
        client = session().get(Client, found.client_id)
        assert client is not None
        client.name = "Acme\nX-Injected: client"
        user = session().get(User, client.consultant_id)
        assert user is not None
        assert user.membership is not None
        user.name, user.membership.firm.name = "Anna\r\nBcc: name@evil.example", "Firm\rX-Injected: firm"
        session().commit()
    import_lines(logged_in, open_round, "Mila, mila@example.org, it")
    received = only(smtp)
    assert received.recipients == ["mila@example.org"]
    message = received.message
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert "Bcc: round@evil.example" in message["Subject"]  # kept as text, on the one line
    assert message["From"] == '"Anna Bcc: name@evil.example (Firm X-Injected: firm)" <roadmap@example.org>'


def test_cr_and_lf_in_an_imported_line_are_refused(app: Flask, logged_in: FlaskClient, open_round: int) -> None:
    for line in ("Eve\rBcc: x@evil.example, eve@example.org, it", "Eve, eve@example.org\u000bBcc: x@evil.example, it"):
        response = logged_in.post(
            f"/rounds/{open_round}/invitations/import", data={"respondents": line, "action": "preview"}
        )
        assert response.status_code == 400
        assert "characters that cannot be stored" in response.get_data(as_text=True)


def test_a_temporary_failure_is_tried_again(app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler) -> None:
    smtp.refusals = ["451 4.3.0 Try again later"]
    import_lines(logged_in, open_round, "Mila, mila@example.org, it")
    assert only(smtp).recipients == ["mila@example.org"]
    with app.app_context():
        (message,) = session().query(Message).all()
        assert (message.state, message.attempts, message.error) == ("sent", 2, None)


def test_a_permanent_failure_is_recorded_and_shown(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    smtp.refusals = ["550 5.1.1 No such mailbox"]
    import_lines(logged_in, open_round, "Mila, mila@example.org, it")
    assert smtp.received == []
    with app.app_context():
        (message,) = session().query(Message).all()
        assert (message.state, message.attempts) == ("failed", 1)
        assert message.error == "550 5.1.1 No such mailbox"
    page = logged_in.get(f"/rounds/{open_round}").get_data(as_text=True)
    assert "failed: 550 5.1.1 No such mailbox" in page


def test_temporary_failures_end_as_failed_after_the_last_try(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    smtp.refusals = ["451 busy"] * 4
    import_lines(logged_in, open_round, "Mila, mila@example.org, it")
    assert smtp.received == []
    with app.app_context():
        (message,) = session().query(Message).all()
        assert (message.state, message.attempts, message.error) == ("failed", 4, "451 busy")


def test_an_unreachable_server_is_a_temporary_failure(app: Flask, logged_in: FlaskClient, open_round: int) -> None:
    app.config["MAIL_PORT"] = 1  # nothing listens there
    app.extensions["mailman"].port = 1
    import_lines(logged_in, open_round, "Mila, mila@example.org, it")
    with app.app_context():
        (message,) = session().query(Message).all()
        assert message.state == "failed" and message.attempts == 4
        assert "Connection" in (message.error or "")


def test_re_sending_sends_again_but_never_to_a_revoked_invitation(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    import_lines(logged_in, open_round, "Mila, mila@example.org, it", send=False)
    assert smtp.received == []
    with app.app_context():
        invitation_id = session().query(Invitation).one().id
    assert logged_in.post(f"/invitations/{invitation_id}/send").status_code == 302
    assert logged_in.post(f"/invitations/{invitation_id}/send").status_code == 302
    assert len(smtp.received) == 2
    logged_in.post(f"/invitations/{invitation_id}/revoke", data={"confirmed": "yes"})
    response = logged_in.post(f"/invitations/{invitation_id}/send", follow_redirects=True)
    assert "A revoked invitation is not sent" in response.get_data(as_text=True)
    assert len(smtp.received) == 2


def test_a_message_queued_before_the_link_was_revoked_is_not_sent(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    import_lines(logged_in, open_round, "Mila, mila@example.org, it", send=False)
    with app.app_context():
        invitation = session().query(Invitation).one()
        invitation_id, (message_id,) = (
            invitation.id,
            delivery.queue(session(), [invitation], delivery.Kind.INVITATION),
        )
    logged_in.post(f"/invitations/{invitation_id}/revoke", data={"confirmed": "yes"})
    with app.app_context():
        assert delivery.deliver(session(), message_id) is None
        stored = session().get(Message, message_id)
        assert stored is not None and (stored.state, stored.error) == ("cancelled", "revoked")
    assert smtp.received == []


def test_without_an_smtp_server_messages_are_files_and_the_page_says_so(
    database_url: str, tmp_path: Path, make_user: Callable[..., User]
) -> None:
    with empty_database(make_app(database_url, tmp_path)) as app:
        client = app.test_client()
        with app.app_context():
            from roadmap.services import accounts, clients, rounds

            user = accounts.create_user(session(), "anna@example.org", "correct horse battery", "consultant", "Anna")
            acme = clients.save_client(session(), user, "Acme Ltd", None, None, {}, [])
            round_id = rounds.create_round(session(), app.extensions["questionnaires"], acme, "R", date(2026, 3, 1)).id
        login(client, "anna@example.org")
        page = client.get(f"/rounds/{round_id}").get_data(as_text=True)
        assert "E-mail is not configured on this site" in page
        assert import_lines(client, round_id, "Mila, mila@example.org, it").status_code == 302
        (eml,) = (tmp_path / "instance" / "mail").glob("*.eml")
        assert b"To: Mila <mila@example.org>" in eml.read_bytes()
