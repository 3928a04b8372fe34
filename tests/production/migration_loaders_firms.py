"""Data loaders from b7e1f2a3c4d5 (firms) on, and `LOADERS`, every revision's loader (the earlier ones are in
migration_loaders.py). A new migration adds its loader here."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import sqlalchemy as sa

from tests.production.migration_loaders import EARLY_LOADERS, WHEN, Loader, Rows, insert, load_a7c3e9f1b2d4
from tests.production.migration_tables import (
    AUDIT_EVENTS,
    CLIENT_MEMBERS,
    FIRMS,
    MEMBER_INVITATIONS,
    MEMBERSHIPS,
    USERS,
)

# A colleague invited as partner, not yet joined.
INVITATION = {
    "email": "cas@example.org",
    "name": None,
    "role": "partner",
    "token_hash": hashlib.sha256(b"member-invitation").hexdigest(),
    "created_at": WHEN,
    "expires_at": WHEN + timedelta(hours=72),
    "used_at": None,
    "revoked_at": None,
}


def load_b7e1f2a3c4d5(connection: sa.Connection) -> Rows:
    """Adds firms: the consultant the admin of a branded firm, a viewer assigned to its client, an invitation."""
    rows = load_a7c3e9f1b2d4(connection)
    anna, client = rows["users"][0], rows["clients"][0]
    firm = insert(
        connection,
        FIRMS,
        {
            "name": "De Vries & Partners",
            "accent": "#1f5fa8",
            "logo": b"\x89PNG\r\n",
            "logo_type": "image/png",
            "created_at": WHEN,
        },
    )
    viewer = insert(
        connection,
        USERS,
        {
            "email": "bo@example.org",
            "password_hash": "scrypt:32768:8:1$salt$" + "1" * 128,
            "role": "consultant",
            "name": "Bo",
            "session_version": 1,
            "created_at": WHEN,
        },
    )
    memberships = [
        insert(
            connection, MEMBERSHIPS, {"user_id": user["id"], "firm_id": firm["id"], "role": role, "created_at": WHEN}
        )
        for user, role in ((anna, "admin"), (viewer, "viewer"))
    ]
    connection.execute(
        sa.text("UPDATE clients SET firm_id = :firm WHERE id = :client"), {"firm": firm["id"], "client": client["id"]}
    )
    assignment = insert(
        connection, CLIENT_MEMBERS, {"client_id": client["id"], "user_id": viewer["id"], "created_at": WHEN}
    )
    invitation = insert(
        connection, MEMBER_INVITATIONS, {**INVITATION, "firm_id": firm["id"], "invited_by_id": anna["id"]}
    )
    return {
        **rows,
        "users": [*rows["users"], viewer],
        "firms": [firm],
        "memberships": memberships,
        "client_members": [assignment],
        "member_invitations": [invitation],
    }


def load_c3d4e5f6a7b8(connection: sa.Connection) -> Rows:
    """Adds the log: a sign-in of the firm's admin, and a failed sign-in of an address no account has."""
    rows = load_b7e1f2a3c4d5(connection)
    anna, firm = rows["users"][0], rows["firms"][0]
    events = [
        insert(connection, AUDIT_EVENTS, event)
        for event in (
            {
                "at": WHEN,
                "firm_id": firm["id"],
                "actor_id": anna["id"],
                "actor": anna["email"],
                "action": "sign_in",
                "subject": None,
                "detail": None,
                "address": "192.0.2.7",
            },
            {
                "at": WHEN,
                "firm_id": None,
                "actor_id": None,
                "actor": "nobody@example.org",
                "action": "sign_in_failed",
                "subject": None,
                "detail": {"reason": "unknown"},
                "address": "2001:db8::1",
            },
        )
    ]
    return {**rows, "audit_events": events}


PORTFOLIO_CHANGES = sa.table(
    "portfolio_changes", sa.column("id", sa.Integer), sa.column("seq", sa.BigInteger), sa.column("client_id")
)


def load_a9b8c7d6e5f4(connection: sa.Connection) -> Rows:
    """Adds the portfolio's change log: one change of the client (the stamp's row is the migration's own)."""
    rows = load_c3d4e5f6a7b8(connection)
    change = insert(connection, PORTFOLIO_CHANGES, {"seq": 1, "client_id": rows["clients"][0]["id"]})
    return {**rows, "portfolio_changes": [change]}


LOADERS: dict[str, Loader] = {
    **EARLY_LOADERS,
    "b7e1f2a3c4d5": load_b7e1f2a3c4d5,
    "c3d4e5f6a7b8": load_c3d4e5f6a7b8,
    "a9b8c7d6e5f4": load_a9b8c7d6e5f4,
}
