"""The JSON API's request and response schemas (JSON Schema 2020-12), and the OpenAPI 3.1 document built from them.

Requests are checked against these same dicts (`shape_problems`), so the document cannot drift from what the API
accepts. A schema's `x-problem` is the text of the detail line naming a field that breaks it. What a schema cannot
say (which questionnaires exist, which answers a questionnaire needs) is checked by the service afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from roadmap.domain import vocabulary
from roadmap.domain.vocabulary import NAME_MAX, ROLE_MAX

Schema = dict[str, Any]

PROFILE_CHOICES = {
    "sector": list(vocabulary.SECTORS),
    "size_band": list(vocabulary.SIZE_BANDS),
    "department": list(vocabulary.DEPARTMENTS),
}
# Texts that are stored: no control characters (PostgreSQL refuses NUL), no lone surrogates (not encodable), no
# characters that reverse the text around them (vocabulary.DIRECTION_CONTROLS).
_SAFE = rf"[^\u0000-\u001f\u007f\ud800-\udfff{vocabulary.DIRECTION_CONTROLS}]"
_SAFE_NON_BLANK = rf"[^\s\u0000-\u001f\u007f\ud800-\udfff{vocabulary.DIRECTION_CONTROLS}]"
# 1 to NAME_MAX characters once surrounding white space is trimmed, as the service stores it.
NAME_PATTERN = rf"^\s*{_SAFE_NON_BLANK}(?:{_SAFE}{{0,{NAME_MAX - 2}}}{_SAFE_NON_BLANK})?\s*$"
SAFE_TEXT_PATTERN = rf"^{_SAFE}*$"


def _choice(choices: list[str], description: str) -> Schema:
    return {
        "enum": [*choices, None],
        "description": description,
        "x-problem": f"one of {', '.join(choices)}",
    }


NEW_ASSESSMENT: Schema = {
    "type": "object",
    "description": "A complete assessment: every question of the questionnaire answered.",
    "required": ["questionnaire", "organisation", "answers"],
    "additionalProperties": False,
    "properties": {
        "questionnaire": {
            "type": "string",
            "description": "The id of a questionnaire; its current version is used.",
            "examples": ["social-business-roadmap"],
            "x-problem": "required, the id of a questionnaire (text)",
        },
        "language": {
            "enum": list(vocabulary.LANGUAGES),
            "default": vocabulary.DEFAULT_LANGUAGE,
            "description": "Stored with the assessment and used for the texts in the response.",
            "x-problem": "must be 'en' or 'nl'",
        },
        "organisation": {
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "x-problem": "required, an object with at least a name",
            "properties": {
                "name": {
                    "type": "string",
                    "pattern": NAME_PATTERN,
                    "description": f"At most {NAME_MAX} characters after surrounding spaces are trimmed.",
                    "x-problem": f"required, a non-empty text of at most {NAME_MAX} characters "
                    "(not counting surrounding spaces), without control characters "
                    "or characters that reverse text (U+202A-U+202E, U+2066-U+2069)",
                },
                "sector": _choice(PROFILE_CHOICES["sector"], "The organisation's sector."),
                "size_band": _choice(PROFILE_CHOICES["size_band"], "The number of people in the organisation."),
                "department": _choice(PROFILE_CHOICES["department"], "The respondent's department."),
                "role": {
                    "type": ["string", "null"],
                    "maxLength": ROLE_MAX,
                    "pattern": SAFE_TEXT_PATTERN,
                    "description": "The respondent's role.",
                    "x-problem": f"a text of at most {ROLE_MAX} characters, without control characters "
                    "or characters that reverse text (U+202A-U+202E, U+2066-U+2069)",
                },
            },
        },
        "answers": {
            "type": "object",
            "description": "Question key to option key, for every question of the questionnaire.",
            "additionalProperties": {"type": "string", "x-problem": "must be an option key (text)"},
            "x-problem": "required, an object of question key to option key",
        },
    },
}

_VALIDATOR = Draft202012Validator(NEW_ASSESSMENT)


def field_of(problem: str) -> str:
    """The field a detail line is about: the text before its first colon."""
    return problem.split(":", 1)[0]


def one_per_field(problems: Iterable[str]) -> list[str]:
    """The first problem of each field: a wrong value does not also count as a missing one."""
    seen: set[str] = set()
    kept = []
    for problem in problems:
        if field_of(problem) not in seen:
            seen.add(field_of(problem))
            kept.append(problem)
    return kept


def shape_problems(body: Any) -> list[str]:
    """Detail lines, one per field, for everything in a new assessment's body that breaks NEW_ASSESSMENT."""
    return problems_against(_VALIDATOR, body)


def problems_against(validator: Draft202012Validator, body: Any) -> list[str]:
    """Detail lines, one per field, for everything in `body` that breaks the validator's schema."""
    # Sorted by field: jsonschema reports the values of additionalProperties in set order, which varies per run.
    lines = sorted((line for error in validator.iter_errors(body) for line in _lines(error)), key=field_of)
    return one_per_field(lines)


