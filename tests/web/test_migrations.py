"""Migrations: `flask db upgrade` on an empty database builds exactly the schema of the models."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from roadmap.db import db
from tests.conftest import make_app

pytestmark = pytest.mark.usefixtures("keep_logging")


@pytest.fixture
def empty_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a new, empty SQLite file: no tables until a migration makes them."""
    app = make_app(f"sqlite:///{tmp_path / 'migrated.sqlite'}", tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()


def tables(app: Flask) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine).get_table_names())


def test_upgrade_creates_a_schema_matching_the_models(empty_app: Flask) -> None:
    assert tables(empty_app) == set()
    result = empty_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert tables(empty_app) == {"alembic_version", *db.metadata.tables}
    with empty_app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        assert [change for change in compare_metadata(context, db.metadata) if not inline_reference(change)] == []
        clients_sql = connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'clients'").scalar()
        assert (
            "firm_id INTEGER CONSTRAINT fk_clients_firm_id_firms REFERENCES firms (id) ON DELETE CASCADE" in clients_sql
        )


def inline_reference(change: tuple) -> bool:
    """clients.firm_id's reference, which SQLite can add to an existing table only inline in the column (migration
    b7e1f2a3c4d5), and whose name and ON DELETE its reflection does not read back: checked in the SQL instead."""
    kind, constraint = change[0], change[1]
    return (
        kind in ("remove_fk", "add_fk")
        and constraint.table.name == "clients"
        and [column.name for column in constraint.columns] == ["firm_id"]
    )


def test_downgrade_removes_the_schema_again(empty_app: Flask) -> None:
    runner = empty_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert tables(empty_app) == {"alembic_version"}


def test_the_site_works_on_a_migrated_database(empty_app: Flask) -> None:
    assert empty_app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    assert empty_app.test_cli_runner().invoke(args=["questionnaires", "load"]).exit_code == 0
    client = empty_app.test_client()
    response = client.post("/start", data={"organisation_name": "Acme Ltd"})
    assert response.status_code == 302
    assert client.get(response.location).status_code == 200
