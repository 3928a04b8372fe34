"""Which clients changed, and in what order: the log that lets every process keep its portfolio figures.

Every commit that changes something a portfolio shows (a client's details, lead or members; a round; a submitted
assessment; an invitation) raises one stamp, `portfolio_stamp.value`, and writes the ids of the clients it
touched into `portfolio_changes` under that value. A process that keeps a portfolio reads the stamp first: the
same stamp, nothing changed; a higher one, it reads the few changed clients again (`services.portfolio_kept`).

The stamp is one row, raised with UPDATE: the row lock makes writers take their values in the order they commit,
so a reader that sees value N also sees every change logged under N or below. A change with no client (NULL)
means "anything may have changed" (a bulk load or removal, something that could not be traced to its client):
readers read everything again. `epoch` is a random token given to the row when it is made, so a database that
was emptied or made again is never mistaken for the one a process kept figures of.

The session events below see every change made through the ORM. Bulk statements (`session.execute(sa.update(...))`)
bypass them: code that writes portfolio data that way calls `touched` or `everything` itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from roadmap.db import Base

PENDING = "roadmap.change_log"  # session.info key: what the session's flushes changed, not yet logged
KEEP = 2000  # changes kept below the newest stamp; a reader further behind reads everything again
STAMP_ID = 1


class PortfolioStamp(Base):
    __tablename__ = "portfolio_stamp"

    id: Mapped[int] = mapped_column(primary_key=True)
    epoch: Mapped[str] = mapped_column(sa.String(32))
    value: Mapped[int] = mapped_column(sa.BigInteger)
    # Changes up to and including this value have been deleted from portfolio_changes.
    pruned: Mapped[int] = mapped_column(sa.BigInteger)


class PortfolioChange(Base):
    __tablename__ = "portfolio_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    client_id: Mapped[int | None]  # no foreign key: a deleted client's id stays here


def new_epoch() -> str:
    return uuid.uuid4().hex


@sa.event.listens_for(PortfolioStamp.__table__, "after_create")
def _first_stamp(target: sa.Table, connection: sa.Connection, **_: Any) -> None:
    connection.execute(target.insert().values(id=STAMP_ID, epoch=new_epoch(), value=0, pruned=0))


class _Pending:
    def __init__(self) -> None:
        self.clients: set[int] = set()
        self.rounds: set[int] = set()
        self.assessments: set[int] = set()
        self.everything = False

    def __bool__(self) -> bool:
        return bool(self.everything or self.clients or self.rounds or self.assessments)


def _pending(session: Session) -> _Pending:
    found = session.info.get(PENDING)
    if found is None:
        found = session.info[PENDING] = _Pending()
    return found


def touched(session: Session, client_ids: Iterable[int]) -> None:
    """Log these clients as changed when the session commits (for changes made with bulk statements)."""
    _pending(session).clients.update(client_ids)


def everything(session: Session) -> None:
    """Log that anything may have changed when the session commits: every kept portfolio is read again."""
    _pending(session).everything = True


def _loaded(instance: object, key: str) -> Any:
    """An attribute's value as the session holds it, without loading anything (None when not loaded)."""
    return sa.inspect(instance).dict.get(key)


def _note(pending: _Pending, instance: object, deleted: bool) -> None:
    from roadmap.models import Assessment, Client, ClientMember, Invitation, Round

    if isinstance(instance, Client):
        pending.clients.add(instance.id)
    elif isinstance(instance, Round | ClientMember):
        _add(pending, pending.clients, _loaded(instance, "client_id"))
    elif isinstance(instance, Invitation):
        _add(pending, pending.rounds, _loaded(instance, "round_id"))
    elif isinstance(instance, Assessment):
        state = sa.inspect(instance)
        submitted = state.dict.get("submitted_at") is not None or state.attrs.submitted_at.history.has_changes()
        if not (submitted or deleted):
            return  # a draft: not on any portfolio
        invitation = state.dict.get("invitation")
        if invitation is not None:
            _add(pending, pending.rounds, _loaded(invitation, "round_id"))
        elif deleted:
            pending.everything = True  # its round cannot be found once it is gone
        else:
            pending.assessments.add(instance.id)


def _add(pending: _Pending, into: set[int], value: int | None) -> None:
    if value is None:
        pending.everything = True
    else:
        into.add(value)


@sa.event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    pending = _pending(session)
    for instance in session.new:
        _note(pending, instance, deleted=False)
    for instance in session.dirty:
        if session.is_modified(instance):  # a collection too: a member or round taken off a client
            _note(pending, instance, deleted=False)
    for instance in session.deleted:
        _note(pending, instance, deleted=True)


@sa.event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    session.flush()  # the commit's own flush comes after this event: its changes are noted now
    pending = session.info.pop(PENDING, None)
    if pending:
        _log(session, pending)


@sa.event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def _clients_of(session: Session, pending: _Pending) -> set[int | None]:
    from roadmap.models import Invitation, Round

    if pending.everything:
        return {None}
    found: set[int | None] = set(pending.clients)
    if pending.rounds:
        rows = dict(session.execute(sa.select(Round.id, Round.client_id).where(Round.id.in_(pending.rounds))).all())
        found.update(rows.values())
        if len(rows) < len(pending.rounds):  # a round deleted with its client, or on its own: not traceable
            found.add(None)
    if pending.assessments:  # those not in any round are on no portfolio
        found.update(
            session.scalars(
                sa.select(Round.client_id)
                .join(Invitation, Invitation.round_id == Round.id)
                .where(Invitation.assessment_id.in_(pending.assessments))
            )
        )
    return found


def _log(session: Session, pending: _Pending) -> None:
    clients = _clients_of(session, pending)
    if not clients:  # assessments in no round: on no portfolio
        return
    connection = session.connection()
    this = PortfolioStamp.id == STAMP_ID
    seq = connection.execute(
        sa.update(PortfolioStamp).where(this).values(value=PortfolioStamp.value + 1).returning(PortfolioStamp.value)
    ).scalar()
    if seq is None:  # the tables were emptied: a new epoch
        seq = 1
        connection.execute(sa.insert(PortfolioStamp).values(id=STAMP_ID, epoch=new_epoch(), value=seq, pruned=0))
    connection.execute(sa.insert(PortfolioChange), [{"seq": seq, "client_id": c} for c in clients])
    if seq % (KEEP // 4) == 0:
        connection.execute(sa.delete(PortfolioChange).where(PortfolioChange.seq <= seq - KEEP))
        connection.execute(sa.update(PortfolioStamp).where(this).values(pruned=seq - KEEP))
