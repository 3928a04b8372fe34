"""Fixtures: an app on a clean database per test (SQLite file, or PostgreSQL from TEST_DATABASE_URL)."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from roadmap import create_app
from roadmap.config import normalise_database_url
from roadmap.db import db
from roadmap.domain.questionnaire import PHASE_KEYS, Questionnaire

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if POSTGRES_URL:
        return normalise_database_url(POSTGRES_URL)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'roadmap.sqlite'}"


def make_app(database_url: str, tmp_path: Path, **config: Any) -> Flask:
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,  # tests/web/test_rate_limit.py turns it on
        "JOBS_IMMEDIATE": True,  # tests/jobs/ run the queue itself
        **config,
    }
    app = create_app(settings)
    app.instance_path = str(tmp_path / "instance")
    return app


@contextmanager
def empty_database(app: Flask) -> Iterator[Flask]:
    """Tables created before the block and emptied after it, so every test starts from a clean database."""
    with app.app_context():
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            with db.engine.begin() as connection:
                for table in reversed(db.metadata.sorted_tables):
                    connection.execute(table.delete())
            db.engine.dispose()


@pytest.fixture
def keep_logging() -> Iterator[None]:
    """Alembic's env.py reconfigures logging (fileConfig); give the other tests their loggers back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    loggers = {
        name: (logger.disabled, logger.level)
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, (disabled, logger_level) in loggers.items():
        logger = logging.getLogger(name)
        logger.disabled, logger.level = disabled, logger_level


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on an empty database."""
    with empty_database(make_app(database_url, tmp_path)) as app:
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def questionnaire(app: Flask) -> Questionnaire:
    return app.extensions["questionnaires"].default


def all_answers(questionnaire: Questionnaire, option: str = "dialogue") -> dict[str, str]:
    """Every question answered with the same option key."""
    return {q.key: option for q in questionnaire.questions}


@pytest.fixture
def make_assessment(client: FlaskClient, questionnaire: Questionnaire) -> Callable[..., str]:
    """Start an assessment through the site; answer and submit it when answers are given. Returns the token."""

    def make(
        name: str = "Acme Ltd",
        answers: dict[str, str] | None = None,
        submit: bool = True,
        **profile: str,
    ) -> str:
        response = client.post("/start", data={"organisation_name": name, **profile})
        assert response.status_code == 302, response.data
        match = re.search(r"/a/([^/]+)/link", response.location)
        assert match
        token = match.group(1)
        if answers is not None:
            for number, dimension in enumerate(questionnaire.dimensions, start=1):
                page = {q.key: answers[q.key] for q in dimension.questions if q.key in answers}
                client.post(f"/a/{token}/page/{number}", data={"action": "back", **page})
            if submit:
                assert client.post(f"/a/{token}/submit").status_code == 302
        return token

    return make


def count_rows(app: Flask, table: str) -> int:
    with app.app_context():
        return int(db.session.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0)


__all__ = ["PHASE_KEYS", "all_answers", "count_rows", "empty_database", "make_app"]
