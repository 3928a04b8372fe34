"""Upgrading keeps the data: for every revision, a database with data at that revision upgrades to head intact.

Every revision in migrations/versions needs an entry in LOADERS: a function that inserts representative rows with
plain SQL for the schema *as it is at that revision* and returns what it inserted. A new migration without one fails
`test_every_revision_has_a_data_loader`. When a migration changes data on purpose (a column renamed or converted),
describe the change in `expected_at_head`.

Runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set (all tables dropped before and after).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import Flask

from roadmap.config import PROJECT_ROOT
from roadmap.db import db
from tests.conftest import POSTGRES_URL, make_app
from tests.production.migration_loaders import (
    STARTED_IN_A_CLOSED_ROUND,
    STARTED_TOKEN,
    SUBMITTED_TOKEN,
    Rows,
    load_c90462b62174,
)
from tests.production.migration_loaders_firms import LOADERS
from tests.production.migration_tables import CONFIDENTIAL_ROUNDS
from tests.web.conftest import parse_html

pytestmark = pytest.mark.usefixtures("keep_logging")

MIGRATIONS = PROJECT_ROOT / "migrations"
# Base to head, read from the script directory, so every future revision is included.
REVISIONS = [script.revision for script in reversed(list(ScriptDirectory(str(MIGRATIONS / "")).walk_revisions()))]


def expected_at_head(revision: str, rows: Rows) -> Rows:
    """The rows as head should hold them: unchanged, except that rounds from before 8293a192bf74 are named (as
    they always were: every figure shown) with the default minimum of 5, and users.firm is in firms since
    b7e1f2a3c4d5."""
    if revision in ("c90462b62174",):
        rows = {**rows, "rounds": [{**r, "confidential": False, "minimum_group": 5} for r in rows["rounds"]]}
    if rows.get("users") and "firm" in rows["users"][0]:  # moved to firms.name (tests/production/test_firms_migration)
        rows = {**rows, "users": [{k: v for k, v in user.items() if k != "firm"} for user in rows["users"]]}
    return rows


def comparable(value: Any) -> Any:
    """Stored values as compared: SQLite keeps datetimes without their zone (in UTC), PostgreSQL converts them."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def drop_everything(url: str) -> None:
    engine = sa.create_engine(url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)  # every table, alembic_version included
        metadata.drop_all(engine)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_app(request: pytest.FixtureRequest, tmp_path: Path, database_url: str) -> Iterator[Flask]:
    """An app on an empty database: a new SQLite file, or the PostgreSQL test database with every table dropped."""
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL: set TEST_DATABASE_URL")
        url = database_url
    else:
        url = f"sqlite:///{tmp_path / 'upgraded.sqlite'}"
    drop_everything(url)
    app = make_app(url, tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_everything(url)


def migrate(app: Flask, revision: str, *, down: bool = False) -> None:
    with app.app_context():
        (flask_migrate.downgrade if down else flask_migrate.upgrade)(directory=str(MIGRATIONS), revision=revision)


def current_revision(app: Flask) -> str | None:
    with app.app_context(), db.engine.connect() as connection:
        return connection.scalar(sa.text("SELECT version_num FROM alembic_version"))


def test_the_revisions_are_found() -> None:
    assert len(REVISIONS) >= 2
    assert len(REVISIONS) == len(list((MIGRATIONS / "versions").glob("*.py")))


def test_every_revision_has_a_data_loader() -> None:
    missing = [revision for revision in REVISIONS if revision not in LOADERS]
    assert not missing, (
        f"add a data loader to LOADERS in tests/production/migration_loaders.py for revision(s) {missing}"
    )
    assert set(LOADERS) <= set(REVISIONS), "LOADERS names a revision that is not in migrations/versions"


@pytest.mark.parametrize("revision", REVISIONS)
def test_upgrading_from_each_revision_keeps_the_data(empty_app: Flask, revision: str) -> None:
    if revision not in LOADERS:
        pytest.fail(f"no data loader for revision {revision}")
    migrate(empty_app, revision)
    assert current_revision(empty_app) == revision
    with empty_app.app_context(), db.engine.begin() as connection:
        rows = LOADERS[revision](connection)

    migrate(empty_app, "head")
    assert current_revision(empty_app) == REVISIONS[-1]
    with empty_app.app_context(), db.engine.connect() as connection:
        for table_name, expected in expected_at_head(revision, rows).items():
            table = db.metadata.tables[table_name]
            assert connection.scalar(sa.select(sa.func.count()).select_from(table)) == len(expected), table_name
            columns = [table.c[name] for name in expected[0]]
            stored = {row.id: row for row in connection.execute(sa.select(*columns))}
            for row in expected:
                assert {k: comparable(v) for k, v in stored[row["id"]]._mapping.items()} == {
                    k: comparable(v) for k, v in row.items()
                }, f"{table_name} row {row['id']} changed by the upgrade from {revision}"


@pytest.mark.parametrize("revision", REVISIONS)
def test_the_site_reads_data_upgraded_from_each_revision(empty_app: Flask, revision: str) -> None:
    migrate(empty_app, revision)
    with empty_app.app_context(), db.engine.begin() as connection:
        LOADERS[revision](connection)
    migrate(empty_app, "head")

    client = empty_app.test_client()
    with client.session_transaction() as chosen:
        chosen["language"] = "en"  # the switch: otherwise the assessment's own language (Dutch) is spoken
    result = client.get(f"/a/{SUBMITTED_TOKEN}/result")
    assert result.status_code == 200
    page = parse_html(result)
    assert page.find("h1").text == "Result for Zorggroep Ëlst & Co — \u2018test\u2019 <b>"
    assert "Overall score 3.0" in page.find(class_="summary-figures").text
    started = client.get(f"/a/{STARTED_TOKEN}", headers={"Accept-Language": "en"})
    # Where the started assessment is a respondent of a closed round, it opens read-only on the review page.
    resumes_at = "review" if revision in STARTED_IN_A_CLOSED_ROUND else "page/2"
    assert started.status_code == 302 and started.location.endswith(f"/a/{STARTED_TOKEN}/{resumes_at}")
    # New rows get new ids after the loaded ones (PostgreSQL's sequences were not bypassed).
    assert client.post("/start", data={"organisation_name": "After the upgrade"}).status_code == 302


def test_downgrading_to_base_and_up_again(empty_app: Flask) -> None:
    migrate(empty_app, "head")
    with empty_app.app_context(), db.engine.begin() as connection:
        LOADERS[REVISIONS[-1]](connection)
    migrate(empty_app, "base", down=True)
    with empty_app.app_context():
        assert set(sa.inspect(db.engine).get_table_names()) == {"alembic_version"}
    assert current_revision(empty_app) is None
    migrate(empty_app, "head")
    assert current_revision(empty_app) == REVISIONS[-1]


def test_a_new_round_is_confidential_and_its_minimum_never_below_three(empty_app: Flask) -> None:
    """The columns' server defaults and CHECK constraint, as head leaves them (rows written without the models)."""
    migrate(empty_app, "head")
    with empty_app.app_context(), db.engine.begin() as connection:
        rows = load_c90462b62174(connection)
        stored = connection.execute(
            sa.select(CONFIDENTIAL_ROUNDS.c.confidential, CONFIDENTIAL_ROUNDS.c.minimum_group)
        ).one()
        assert tuple(stored) == (True, 5)
    round_id = rows["rounds"][0]["id"]
    for minimum, allowed in ((3, True), (2, False), (-1, False)):
        with empty_app.app_context(), db.engine.connect() as connection:
            change = sa.update(CONFIDENTIAL_ROUNDS).where(CONFIDENTIAL_ROUNDS.c.id == round_id)
            if allowed:
                connection.execute(change.values(minimum_group=minimum))
            else:
                with pytest.raises(sa.exc.IntegrityError):
                    connection.execute(change.values(minimum_group=minimum))
            connection.rollback()
