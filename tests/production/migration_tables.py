"""The tables as each revision made them, for the data loaders of the migration tests (migration_loaders.py):
lightweight descriptions, independent of roadmap.models, so that a later change to a model cannot change them."""

from __future__ import annotations

import sqlalchemy as sa

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

CONFIDENTIAL_ROUNDS = sa.table(
    "rounds",
    sa.column("id", sa.Integer),
    sa.column("confidential", sa.Boolean),
    sa.column("minimum_group", sa.Integer),
)

MESSAGES = sa.table(
    "invitation_messages",
    *(sa.column(name, sa.Integer) for name in ("id", "invitation_id", "attempts")),
    *(sa.column(name, sa.String) for name in ("kind", "state", "error")),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in ("created_at", "sent_at")),
)

API_TOKENS = sa.table(
    "api_tokens",
    *(sa.column(name, sa.Integer) for name in ("id", "user_id")),
    *(sa.column(name, sa.String) for name in ("name", "token_hash")),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in ("created_at", "last_used_at", "revoked_at")),
)

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

ACTIONS = sa.table(
    "actions",
    *(sa.column(name, sa.Integer) for name in ("id", "assessment_id", "client_id", "position", "version")),
    *(sa.column(name, sa.String) for name in ("title", "topic", "owner", "status", "note")),
    sa.column("due_on", sa.Date),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in ("created_at", "updated_at")),
)

FIRMS = sa.table(
    "firms",
    sa.column("id", sa.Integer),
    *(sa.column(name, sa.String) for name in ("name", "accent", "logo_type")),
    sa.column("logo", sa.LargeBinary),
    sa.column("created_at", sa.DateTime(timezone=True)),
)

MEMBERSHIPS = sa.table(
    "memberships",
    *(sa.column(name, sa.Integer) for name in ("id", "user_id", "firm_id")),
    sa.column("role", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)

CLIENT_MEMBERS = sa.table(
    "client_members",
    *(sa.column(name, sa.Integer) for name in ("id", "client_id", "user_id")),
    sa.column("created_at", sa.DateTime(timezone=True)),
)

MEMBER_INVITATIONS = sa.table(
    "member_invitations",
    *(sa.column(name, sa.Integer) for name in ("id", "firm_id", "invited_by_id")),
    *(sa.column(name, sa.String) for name in ("email", "name", "role", "token_hash")),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in ("created_at", "expires_at", "used_at", "revoked_at")),
)

AUDIT_EVENTS = sa.table(
    "audit_events",
    *(sa.column(name, sa.Integer) for name in ("id", "firm_id", "actor_id")),
    *(sa.column(name, sa.String) for name in ("actor", "action", "subject", "address")),
    sa.column("detail", sa.JSON),
    sa.column("at", sa.DateTime(timezone=True)),
)
