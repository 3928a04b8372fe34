"""The workspace API's part of the OpenAPI document: its paths, schemas and the bearer security scheme."""

from __future__ import annotations

from roadmap.web.api.schemas import ERROR, Schema
from roadmap.web.api.workspace_schemas import (
    CLIENT,
    CLIENT_LIST,
    CREATED_INVITATIONS,
    INVITATION,
    INVITATION_LIST,
    NEW_CLIENT,
    NEW_INVITATIONS,
    NEW_ROUND,
    QUEUED,
    ROUND,
    ROUND_LIST,
    ROUND_RESULT,
    SENT,
)

PREFIX = "/api/v1/workspace"
SECURITY_SCHEMES: dict[str, Schema] = {
    "personalAccessToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal access token, made on the account page under API tokens (rmp_…).",
    }
}
COMPONENTS: dict[str, Schema] = {
    "NewClient": NEW_CLIENT,
    "Client": CLIENT,
    "ClientList": CLIENT_LIST,
    "NewRound": NEW_ROUND,
    "Round": ROUND,
    "RoundList": ROUND_LIST,
    "NewInvitations": NEW_INVITATIONS,
    "Invitation": INVITATION,
    "InvitationList": INVITATION_LIST,
    "CreatedInvitations": CREATED_INVITATIONS,
    "Queued": QUEUED,
    "Sent": SENT,
    "RoundResult": ROUND_RESULT,
}
LANG: Schema = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "en or nl; without it (or with another value) the Accept-Language header decides, else English.",
    "schema": {"type": "string"},
}


def _json(schema: Schema, description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _id(name: str, what: str) -> Schema:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": f"The {what}'s id; another consultant's gives 404, as one that does not exist.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    }


ERRORS: dict[str, Schema] = {
    "401": _json(ERROR, "No token, or one that is unknown, revoked or of a disabled account."),
    "429": _json(ERROR, "Too many requests with this token; try again later."),
}
NOT_FOUND = {"404": _json(ERROR, "No such id among the token's consultant's clients.")}
CLOSED = {"409": _json(ERROR, "The round is closed: nothing in it can change any more.")}
BODY_ERRORS = {
    "400": _json(ERROR, "The body is not a JSON object."),
    "413": _json(ERROR, "The body is larger than 1 MB."),
    "422": _json(ERROR, "The body breaks the rules; nothing was stored."),
}


def _operation(
    operation_id: str,
    summary: str,
    responses: dict[str, Schema],
    parameters: list[Schema] | None = None,
    body: str | None = None,
) -> Schema:
    operation: Schema = {
        "operationId": operation_id,
        "summary": summary,
        "security": [{"personalAccessToken": []}],
        "parameters": parameters or [],
        "responses": {**responses, **ERRORS},
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
        operation["responses"].update(BODY_ERRORS)
    return operation


CLIENT_ID, ROUND_ID, INVITATION_ID = (
    _id("client_id", "client"),
    _id("round_id", "round"),
    _id("invitation_id", "invitation"),
)


def workspace_paths() -> dict[str, Schema]:
    return {**_client_paths(), **_round_paths(), **_invitation_paths()}


def _client_paths() -> dict[str, Schema]:
    """Clients and their rounds."""
    ok = _json
    return {
        f"{PREFIX}/clients": {
            "get": _operation(
                "listClients", "The token's consultant's clients", {"200": ok(_ref("ClientList"), "The clients.")}
            ),
            "post": _operation(
                "createClient", "Add a client", {"201": ok(_ref("Client"), "The new client.")}, body="NewClient"
            ),
        },
        f"{PREFIX}/clients/{{client_id}}/rounds": {
            "get": _operation(
                "listRounds",
                "A client's rounds, oldest first",
                {"200": ok(_ref("RoundList"), "The rounds."), **NOT_FOUND},
                [CLIENT_ID],
            ),
            "post": _operation(
                "createRound",
                "A new round of the client",
                {"201": ok(_ref("Round"), "The new round."), **NOT_FOUND},
                [CLIENT_ID],
                "NewRound",
            ),
        },
    }


def _round_paths() -> dict[str, Schema]:
    """One round: read it, close it, its result."""
    ok = _json
    return {
        f"{PREFIX}/rounds/{{round_id}}": {
            "get": _operation(
                "getRound", "One round", {"200": ok(_ref("Round"), "The round."), **NOT_FOUND}, [ROUND_ID]
            ),
        },
        f"{PREFIX}/rounds/{{round_id}}/close": {
            "post": _operation(
                "closeRound",
                "Close the round: no more answers or invitations",
                {"200": ok(_ref("Round"), "The closed round."), **NOT_FOUND, **CLOSED},
                [ROUND_ID],
            ),
        },
        f"{PREFIX}/rounds/{{round_id}}/result": {
            "get": _operation(
                "getRoundResult",
                "The round's result under its confidentiality",
                {"200": ok(_ref("RoundResult"), "The result."), **NOT_FOUND},
                [ROUND_ID, LANG],
            ),
        },
    }


def _invitation_paths() -> dict[str, Schema]:
    """A round's invitations and reminders."""
    ok = _json
    return {
        f"{PREFIX}/rounds/{{round_id}}/invitations": {
            "get": _operation(
                "listInvitations",
                "The round's invitations with their progress and e-mails",
                {"200": ok(_ref("InvitationList"), "The invitations."), **NOT_FOUND},
                [ROUND_ID],
            ),
            "post": _operation(
                "createInvitations",
                "Invite many respondents at once, all or none",
                {"201": ok(_ref("CreatedInvitations"), "The new invitations."), **NOT_FOUND, **CLOSED},
                [ROUND_ID],
                "NewInvitations",
            ),
        },
        f"{PREFIX}/rounds/{{round_id}}/remind": {
            "post": _operation(
                "remindRound",
                "Remind everyone who has not submitted",
                {"202": ok(_ref("Queued"), "The reminders queued."), **NOT_FOUND, **CLOSED},
                [ROUND_ID],
            ),
        },
        f"{PREFIX}/invitations/{{invitation_id}}/revoke": {
            "post": _operation(
                "revokeInvitation",
                "Revoke the invitation's link",
                {"200": ok(_ref("Invitation"), "The revoked invitation."), **NOT_FOUND, **CLOSED},
                [INVITATION_ID],
            ),
        },
        f"{PREFIX}/invitations/{{invitation_id}}/send": {
            "post": _operation(
                "sendInvitation",
                "Send (or send again) the invitation e-mail",
                {
                    "202": ok(_ref("Sent"), "The e-mail is queued."),
                    **NOT_FOUND,
                    "409": _json(ERROR, "Closed, revoked or without an address."),
                },
                [INVITATION_ID],
            ),
        },
    }
