"""Flask commands: `questionnaires check` and `questionnaires load`; an invalid file stops the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from roadmap.config import PROJECT_ROOT
from roadmap.domain.loader import QuestionnaireError
from tests.conftest import count_rows, make_app
from tests.web.conftest import QUESTIONNAIRE_FILE, edit_questionnaire


def without_level_4(content: dict[str, Any]) -> None:
    del content["dimensions"][3]["questions"][2]["options"][3]


def without_dutch_name(content: dict[str, Any]) -> None:
    del content["dimensions"][1]["name"]["nl"]


def with_unknown_field(content: dict[str, Any]) -> None:
    content["phases"][0]["colour"] = "blue"


BROKEN: list[tuple[Callable[[dict[str, Any]], None], str, str]] = [
    (without_level_4, "dimensions[3].questions[2].options", "no option for level 4 (social_business)"),
    (without_dutch_name, "dimensions[1].name.nl", "translation is missing"),
    (with_unknown_field, "phases[0].colour", "unknown field"),
]


def test_check_says_the_real_questionnaires_are_valid(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["questionnaires", "check", "--folder", str(PROJECT_ROOT / "questionnaires")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["social-business-roadmap 2026.2: valid (9 dimensions, 38 questions)"]


@pytest.mark.parametrize(("change", "path", "problem"), BROKEN, ids=[b[0].__name__ for b in BROKEN])
def test_check_names_file_path_and_problem_in_one_line(
    runner: FlaskCliRunner,
    questionnaire_folder: Path,
    change: Callable[[dict[str, Any]], None],
    path: str,
    problem: str,
) -> None:
    edit_questionnaire(questionnaire_folder, change)
    result = runner.invoke(args=["questionnaires", "check", "--folder", str(questionnaire_folder)])
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert line.startswith(f"{questionnaire_folder / QUESTIONNAIRE_FILE}: {path}: {problem}")
    assert "valid" not in result.stdout


def test_check_reports_every_problem(runner: FlaskCliRunner, questionnaire_folder: Path) -> None:
    edit_questionnaire(questionnaire_folder, lambda content: [change(content) for change, _, _ in BROKEN])
    result = runner.invoke(args=["questionnaires", "check", "--folder", str(questionnaire_folder)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == len(BROKEN)
    for _change, path, problem in BROKEN:
        expected = f"{questionnaire_folder / QUESTIONNAIRE_FILE}: {path}: {problem}"
        assert any(line.startswith(expected) for line in lines), expected


def test_check_reports_a_yaml_syntax_error_with_its_line(runner: FlaskCliRunner, questionnaire_folder: Path) -> None:
    path = questionnaire_folder / QUESTIONNAIRE_FILE
    path.write_text(path.read_text(encoding="utf-8") + "  broken: [\n", encoding="utf-8")
    result = runner.invoke(args=["questionnaires", "check", "--folder", str(questionnaire_folder)])
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert line.startswith(f"{path}: line ")
    assert "YAML syntax error" in line


def test_the_app_refuses_to_start_with_an_invalid_file(
    database_url: str, tmp_path: Path, questionnaire_folder: Path
) -> None:
    edit_questionnaire(questionnaire_folder, without_level_4)
    with pytest.raises(QuestionnaireError, match=r"dimensions\[3\]\.questions\[2\]\.options: no option for level 4"):
        make_app(database_url, tmp_path, QUESTIONNAIRE_FOLDER=str(questionnaire_folder))


def test_load_stores_the_current_version_once(app: Flask, runner: FlaskCliRunner) -> None:
    assert count_rows(app, "questionnaire_versions") == 0
    for _ in range(2):
        result = runner.invoke(args=["questionnaires", "load"])
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == ["social-business-roadmap 2026.2: stored"]
        assert count_rows(app, "questionnaire_versions") == 1
    data = app.test_client().get("/api/v1/questionnaires/social-business-roadmap").get_json()
    assert data["version"] == "2026.2"
