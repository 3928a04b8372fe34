"""Schemathesis against the API's own OpenAPI document, in-process (WSGI): no 5xx, every response as documented."""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import count_rows

# Not positive_data_acceptance: a body that fits the schema is still refused (422) when its questionnaire does not
# exist or it does not answer every question, which a schema cannot say.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
OPERATIONS = [
    ("GET", "/api/v1/questionnaires"),
    ("GET", "/api/v1/questionnaires/{questionnaire_id}"),
    ("POST", "/api/v1/assessments"),
    ("GET", "/api/v1/assessments/{token}"),
    ("GET", "/api/v1/assessments/{token}/report.pdf"),
    ("GET", "/api/v1/openapi.json"),
]
# schemathesis.pytest.from_fixture does not work with pytest 9 (it reads a private node attribute), so each
# operation runs as a plain hypothesis test over the operation's strategy.
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)


def unless_headers_broken(case: schemathesis.Case, headers: dict[str, str]) -> dict[str, str] | None:
    """The headers to send with a case: a bearer token, unless the case's headers break the document on purpose.

    Such a case (Authorization left out or mangled) goes as generated. The token added back would make it a valid
    request but for, say, an extra query parameter, which the API ignores as it may, and schemathesis would call
    that accepting a broken request.
    """
    header = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    return None if header is not None and header.mode is GenerationMode.NEGATIVE else headers


# Negative cases break the document's rules for parameters and bodies; openapi.json has neither.
RUNS = [
    (*operation, mode)
    for operation in OPERATIONS
    for mode in GenerationMode
    if operation[1] != "/api/v1/openapi.json" or mode is GenerationMode.POSITIVE
]


@pytest.mark.parametrize(("method", "path", "mode"), RUNS, ids=[f"{m} {p} {mode.value}" for m, p, mode in RUNS])
def test_the_api_keeps_to_its_openapi_document(app: Flask, method: str, path: str, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method]

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode))
    def keeps_to_the_document(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=CHECKS)

    keeps_to_the_document()
    # Nothing generated answers every question of a real questionnaire, so nothing may have been stored.
    assert count_rows(app, "assessments") == 0
