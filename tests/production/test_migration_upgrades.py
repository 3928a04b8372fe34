"""Upgrading keeps the data: for every revision, a database with data at that revision upgrades to head intact.

Every revision in migrations/versions needs an entry in LOADERS: a function that inserts representative rows with
plain SQL for the schema *as it is at that revision* and returns what it inserted. A new migration without one fails
`test_every_revision_has_a_data_loader`. When a migration changes data on purpose (a column renamed or converted),
describe the change in `expected_at_head`.

Runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set (all tables dropped before and after).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
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
from roadmap.domain.loader import load_folder
from roadmap.services.questionnaires import content_hash
from tests.conftest import POSTGRES_URL, make_app
from tests.web.conftest import parse_html

pytestmark = pytest.mark.usefixtures("keep_logging")

MIGRATIONS = PROJECT_ROOT / "migrations"
# Base to head, read from the script directory, so every future revision is included.
REVISIONS = [script.revision for script in reversed(list(ScriptDirectory(str(MIGRATIONS / "")).walk_revisions()))]

Rows = dict[str, list[dict[str, Any]]]  # table -> the rows inserted, with their ids
Loader = Callable[[sa.Connection], Rows]

SUBMITTED_TOKEN = "migration-test-token-submitted-0123456789abcdefghijklmn"
STARTED_TOKEN = "migration-test-token-started-0123456789abcdefghijklmnop"
WHEN = datetime(2026, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# The tables as the first revision made them: lightweight descriptions, independent of roadmap.models.
QUESTIONNAIRE_VERSIONS = sa.table(
    "questionnaire_versions",
    sa.column("id", sa.Integer),
    sa.column("questionnaire_id", sa.String),
    sa.column("version", sa.String),
    sa.column("content", sa.JSON),
    sa.column("content_hash", sa.String),
    sa.column("loaded_at", sa.DateTime(timezone=True)),
)
ASSESSMENTS = sa.table(
    "assessments",
    *(sa.column(name, sa.String) for name in ("token_hash", "organisation_name", "sector", "size_band")),
    *(sa.column(name, sa.String) for name in ("department", "role", "language")),
    sa.column("id", sa.Integer),
    sa.column("questionnaire_version_id", sa.Integer),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in ("created_at", "updated_at", "submitted_at")),
    sa.column("revision", sa.Integer),
)
ANSWERS = sa.table(
    "answers",
    sa.column("id", sa.Integer),
    sa.column("assessment_id", sa.Integer),
    sa.column("question_key", sa.String),
    sa.column("option_key", sa.String),
)
REPORT_CACHE = sa.table(
    "report_cache",
    sa.column("id", sa.Integer),
    sa.column("assessment_id", sa.Integer),
    sa.column("language", sa.String),
    sa.column("revision", sa.Integer),
    sa.column("questionnaire_version", sa.String),
    sa.column("layout", sa.String),
    sa.column("pdf", sa.LargeBinary),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def insert(connection: sa.Connection, table: sa.TableClause, row: dict[str, Any]) -> dict[str, Any]:
    """Insert one row without naming its id (so PostgreSQL's sequences stay right); the row with its new id."""
    new_id = connection.execute(sa.insert(table).values(row).returning(table.c.id)).scalar_one()
    return {"id": new_id, **row}


def load_2e2ed8233902(connection: sa.Connection) -> Rows:
    """A stored questionnaire version, a submitted assessment answered in full, and one started with a few answers."""
    ((questionnaire, raw),) = load_folder(PROJECT_ROOT / "questionnaires")
    version = insert(
        connection,
        QUESTIONNAIRE_VERSIONS,
        {
            "questionnaire_id": questionnaire.id,
            "version": questionnaire.version,
            "content": raw,
            "content_hash": content_hash(raw),
            "loaded_at": WHEN,
        },
    )
    profile = {"questionnaire_version_id": version["id"], "created_at": WHEN, "updated_at": WHEN}
    submitted = insert(
        connection,
        ASSESSMENTS,
        {
            **profile,
            "token_hash": sha256(SUBMITTED_TOKEN),
            "organisation_name": "Zorggroep Ëlst & Co — \u2018test\u2019 <b>",
            "sector": "healthcare",
            "size_band": "250-999",
            "department": "board",
            "role": "Directeur",
            "language": "nl",
            "submitted_at": WHEN,
            "revision": 3,
        },
    )
    started = insert(
        connection,
        ASSESSMENTS,
        {
            **profile,
            "token_hash": sha256(STARTED_TOKEN),
            "organisation_name": "Acme Ltd",
            **dict.fromkeys(("sector", "size_band", "department", "role", "submitted_at")),
            "language": "en",
            "revision": 1,
        },
    )
    answers = [
        insert(connection, ANSWERS, {"assessment_id": submitted["id"], "question_key": q.key, "option_key": option})
        for q, option in zip(
            questionnaire.questions,
            ["engagement", "engagement", "engagement", "engagement", "dont_know"] * 20,
            strict=False,
        )
    ]
    answers += [
        insert(connection, ANSWERS, {"assessment_id": started["id"], "question_key": q.key, "option_key": "presence"})
        for q in questionnaire.dimensions[0].questions
    ]
    return {"questionnaire_versions": [version], "assessments": [submitted, started], "answers": answers}


def load_e7212b40293e(connection: sa.Connection) -> Rows:
    """Adds report_cache: a cached PDF (binary, not UTF-8) of the submitted assessment."""
    rows = load_2e2ed8233902(connection)
    submitted = rows["assessments"][0]
    cached = {
        "assessment_id": submitted["id"],
        "language": "nl",
        "revision": submitted["revision"],
        "questionnaire_version": "social-business-roadmap 2026.1",
        "layout": "f" * 64,
        "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\x00\xff" * 50,
        "created_at": WHEN,
    }
    return {**rows, "report_cache": [insert(connection, REPORT_CACHE, cached)]}


USERS = sa.table(
    "users",
    *(sa.column(name, sa.String) for name in ("email", "password_hash", "role", "name", "firm")),
    sa.column("id", sa.Integer),
    sa.column("session_version", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
CLIENTS = sa.table(
    "clients",
    *(sa.column(name, sa.String) for name in ("name", "sector", "size_band")),
    sa.column("id", sa.Integer),
    sa.column("consultant_id", sa.Integer),
    sa.column("targets", sa.JSON),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
ROUNDS = sa.table(
    "rounds",
    sa.column("id", sa.Integer),
    sa.column("client_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("held_on", sa.Date),
    sa.column("questionnaire_version_id", sa.Integer),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in ("closed_at", "created_at")),
)
INVITATIONS = sa.table(
    "invitations",
    *(sa.column(name, sa.Integer) for name in ("id", "round_id", "assessment_id")),
    *(sa.column(name, sa.String) for name in ("department", "name", "link_nonce")),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in ("revoked_at", "created_at")),
)


def load_c90462b62174(connection: sa.Connection) -> Rows:
    """Adds the consultant workspace: a consultant, a client with targets, a closed round, an invited respondent."""
    rows = load_e7212b40293e(connection)
    version_id = rows["questionnaire_versions"][0]["id"]
    user = insert(
        connection,
        USERS,
        {
            "email": "anna@example.org",
            "password_hash": "scrypt:32768:8:1$salt$" + "0" * 128,
            "role": "consultant",
            "name": "Anna de Vries",
            "firm": None,
            "session_version": 2,
            "created_at": WHEN,
        },
    )
    client = insert(
        connection,
        CLIENTS,
        {
            "consultant_id": user["id"],
            "name": "Gemeente Ëlst",
            "sector": "government",
            "size_band": None,
            "targets": {"strategy": 3, "webcare": 2},
            "created_at": WHEN,
        },
    )
    round_ = insert(
        connection,
        ROUNDS,
        {
            "client_id": client["id"],
            "name": "Nulmeting",
            "held_on": WHEN.date(),
            "questionnaire_version_id": version_id,
            "closed_at": WHEN,
            "created_at": WHEN,
        },
    )
    invitation = insert(
        connection,
        INVITATIONS,
        {
            "round_id": round_["id"],
            "assessment_id": rows["assessments"][1]["id"],
            "department": "service",
            "name": None,
            "link_nonce": "ab" * 16,
            "revoked_at": None,
            "created_at": WHEN,
        },
    )
    return {**rows, "users": [user], "clients": [client], "rounds": [round_], "invitations": [invitation]}


CONFIDENTIAL_ROUNDS = sa.table(
    "rounds",
    sa.column("id", sa.Integer),
    sa.column("confidential", sa.Boolean),
    sa.column("minimum_group", sa.Integer),
)


def load_8293a192bf74(connection: sa.Connection) -> Rows:
    """Adds the round's confidentiality: the client's round named, a second one confidential with a minimum of 3."""
    rows = load_c90462b62174(connection)
    first = rows["rounds"][0]
    second = insert(
        connection,
        ROUNDS,
        {**{k: v for k, v in first.items() if k != "id"}, "name": "Tweede meting", "closed_at": None},
    )
    settings = {first["id"]: {"confidential": False, "minimum_group": 5}, second["id"]: {"minimum_group": 3}}
    for round_id, values in settings.items():
        connection.execute(sa.update(CONFIDENTIAL_ROUNDS).where(CONFIDENTIAL_ROUNDS.c.id == round_id).values(values))
    return {
        **rows,
        "rounds": [{**first, **settings[first["id"]]}, {**second, "confidential": True, "minimum_group": 3}],
    }


def load_5b1f3c9d2a47(connection: sa.Connection) -> Rows:
    """Adds users.disabled_at: the consultant stays enabled (NULL), as every account before it."""
    return load_8293a192bf74(connection)


# Revisions whose loader invites the started assessment into a closed round (load_c90462b62174 and later).
STARTED_IN_A_CLOSED_ROUND = {
    "c90462b62174",
    "8293a192bf74",
    "5b1f3c9d2a47",
    "b4c1d2e3f405",
    "4b1c2d3e5f60",
    "4b1d6c0e9a7f",
    "d5e6f7a8b901",
    "f1a2b3c4d5e6",
    "a7c3e9f1b2d4",
}


MESSAGES = sa.table(
    "invitation_messages",
    *(sa.column(name, sa.Integer) for name in ("id", "invitation_id", "attempts")),
    *(sa.column(name, sa.String) for name in ("kind", "state", "error")),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in ("created_at", "sent_at")),
)


def load_b4c1d2e3f405(connection: sa.Connection) -> Rows:
    """Adds e-mail: the client's language, a round deadline with reminder days, an address, a failed message."""
    rows = load_5b1f3c9d2a47(connection)
    rows["rounds"] = [{**r, "deadline": None, "reminder_days": None} for r in rows["rounds"]]
    client, round_, invitation = rows["clients"][0], rows["rounds"][0], rows["invitations"][0]
    changes = [
        (client, sa.table("clients", sa.column("id"), sa.column("language")), {"language": "nl"}),
        (
            round_,
            sa.table("rounds", sa.column("id"), sa.column("deadline", sa.Date), sa.column("reminder_days", sa.JSON)),
            {"deadline": WHEN.date(), "reminder_days": [5, 2]},
        ),
        (
            invitation,
            sa.table(
                "invitations",
                *(sa.column(name) for name in ("id", "email", "language")),
                sa.column("reminders_stopped_at", sa.DateTime(timezone=True)),
            ),
            {"email": "zoë@example.org", "language": "nl", "reminders_stopped_at": WHEN},
        ),
    ]
    for row, table, values in changes:
        connection.execute(sa.update(table).where(table.c.id == row["id"]).values(**values))
        row.update(values)
    message = insert(
        connection,
        MESSAGES,
        {
            "invitation_id": invitation["id"],
            "kind": "invitation",
            "state": "failed",
            "error": "550 5.1.1 No such mailbox",
            "attempts": 1,
            "created_at": WHEN,
            "sent_at": None,
        },
    )
    return {**rows, "invitation_messages": [message]}


def load_4b1c2d3e5f60(connection: sa.Connection) -> Rows:
    """Adds the read-only share link: the submitted assessment shared, the started one not (both columns NULL)."""
    rows = load_b4c1d2e3f405(connection)
    shared = {"share_token_hash": sha256("migration-test-share-token"), "shared_at": WHEN}
    table = sa.table(
        "assessments",
        sa.column("id"),
        sa.column("share_token_hash"),
        sa.column("shared_at", sa.DateTime(timezone=True)),
    )
    first, *others = rows["assessments"]
    connection.execute(sa.update(table).where(table.c.id == first["id"]).values(**shared))
    first.update(shared)
    for other in others:
        other.update({"share_token_hash": None, "shared_at": None})
    return rows


def load_4b1d6c0e9a7f(connection: sa.Connection) -> Rows:
    """Adds who last reopened a round: the closed round reopened once (and closed again), the other never."""
    rows = load_4b1c2d3e5f60(connection)
    reopened = {"reopened_at": WHEN, "reopened_by": "Anna de Vries"}
    table = sa.table(
        "rounds", sa.column("id"), sa.column("reopened_at", sa.DateTime(timezone=True)), sa.column("reopened_by")
    )
    first, *others = rows["rounds"]
    connection.execute(sa.update(table).where(table.c.id == first["id"]).values(**reopened))
    first.update(reopened)
    for other in others:
        other.update({"reopened_at": None, "reopened_by": None})
    return rows


API_TOKENS = sa.table(
    "api_tokens",
    *(sa.column(name, sa.Integer) for name in ("id", "user_id")),
    *(sa.column(name, sa.String) for name in ("name", "token_hash")),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in ("created_at", "last_used_at", "revoked_at")),
)


def load_d5e6f7a8b901(connection: sa.Connection) -> Rows:
    """Adds the consultant's personal access tokens: one in use, one revoked."""
    rows = load_4b1d6c0e9a7f(connection)
    user = rows["users"][0]["id"]
    common = {"user_id": user, "created_at": WHEN, "last_used_at": WHEN}
    tokens = [
        insert(
            connection, API_TOKENS, {**common, "name": "CRM-koppeling", "token_hash": sha256("a"), "revoked_at": None}
        ),
        insert(connection, API_TOKENS, {**common, "name": "Old script", "token_hash": sha256("b"), "revoked_at": WHEN}),
    ]
    return {**rows, "api_tokens": tokens}


ROUND_REPORT_CACHE = sa.table(
    "round_report_cache",
    *(sa.column(name, sa.Integer) for name in ("id", "round_id")),
    *(sa.column(name, sa.String) for name in ("language", "key")),
    sa.column("pdf", sa.LargeBinary),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
REPORT_RENDERS = sa.table(
    "report_renders",
    sa.column("id", sa.Integer),
    *(sa.column(name, sa.String) for name in ("subject", "key")),
    sa.column("started_at", sa.DateTime(timezone=True)),
)


def load_f1a2b3c4d5e6(connection: sa.Connection) -> Rows:
    """Adds a round's report kept for every process, and a report being made."""
    rows = load_d5e6f7a8b901(connection)
    round_ = rows["rounds"][0]["id"]
    report = {"round_id": round_, "language": "nl", "key": sha256("k")[:64], "pdf": b"%PDF-1.7 ", "created_at": WHEN}
    render = {"subject": f"round:{round_}:en", "key": sha256("k2"), "started_at": WHEN}
    return {
        **rows,
        "round_report_cache": [insert(connection, ROUND_REPORT_CACHE, report)],
        "report_renders": [insert(connection, REPORT_RENDERS, render)],
    }


ACTIONS = sa.table(
    "actions",
    *(sa.column(name, sa.Integer) for name in ("id", "assessment_id", "client_id", "position", "version")),
    *(sa.column(name, sa.String) for name in ("title", "topic", "owner", "status", "note")),
    sa.column("due_on", sa.Date),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in ("created_at", "updated_at")),
)


def load_a7c3e9f1b2d4(connection: sa.Connection) -> Rows:
    """Adds action plans: one action of the client's plan (overdue), one of the submitted assessment's."""
    rows = load_f1a2b3c4d5e6(connection)
    common = {"created_at": WHEN, "updated_at": WHEN, "position": 1, "version": 1}
    actions = [
        insert(
            connection,
            ACTIONS,
            {
                **common,
                "assessment_id": None,
                "client_id": rows["clients"][0]["id"],
                "title": "Webcare-team inrichten — \u2018test\u2019 <b>",
                "topic": "webcare",
                "owner": "Zoë",
                "status": "in_progress",
                "note": "Eerste regel\nTweede regel",
                "due_on": WHEN.date(),
            },
        ),
        insert(
            connection,
            ACTIONS,
            {
                **common,
                "assessment_id": rows["assessments"][0]["id"],
                "client_id": None,
                "title": "Publish a social media policy",
                "topic": None,
                "owner": None,
                "status": "planned",
                "note": None,
                "due_on": None,
                "version": 3,
            },
        ),
    ]
    return {**rows, "actions": actions}


LOADERS: dict[str, Loader] = {
    "2e2ed8233902": load_2e2ed8233902,
    "e7212b40293e": load_e7212b40293e,
    "c90462b62174": load_c90462b62174,
    "8293a192bf74": load_8293a192bf74,
    "5b1f3c9d2a47": load_5b1f3c9d2a47,
    "b4c1d2e3f405": load_b4c1d2e3f405,
    "4b1c2d3e5f60": load_4b1c2d3e5f60,
    "4b1d6c0e9a7f": load_4b1d6c0e9a7f,
    "d5e6f7a8b901": load_d5e6f7a8b901,
    "f1a2b3c4d5e6": load_f1a2b3c4d5e6,
    "a7c3e9f1b2d4": load_a7c3e9f1b2d4,
}


def expected_at_head(revision: str, rows: Rows) -> Rows:
    """The rows as head should hold them: unchanged, except that rounds from before 8293a192bf74 are named (as
    they always were: every figure shown) with the default minimum of 5."""
    if revision in ("c90462b62174",):
        rows = {**rows, "rounds": [{**r, "confidential": False, "minimum_group": 5} for r in rows["rounds"]]}
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
    assert not missing, f"add a data loader to LOADERS in {__file__} for revision(s) {missing}"
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
