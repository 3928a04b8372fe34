"""The import rules of docs/architecture.md that matter, checked on the source (tests/domain/test_purity.py checks
that the domain imports no Flask, SQLAlchemy or Werkzeug).

- the domain imports nothing of the rest of roadmap: it is the core everything else builds on;
- services/ import nothing of web/: use cases do not know about requests, pages or blueprints;
- the workspace's blueprints do not import each other: what they share lives in `workspace.access` (who may see
  what) or beside them in a module without a blueprint (`workspace.portfolio_view`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import roadmap

ROADMAP = Path(roadmap.__file__).parent
WORKSPACE = ROADMAP / "web" / "workspace"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROADMAP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> list[str]:
    """Every roadmap module the file imports, `from a import b` counted as a.b too (b may be a module)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return [name for name in found if name == "roadmap" or name.startswith("roadmap.")]


def defines_blueprint(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "bp" for t in node.targets)
        for node in tree.body
    )


def modules_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize("path", modules_under(ROADMAP / "domain"), ids=lambda p: p.name)
def test_the_domain_imports_only_the_domain(path: Path) -> None:
    outside = [name for name in imported_modules(path) if not within(name, "roadmap.domain")]
    assert outside == []


@pytest.mark.parametrize("path", modules_under(ROADMAP / "services"), ids=lambda p: p.name)
def test_services_import_nothing_of_the_web(path: Path) -> None:
    assert [name for name in imported_modules(path) if within(name, "roadmap.web")] == []


WORKSPACE_BLUEPRINTS = [p for p in modules_under(WORKSPACE) if p.name != "__init__.py" and defines_blueprint(p)]


def test_the_workspace_has_its_blueprints() -> None:
    assert {p.stem for p in WORKSPACE_BLUEPRINTS} >= {"clients", "rounds", "exports"}


@pytest.mark.parametrize("path", WORKSPACE_BLUEPRINTS, ids=lambda p: p.name)
def test_workspace_blueprints_do_not_import_each_other(path: Path) -> None:
    others = {module_name(p) for p in WORKSPACE_BLUEPRINTS} - {module_name(path)}
    assert [name for name in imported_modules(path) if name in others] == []


def test_the_rule_sees_an_import_of_another_blueprint(tmp_path: Path) -> None:
    source = tmp_path / "example.py"
    source.write_text(
        "from roadmap.web.workspace.clients import own_client\nfrom roadmap.web.workspace import rounds\n"
    )
    assert imported_modules(source) == [
        "roadmap.web.workspace.clients",
        "roadmap.web.workspace.clients.own_client",
        "roadmap.web.workspace",
        "roadmap.web.workspace.rounds",
    ]
