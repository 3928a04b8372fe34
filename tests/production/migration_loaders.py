"""Data loaders for tests/production/test_migration_upgrades.py, up to a7c3e9f1b2d4 (later revisions and `LOADERS`:
migration_loaders_firms.py): for every revision, a function that inserts representative rows with plain SQL for
the schema *as it is at that revision* and returns what it inserted. The tables are lightweight descriptions,
independent of roadmap.models."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from roadmap.config import PROJECT_ROOT
from roadmap.domain.loader import load_folder
from roadmap.services.questionnaires import content_hash
from tests.production.migration_tables import (
    ACTIONS,
    ANSWERS,
    API_TOKENS,
    ASSESSMENTS,
    CLIENTS,
    CONFIDENTIAL_ROUNDS,
    INVITATIONS,
    MESSAGES,
    QUESTIONNAIRE_VERSIONS,
    REPORT_CACHE,
    REPORT_RENDERS,
    ROUND_REPORT_CACHE,
    ROUNDS,
    USERS,
)

Rows = dict[str, list[dict[str, Any]]]  # table -> the rows inserted, with their ids
Loader = Callable[[sa.Connection], Rows]

SUBMITTED_TOKEN = "migration-test-token-submitted-0123456789abcdefghijklmn"
STARTED_TOKEN = "migration-test-token-started-0123456789abcdefghijklmnop"
WHEN = datetime(2026, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# The tables as the first revision made them: lightweight descriptions, independent of roadmap.models.


def has_column(connection: sa.Connection, table: str, column: str) -> bool:
    """Whether the schema as migrated so far has the column (users.firm moved to firms in b7e1f2a3c4d5)."""
    return column in {found["name"] for found in sa.inspect(connection).get_columns(table)}


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
            "session_version": 2,
            "created_at": WHEN,
            **({"firm": "De Vries Advies"} if has_column(connection, "users", "firm") else {}),
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
    "b7e1f2a3c4d5",
    "c3d4e5f6a7b8",
    "a9b8c7d6e5f4",
}


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


EARLY_LOADERS: dict[str, Loader] = {
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
