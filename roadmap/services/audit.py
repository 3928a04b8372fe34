"""The firm's log: who signed in (or failed to), used a token, changed or downloaded what, when, from which address.

An event is added in the same transaction as the change it records (`record`, no commit: the use case commits), so
a change that is refused records nothing; an event without a change of its own (a sign-in, a failed sign-in, a
download) is stored alone (`note`, which commits). Events are never changed: the site has no route that edits or
deletes one; only `remove_older_than` (the daily job, `flask audit prune`) takes them out after the retention.

Token use is recorded when `ApiToken.last_used_at` is written, which is at most once a minute per token
(services.api_tokens): one event per token per minute at most, not one per request.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap.db import as_utc
from roadmap.models import AuditEvent, Client, Invitation, Round, User, utcnow

# The fixed vocabulary of actions, in the order the log's filter offers them.
ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "token_used",
    "member_invited",
    "member_joined",
    "role_changed",
    "member_removed",
    "member_invitation_revoked",
    "member_invitation_reissued",
    "team_changed",
    "brand_changed",
    "client_created",
    "client_changed",
    "client_deleted",
    "round_created",
    "round_changed",
    "round_closed",
    "round_reopened",
    "round_deleted",
    "invitation_created",
    "invitation_sent",
    "invitation_revoked",
    "invitation_reissued",
    "reminder_sent",
    "download",
    "export",
)
DEFAULT_RETENTION_DAYS = 400
PAGE_SIZE = 50
SUBJECT_MAX = 300
ACTOR_MAX = 254
ADDRESS_MAX = 45
EXPORT_COLUMNS = ("at", "actor", "action", "subject", "detail", "address")


@dataclass(frozen=True)
class Actor:
    """Who does something, as the log keeps it: the account (None: nobody signed in), its name or e-mail at that
    moment, its firm, and the client address the request came from (as the app sees it, after ProxyFix)."""

    user_id: int | None
    label: str | None
    firm_id: int | None
    address: str | None

    @classmethod
    def of(cls, user: User, address: str | None) -> Actor:
        membership = user.membership
        return cls(user.id, user.name or user.email, membership.firm_id if membership else None, address)

    @classmethod
    def anonymous(cls, label: str | None, address: str | None) -> Actor:
        return cls(None, label, None, address)


def record(
    session: Session,
    action: str,
    *,
    actor: Actor,
    firm_id: int | None,
    subject: str | None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add an event to the session; it is stored with the transaction of the change it records."""
    if action not in ACTIONS:
        raise ValueError(f"not an action of the log: {action}")  # a programming error, never a request's
    event = AuditEvent(
        at=utcnow(),
        firm_id=firm_id,
        actor_id=actor.user_id,
        actor=_cut(actor.label, ACTOR_MAX),
        action=action,
        subject=_cut(subject, SUBJECT_MAX),
        detail=dict(detail) if detail else None,
        address=_cut(actor.address, ADDRESS_MAX),
    )
    session.add(event)
    return event


def note(
    session: Session,
    action: str,
    *,
    actor: Actor,
    firm_id: int | None,
    subject: str | None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Record an event that has no change of its own to go with (a sign-in, a download) and commit it."""
    record(session, action, actor=actor, firm_id=firm_id, subject=subject, detail=detail)
    session.commit()


def _cut(text: str | None, limit: int) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 1] + "…"


def client_subject(client: Client) -> str:
    return f"client {client.id} {client.name}"


def round_subject(round_: Round) -> str:
    return f"round {round_.id} {round_.name} ({client_subject(round_.client)})"


def member_subject(user: User) -> str:
    """A member as the log names them (for member_invited, member_joined, role_changed, member_removed)."""
    return f"member {user.id} {user.name or user.email}"


def invitation_subject(invitation: Invitation) -> str:
    who = invitation.name or invitation.department
    return f"invitation {invitation.id} {who} ({round_subject(invitation.round)})"


@dataclass(frozen=True)
class EventFilter:
    """What the log shows: an action, a member (actor id), a date range (inclusive, in UTC), text in the subject."""

    action: str | None = None
    actor_id: int | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None


@dataclass(frozen=True)
class EventPage:
    events: list[AuditEvent]
    total: int
    page: int
    pages: int


def _filtered(firm_id: int, chosen: EventFilter) -> sa.Select:
    statement = sa.select(AuditEvent).where(AuditEvent.firm_id == firm_id)
    if chosen.action:
        statement = statement.where(AuditEvent.action == chosen.action)
    if chosen.actor_id is not None:
        statement = statement.where(AuditEvent.actor_id == chosen.actor_id)
    if chosen.since is not None:
        statement = statement.where(AuditEvent.at >= datetime.combine(chosen.since, time(), UTC))
    if chosen.until is not None:
        statement = statement.where(AuditEvent.at < datetime.combine(chosen.until + timedelta(days=1), time(), UTC))
    if chosen.text:
        escaped = chosen.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(AuditEvent.subject.ilike(f"%{escaped}%", escape="\\"))
    return statement


def events_of(session: Session, firm_id: int, chosen: EventFilter, page: int = 1, size: int = PAGE_SIZE) -> EventPage:
    """One page of the firm's events under the filter, newest first."""
    statement = _filtered(firm_id, chosen)
    total = session.scalar(sa.select(sa.func.count()).select_from(statement.subquery())) or 0
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    events = session.scalars(
        statement.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset((page - 1) * size).limit(size)
    )
    return EventPage(list(events), total, page, pages)


def actors_of(session: Session, firm_id: int) -> list[tuple[int, str]]:
    """The accounts that appear in the firm's log (for its filter): id and their latest label."""
    latest = (
        sa.select(AuditEvent.actor_id, sa.func.max(AuditEvent.id).label("last"))
        .where(AuditEvent.firm_id == firm_id, AuditEvent.actor_id.is_not(None))
        .group_by(AuditEvent.actor_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(AuditEvent.actor_id, AuditEvent.actor).join(latest, AuditEvent.id == latest.c.last)
    )
    return sorted(((row.actor_id, row.actor or "") for row in rows), key=lambda row: row[1].casefold())


def export_rows(session: Session, firm_id: int, chosen: EventFilter) -> Iterator[tuple[Any, ...]]:
    """Every event under the filter, newest first, as EXPORT_COLUMNS (the detail as JSON text)."""
    statement = _filtered(firm_id, chosen).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    for event in session.scalars(statement.execution_options(yield_per=1000)):
        detail = json.dumps(event.detail, ensure_ascii=False, sort_keys=True) if event.detail else None
        yield (as_utc(event.at), event.actor, event.action, event.subject, detail, event.address)


def remove_older_than(session: Session, days: int, now: datetime | None = None) -> int:
    """Delete the events older than `days` days (of every firm); how many. Commits."""
    if days < 1:
        raise ValueError("the retention is at least one day")
    cutoff = (now or utcnow()) - timedelta(days=days)
    result = cast(sa.CursorResult[Any], session.execute(sa.delete(AuditEvent).where(AuditEvent.at < cutoff)))
    removed = result.rowcount
    session.commit()
    return int(removed or 0)
