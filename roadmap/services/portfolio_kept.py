"""The portfolio kept between requests: one cheap read when nothing changed, the changed clients only when some did.

Each process keeps, per way of seeing the firm's clients (`access_key`), the figures it last read and the stamp
they were read at (`roadmap.change_log`). A view reads the stamp before anything else:

- the same stamp: the kept figures are returned as they are (one statement);
- a higher one: the clients logged as changed since are read again, as `services.portfolio` reads any client
  (visible or not any more, renamed, new rounds, submissions), and put in place of their kept figures;
- anything else (no kept figures, another epoch, a change of unknown clients, too many changes, a log pruned past
  the kept stamp): everything is read again.

The stamp is read first, so figures kept under stamp N hold every change logged up to N, and maybe some later
ones (those are read again under their own stamp): kept figures are never older than their stamp.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Collection, Hashable
from dataclasses import dataclass

import sqlalchemy as sa
from cachetools import LRUCache
from flask import Flask
from sqlalchemy.orm import Session

from roadmap.change_log import STAMP_ID, PortfolioChange, PortfolioStamp
from roadmap.db import db
from roadmap.models import Client, Membership, Round, User
from roadmap.services import access
from roadmap.services import clients as clients_service
from roadmap.services.portfolio import ClientFigures, by_client, fingerprint, round_figures

log = logging.getLogger(__name__)

# Above this many changed clients (or a quarter of the portfolio, whichever is more) reading everything is as quick.
FEW = 100


@dataclass(frozen=True)
class Kept:
    epoch: str
    stamp: int
    by_id: dict[int, ClientFigures]
    ordered: tuple[ClientFigures, ...]


def access_key(user: User) -> Hashable:
    """What decides which clients a user sees (`services.access`): users with the same key see the same ones."""
    if user.is_admin:
        return ("site admin",)
    membership = user.membership
    if membership is None:
        return ("nobody",)
    if membership.role in access.FIRM_WIDE:
        return ("firm", membership.firm_id)
    return ("member", user.id, membership.id, membership.firm_id, membership.role)


def portfolio_of(session: Session, user: User) -> list[ClientFigures]:
    """Every client the user may see, with its rounds' figures, ordered by name (then id)."""
    return kept_portfolio(session, user)[0]


def kept_portfolio(session: Session, user: User) -> tuple[list[ClientFigures], Hashable]:
    """The user's portfolio and a version of it: equal versions (for the same `access_key`), equal figures."""
    stamp = PortfolioStamp.__table__
    row = session.execute(sa.select(stamp.c.epoch, stamp.c.value, stamp.c.pruned).where(stamp.c.id == STAMP_ID)).first()
    if row is None:  # tables emptied and nothing written since: nothing to keep figures against
        figures = read_all(session, user)
        return figures, ("unkept", fingerprint(figures))
    epoch, value, pruned = row
    key = access_key(user)
    with _lock:
        kept = _kept.get(key)
    if kept is not None and kept.epoch == epoch and kept.stamp == value:
        return list(kept.ordered), (epoch, value)
    changed = _changed(session, kept, epoch, value, pruned)
    if kept is not None and changed is not None:
        fresh = _reread(session, user, kept, changed)
    else:
        fresh = _keep(read_all(session, user))
    kept = Kept(epoch, value, fresh, tuple(sorted(fresh.values(), key=_order)))
    with _lock:
        _kept[key] = kept
    return list(kept.ordered), (epoch, value)


def warm(session: Session) -> int:
    """Read each firm's portfolio as its admins and partners see it, so that nobody's first view waits for it.

    For a process that has just started (`roadmap.gunicorn_conf`, in the background): one firm-wide member of each
    firm, and the site admins; a consultant or viewer who sees part of a firm still waits once. Returns how many
    portfolios it read."""
    firm_wide = (
        sa.select(sa.func.min(Membership.user_id))
        .join(User, User.id == Membership.user_id)
        .where(Membership.role.in_(access.FIRM_WIDE), User.disabled_at.is_(None))
        .group_by(Membership.firm_id)
    )
    admin = sa.select(sa.func.min(User.id)).where(User.role == "admin", User.disabled_at.is_(None))
    user_ids = [user_id for user_id in session.scalars(firm_wide.union(admin)) if user_id is not None]
    for user_id in user_ids:
        user = session.get(User, user_id)
        if user is not None:
            kept_portfolio(session, user)
        session.rollback()  # one short read transaction per firm
    return len(user_ids)


def warm_in_background(app: Flask) -> threading.Thread:
    """`warm` in a daemon thread with its own app context: a worker answers requests meanwhile."""

    def run() -> None:
        started = time.perf_counter()
        with app.app_context():
            try:
                read = warm(db.session())
            except Exception:  # a worker that cannot warm up still serves: its first views read everything
                log.warning("reading the portfolios at start-up failed", exc_info=True)
                return
            finally:
                db.session.remove()
        log.info("portfolios of %d firms read in %.1f s at start-up", read, time.perf_counter() - started)

    thread = threading.Thread(target=run, name="portfolio-warm-up", daemon=True)
    thread.start()
    return thread


def read_all(session: Session, user: User) -> list[ClientFigures]:
    clients = _clients(session, access.visible(_client_columns(), user))
    rounds = round_figures(session, clients_service.visible_rounds(user))
    return sorted(by_client(clients, rounds), key=_order)


def _changed(session: Session, kept: Kept | None, epoch: str, value: int, pruned: int) -> set[int] | None:
    """The clients changed since the kept figures' stamp, or None when everything is to be read again."""
    if kept is None or kept.epoch != epoch or not pruned <= kept.stamp < value:
        return None
    seq = PortfolioChange.seq
    found = set(session.scalars(sa.select(PortfolioChange.client_id).distinct().where(seq > kept.stamp, seq <= value)))
    if None in found or len(found) > max(FEW, len(kept.by_id) // 4):
        return None
    return {client_id for client_id in found if client_id is not None}


def _reread(session: Session, user: User, kept: Kept, changed: Collection[int]) -> dict[int, ClientFigures]:
    by_id = dict(kept.by_id)
    for client_id in changed:
        by_id.pop(client_id, None)
    if changed:
        clients = _clients(session, access.visible(_client_columns().where(Client.id.in_(changed)), user))
        rounds_statement = clients_service.visible_rounds(user).where(Round.client_id.in_(changed))
        by_id.update(_keep(by_client(clients, round_figures(session, rounds_statement))))
    return by_id


def _client_columns() -> sa.Select:
    return sa.select(Client.id, Client.name, Client.sector, Client.size_band, Client.firm_id, Client.consultant_id)


def _clients(session: Session, statement: sa.Select) -> list[Client]:
    """The clients as plain copies that belong to no session: kept between requests, they never expire."""
    return [Client(**row._asdict()) for row in session.execute(statement)]


def _keep(figures: list[ClientFigures]) -> dict[int, ClientFigures]:
    return {f.client.id: f for f in figures}


def _order(figures: ClientFigures) -> tuple[str, int]:
    return figures.client.name, figures.client.id


# Per access key, in this process: the figures and the stamp they were read at.
_kept: LRUCache[Hashable, Kept] = LRUCache(maxsize=64)
_lock = threading.Lock()
