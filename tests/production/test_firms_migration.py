"""The firms migration (b7e1f2a3c4d5) with data: every account the admin of a firm of its own, every client its
consultant's firm's, the old `users.firm` as the firm's name, and every link working afterwards."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from roadmap.db import db
from tests.production.migration_loaders import WHEN, insert, load_a7c3e9f1b2d4
from tests.production.migration_tables import CLIENTS, USERS
from tests.production.test_migration_upgrades import empty_app, migrate  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("keep_logging")  # Alembic's env.py reconfigures logging

SECOND = {
    "email": "bram@example.org",
    "password_hash": "scrypt:32768:8:1$salt$" + "2" * 128,
    "role": "consultant",
    "name": None,
    "firm": None,
    "session_version": 1,
    "created_at": WHEN,
}


def test_every_account_becomes_the_admin_of_a_firm_of_its_own(empty_app: Flask) -> None:  # noqa: F811
    migrate(empty_app, "a7c3e9f1b2d4")
    with empty_app.app_context(), db.engine.begin() as connection:
        rows = load_a7c3e9f1b2d4(connection)
        bram = insert(connection, USERS, SECOND)
        other = insert(
            connection,
            CLIENTS,
            {
                "consultant_id": bram["id"],
                "name": "Other client",
                "targets": {},
                "sector": None,
                "size_band": None,
                "created_at": WHEN,
            },
        )
    migrate(empty_app, "head")
    anna, client = rows["users"][0], rows["clients"][0]
    with empty_app.app_context(), db.engine.connect() as connection:
        firms = connection.execute(
            sa.text(
                "SELECT users.id AS user, memberships.role, firms.id AS firm, firms.name FROM users"
                " JOIN memberships ON memberships.user_id = users.id JOIN firms ON firms.id = memberships.firm_id"
            )
        ).all()
        by_user = {row.user: row for row in firms}
        assert set(by_user) == {anna["id"], bram["id"]} and len({row.firm for row in firms}) == 2
        assert (by_user[anna["id"]].role, by_user[anna["id"]].name) == ("admin", "De Vries Advies")
        assert (by_user[bram["id"]].role, by_user[bram["id"]].name) == ("admin", None)
        owners = {row.id: row.firm_id for row in connection.execute(sa.text("SELECT id, firm_id FROM clients"))}
        assert owners == {client["id"]: by_user[anna["id"]].firm, other["id"]: by_user[bram["id"]].firm}
        assert "firm" not in {column["name"] for column in sa.inspect(connection).get_columns("users")}

    site = empty_app.test_client()
    with site.session_transaction() as cookie:
        cookie["_user_id"], cookie["_fresh"], cookie["language"] = f"{anna['id']}.2", True, "en"
    page = site.get(f"/clients/{client['id']}")
    assert page.status_code == 200 and "Gemeente Ëlst" in page.text
    assert site.get(f"/rounds/{rows['rounds'][0]['id']}/result").status_code == 200
    assert site.get(f"/clients/{other['id']}").status_code == 404  # another firm's client
