"""The domain stays plain Python: no module under roadmap/domain imports Flask, SQLAlchemy or Werkzeug."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import roadmap.domain

DOMAIN = Path(roadmap.domain.__file__).parent
FORBIDDEN = ("flask", "sqlalchemy", "werkzeug")


def imported_modules(source: str) -> list[str]:
    """The absolute names of the modules a source imports, anywhere in it (functions, TYPE_CHECKING blocks too)."""
    imported = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.append(node.module)
    return imported


def forbidden_imports(source: str) -> list[str]:
    """The modules a source imports that belong to Flask (and its extensions), SQLAlchemy or Werkzeug."""
    return [name for name in imported_modules(source) if _is_forbidden(name.split(".")[0])]


def _is_forbidden(package: str) -> bool:
    return package in FORBIDDEN or package.startswith(("flask_", "sqlalchemy_"))


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import flask", ["flask"]),
        ("from flask import current_app", ["flask"]),
        ("import sqlalchemy as sa", ["sqlalchemy"]),
        ("from sqlalchemy.orm import Session", ["sqlalchemy.orm"]),
        ("import os, werkzeug.security", ["werkzeug.security"]),
        ("from flask_babel import gettext", ["flask_babel"]),
        ("def f():\n    import flask\n", ["flask"]),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from flask import Flask\n", ["flask"]),
        ("import yaml\nfrom dataclasses import dataclass", []),
        ("from . import flask", []),  # a sibling module that happens to share the name
        ("import flaskish", []),
        ("text = 'import flask'", []),
    ],
)
def test_forbidden_imports_finds_flask_sqlalchemy_and_werkzeug(source: str, found: list[str]) -> None:
    assert forbidden_imports(source) == found


def domain_modules() -> list[Path]:
    return sorted(DOMAIN.rglob("*.py"))


def test_the_domain_has_modules_to_check() -> None:
    names = {path.name for path in domain_modules()}

    assert {"__init__.py", "questionnaire.py", "loader.py", "scoring.py"} <= names


@pytest.mark.parametrize("module", domain_modules(), ids=lambda path: str(path.relative_to(DOMAIN)))
def test_domain_module_imports_no_web_or_database_library(module: Path) -> None:
    assert forbidden_imports(module.read_text(encoding="utf-8")) == []
