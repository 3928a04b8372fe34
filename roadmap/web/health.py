"""GET /healthz for load balancers: 200 when the database answers and takes writes, 503 when it does not (down,
read-only, or locked past the busy timeout); nothing else told."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify
from werkzeug.wrappers import Response

from roadmap.extensions import csrf, db, limiter
from roadmap.models import User

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)
csrf.exempt(bp)
limiter.exempt(bp)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    try:
        with db.engine.connect() as connection, connection.begin() as transaction:
            # A write that changes nothing, rolled back: it needs the write lock (SQLite) and a writable
            # transaction (PostgreSQL), so a read-only or locked database fails here as a save would.
            connection.execute(sa.update(User).where(sa.false()).values(id=User.id))
            transaction.rollback()
    except (sa.exc.SQLAlchemyError, OSError) as error:
        # The reason goes to the log, never to the caller: it may name hosts, users or paths.
        log.warning("health check: the database does not answer or take writes (%s)", type(error).__name__)
        response, code = jsonify(status="unavailable"), 503
    else:
        response, code = jsonify(status="ok"), 200
    response.headers["Cache-Control"] = "no-store"
    return response, code
