"""The PDF reports' "Action plan" section, read back with pdftotext in both languages; a change to the plan makes a
new report (the stored report is keyed by the plan too)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import date

import pytest
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from tests.conftest import all_answers
from tests.workspace.pages import every

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext missing: apt-get install poppler-utils"
)

EXPECTED = {
    "en": ("Action plan", "Who does it", "Due date", "In progress", "overdue", "Done", "31 Jan 2020"),
    "nl": ("Actieplan", "Wie doet het", "Uiterste datum", "Bezig", "te laat", "Klaar", "31 jan 2020"),
}


def pdf_text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf", response.data[:300]
    text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_assessment_report_has_the_action_plan(
    client: FlaskClient,
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    add_action: Callable[..., int],
    language: str,
) -> None:
    token = make_assessment("Acme", answers=all_answers(questionnaire))
    assert "Publish a policy" not in pdf_text(client, f"/a/{token}/report.pdf?lang={language}")
    add_action("Publish a policy", token=token, owner="Zoë Jansen", due_on=date(2020, 1, 31), status="in_progress")
    add_action("Train the team", token=token, status="done", due_on=date(2020, 1, 31))
    text = pdf_text(client, f"/a/{token}/report.pdf?lang={language}")  # a new report: the plan changed
    for phrase in EXPECTED[language]:
        assert phrase in text, phrase
    assert "Publish a policy" in text and "Zoë Jansen" in text
    assert text.count(EXPECTED[language][4]) == 1  # a done action is never overdue


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_round_report_has_the_clients_action_plan(
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    add_action: Callable[..., int],
    keys: list[str],
    language: str,
) -> None:
    client_id = make_client(consultant, "Acme")
    round_id = add_round(client_id, "Baseline", date(2026, 1, 10), [("board", every(keys, 2.0))])
    logged_in.get(f"/rounds/{round_id}/report.pdf?lang={language}")  # kept in the cache before the plan changes
    add_action(
        "Publish a policy", client_id=client_id, owner="Zoë Jansen", due_on=date(2020, 1, 31), status="in_progress"
    )
    add_action("Train the team", client_id=client_id, status="done", due_on=date(2020, 1, 31))
    text = pdf_text(logged_in, f"/rounds/{round_id}/report.pdf?lang={language}")
    for phrase in EXPECTED[language]:
        assert phrase in text, phrase
    assert "Publish a policy" in text and "Zoë Jansen" in text
