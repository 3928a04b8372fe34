"""One render per report: whoever claims a report makes it; a download of the same report meanwhile waits for it.

A claim is a row in report_renders (the report and the version of it being made), inserted and committed on a
connection of its own, so that every process and machine on the database sees it at once. A download that finds
the report claimed polls the report's cache until it is there, and makes the report itself when the claim is
given up without a report (a PDF without its chart is not kept) or after WAIT_SECONDS. A claim older than
STALE_AFTER was left by a process that died and is taken over.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from roadmap.models import ReportRender, utcnow

WAIT_SECONDS = 20.0  # longer than a report takes, the chart browser's start included
POLL_SECONDS = 0.05
STALE_AFTER = timedelta(minutes=2)


def _engine(session: Session) -> sa.Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, sa.Engine) else bind.engine


def _this(subject: str, key: str) -> sa.ColumnElement[bool]:
    return sa.and_(ReportRender.subject == subject, ReportRender.key == key)


def claim(session: Session, subject: str, key: str) -> bool:
    """Claim the making of a report; False when someone else is making it now."""
    engine = _engine(session)
    with engine.begin() as connection:
        stale = utcnow() - STALE_AFTER
        connection.execute(sa.delete(ReportRender).where(_this(subject, key), ReportRender.started_at < stale))
    try:
        with engine.begin() as connection:
            connection.execute(sa.insert(ReportRender).values(subject=subject, key=key, started_at=utcnow()))
    except IntegrityError:
        return False
    return True


def release(session: Session, subject: str, key: str) -> None:
    with _engine(session).begin() as connection:
        connection.execute(sa.delete(ReportRender).where(_this(subject, key)))


def being_made(session: Session, subject: str, key: str) -> bool:
    with _engine(session).connect() as connection:
        return (connection.scalar(sa.select(sa.func.count()).where(_this(subject, key))) or 0) > 0


def pause() -> None:
    """One poll's wait (a function of its own so that tests can see a download waiting)."""
    time.sleep(POLL_SECONDS)


def made_once(
    session: Session, subject: str, key: str, read: Callable[[], bytes | None], make: Callable[[], bytes]
) -> bytes:
    """The report: made here by `make` (which stores it) when this process claims it, else read from the cache
    once whoever claimed it has stored it; made here after all when they give up or take too long."""
    if claim(session, subject, key):
        try:
            return make()
        finally:
            release(session, subject, key)
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        pause()
        if (pdf := read()) is not None:
            return pdf
        if not being_made(session, subject, key):
            return read() or make()
    return make()
