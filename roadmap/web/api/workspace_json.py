"""The workspace API's answers: clients, rounds and invitations with their progress, as JSON (workspace_schemas)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import url_for

from roadmap.models import Client, Message, Round
from roadmap.services.invitations import InvitationProgress, RoundProgress
from roadmap.services.mail import site_url
from roadmap.services.rounds import Status

Json = dict[str, Any]


def moment(value: datetime | None) -> str | None:
    """UTC, ISO 8601 (SQLite gives stored datetimes back without their zone: they are UTC)."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def client_json(client: Client) -> Json:
    return {
        "id": client.id,
        "name": client.name,
        "sector": client.sector,
        "size_band": client.size_band,
        "language": client.language,
        "created_at": moment(client.created_at),
        "rounds_url": url_for(".client_rounds", client_id=client.id),
    }


def round_json(round_: Round) -> Json:
    version = round_.questionnaire_version
    return {
        "id": round_.id,
        "client_id": round_.client_id,
        "name": round_.name,
        "held_on": round_.held_on.isoformat(),
        "closed": round_.is_closed,
        "closed_at": moment(round_.closed_at),
        "confidential": round_.confidential,
        "minimum_group": round_.minimum_group,
        "deadline": round_.deadline.isoformat() if round_.deadline else None,
        "questionnaire": {"id": version.questionnaire_id, "version": version.version},
        "created_at": moment(round_.created_at),
    }


def delivery_json(message: Message | None) -> Json | None:
    if message is None:
        return None
    return {
        "kind": message.kind,
        "state": message.state,
        "error": message.error,
        "created_at": moment(message.created_at),
        "sent_at": moment(message.sent_at),
    }


def invitation_json(row: InvitationProgress) -> Json:
    invitation = row.invitation
    return {
        "id": invitation.id,
        "round_id": invitation.round_id,
        "name": invitation.name,
        "email": invitation.email,
        "department": invitation.department,
        "language": invitation.language,
        "status": row.status.value,
        # At SITE_URL, as in the e-mails: an integration may send the link to the respondent itself.
        "link": site_url("assessment.resume", token=row.token) if row.token else None,
        "answered": row.answered,
        "questions": row.question_count,
        "last_activity": moment(row.last_activity),
        "submitted_at": moment(row.submitted_at),
        "reminders_stopped": invitation.reminders_stopped_at is not None,
        "emails_sent": row.emails_sent,
        "delivery": delivery_json(row.latest),
    }


def invitation_list_json(round_: Round, progress: RoundProgress, only: set[int] | None = None) -> Json:
    """The round's figures and its invitations (with `only`, just those ids)."""
    rows = [row for row in progress.rows if only is None or row.invitation.id in only]
    return {
        "round": {
            "id": round_.id,
            "invited": progress.invited,
            "submitted": progress.counts[Status.SUBMITTED.value],
            "response_rate": progress.response_rate,
            "days_to_deadline": progress.days_to_deadline,
        },
        "invitations": [invitation_json(row) for row in rows],
    }
