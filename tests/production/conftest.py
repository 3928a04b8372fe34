"""A migrated database of its own for each server test: a SQLite file, or a PostgreSQL schema (TEST_DATABASE_URL)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from roadmap.config import PROJECT_ROOT, normalise_database_url
from roadmap.domain.loader import load_file
from roadmap.domain.questionnaire import Questionnaire
from tests.conftest import POSTGRES_URL
from tests.production.server import flask, prepare_database

pytestmark = pytest.mark.server


@pytest.fixture
def server_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a database made by `flask db upgrade` and `flask questionnaires load`, removed after the test."""
    with served_database(tmp_path, prepare_database) as url:
        yield url


@pytest.fixture
def upgraded_database(tmp_path: Path) -> Iterator[str]:
    """A database after `flask db upgrade` only: no questionnaire version stored yet, as after a new release."""
    with served_database(tmp_path, lambda url: flask(url, "db", "upgrade")) as url:
        yield url


@contextmanager
def served_database(tmp_path: Path, prepare: Callable[[str], None]) -> Iterator[str]:
    if not POSTGRES_URL:
        url = f"sqlite:///{tmp_path / 'served.sqlite'}"
        prepare(url)
        yield url
        return
    # A schema of its own: the rest of the suite keeps its tables (made by create_all) in the public schema.
    schema = f"served_{secrets.token_hex(4)}"
    base = sa.make_url(normalise_database_url(POSTGRES_URL))
    engine = sa.create_engine(base)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        prepare(url)
        yield url
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture(scope="session")
def served_questionnaire() -> Questionnaire:
    return load_file(PROJECT_ROOT / "questionnaires" / "social-business-roadmap.yaml")[0]
