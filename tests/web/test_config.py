"""Configuration from the environment: every variable of the README's table, and any ROADMAP_<NAME> over a default.

`test_every_documented_variable_has_a_case` reads the README's Configuration table, so a new row fails the suite
until it has its case in `CASES` here.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from roadmap import create_app
from roadmap.config import PROJECT_ROOT, Config, load_config

# Variable, value in the environment, the setting it must give.
CASES: dict[str, tuple[str, str, Any]] = {
    "DATABASE_URL": (
        "postgres://u:p@db.example/roadmap",
        "SQLALCHEMY_DATABASE_URI",
        "postgresql+psycopg://u:p@db.example/roadmap",
    ),
    "SECRET_KEY": ("from-secret-key", "SECRET_KEY", "from-secret-key"),
    "ROADMAP_QUESTIONNAIRE_FOLDER": ("{questionnaires}", "QUESTIONNAIRE_FOLDER", "{questionnaires}"),
    "ROADMAP_START_RATE_LIMIT": ("2 per minute", "START_RATE_LIMIT", "2 per minute"),
    "ROADMAP_LOGIN_RATE_LIMIT": ("3 per minute", "LOGIN_RATE_LIMIT", "3 per minute"),
    "ROADMAP_API_TOKEN_RATE_LIMIT": ("5 per minute", "API_TOKEN_RATE_LIMIT", "5 per minute"),
    "ROADMAP_PROXY_FIX": ("1", "PROXY_FIX", 1),
    "ROADMAP_SESSION_COOKIE_SECURE": ("true", "SESSION_COOKIE_SECURE", True),
    "ROADMAP_REPORT_CHARTS": ("false", "REPORT_CHARTS", False),
    "ROADMAP_PREPARE_REPORTS": ("false", "PREPARE_REPORTS", False),
    "ROADMAP_REPORT_BROWSER_PATH": ("/nonexistent/chromium", "REPORT_BROWSER_PATH", "/nonexistent/chromium"),
    "ROADMAP_LOGIN_IDLE_MINUTES": ("60", "LOGIN_IDLE_MINUTES", 60),
    "REDIS_URL": ("redis://127.0.0.1:6379/9", "REDIS_URL", "redis://127.0.0.1:6379/9"),
    "ROADMAP_SITE_URL": ("https://roadmap.example.org", "SITE_URL", "https://roadmap.example.org"),
    "ROADMAP_STATIC_BUILD_FOLDER": ("/tmp/roadmap-static", "STATIC_BUILD_FOLDER", "/tmp/roadmap-static"),
    "ROADMAP_AUDIT_RETENTION_DAYS": ("30", "AUDIT_RETENTION_DAYS", 30),
    "ROADMAP_WARM_PORTFOLIOS": ("false", "WARM_PORTFOLIOS", False),
}
ENVIRONMENT = ("DATABASE_URL", "SECRET_KEY", "REDIS_URL", *(name for name in CASES if name.startswith("ROADMAP_")))


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def questionnaires(tmp_path: Path) -> str:
    """A copy of the questionnaire folder, so the app's folder is told apart from the default."""
    folder = tmp_path / "questionnaires"
    shutil.copytree(PROJECT_ROOT / "questionnaires", folder)
    return str(folder)


def app_from_environment(tmp_path: Path, **config: Any) -> Flask:
    # An explicit secret key keeps the test from generating one in the project's instance folder.
    app = create_app({"TESTING": True, **config})
    app.instance_path = str(tmp_path / "instance")
    return app


def documented_variables() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([A-Z_]+)` \|", table, flags=re.MULTILINE)


def test_every_documented_variable_has_a_case() -> None:
    documented = documented_variables()
    assert "DATABASE_URL" in documented  # the table was found
    assert sorted(set(documented) - set(CASES)) == [], "documented variables without a case in CASES"


@pytest.mark.parametrize("variable", sorted(CASES))
def test_each_variable_reaches_the_app(
    variable: str, tmp_path: Path, questionnaires: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    value, setting, expected = CASES[variable]
    monkeypatch.setenv(variable, value.format(questionnaires=questionnaires))
    if variable != "SECRET_KEY":
        monkeypatch.setenv("SECRET_KEY", "x")
    app = app_from_environment(tmp_path)
    if isinstance(expected, str):
        expected = expected.format(questionnaires=questionnaires)
    assert app.config[setting] == expected
    assert app.config[setting] != getattr(Config, setting, None)


def test_the_questionnaire_folder_is_the_one_loaded(
    tmp_path: Path, questionnaires: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROADMAP_QUESTIONNAIRE_FOLDER", questionnaires)
    monkeypatch.setenv("SECRET_KEY", "x")
    assert app_from_environment(tmp_path).extensions["questionnaires"].folder == Path(questionnaires)


@pytest.mark.parametrize(
    ("variable", "value", "setting", "expected"),
    [
        # The bug this guards against: load_config used to put its own values over these.
        ("ROADMAP_SECRET_KEY", "from-roadmap-secret-key", "SECRET_KEY", "from-roadmap-secret-key"),
        (
            "ROADMAP_SQLALCHEMY_DATABASE_URI",
            "postgresql://u:p@other.example/roadmap",
            "SQLALCHEMY_DATABASE_URI",
            "postgresql+psycopg://u:p@other.example/roadmap",
        ),
    ],
)
def test_a_roadmap_variable_wins_over_the_general_one(
    variable: str, value: str, setting: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///general.sqlite")
    monkeypatch.setenv("SECRET_KEY", "general-secret")
    monkeypatch.setenv(variable, value)
    assert app_from_environment(tmp_path).config[setting] == expected


def test_any_flask_setting_can_be_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("ROADMAP_MAX_CONTENT_LENGTH", "2048")
    monkeypatch.setenv("ROADMAP_SQLALCHEMY_ENGINE_OPTIONS__pool_recycle", "300")
    config = app_from_environment(tmp_path).config
    assert config["MAX_CONTENT_LENGTH"] == 2048
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": True, "pool_recycle": 300}
    assert Config.SQLALCHEMY_ENGINE_OPTIONS == {"pool_pre_ping": True}, "the shared default was changed"


def test_explicit_settings_win_over_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_SECRET_KEY", "from-the-environment")
    assert app_from_environment(tmp_path, SECRET_KEY="explicit").config["SECRET_KEY"] == "explicit"


def test_without_any_the_instance_folder_gives_the_database_and_a_kept_key(tmp_path: Path) -> None:
    first = load_config({"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": None}, tmp_path, None)
    again = load_config({"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": None}, tmp_path, None)
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'roadmap.sqlite'}"
    assert len(first["SECRET_KEY"]) == 64 and first["SECRET_KEY"] == again["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
