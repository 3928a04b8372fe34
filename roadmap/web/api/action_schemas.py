"""The action plans' part of the API (docs/api.md, "Action plans"): request and response schemas, the paths of the
assessment API (by private token) and of the workspace API (by client id, with a personal access token)."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from roadmap.domain import actions as rules
from roadmap.domain.vocabulary import DIRECTION_CONTROLS
from roadmap.web.api.schemas import ERROR, NAME_PATTERN, SAFE_TEXT_PATTERN, Schema, _object

SAFE = "without control characters or characters that reverse text (U+202A-U+202E, U+2066-U+2069)"
# A note may hold line breaks (\n, \r) and tabs; nothing else of the control characters.
NOTE_PATTERN = rf"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ud800-\udfff{DIRECTION_CONTROLS}]*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _optional_text(max_length: int, pattern: str, problem: str, description: str) -> Schema:
    return {
        "type": ["string", "null"],
        "maxLength": max_length,
        "pattern": pattern,
        "description": description,
        "x-problem": problem,
    }


FIELDS: dict[str, Schema] = {
    "title": {
        "type": "string",
        "pattern": NAME_PATTERN,
        "description": f"What is to be done: at most {rules.TITLE_MAX} characters after surrounding spaces.",
        "x-problem": f"required, a non-empty text of at most {rules.TITLE_MAX} characters, {SAFE}",
    },
    "topic": {
        "type": ["string", "null"],
        "description": "A dimension key of the questionnaire, or null.",
        "x-problem": "a dimension key of the questionnaire, or null",
    },
    "owner": _optional_text(
        rules.OWNER_MAX, SAFE_TEXT_PATTERN, f"a text of at most {rules.OWNER_MAX} characters, {SAFE}", "Who does it."
    ),
    "due_on": {
        "type": ["string", "null"],
        "pattern": DATE_PATTERN,
        "description": "YYYY-MM-DD; a date in the past is allowed (the action is then overdue).",
        "x-problem": "a real date as YYYY-MM-DD, or null",
    },
    "status": {
        "enum": list(rules.STATUSES),
        "default": rules.DEFAULT_STATUS,
        "x-problem": f"one of {', '.join(rules.STATUSES)}",
    },
    "note": _optional_text(
        rules.NOTE_MAX,
        NOTE_PATTERN,
        f"a text of at most {rules.NOTE_MAX} characters; line breaks are allowed, other control characters and "
        "characters that reverse text (U+202A-U+202E, U+2066-U+2069) are not",
        "A note; line breaks are kept.",
    ),
}

NEW_ACTION: Schema = {
    "type": "object",
    "description": "A new action, added at the end of the plan.",
    "required": ["title"],
    "additionalProperties": False,
    "properties": FIELDS,
}
CHANGED_ACTION: Schema = {
    "type": "object",
    "description": "Every field of the action, and the version it was read at: a change made meanwhile gives 409.",
    "required": ["title", "version"],
    "additionalProperties": False,
    "properties": {
        **FIELDS,
        "version": {
            "type": "integer",
            "minimum": 1,
            "maximum": 2**31 - 1,
            "description": "The action's version when it was read.",
            "x-problem": "required, the version of the action as read (a whole number)",
        },
    },
}
VALIDATORS = {"new": Draft202012Validator(NEW_ACTION), "changed": Draft202012Validator(CHANGED_ACTION)}

NULLABLE_TEXT: Schema = {"type": ["string", "null"]}
ACTION: Schema = _object(
    {
        "id": {"type": "integer"},
        "position": {"type": "integer", "description": "1 for the first action of the plan."},
        "version": {"type": "integer", "description": "Raised by every change; send it back with a change."},
        "title": {"type": "string"},
        "topic": NULLABLE_TEXT,
        "owner": NULLABLE_TEXT,
        "due_on": {"type": ["string", "null"], "description": "YYYY-MM-DD"},
        "status": {"enum": list(rules.STATUSES)},
        "note": NULLABLE_TEXT,
        "overdue": {"type": "boolean", "description": "Past its due date and neither done nor dropped."},
        "created_at": {"type": "string", "description": "UTC, ISO 8601"},
        "updated_at": {"type": "string", "description": "UTC, ISO 8601"},
    },
    "One action of a plan.",
)
ACTION_LIST: Schema = _object({"actions": {"type": "array", "items": {"$ref": "#/components/schemas/Action"}}})
COMPONENTS: dict[str, Schema] = {
    "NewAction": NEW_ACTION,
    "ChangedAction": CHANGED_ACTION,
    "Action": ACTION,
    "ActionList": ACTION_LIST,
}


def _json(schema: Schema, description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _body(name: str) -> Schema:
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


BODY_ERRORS = {
    "400": _json(ERROR, "The body is not a JSON object."),
    "413": _json(ERROR, "The body is larger than 1 MB."),
    "422": _json(ERROR, "The body breaks the rules; nothing was stored."),
}
STALE = {"409": _json(ERROR, "The action was changed meanwhile (another version); nothing was stored.")}
VERSION_QUERY: Schema = {
    "name": "version",
    "in": "query",
    "required": False,
    "description": "The version as read: when the action has changed meanwhile, 409 and nothing is deleted.",
    "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
}
ACTION_ID: Schema = {
    "name": "action_id",
    "in": "path",
    "required": True,
    "description": "The action's id; an action of another plan gives 404, as one that does not exist.",
    "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
}


def plan_paths(prefix: str, parameters: list[Schema], errors: dict[str, Schema], name: str, extra: Schema) -> Schema:
    """The list and the single action of one kind of plan; `extra` is added to every operation (security)."""

    def operation(op_id: str, summary: str, responses: dict[str, Schema], **more: object) -> Schema:
        return {
            "operationId": f"{op_id}{name}",
            "summary": summary,
            "responses": {**responses, **errors},
            **extra,
            **more,
        }

    one = [*parameters, ACTION_ID]
    return {
        f"{prefix}/actions": {
            "get": operation(
                "listActions",
                "The action plan, in its order",
                {"200": _json(_ref("ActionList"), "The actions.")},
                parameters=parameters,
            ),
            "post": operation(
                "createAction",
                "Add an action at the end of the plan",
                {"201": _json(_ref("Action"), "The new action."), **BODY_ERRORS},
                parameters=parameters,
                requestBody=_body("NewAction"),
            ),
        },
        f"{prefix}/actions/{{action_id}}": {
            "get": operation("getAction", "One action", {"200": _json(_ref("Action"), "The action.")}, parameters=one),
            "put": operation(
                "changeAction",
                "Change every field of an action, at the version read",
                {"200": _json(_ref("Action"), "The changed action."), **BODY_ERRORS, **STALE},
                parameters=one,
                requestBody=_body("ChangedAction"),
            ),
            "delete": operation(
                "deleteAction",
                "Delete an action",
                {"204": {"description": "Deleted."}, **STALE},
                parameters=[*one, VERSION_QUERY],
            ),
        },
    }
