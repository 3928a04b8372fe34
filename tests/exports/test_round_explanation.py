"""A round's result explains itself: why this phase and the conditions for the next, on the page and in the PDF.

The export round (tests/exports/conftest.py): two respondents, overall 2.0 (Dialogue), nothing held back.
"""

from __future__ import annotations

import subprocess

import pytest
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from tests.exports.conftest import ExportRound
from tests.web.conftest import get_page

EXPECTED = {
    "en": (
        "A phase is reached at its whole number: Engagement starts at 3.0; the overall score is 2.0.",
        "To reach Engagement",
        "The overall score must reach 3.0; it is 2.0 now.",
    ),
    "nl": (
        "Een fase begint bij haar hele getal: Engagement begint bij 3,0; de totaalscore is 2,0.",
        "Naar Engagement",
        "De totaalscore moet 3,0 bereiken; nu is die 2,0.",
    ),
}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_round_result_page_says_why_and_the_conditions(
    logged_in: FlaskClient, export_round: ExportRound, questionnaire: Questionnaire
) -> None:
    page = get_page(logged_in, f"/rounds/{export_round.round_id}/result")
    why, title, overall = EXPECTED["en"]
    assert why in flat(page.by_id("why-phase").text)
    section = page.by_id("to-next-phase")
    assert flat(section.find("h2").text) == title
    assert overall in flat(section.text)
    assert not section.find_all("li", class_="plan-change")  # a group has conditions, no plan
    advice = page.by_id("topic-advice").find("ul", class_="topic-advice").find_all("li")
    assert len(advice) == len(questionnaire.dimensions)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_round_pdf_says_why_and_the_conditions(
    logged_in: FlaskClient, export_round: ExportRound, language: str
) -> None:
    response = logged_in.get(f"/rounds/{export_round.round_id}/report.pdf?lang={language}")
    assert response.status_code == 200
    text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True).stdout
    summary = flat(text.decode().split("\f")[1])
    for phrase in EXPECTED[language]:
        assert phrase in summary
