"""Fixtures: an app on a clean database per test (SQLite file, or PostgreSQL from TEST_DATABASE_URL)."""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_sqlalchemy import SQLAlchemy
from werkzeug.routing import rules as routing_rules

from roadmap import create_app
from roadmap.config import normalise_database_url
from roadmap.db import db, session
from roadmap.domain import loader
from roadmap.domain.questionnaire import PHASE_KEYS, Questionnaire
from roadmap.services import assessments as assessment_service

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
# Production hashes passwords with scrypt (about 0.3 s each, and a login checks one): the tests' apps use a hash
# that costs next to nothing. tests/workspace/test_password_hashing.py checks that the default stays scrypt.
FAST_HASH_METHOD = "pbkdf2:sha256:1"


@pytest.fixture(scope="session", autouse=True)
def parse_each_questionnaire_file_once() -> Iterator[None]:
    """Every app reads its questionnaire folder at start-up (a YAML parse and the checks: 0.1 s, for every test);
    a file whose text was read before gives the questionnaire made from it then, with a fresh copy of its content.

    Only a file that loaded without problems is kept; one with problems is read again each time, so the problems
    are reported as they are. The questionnaire is immutable (frozen dataclasses), so sharing it is safe; the content
    is kept pickled, and unpickling it is a deep copy at a tenth of `copy.deepcopy`'s cost.
    """
    original = loader.load_file
    loaded: dict[tuple[str, str], tuple[Questionnaire, bytes]] = {}

    def load_file(path: Path) -> tuple[Questionnaire, dict[str, Any]]:
        try:
            key = (str(path.resolve()), path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return original(path)
        if key not in loaded:
            questionnaire, raw = original(path)
            loaded[key] = questionnaire, pickle.dumps(raw, protocol=pickle.HIGHEST_PROTOCOL)
        questionnaire, pickled = loaded[key]
        return questionnaire, pickle.loads(pickled)

    loader.load_file = load_file
    yield
    loader.load_file = original


@pytest.fixture(scope="session", autouse=True)
def compile_each_url_rule_once() -> Iterator[None]:
    """Every app compiles a URL builder for each of its ~90 rules (Werkzeug generates and compiles Python code for
    each: 0.14 s an app, for every test); the same rule gives the same code, so it is compiled once per run.

    The builder depends only on the rule's parts, the defaults and `append_unknown`; the converters are looked up
    on the rule when it runs, so sharing it between apps is safe. Without Werkzeug's private method, nothing is
    patched (the tests are slower, not wrong).
    """
    original = getattr(routing_rules.Rule, "_compile_builder", None)
    if original is None:
        yield
        return
    compiled: dict[tuple[Any, ...], Any] = {}

    def compile_builder(rule: routing_rules.Rule, append_unknown: bool = True) -> Any:
        defaults = tuple(sorted((name, repr(value)) for name, value in (rule.defaults or {}).items()))
        key = (rule.rule, tuple(rule._trace), defaults, append_unknown)
        if key not in compiled:
            compiled[key] = original(rule, append_unknown)
        return compiled[key]

    routing_rules.Rule._compile_builder = compile_builder  # type: ignore[method-assign]
    yield
    routing_rules.Rule._compile_builder = original  # type: ignore[method-assign]


@pytest.fixture(scope="session", autouse=True)
def one_engine_per_database() -> Iterator[None]:
    """Every app made its own SQLAlchemy engine, so every test compiled each of its statements again (the compiled
    cache belongs to the engine) and, on PostgreSQL, asked the server for its version and settings again. Apps with
    the same database URL and engine options now get the same engine; each test still ends with `dispose()`, which
    closes its connections and gives the engine a fresh pool. The last few engines are kept; one pushed out is
    disposed.
    """
    original = SQLAlchemy._make_engine
    engines: dict[str, sa.engine.Engine] = {}

    def make_engine(extension: SQLAlchemy, bind_key: str | None, options: dict[str, Any], app: Flask) -> Any:
        key = repr(sorted(options.items(), key=lambda item: item[0]))
        if key not in engines:
            if len(engines) >= KEPT_ENGINES:
                engines.pop(next(iter(engines))).dispose()
            engines[key] = original(extension, bind_key, options, app)
        return engines[key]

    SQLAlchemy._make_engine = make_engine  # type: ignore[method-assign]
    yield
    SQLAlchemy._make_engine = original  # type: ignore[method-assign]
    for engine in engines.values():
        engine.dispose()


KEPT_ENGINES = 4


class TemplateCodeCache(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept in memory for the run. Each app has its own Jinja environment, so every test
    compiled each template it rendered again (a fifth of tests/workspace's time). A template is found by its name and
    file and checked against its source (Jinja's own `Bucket` checks that), and against the environment's settings,
    which decide the code Jinja generates.
    """

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get((settings_of(bucket.environment), bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[(settings_of(bucket.environment), bucket.key)] = bucket.bytecode_to_string()


def settings_of(environment: jinja2.Environment) -> str:
    options = (
        "block_start_string",
        "variable_start_string",
        "comment_start_string",
        "line_statement_prefix",
        "trim_blocks",
        "lstrip_blocks",
        "newline_sequence",
        "keep_trailing_newline",
        "optimized",
        "autoescape",
    )
    return repr((sorted(environment.extensions), [getattr(environment, name) for name in options]))


@pytest.fixture(scope="session", autouse=True)
def compile_each_template_once() -> Iterator[None]:
    cache = TemplateCodeCache()
    original = Flask.create_jinja_environment

    def create_jinja_environment(app: Flask) -> Any:
        environment = original(app)
        environment.bytecode_cache = cache
        return environment

    Flask.create_jinja_environment = create_jinja_environment  # type: ignore[method-assign]
    yield
    Flask.create_jinja_environment = original  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLite file, or the PostgreSQL database of TEST_DATABASE_URL; there each pytest-xdist worker has a schema
    of its own (dropped and made again at its start), so workers never see each other's rows."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'roadmap.sqlite'}"
        return
    url = normalise_database_url(POSTGRES_URL)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        yield url
        return
    schema = f"worker_{worker}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    yield with_connection_options(url, f"search_path={schema}")


def with_connection_options(url: str, *settings: str) -> str:
    """A PostgreSQL URL whose connections start with these settings (`name=value`), after any it has."""
    parsed = sa.make_url(url)
    options = " ".join([str(parsed.query.get("options", "")), *(f"-c{setting}" for setting in settings)]).strip()
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


def make_app(database_url: str, tmp_path: Path, **config: Any) -> Flask:
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,  # tests/web/test_rate_limit.py turns it on
        "JOBS_IMMEDIATE": True,  # tests/jobs/ run the queue itself
        "PREPARE_REPORTS": False,  # tests/report/test_prepared_reports.py turns it on
        "PASSWORD_HASH_METHOD": FAST_HASH_METHOD,
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
    """Start an assessment as the start form would; answer and submit it when answers are given. Returns the token.

    Through the services, not HTTP (a twentieth of the time): the language is the client's chosen one, as the site
    would take it, and, as "Back" on each page does, answers to unknown questions or with unknown options are left
    out. Tests of the flow itself post the forms.
    """
    app = client.application

    def make(
        name: str = "Acme Ltd",
        answers: dict[str, str] | None = None,
        submit: bool = True,
        **profile: str,
    ) -> str:
        assert name.strip(), "the start form needs a name"
        with client.session_transaction() as cookie_session:
            chosen = cookie_session.get("language")
        with app.app_context():
            catalogue = app.extensions["questionnaires"]
            details = assessment_service.Profile(
                organisation_name=name.strip(),
                sector=profile.get("sector") or None,
                size_band=profile.get("size_band") or None,
                department=profile.get("department") or None,
                role=(profile.get("role") or "").strip() or None,
            )
            language = str(chosen if chosen in app.config["LANGUAGES"] else app.config["BABEL_DEFAULT_LOCALE"])
            token, assessment = assessment_service.start(session(), catalogue, catalogue.default.id, details, language)
            if answers is not None:
                valid = {
                    q.key: answers[q.key]
                    for q in questionnaire.questions
                    if q.key in answers and q.option(answers[q.key]) is not None
                }
                assessment_service.save_answers(session(), assessment, valid)
                if submit:
                    assessment_service.submit(session(), assessment)
        return token

    return make


def count_rows(app: Flask, table: str) -> int:
    with app.app_context():
        return int(db.session.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0)


__all__ = ["PHASE_KEYS", "all_answers", "count_rows", "empty_database", "make_app"]


# Tests that never reach the database: render/ and the domain may not import it (tests/test_layers.py), the content
# and repository checks read files. The PostgreSQL run of `make test` leaves them out (`-m "not database_free"`):
# it would run them a second time for nothing.
DATABASE_FREE = (
    "tests/domain/",
    "tests/render/",
    "tests/content/",
    "tests/test_import_rules.py",
    "tests/test_layers.py",
    "tests/test_translations.py",
)


# What a PDF report says and how it is laid out: its data comes through the same services on both databases, and
# the report's storage, cache and preparation are tested on both (tests/report/test_report_cache.py,
# test_prepared_reports.py, test_report_without_chromium.py), so these run on SQLite only.
PDF_LAYOUT = (
    "tests/report/test_report_pdf.py",
    "tests/report/test_report_safety.py",
    "tests/report/test_report_explanation.py",
    "tests/report/test_report_chart.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(str(config.rootpath))
    for item in items:
        path = Path(str(item.path)).relative_to(root).as_posix()
        if path.startswith(DATABASE_FREE):
            item.add_marker(pytest.mark.database_free)
        if path.startswith(PDF_LAYOUT):
            item.add_marker(pytest.mark.pdf_layout)
