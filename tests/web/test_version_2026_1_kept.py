"""An assessment answered on version 2026.1 keeps rendering and scoring exactly as before now the file is 2026.2.

The 2026.1 file is kept as a fixture, exactly as it was released; the real folder holds the current version.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from roadmap.config import PROJECT_ROOT
from roadmap.domain.loader import load_file
from roadmap.domain.scoring import assess
from tests.conftest import count_rows
from tests.web.conftest import QUESTIONNAIRE_FILE
from tests.web.test_versioning import QUESTIONNAIRE_ID, create, everything_shown, rendered

VERSION_1 = PROJECT_ROOT / "tests" / "fixtures" / "questionnaires" / "social-business-roadmap-2026.1.yaml"
CURRENT = PROJECT_ROOT / "questionnaires" / QUESTIONNAIRE_FILE
# Questions of 2026.1 that 2026.2 replaced, and the text of one of them.
GONE = {"webcare_response_time", "webcare_listening", "strategy_budget", "tools_collaboration"}
OLD_QUESTION = "When and how quickly does your organisation respond to questions and complaints on social media?"
NEW_QUESTION = "When can customers reach your organisation on social media?"


def varied_answers() -> dict[str, str]:
    """Every 2026.1 question answered, with levels (and "don't know") varying from question to question."""
    version_1 = load_file(VERSION_1)[0]
    keys = ["social_business", "presence", "engagement", "dialogue", "dont_know", "engagement", "social_business"]
    return {question.key: keys[index % len(keys)] for index, question in enumerate(version_1.questions)}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A questionnaire folder that holds version 2026.1, as the site had it before version 2026.2."""
    path = tmp_path / "questionnaires"
    path.mkdir()
    shutil.copy(VERSION_1, path / QUESTIONNAIRE_FILE)
    return path


def test_the_fixture_is_version_2026_1_and_the_file_has_moved_on() -> None:
    version_1, current = load_file(VERSION_1)[0], load_file(CURRENT)[0]
    assert (version_1.version, len(version_1.questions)) == ("2026.1", 37)
    assert current.version != "2026.1"
    assert {q.key for q in version_1.questions} >= GONE
    assert not GONE & {q.key for q in current.questions}


def test_a_stored_2026_1_assessment_renders_and_scores_exactly_as_before(
    make_web_app: Callable[..., Flask], folder: Path
) -> None:
    answers = varied_answers()
    expected = assess(load_file(VERSION_1)[0], answers)
    before_app = make_web_app(QUESTIONNAIRE_FOLDER=str(folder))
    client = before_app.test_client()
    token = create(client, answers)["token"]
    before = everything_shown(client, token)
    assert before["api"]["questionnaire"] == {"id": QUESTIONNAIRE_ID, "version": "2026.1"}
    assert before["api"]["overall_score"] == pytest.approx(expected.overall_score)
    assert OLD_QUESTION in before["review"]

    shutil.copy(CURRENT, folder / QUESTIONNAIRE_FILE)  # the release of version 2026.2
    after_app = make_web_app(QUESTIONNAIRE_FOLDER=str(folder))
    client = after_app.test_client()
    after = everything_shown(client, token)
    assert after == before
    assert {d["key"]: d["score"] for d in after["api"]["dimensions"]} == pytest.approx(
        {d.key: d.score for d in expected.dimensions}
    )
    assert OLD_QUESTION in after["review"]
    assert NEW_QUESTION not in after["review"]

    # New assessments use 2026.2 beside it; both versions are stored.
    current = load_file(CURRENT)[0]
    new = create(client, {q.key: "dialogue" for q in current.questions})
    assert new["result"]["questionnaire"] == {"id": QUESTIONNAIRE_ID, "version": current.version}
    assert NEW_QUESTION in rendered(client, f"/a/{new['token']}/review")
    assert count_rows(after_app, "questionnaire_versions") == 2
    # The old assessment is still scored on its own version.
    assert client.get(f"/api/v1/assessments/{token}").get_json() == before["api"]