def _lines(error: ValidationError) -> list[str]:
    path = ".".join(str(part) for part in error.absolute_path)
    prefix = f"{path}." if path else ""
    if error.validator == "required":
        properties = error.schema.get("properties", {})
        missing = [name for name in error.validator_value if name not in error.instance]
        return [f"{prefix}{name}: {properties[name]['x-problem']}" for name in missing]
    if error.validator == "additionalProperties" and error.validator_value is False:
        known = error.schema.get("properties", {})
        return [f"{prefix}{name}: unknown field" for name in error.instance if name not in known]
    return [f"{path}: {error.schema.get('x-problem', error.message)}"]


# Responses


def _object(properties: dict[str, Schema], description: str = "") -> Schema:
    schema: Schema = {"type": "object", "required": list(properties), "properties": properties}
    if description:
        schema["description"] = description
    return schema


TEXT: Schema = {"type": "string"}
TEXTS: Schema = {"type": "array", "items": TEXT}
NUMBER_OR_NULL: Schema = {"type": ["number", "null"]}
PHASE_NUMBER: Schema = {"type": "integer", "minimum": 1, "maximum": 4}
STEP: Schema = _object({"text": TEXT, "why": TEXT})

ERROR: Schema = _object(
    {
        "error": _object(
            {"message": TEXT, "details": {"type": "array", "items": TEXT, "description": "One line per field."}}
        )
    },
    "Every error: a message and the problems, one line each starting with the field it concerns.",
)

QUESTIONNAIRE_LIST: Schema = _object(
    {"questionnaires": {"type": "array", "items": _object({"id": TEXT, "version": TEXT, "title": TEXT, "url": TEXT})}}
)

QUESTIONNAIRE: Schema = _object(
    {
        "id": TEXT,
        "version": TEXT,
        "language": TEXT,
        "title": TEXT,
        "phases": {
            "type": "array",
            "items": _object(
                {
                    "number": PHASE_NUMBER,
                    "key": TEXT,
                    "name": TEXT,
                    "motto": TEXT,
                    "description": TEXT,
                    "customers_notice": TEXTS,
                    "obstacles": TEXTS,
                    "opportunities": TEXTS,
                    "next_steps": {"type": "array", "items": STEP},
                }
            ),
        },
        "dimensions": {
            "type": "array",
            "items": _object(
                {
                    "key": TEXT,
                    "name": TEXT,
                    "description": TEXT,
                    "weight": {"type": "number"},
                    "questions": {
                        "type": "array",
                        "items": _object(
                            {
                                "key": TEXT,
                                "text": TEXT,
                                "help": {"type": ["string", "null"]},
                                "weight": {"type": "number"},
                                "options": {
                                    "type": "array",
                                    "items": _object(
                                        {"key": TEXT, "level": {"type": ["integer", "null"]}, "text": TEXT}
                                    ),
                                },
                            }
                        ),
                    },
                }
            ),
        },
    }
)

PHASE: Schema = _object({"number": PHASE_NUMBER, "key": TEXT, "name": TEXT})
PHASE_REASON: Schema = {
    "enum": ["score", "weakest_link", None],
    "description": "Which rule set the phase: `score`, the whole number of the overall score; `weakest_link`, a "
    "topic more than one phase behind the score's phase; null without a result.",
}
TO_NEXT_PHASE: Schema = {
    "oneOf": [
        _object(
            {
                "phase": PHASE,
                "steps": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The plan's size: answers raised by one level.",
                },
                "changes": {
                    "type": "array",
                    "items": _object(
                        {
                            "question": TEXT,
                            "dimension": TEXT,
                            "from": {"type": "string", "description": "The option key answered now."},
                            "to": {"type": "string", "description": "The option key to reach."},
                        }
                    ),
                },
            },
            "The smallest plan of raised answers that reaches the next phase.",
        ),
        {"type": "null", "description": "Phase 4, or no result."},
    ]
}
TOPIC_ADVICE: Schema = {
    "type": "array",
    "description": "Every scored topic's advice for the phase of its own score: lagging topics first, then by score.",
    "items": _object({"dimension": TEXT, "phase": PHASE_NUMBER, "text": TEXT}),
}

RESULT: Schema = _object(
    {
        "questionnaire": _object({"id": TEXT, "version": TEXT}),
        "organisation": _object({"name": TEXT}),
        "language": TEXT,
        "submitted_at": {"type": ["string", "null"], "description": "UTC, ISO 8601"},
        "has_result": {"type": "boolean"},
        "overall_score": NUMBER_OR_NULL,
        "phase": {"oneOf": [PHASE, {"type": "null"}]},
        "dimensions": {
            "type": "array",
            "items": _object(
                {
                    "key": TEXT,
                    "score": NUMBER_OR_NULL,
                    "phase": {"type": ["integer", "null"]},
                    "status": {"enum": ["scored", "insufficient"]},
                    "answered": {"type": "integer"},
                    "questions": {"type": "integer"},
                }
            ),
        },
        "held_back_by": TEXTS,
        "lagging": TEXTS,
        "leading": TEXTS,
        "next_steps": {
            "type": "array",
            "items": _object(
                {"phase": PHASE_NUMBER, "dimension": {"type": ["string", "null"]}, "text": TEXT, "why": TEXT}
            ),
        },
        "phase_reason": PHASE_REASON,
        "to_next_phase": TO_NEXT_PHASE,
        "topic_advice": TOPIC_ADVICE,
    },
    "The result of a submitted assessment, with unrounded scores.",
)

CREATED: Schema = _object({"token": TEXT, "result": RESULT})
