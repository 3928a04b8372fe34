"""The OpenAPI 3.1 document of the API, built from the schemas the requests are checked with (`schemas`)."""

from __future__ import annotations

from roadmap.web.api import action_schemas, workspace_openapi
from roadmap.web.api.schemas import CREATED, ERROR, NEW_ASSESSMENT, QUESTIONNAIRE, QUESTIONNAIRE_LIST, RESULT, Schema

COMPONENTS: dict[str, Schema] = {
    "NewAssessment": NEW_ASSESSMENT,
    "Created": CREATED,
    "Result": RESULT,
    "Questionnaire": QUESTIONNAIRE,
    "QuestionnaireList": QUESTIONNAIRE_LIST,
    "Error": ERROR,
    **workspace_openapi.COMPONENTS,
    **action_schemas.COMPONENTS,
}


def _json(schema: Schema, description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> Schema:
    return _json(_ref("Error"), description)


LANG_PARAMETER: Schema = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "en or nl; without it (or with another value) the Accept-Language header decides, else English.",
    "schema": {"type": "string"},
}


def _path_parameter(name: str, description: str) -> Schema:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "string"}}


TOKEN = _path_parameter("token", "The secret token returned when the assessment was created.")


def openapi_document(version: str) -> Schema:
    """The OpenAPI 3.1 description of the API, from the same schemas the requests are checked with."""
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Roadmap API",
            "version": version,
            "description": "Read the questionnaires, send in a complete assessment and read its result; with a "
            "personal access token, a consultant's clients, rounds, invitations and round results. See docs/api.md.",
        },
        "paths": {
            **questionnaire_paths(),
            **assessment_paths(),
            **document_paths(),
            **workspace_openapi.workspace_paths(),
            **action_paths(),
        },
        "components": {"schemas": COMPONENTS, "securitySchemes": workspace_openapi.SECURITY_SCHEMES},
    }


def questionnaire_paths() -> dict[str, Schema]:
    return {
        "/api/v1/questionnaires": {
            "get": {
                "operationId": "listQuestionnaires",
                "summary": "The questionnaires (current version of each)",
                "parameters": [LANG_PARAMETER],
                "responses": {"200": _json(_ref("QuestionnaireList"), "The questionnaires.")},
            }
        },
        "/api/v1/questionnaires/{questionnaire_id}": {
            "get": {
                "operationId": "getQuestionnaire",
                "summary": "One questionnaire in full: phases, dimensions, questions, options",
                "parameters": [_path_parameter("questionnaire_id", "The questionnaire's id."), LANG_PARAMETER],
                "responses": {
                    "200": _json(_ref("Questionnaire"), "The current version of the questionnaire."),
                    "404": _error("No questionnaire with this id."),
                },
            }
        },
    }


def assessment_paths() -> dict[str, Schema]:
    return {
        "/api/v1/assessments": {
            "post": {
                "operationId": "createAssessment",
                "summary": "Store and submit a complete assessment",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("NewAssessment")}}},
                "responses": {
                    "201": {
                        **_json(_ref("Created"), "Stored and submitted; the token is given here only."),
                        "headers": {"Location": {"schema": {"type": "string"}, "description": "The result."}},
                    },
                    "400": _error("The body is not a JSON object."),
                    "413": _error("The body is larger than 1 MB."),
                    "422": _error("The body breaks the rules; nothing was stored."),
                    "429": _error("Too many assessments created from this address; try again later."),
                },
            }
        },
        "/api/v1/assessments/{token}": {
            "get": {
                "operationId": "getAssessment",
                "summary": "The result of a submitted assessment",
                "parameters": [TOKEN, LANG_PARAMETER],
                "responses": {
                    "200": _json(_ref("Result"), "The result."),
                    "404": _error("No assessment with this token."),
                    "409": _error("The assessment has not been submitted yet."),
                },
            }
        },
        "/api/v1/assessments/{token}/report.pdf": {
            "get": {
                "operationId": "getReport",
                "summary": "The PDF report of a submitted assessment",
                "parameters": [TOKEN, LANG_PARAMETER],
                "responses": {
                    "200": {
                        "description": "The report, as an attachment.",
                        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    "404": _error("No assessment with this token."),
                    "409": _error("Not submitted yet, or too little data for a result."),
                },
            }
        },
    }


def document_paths() -> dict[str, Schema]:
    return {
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "summary": "This document",
                "responses": {"200": _json({"type": "object"}, "The OpenAPI 3.1 document.")},
            }
        },
    }


def action_paths() -> dict[str, Schema]:
    """The action plans: an assessment's by its token, a client's in the workspace API."""
    assessment_errors = {
        "404": _error("No assessment with this token (or a respondent's of a round), or no such action in its plan."),
        "409": _error("The assessment has not been submitted yet."),
    }
    workspace_errors = {
        "404": _error("No such client among the token's consultant's, or no such action in its plan."),
        **workspace_openapi.ERRORS,
    }
    return {
        **action_schemas.plan_paths("/api/v1/assessments/{token}", [TOKEN], assessment_errors, "", {}),
        **action_schemas.plan_paths(
            f"{workspace_openapi.PREFIX}/clients/{{client_id}}",
            [workspace_openapi.CLIENT_ID],
            workspace_errors,
            "OfClient",
            {"security": [{"personalAccessToken": []}]},
        ),
    }
