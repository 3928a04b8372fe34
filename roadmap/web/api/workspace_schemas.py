"""The workspace API's request and response schemas (JSON Schema 2020-12), as `schemas` holds the public API's.

Requests are checked against these dicts (`problems_against`), so the OpenAPI document cannot drift from what
the API accepts. What a schema cannot say (a known dimension, an address already invited, a round that is closed)
the services check afterwards, with the same refusals as the pages.
"""

from __future__ import annotations

from jsonschema import Draft202012Validator

from roadmap.domain import vocabulary
from roadmap.services.invitation_import import MAX_EMAIL, MAX_LINES, MAX_NAME
from roadmap.services.rounds import MINIMUM_MAX
from roadmap.web.api.schemas import NAME_PATTERN, PROFILE_CHOICES, SAFE_TEXT_PATTERN, Schema, _choice, _object

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
SAFE = "without control characters or characters that reverse text (U+202A-U+202E, U+2066-U+2069)"


def _text(max_length: int, problem: str, description: str = "") -> Schema:
    schema: Schema = {"type": "string", "maxLength": max_length, "pattern": SAFE_TEXT_PATTERN, "x-problem": problem}
    if description:
        schema["description"] = description
    return schema


def _name(problem: str) -> Schema:
    return {"type": "string", "pattern": NAME_PATTERN, "x-problem": problem}


LANGUAGE: Schema = {"enum": list(vocabulary.LANGUAGES), "x-problem": "must be 'en' or 'nl'"}

NEW_CLIENT: Schema = {
    "type": "object",
    "description": "A client organisation of the token's consultant.",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": _name(f"required, a non-empty text of at most {vocabulary.NAME_MAX} characters, {SAFE}"),
        "sector": _choice(PROFILE_CHOICES["sector"], "The organisation's sector."),
        "size_band": _choice(PROFILE_CHOICES["size_band"], "The number of people in the organisation."),
        "targets": {
            "type": "object",
            "description": "Optionally, a target phase (1 to 4) per dimension key.",
            "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 4, "x-problem": "a phase from 1 to 4"},
            "x-problem": "an object of dimension key to a phase from 1 to 4",
        },
    },
}

NEW_ROUND: Schema = {
    "type": "object",
    "description": "A round of the client on the current questionnaire version; confidential unless asked otherwise.",
    "required": ["name", "held_on"],
    "additionalProperties": False,
    "properties": {
        "name": _name(f"required, a non-empty text of at most {vocabulary.NAME_MAX} characters, {SAFE}"),
        "held_on": {
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
            "description": "The date of the round, YYYY-MM-DD.",
            "x-problem": "required, a date as YYYY-MM-DD",
        },
        "confidential": {
            "type": "boolean",
            "default": True,
            "description": "Figures only for groups of at least `minimum_group` respondents (docs/scoring.md).",
            "x-problem": "true or false",
        },
        "minimum_group": {
            "type": "integer",
            "minimum": 3,
            "maximum": MINIMUM_MAX,
            "default": 5,
            "x-problem": f"a whole number from 3 to {MINIMUM_MAX}",
        },
    },
}

NEW_INVITATIONS: Schema = {
    "type": "object",
    "description": "Respondents to invite, checked as a list imported on the round page: nothing is stored while "
    "any of them has a problem.",
    "required": ["respondents"],
    "additionalProperties": False,
    "properties": {
        "respondents": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_LINES,
            "x-problem": f"required, a list of 1 to {MAX_LINES} respondents",
            "items": {
                "type": "object",
                "required": ["email", "department"],
                "additionalProperties": False,
                "x-problem": "a respondent: an object with at least email and department",
                "properties": {
                    "name": {
                        **_text(MAX_NAME, f"a text of at most {MAX_NAME} characters, {SAFE}"),
                        "type": ["string", "null"],
                    },
                    "email": _text(MAX_EMAIL, f"required, an e-mail address of at most {MAX_EMAIL} characters"),
                    "department": _text(100, "required, a department key", "A department key, e.g. `marketing`."),
                    "language": {
                        "enum": [*vocabulary.LANGUAGES, None],
                        "description": "The language of this respondent's e-mails; null: the request's `language`.",
                        "x-problem": "'en', 'nl' or null",
                    },
                },
            },
        },
        "language": {
            **LANGUAGE,
            "description": "The e-mails' language where a respondent gives none; default the client's language.",
        },
        "send": {
            "type": "boolean",
            "default": False,
            "description": "Queue the invitation e-mails at once.",
            "x-problem": "true or false",
        },
    },
}

