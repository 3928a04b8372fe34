"""The import rules between the rooms (docs/architecture.md): render/ never touches the database.

roadmap/render turns results into output; the services read and store. So nothing under roadmap/render imports
roadmap.models, roadmap.db, roadmap.services or SQLAlchemy (its sessions, its queries, its ORM). The domain's own
rule (no Flask, SQLAlchemy or Werkzeug) is tests/domain/test_purity.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import roadmap.render
from tests.domain.test_purity import imported_modules

RENDER = Path(roadmap.render.__file__).parent
TYPE_CHECKING_IMPORT = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from roadmap.models import Round\n"
FORBIDDEN_IN_RENDER = (
    "roadmap.models",
    "roadmap.firm_models",
    "roadmap.db",
    "roadmap.services",
    "sqlalchemy",
    "flask_sqlalchemy",
)


def forbidden_in_render(source: str) -> list[str]:
    return [
        name
        for name in imported_modules(source)
        if any(name == forbidden or name.startswith(forbidden + ".") for forbidden in FORBIDDEN_IN_RENDER)
    ]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from roadmap.models import Assessment", ["roadmap.models"]),
        ("import roadmap.db", ["roadmap.db"]),
        ("from roadmap.db import session", ["roadmap.db"]),
        ("from sqlalchemy.orm import Session", ["sqlalchemy.orm"]),
        ("from roadmap.services import reports", ["roadmap.services"]),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from roadmap.models import Round\n",
            ["roadmap.models"],
        ),
        ("from roadmap.domain.scoring import Result", []),
        ("from roadmap.modelsish import x", []),
        ("from flask import render_template", []),
    ],
)
def test_forbidden_in_render_finds_models_database_and_services(source: str, found: list[str]) -> None:
    assert forbidden_in_render(source) == found


def render_modules() -> list[Path]:
    return sorted(RENDER.rglob("*.py"))


def test_render_has_modules_to_check() -> None:
    names = {path.name for path in render_modules()}

    assert {"charts.py", "svg.py", "pdf.py", "report_html.py", "csv.py", "json.py"} <= names


@pytest.mark.parametrize("module", render_modules(), ids=lambda path: str(path.relative_to(RENDER)))
def test_render_module_imports_no_models_database_or_session(module: Path) -> None:
    assert forbidden_in_render(module.read_text(encoding="utf-8")) == []
