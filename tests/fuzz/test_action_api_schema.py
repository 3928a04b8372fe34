"""Schemathesis against the action plans' operations of the OpenAPI document: an assessment's plan by its token and
a client's with a consultant's token. No 5xx, every response as documented; half the positive cases use a real
token, client and action, so bodies reach the service rather than a 404."""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import given
from schemathesis import GenerationMode

from roadmap.db import session
from roadmap.domain.actions import draft
from roadmap.services import accounts, actions, api_tokens, assessments, clients
from tests.conftest import all_answers
from tests.fuzz.test_api_schema import CHECKS, FUZZ, unless_headers_broken

ASSESSMENT = "/api/v1/assessments/{token}"
CLIENT = "/api/v1/workspace/clients/{client_id}"
ACTION_OPERATIONS = [
    (method, f"{prefix}{path}")
    for prefix in (ASSESSMENT, CLIENT)
    for method, path in (
        ("GET", "/actions"),
        ("POST", "/actions"),
        ("GET", "/actions/{action_id}"),
        ("PUT", "/actions/{action_id}"),
        ("DELETE", "/actions/{action_id}"),
    )
]
# Negative cases break the document's rules; listing an assessment's plan has nothing to break (a token is any text).
RUNS = [
    (*operation, mode)
    for operation in ACTION_OPERATIONS
    for mode in GenerationMode
    if operation != ("GET", f"{ASSESSMENT}/actions") or mode is GenerationMode.POSITIVE
]


def plans(app: Flask) -> tuple[str, dict[str, object]]:
    """A consultant's secret and the real path parameters: a submitted assessment's token, a client, their actions."""
    with app.app_context():
        catalogue = app.extensions["questionnaires"]
        questionnaire = catalogue.default
        topics = [d.key for d in questionnaire.dimensions]
        user = accounts.create_user(session(), "fuzz@example.org", "correct horse battery", "consultant")
        secret, _token = api_tokens.create(session(), user, "fuzz")
        client = clients.save_client(session(), user, "Acme Ltd", None, None, {}, topics)
        profile = assessments.Profile("Acme", None, None, None, None)
        token, assessment = assessments.start(session(), catalogue, questionnaire.id, profile, "en")
        assessments.save_answers(session(), assessment, all_answers(questionnaire))
        assessments.submit(session(), assessment)
        owned = actions.add(session(), assessment, draft("Mine"), topics)
        theirs = actions.add(session(), client, draft("The client's"), topics)
        return secret, {"token": token, "client_id": client.id, "action_id": (owned.id, theirs.id)}


@pytest.mark.parametrize(("method", "path", "mode"), RUNS, ids=[f"{m} {p} {mode.value}" for m, p, mode in RUNS])
def test_the_action_api_keeps_to_its_openapi_document(app: Flask, method: str, path: str, mode: GenerationMode) -> None:
    secret, ids = plans(app)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method]
    headers = {"Authorization": f"Bearer {secret}"} if path.startswith(CLIENT) else {}
    which = 0 if path.startswith(ASSESSMENT) else 1
    calls = iter(range(1_000_000))

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode))
    def keeps_to_the_document(case: schemathesis.Case) -> None:
        if mode is GenerationMode.POSITIVE and next(calls) % 2 == 0:
            real = {**ids, "action_id": ids["action_id"][which]}  # type: ignore[index]
            case.path_parameters = {name: real[name] for name in case.path_parameters or {}}
        case.call_and_validate(headers=unless_headers_broken(case, headers), checks=CHECKS)

    keeps_to_the_document()