VALIDATORS = {
    "client": Draft202012Validator(NEW_CLIENT),
    "round": Draft202012Validator(NEW_ROUND),
    "invitations": Draft202012Validator(NEW_INVITATIONS),
}

# Responses

TEXT: Schema = {"type": "string"}
TEXT_OR_NULL: Schema = {"type": ["string", "null"]}
MOMENT: Schema = {"type": ["string", "null"], "description": "UTC, ISO 8601"}
ID: Schema = {"type": "integer"}

CLIENT: Schema = _object(
    {
        "id": ID,
        "name": TEXT,
        "sector": TEXT_OR_NULL,
        "size_band": TEXT_OR_NULL,
        "language": TEXT,
        "created_at": MOMENT,
        "rounds_url": TEXT,
    }
)
CLIENT_LIST: Schema = _object({"clients": {"type": "array", "items": CLIENT}})

ROUND: Schema = _object(
    {
        "id": ID,
        "client_id": ID,
        "name": TEXT,
        "held_on": TEXT,
        "closed": {"type": "boolean"},
        "closed_at": MOMENT,
        "confidential": {"type": "boolean"},
        "minimum_group": ID,
        "deadline": TEXT_OR_NULL,
        "questionnaire": _object({"id": TEXT, "version": TEXT}),
        "created_at": MOMENT,
    }
)
ROUND_LIST: Schema = _object({"rounds": {"type": "array", "items": ROUND}})

DELIVERY: Schema = {
    "oneOf": [
        _object(
            {
                "kind": {"enum": ["invitation", "reminder"]},
                "state": {"enum": ["queued", "sent", "failed", "cancelled"]},
                "error": TEXT_OR_NULL,
                "created_at": MOMENT,
                "sent_at": MOMENT,
            },
            "The latest e-mail to the respondent and how its delivery went.",
        ),
        {"type": "null", "description": "No e-mail yet."},
    ]
}
INVITATION: Schema = _object(
    {
        "id": ID,
        "round_id": ID,
        "name": TEXT_OR_NULL,
        "email": TEXT_OR_NULL,
        "department": TEXT,
        "language": TEXT_OR_NULL,
        "status": {"enum": ["not_started", "started", "submitted", "revoked"]},
        "link": {"type": ["string", "null"], "description": "The personal link; null once revoked."},
        "answered": ID,
        "questions": ID,
        "last_activity": MOMENT,
        "submitted_at": MOMENT,
        "reminders_stopped": {"type": "boolean"},
        "emails_sent": ID,
        "delivery": DELIVERY,
    }
)
INVITATION_LIST: Schema = _object(
    {
        "round": _object(
            {
                "id": ID,
                "invited": ID,
                "submitted": ID,
                "response_rate": {"type": ["number", "null"], "description": "0 to 1; null with nobody invited."},
                "days_to_deadline": {"type": ["integer", "null"]},
            }
        ),
        "invitations": {"type": "array", "items": INVITATION},
    }
)
CREATED_INVITATIONS: Schema = _object(
    {
        "invitations": {"type": "array", "items": INVITATION},
        "queued": {"type": "integer", "description": "Invitation e-mails queued."},
    }
)
QUEUED: Schema = _object({"queued": {"type": "integer", "description": "E-mails queued."}})
SENT: Schema = _object({"queued": {"type": "integer"}, "invitation": INVITATION})

_GROUP: Schema = {
    "type": "object",
    "required": ["respondents", "overall_score", "phase", "dimensions"],
    "properties": {
        "respondents": ID,
        "overall_score": {"type": ["number", "null"]},
        "phase": {"type": ["integer", "null"]},
        "dimensions": {"type": "array", "items": {"type": "object"}},
    },
}
ROUND_RESULT: Schema = _object(
    {
        "round": {
            "type": "object",
            "required": ["id", "name", "held_on", "closed", "confidentiality", "client", "questionnaire", "language"],
        },
        "overall": _GROUP,
        "departments": {"type": "array", "items": {**_GROUP, "required": [*_GROUP["required"], "department"]}},
    },
    "The round's result as its result page shows it (docs/api.md, GET /rounds/<id>/result.json).",
)
