"""Questionnaire versions: old assessments keep rendering and scoring exactly as before when the file changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import count_rows
from tests.web.conftest import QUESTIONNAIRE_FILE, edit_questionnaire, parse_html

QUESTIONNAIRE_ID = "social-business-roadmap"
EN = {"Accept-Language": "en"}
NEW_QUESTION = "What does social media do for your goals?"
NEXT_VERSION = "2099.1"


def answers(client: FlaskClient, option: str, **per_dimension: str) -> dict[str, str]:
    questionnaire = client.get(f"/api/v1/questionnaires/{QUESTIONNAIRE_ID}").get_json()
    return {q["key"]: per_dimension.get(d["key"], option) for d in questionnaire["dimensions"] for q in d["questions"]}


def create(client: FlaskClient, answers: dict[str, str]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/assessments",
        json={"questionnaire": QUESTIONNAIRE_ID, "organisation": {"name": "Acme Ltd"}, "answers": answers},
    )
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def rendered(client: FlaskClient, url: str) -> str:
    """The visible text of a page's main part."""
    response = client.get(url, headers=EN)
    assert response.status_code == 200, url
    return parse_html(response).find("main").text


def radar(client: FlaskClient, token: str) -> str:
    return parse_html(client.get(f"/a/{token}/result", headers=EN)).by_id("radar-figure").raw_text


def everything_shown(client: FlaskClient, token: str) -> dict[str, Any]:
    """What the site shows of an assessment: API result, result page, chart data, review and a question page."""
    return {
        "api": client.get(f"/api/v1/assessments/{token}").get_json(),
        "result": rendered(client, f"/a/{token}/result"),
        "radar": radar(client, token),
        "review": rendered(client, f"/a/{token}/review"),
        "page": rendered(client, f"/a/{token}/page/1"),
    }


def new_version(content: dict[str, Any]) -> None:
    """A later version: another question text and option text, a heavier dimension, one dimension fewer."""
    content["version"] = NEXT_VERSION
    strategy = content["dimensions"][0]
    assert strategy["key"] == "strategy"
    strategy["weight"] = 3
    strategy["questions"][0]["text"]["en"] = NEW_QUESTION
    strategy["questions"][0]["options"][3]["text"]["en"] = "Changed option text."  # the answer given below
    assert content["dimensions"][-1]["key"] == "tools"
    del content["dimensions"][-1]


def same_version_other_text(content: dict[str, Any]) -> None:
    content["dimensions"][0]["questions"][0]["text"]["en"] = NEW_QUESTION


def file_version(folder: Path) -> str:
    """The version the questionnaire file has now."""
    return str(yaml.safe_load((folder / QUESTIONNAIRE_FILE).read_text(encoding="utf-8"))["version"])


def first_question(folder: Path) -> str:
    """The English text of the first question, as the file has it now."""
    content = yaml.safe_load((folder / QUESTIONNAIRE_FILE).read_text(encoding="utf-8"))
    return str(content["dimensions"][0]["questions"][0]["text"]["en"])


def test_an_old_assessment_renders_and_scores_exactly_as_before_after_the_file_changes(
    make_web_app: Callable[..., Flask], questionnaire_folder: Path
) -> None:
    old_question, old_version = first_question(questionnaire_folder), file_version(questionnaire_folder)
    before_app = make_web_app(QUESTIONNAIRE_FOLDER=str(questionnaire_folder))
    client = before_app.test_client()
    # Strategy ahead of the rest, so a heavier Strategy would change the overall score.
    token = create(client, answers(client, "dialogue", strategy="social_business", tools="presence"))["token"]
    before = everything_shown(client, token)
    assert before["api"]["questionnaire"] == {"id": QUESTIONNAIRE_ID, "version": old_version}

    edit_questionnaire(questionnaire_folder, new_version)
    after_app = make_web_app(QUESTIONNAIRE_FOLDER=str(questionnaire_folder))
    client = after_app.test_client()
    after = everything_shown(client, token)
    assert after == before
    assert old_question in after["review"]
    assert "Changed option text." not in after["review"]
    assert "Tools and integration" in after["result"]
    assert old_version in after["result"]

    # A new assessment uses the changed file.
    current = client.get(f"/api/v1/questionnaires/{QUESTIONNAIRE_ID}").get_json()
    assert current["version"] == NEXT_VERSION
    new = create(client, answers(client, "dialogue", strategy="social_business"))
    assert new["result"]["questionnaire"] == {"id": QUESTIONNAIRE_ID, "version": NEXT_VERSION}
    assert [d["key"] for d in new["result"]["dimensions"]] == [d["key"] for d in current["dimensions"]]
    assert new["result"]["overall_score"] == pytest.approx((4 * 3 + 2 * 7) / 10)
    assert before["api"]["overall_score"] == pytest.approx((4 + 2 * 7 + 1) / 9)
    assert NEW_QUESTION in rendered(client, f"/a/{new['token']}/review")
    assert count_rows(after_app, "questionnaire_versions") == 2


def test_a_new_web_assessment_uses_the_current_version(
    make_web_app: Callable[..., Flask], questionnaire_folder: Path
) -> None:
    edit_questionnaire(questionnaire_folder, new_version)
    client = make_web_app(QUESTIONNAIRE_FOLDER=str(questionnaire_folder)).test_client()
    response = client.post("/start", data={"organisation_name": "Acme Ltd"})
    token = response.location.split("/")[2]
    page = parse_html(client.get(f"/a/{token}/page/1", headers=EN))
    assert NEW_QUESTION in page.find("legend").text
    assert "Page 1 of 8" in page.find(class_="progress-text").text


def test_changed_content_under_a_version_in_use_is_refused(
    make_web_app: Callable[..., Flask], questionnaire_folder: Path
) -> None:
    old_question = first_question(questionnaire_folder)
    first = make_web_app(QUESTIONNAIRE_FOLDER=str(questionnaire_folder))
    token = create(first.test_client(), answers(first.test_client(), "dialogue"))["token"]
    edit_questionnaire(questionnaire_folder, same_version_other_text)
    changed = make_web_app(QUESTIONNAIRE_FOLDER=str(questionnaire_folder))
    result = changed.test_cli_runner().invoke(args=["questionnaires", "load"])
    assert result.exit_code != 0
    assert f"social-business-roadmap version {file_version(questionnaire_folder)} changed" in result.output
    assert "raise the version" in result.output
    # The stored content is untouched: the old assessment still shows the old text.
    assert old_question in rendered(changed.test_client(), f"/a/{token}/review")


def test_changed_content_under_an_unused_version_replaces_the_stored_content(
    make_web_app: Callable[..., Flask], questionnaire_folder: Path
) -> None:
    first = make_web_app(QUESTIONNAIRE_FOLDER=str(questionnaire_folder))
    assert first.test_cli_runner().invoke(args=["questionnaires", "load"]).exit_code == 0
    edit_questionnaire(questionnaire_folder, same_version_other_text)
    changed = make_web_app(QUESTIONNAIRE_FOLDER=str(questionnaire_folder))
    result = changed.test_cli_runner().invoke(args=["questionnaires", "load"])
    assert result.exit_code == 0, result.output
    client = changed.test_client()
    token = create(client, answers(client, "dialogue"))["token"]
    assert NEW_QUESTION in rendered(client, f"/a/{token}/review")
    assert count_rows(changed, "questionnaire_versions") == 1
