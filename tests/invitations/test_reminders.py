"""Reminders: only to those who have not submitted, not to revoked or stopped ones, at most one a day; automatic."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap import jobs
from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Invitation, Message, Round
from roadmap.services import delivery
from roadmap.services.rounds import current_token
from tests.conftest import all_answers
from tests.invitations.conftest import Handler, import_lines

FOUR = "\n".join(
    ["Ann, ann@example.org, it", "Ben, ben@example.org, hr", "Cas, cas@example.org, board", "Dee, dee@example.org, it"]
)


def invitations(app: Flask) -> dict[str, tuple[int, str]]:
    """Each respondent's invitation id and link token, by e-mail address."""
    with app.app_context():
        found = session().scalars(sa.select(Invitation)).all()
        secret = app.config["SECRET_KEY"]
        return {i.email or "": (i.id, current_token(secret, i) or "") for i in found}


def reminded(smtp: Handler) -> list[str]:
    return sorted(r.recipients[0] for r in smtp.received if r.message["Subject"].startswith("Reminder"))


def stop_link(smtp: Handler, address: str) -> str:
    (received,) = [r for r in smtp.received if r.recipients == [address]][:1]
    found = re.search(r"http://localhost(/stop-reminders/\S+)", received.part("plain"))
    assert found
    return found.group(1)


def test_reminders_go_only_to_those_who_have_not_submitted(
    app: Flask,
    logged_in: FlaskClient,
    open_round: int,
    smtp: Handler,
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> None:
    import_lines(logged_in, open_round, FOUR)
    ids = invitations(app)
    respond(ids["ann@example.org"][1], all_answers(questionnaire))  # submitted
    respond(ids["ben@example.org"][1], {questionnaire.questions[0].key: "dialogue"}, submit=False)  # started
    logged_in.post(f"/invitations/{ids['cas@example.org'][0]}/revoke", data={"confirmed": "yes"})
    stop = stop_link(smtp, "dee@example.org")
    assert "Stop the reminders" in app.test_client().get(stop).get_data(as_text=True)
    assert app.test_client().post(stop).status_code == 200

    page = logged_in.post(f"/rounds/{open_round}/remind", follow_redirects=True).get_data(as_text=True)
    assert "1 reminder is being sent." in page
    assert reminded(smtp) == ["ben@example.org"]
    reminder = next(r for r in smtp.received if r.message["Subject"].startswith("Reminder"))
    assert "your answers have not been submitted yet" in reminder.part("plain")

    page = logged_in.post(f"/rounds/{open_round}/remind", follow_redirects=True).get_data(as_text=True)
    assert "Nobody needs a reminder now" in page
    assert reminded(smtp) == ["ben@example.org"], "at most one a day"


def test_the_stop_link_changes_nothing_until_its_button_is_pressed(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    import_lines(logged_in, open_round, "Ann, ann@example.org, it")
    stop = stop_link(smtp, "ann@example.org")
    respondent = app.test_client()
    assert respondent.get(stop).status_code == 200
    with app.app_context():
        assert session().scalars(sa.select(Invitation)).one().reminders_stopped_at is None
    page = respondent.post(stop).get_data(as_text=True)
    assert "You will get no more reminders for this questionnaire." in page
    with app.app_context():
        assert session().scalars(sa.select(Invitation)).one().reminders_stopped_at is not None
    assert "No reminders" in logged_in.get(f"/rounds/{open_round}").get_data(as_text=True)
    assert respondent.get(stop[:-2] + "xx").status_code == 404
    assert respondent.get("/stop-reminders/1-forged").status_code == 404
    assert respondent.get("/stop-reminders/nonsense").status_code == 404


def set_schedule(app: Flask, round_id: int, deadline: date, days: list[int]) -> None:
    with app.app_context():
        found = session().get(Round, round_id)
        assert found is not None
        delivery.set_schedule(session(), found, deadline, days)


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_automatic_reminders_on_the_chosen_days_before_the_deadline(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    import_lines(logged_in, open_round, "Ann, ann@example.org, it")
    deadline = date(2026, 12, 24)
    set_schedule(app, open_round, deadline, [3, 1])
    due = {}
    with app.app_context():
        for days_before in (4, 3, 2, 1, 0):
            moment = at(deadline - timedelta(days=days_before))
            due[days_before] = len(delivery.due_reminders(session(), moment))
        assert delivery.due_reminders(session(), at(deadline - timedelta(days=1), hour=3)) == [], "not at night"
    assert due == {4: 0, 3: 1, 2: 0, 1: 1, 0: 0}


def test_the_periodic_job_sends_the_due_reminders_once_a_day(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    import_lines(logged_in, open_round, "Ann, ann@example.org, it")
    today = datetime.now(UTC).date()
    set_schedule(app, open_round, today + timedelta(days=2), [2])
    app.config["REMINDER_HOUR"] = 0
    jobs.send_due_reminders.call_local()
    jobs.send_due_reminders.call_local()
    assert reminded(smtp) == ["ann@example.org"]


def test_no_automatic_reminders_without_a_deadline_or_in_a_closed_round(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    import_lines(logged_in, open_round, "Ann, ann@example.org, it")
    with app.app_context():
        assert delivery.due_reminders(session(), at(date(2026, 12, 21))) == []
    set_schedule(app, open_round, date(2026, 12, 24), [3])
    logged_in.post(f"/rounds/{open_round}/close", data={"confirmed": "yes"})
    with app.app_context():
        assert delivery.due_reminders(session(), at(date(2026, 12, 21))) == []


def test_the_schedule_form(app: Flask, logged_in: FlaskClient, open_round: int) -> None:
    page = logged_in.get(f"/rounds/{open_round}").get_data(as_text=True)
    assert 'value="3, 1"' in page, "the default days"
    response = logged_in.post(f"/rounds/{open_round}/schedule", data={"deadline": "2026-12-24", "days": "7, 2"})
    assert response.status_code == 302
    with app.app_context():
        found = session().get(Round, open_round)
        assert found is not None and (found.deadline, found.reminder_days) == (date(2026, 12, 24), [7, 2])
    response = logged_in.post(f"/rounds/{open_round}/schedule", data={"deadline": "24-12", "days": "soon"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Give whole numbers of days separated by commas" in html
    assert "Not a valid date value." in html
    with app.app_context():
        found = session().get(Round, open_round)
        assert found is not None and found.reminder_days == [7, 2], "nothing changed"


def test_messages_are_counted_per_invitation(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    import_lines(logged_in, open_round, "Ann, ann@example.org, it")
    logged_in.post(f"/rounds/{open_round}/remind")
    with app.app_context():
        kinds = [m.kind for m in session().scalars(sa.select(Message).order_by(Message.id))]
    assert kinds == ["invitation", "reminder"]
    page = logged_in.get(f"/rounds/{open_round}").get_data(as_text=True)
    assert "2 sent" in page and "Latest (reminder): sent" in page
