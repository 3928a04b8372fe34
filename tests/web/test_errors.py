"""Errors: every service error shares one base class and is answered once, as a page or as the API's JSON format."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from flask import Flask

import roadmap.services
from roadmap.services.assessments import ManagedByConsultant, RoundClosed
from roadmap.services.errors import Conflict, Invalid, NotFound, ServiceError
from roadmap.web.errors import PAGE_MESSAGES

SERVICES = Path(roadmap.services.__file__).parent
# Modules whose use cases raise for requests they refuse.
RAISING_MODULES = [
    f"roadmap.services.{path.stem}" for path in sorted(SERVICES.glob("*.py")) if path.stem not in ("__init__", "errors")
]


def exception_classes(module_name: str) -> list[type[BaseException]]:
    module = importlib.import_module(module_name)
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    names = [node.name for node in ast.parse(source).body if isinstance(node, ast.ClassDef)]
    classes = [getattr(module, name) for name in names]
    return [c for c in classes if isinstance(c, type) and issubclass(c, BaseException)]


# Exceptions that never reach a request: the report's URL fetcher refuses a URL inside WeasyPrint.
INTERNAL = {"RefusedURL"}


@pytest.mark.parametrize("module_name", RAISING_MODULES)
def test_every_service_exception_is_a_service_error(module_name: str) -> None:
    for exception in exception_classes(module_name):
        if exception.__name__ not in INTERNAL:
            assert issubclass(exception, (NotFound, Conflict, Invalid)), exception


def test_the_kinds_carry_their_status() -> None:
    assert (NotFound.status, Conflict.status, Invalid.status) == (404, 409, 422)


def test_every_page_message_is_for_a_service_error() -> None:
    assert {RoundClosed, ManagedByConsultant} <= set(PAGE_MESSAGES)
    assert all(issubclass(kind, ServiceError) for kind in PAGE_MESSAGES)


@pytest.fixture
def raising_app(app: Flask) -> Flask:
    """Routes that raise what a service would, on the site and under /api/."""
    errors = {
        "closed": RoundClosed(),
        "invalid": Invalid("The input breaks the rules.", ["name: too long"]),
        "missing": NotFound("No such thing."),
    }

    def raise_error(name: str) -> str:
        raise errors[name]

    app.add_url_rule("/raise/<name>", "raise_page", raise_error)
    app.add_url_rule("/api/v1/raise/<name>", "raise_api", raise_error)
    return app


@pytest.mark.parametrize(("name", "status"), [("closed", 409), ("invalid", 422), ("missing", 404)])
def test_a_service_error_under_the_api_is_json(raising_app: Flask, name: str, status: int) -> None:
    response = raising_app.test_client().get(f"/api/v1/raise/{name}")
    assert response.status_code == status
    body = response.get_json()
    assert set(body["error"]) == {"message", "details"}
    assert body["error"]["details"] == (["name: too long"] if name == "invalid" else [])


def test_a_service_error_on_the_site_is_the_error_page_with_its_text(raising_app: Flask) -> None:
    response = raising_app.test_client().get("/raise/closed")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "This round has been closed by your consultant" in page and "<h1>Sorry</h1>" in page


def test_a_service_error_without_a_page_text_gets_its_status_text(raising_app: Flask) -> None:
    response = raising_app.test_client().get("/raise/missing", headers={"Accept-Language": "nl"})
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.get_data(as_text=True)
