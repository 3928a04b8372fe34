"""Schemathesis against the workspace API's part of the OpenAPI document, with a consultant's token: no 5xx, every
response as documented. Half the cases use the ids of the consultant's own client, round and invitation, so
bodies reach the services rather than a 404.

Together with test_api_schema.py this covers every operation of the document (checked below).
"""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from flask import Flask
from hypothesis import given
from schemathesis import GenerationMode

from roadmap.db import session
from roadmap.models import Client, Round
from roadmap.services import accounts, api_tokens, clients, rounds
from tests.fuzz.test_action_api_schema import ACTION_OPERATIONS
from tests.fuzz.test_api_schema import CHECKS, FUZZ, OPERATIONS, unless_headers_broken

PREFIX = "/api/v1/workspace"
WORKSPACE_OPERATIONS = [
    ("GET", f"{PREFIX}/clients"),
    ("POST", f"{PREFIX}/clients"),
    ("GET", f"{PREFIX}/clients/{{client_id}}/rounds"),
    ("POST", f"{PREFIX}/clients/{{client_id}}/rounds"),
    ("GET", f"{PREFIX}/rounds/{{round_id}}"),
    ("POST", f"{PREFIX}/rounds/{{round_id}}/close"),
    ("GET", f"{PREFIX}/rounds/{{round_id}}/result"),
    ("GET", f"{PREFIX}/rounds/{{round_id}}/invitations"),
    ("POST", f"{PREFIX}/rounds/{{round_id}}/invitations"),
    ("POST", f"{PREFIX}/rounds/{{round_id}}/remind"),
    ("POST", f"{PREFIX}/invitations/{{invitation_id}}/revoke"),
    ("POST", f"{PREFIX}/invitations/{{invitation_id}}/send"),
]
RUNS = [(*operation, mode) for operation in WORKSPACE_OPERATIONS for mode in GenerationMode]


def test_every_operation_of_the_document_is_fuzzed(app: Flask) -> None:
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    documented = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert documented == set(OPERATIONS) | set(WORKSPACE_OPERATIONS) | set(ACTION_OPERATIONS)


def consultant_with_things(app: Flask) -> tuple[str, dict[str, int]]:
    """A consultant's token, and the ids of their client, an open round and an invitation with an address."""
    with app.app_context():
        user = accounts.create_user(session(), "fuzz@example.org", "correct horse battery", "consultant")
        secret, _token = api_tokens.create(session(), user, "fuzz")
        keys = [dimension.key for dimension in app.extensions["questionnaires"].default.dimensions]
        client: Client = clients.save_client(session(), user, "Acme Ltd", None, None, {}, keys)
        round_: Round = rounds.create_round(session(), app.extensions["questionnaires"], client, "R", date(2026, 3, 1))
        invitation = rounds.invite(session(), app.config["SECRET_KEY"], round_, "it", "Mila")
        invitation.email = "mila@example.org"
        session().commit()
        return secret, {"client_id": client.id, "round_id": round_.id, "invitation_id": invitation.id}


@pytest.mark.parametrize(("method", "path", "mode"), RUNS, ids=[f"{m} {p} {mode.value}" for m, p, mode in RUNS])
def test_the_workspace_api_keeps_to_its_openapi_document(
    app: Flask, method: str, path: str, mode: GenerationMode
) -> None:
    secret, ids = consultant_with_things(app)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method]
    headers = {"Authorization": f"Bearer {secret}"}
    calls = iter(range(1_000_000))

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode))
    def keeps_to_the_document(case: schemathesis.Case) -> None:
        if case.path_parameters and mode is GenerationMode.POSITIVE and next(calls) % 2 == 0:
            case.path_parameters = {name: ids[name] for name in case.path_parameters}
        case.call_and_validate(headers=unless_headers_broken(case, headers), checks=CHECKS)

    keeps_to_the_document()
