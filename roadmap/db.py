"""The declarative base and the Flask-SQLAlchemy session; SQLite gets foreign keys, WAL and a busy timeout."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Session

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


@sa.event.listens_for(sa.engine.Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def session() -> Session:
    """The current request's (or command's) session, to hand to a service."""
    return db.session()


def read_only() -> None:
    """The current request only reads: run its statements without a transaction around them.

    On PostgreSQL that saves two round trips a request (psycopg's BEGIN before the first statement, the ROLLBACK when
    the session closes). Each statement then sees what was committed when it ran, so use it only where the reads
    need not be one snapshot: a page read in one statement. Ignored once the session has a transaction, and on
    SQLite, whose driver begins none for reading (there it would only add a PRAGMA when the connection goes back)."""
    current = session()
    if not current.in_transaction() and current.get_bind().dialect.name != "sqlite":
        current.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def utcnow() -> datetime:
    """Now, in UTC: every timestamp the tables store."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives datetimes back without their zone (they are stored in UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
