"""Messages to respondents: queue invitations and reminders, deliver one (with back-off), find reminders due.

A message is stored as `queued` before a job is handed to the queue (roadmap.jobs), so nothing is lost when the
worker is down; `deliver` sends it, or records why not (`cancelled`: nobody to send it to any more; `failed`: the
SMTP server's permanent refusal or the last temporary one).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from roadmap.models import Invitation, Message, Round, utcnow
from roadmap.services import audit, mail
from roadmap.services.rounds import current_token, questionnaire_of_round

DEFAULT_REMINDER_DAYS = (3, 1)
# Seconds to wait before each further try after a temporary failure; then the message has failed.
RETRY_DELAYS = (60, 300, 1800, 7200)


class Kind(StrEnum):
    INVITATION = "invitation"
    REMINDER = "reminder"


class State(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Reason(StrEnum):
    """Why a message is not sent (stored in Message.error of a cancelled message)."""

    NO_ADDRESS = "no_address"
    REVOKED = "revoked"
    CLOSED = "closed"
    SUBMITTED = "submitted"
    STOPPED = "stopped"
    REMINDED_TODAY = "reminded_today"


def reason_not_to_send(invitation: Invitation, kind: Kind, reminded: set[int] | None = None) -> Reason | None:
    if not invitation.email:
        return Reason.NO_ADDRESS
    if invitation.revoked_at is not None:
        return Reason.REVOKED
    if invitation.round.is_closed:
        return Reason.CLOSED
    if kind is Kind.REMINDER:
        if invitation.assessment.submitted_at is not None:
            return Reason.SUBMITTED
        if invitation.reminders_stopped_at is not None:
            return Reason.STOPPED
        if reminded is not None and invitation.id in reminded:
            return Reason.REMINDED_TODAY
    return None


def reminded_recently(session: Session, round_: Round, now: datetime | None = None) -> set[int]:
    """Invitations of the round with a reminder queued or sent in the last 24 hours: at most one a day."""
    since = (now or utcnow()) - timedelta(days=1)
    return set(
        session.scalars(
            sa.select(Message.invitation_id)
            .join(Message.invitation)
            .where(Invitation.round_id == round_.id, Message.kind == Kind.REMINDER)
            .where(Message.state.in_([State.QUEUED, State.SENT]), Message.created_at >= since)
        )
    )


def queue(
    session: Session,
    invitations: Iterable[Invitation],
    kind: Kind,
    now: datetime | None = None,
    *,
    actor: audit.Actor | None = None,
) -> list[int]:
    """A queued message for each invitation that may get one (the others are left out); their ids. Commits; with
    `actor`, each message asked for is recorded in the firm's log (a job's reminders are not)."""
    invitations, now = list(invitations), now or utcnow()
    reminded: set[int] = set()
    if kind is Kind.REMINDER and invitations:
        reminded = reminded_recently(session, invitations[0].round, now)
    messages = []
    for invitation in invitations:
        if reason_not_to_send(invitation, kind, reminded) is None:
            message = Message(invitation_id=invitation.id, kind=kind, state=State.QUEUED, created_at=now)
            session.add(message)
            messages.append(message)
            if actor is not None:
                _log_message(session, actor, kind, invitation)
    session.flush()
    ids = [message.id for message in messages]  # read before the commit expires them: no query per message
    session.commit()
    return ids


def _log_message(session: Session, actor: audit.Actor, kind: Kind, invitation: Invitation) -> None:
    action = "invitation_sent" if kind is Kind.INVITATION else "reminder_sent"
    subject = audit.invitation_subject(invitation)
    audit.record(session, action, actor=actor, firm_id=invitation.round.client.firm_id, subject=subject)


def remind_unsubmitted(session: Session, round_: Round, *, actor: audit.Actor | None = None) -> list[int]:
    """A reminder to everyone of the round who has not submitted (and may get one today)."""
    return queue(session, round_.invitations, Kind.REMINDER, actor=actor)


def reminder_days(round_: Round) -> tuple[int, ...]:
    return tuple(round_.reminder_days) if round_.reminder_days is not None else DEFAULT_REMINDER_DAYS


def due_reminders(session: Session, now: datetime | None = None) -> list[int]:
    """Reminders for open rounds whose deadline is one of their reminder days away today (from REMINDER_HOUR)."""
    now = now or utcnow()
    if now.hour < int(current_app.config.get("REMINDER_HOUR", 8)):
        return []
    today = now.date()
    rounds = session.scalars(sa.select(Round).where(Round.closed_at.is_(None), Round.deadline >= today))
    messages: list[int] = []
    for round_ in rounds:
        assert round_.deadline is not None
        if (round_.deadline - today).days in reminder_days(round_):
            messages += queue(session, round_.invitations, Kind.REMINDER, now)
    return messages


def deliver(session: Session, message_id: int) -> int | None:
    """Send a queued message. Returns the seconds to wait before trying again, or None when it is done."""
    message = session.get(Message, message_id)
    if message is None or message.state != State.QUEUED:
        return None
    invitation = message.invitation
    reason = reason_not_to_send(invitation, Kind(message.kind))
    if reason is not None:
        message.state, message.error = State.CANCELLED, reason
        session.commit()
        return None
    message.attempts += 1
    try:
        mail.send(compose(invitation, Kind(message.kind)))
    except Exception as error:  # the SMTP client raises many kinds; each is recorded with the message
        message.error = mail.describe(error)[:500]
        delays = current_app.config.get("MAIL_RETRY_DELAYS", RETRY_DELAYS)
        if mail.is_temporary(error) and message.attempts <= len(delays):
            session.commit()
            return int(delays[message.attempts - 1])
        message.state = State.FAILED
        session.commit()
        return None
    message.state, message.sent_at, message.error = State.SENT, utcnow(), None
    session.commit()
    return None


def compose(invitation: Invitation, kind: Kind) -> mail.EmailMultiAlternatives:
    secret = str(current_app.config["SECRET_KEY"])
    token = current_token(secret, invitation)
    if token is None:  # the secret key changed since the link was made: the link shown would not work
        raise RuntimeError("the invitation's link cannot be derived; re-issue it")
    links = mail.Links(
        answer=mail.site_url("assessment.resume", token=token),
        stop_reminders=mail.site_url("reminders.stop", token=stop_token(secret, invitation.id)),
    )
    question_count = len(questionnaire_of_round(invitation.round).questions)
    return mail.compose(invitation, kind, links, question_count)


def stop_token(secret_key: str, invitation_id: int) -> str:
    """The token of the link that stops reminders for one invitation: its id and an HMAC of it."""
    digest = hmac.new(secret_key.encode(), f"stop-reminders:{invitation_id}".encode(), hashlib.sha256).digest()
    return f"{invitation_id}-{base64.urlsafe_b64encode(digest[:18]).decode()}"


def invitation_of_stop_token(session: Session, secret_key: str, token: str) -> Invitation | None:
    number, _sep, _mac = token.partition("-")
    if not number.isdigit() or len(number) > 12:
        return None
    if not hmac.compare_digest(stop_token(secret_key, int(number)), token):
        return None
    return session.get(Invitation, int(number))


def stop_reminders(session: Session, invitation: Invitation) -> None:
    if invitation.reminders_stopped_at is None:
        invitation.reminders_stopped_at = utcnow()
        session.commit()


def set_schedule(session: Session, round_: Round, deadline: date | None, days: Iterable[int]) -> None:
    """The round's deadline (or none) and the days before it on which reminders go out."""
    round_.deadline = deadline
    chosen = sorted({int(day) for day in days}, reverse=True)
    round_.reminder_days = None if tuple(chosen) == DEFAULT_REMINDER_DAYS else chosen
    session.commit()
