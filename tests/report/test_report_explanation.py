"""The PDF report explains its result: why this phase and the plan on the summary page, advice for every topic.

Read back with pdftotext (poppler-utils), in both languages; the round report's conditions are in
tests/exports/test_round_report.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from roadmap.domain.advice import topic_advice
from roadmap.domain.next_phase import plan_to_next_phase
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import assess
from tests.web.conftest import answers_with
from tests.web.test_explanation import almost_engagement

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext missing: apt-get install poppler-utils"
)

EXPECTED = {
    "en": {
        "why": "A phase is reached at its whole number: Engagement starts at 3.0; your score is 2.9.",
        "title": "To reach Engagement: 3 changes",
        "now": "Now (Engagement)",
        "aim": "Aim for (Social Business)",
        "advice": "Advice per topic",
        "weakest": "Your score of 3.7 would be Engagement, but Measurement and insights at 1.0 holds you back",
        "last": "there is no next phase to reach",
    },
    "nl": {
        "why": "Een fase begint bij haar hele getal: Engagement begint bij 3,0; jouw score is 2,9.",
        "title": "Naar Engagement: 3 wijzigingen",
        "now": "Nu (Engagement)",
        "aim": "Doel (Social Business)",
        "advice": "Advies per onderwerp",
        "weakest": "Jouw score van 3,7 zou Engagement zijn, maar Meten en inzichten met 1,0 houdt je tegen",
        "last": "er is geen volgende fase om te bereiken",
    },
}


def pdf_pages(client: FlaskClient, token: str, language: str) -> list[str]:
    """The report's pages as pdftotext reads them, white space squashed to single spaces."""
    response = client.get(f"/a/{token}/report.pdf?lang={language}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True).stdout
    return [" ".join(page.split()) for page in text.decode().split("\f")]


def flat(text: str) -> str:
    return " ".join(text.split())


def squash(text: str) -> str:
    """Without white space: a line broken after a hyphen ("year-" / "round") reads back as it was written."""
    return "".join(text.split())


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_summary_page_says_why_and_lists_the_plan(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, language: str
) -> None:
    answers = almost_engagement(questionnaire)
    pages = pdf_pages(client, make_assessment(answers=answers), language)
    summary, expected = pages[1], EXPECTED[language]
    assert expected["why"] in summary
    assert expected["title"] in summary
    plan = plan_to_next_phase(questionnaire, answers)
    assert plan is not None
    # The summary names the plan; the next page gives each question with its practice now and to aim for.
    details = squash(pages[2])
    assert squash(expected["title"]) in details
    for change in plan.changes:
        question = questionnaire.question(change.question)
        assert question is not None
        assert squash(question.text(language)) in details
        assert squash(question.option(change.from_option).text(language)) in details  # type: ignore[union-attr]
        assert squash(question.option(change.to_option).text(language)) in details  # type: ignore[union-attr]
    assert details.count(squash(expected["now"])) == details.count(squash(expected["aim"])) == len(plan.changes)

    # Every topic's advice, somewhere after the summary, in the order of topic_advice.
    rest = squash(" ".join(pages[2:]))
    assert expected["advice"] in rest
    positions = [
        rest.index(squash(advice.step.text(language)))
        for advice in topic_advice(questionnaire, assess(questionnaire, answers))
    ]
    assert len(positions) == len(questionnaire.dimensions) and positions == sorted(positions)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_weakest_link_and_phase_4_in_the_pdf(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, language: str
) -> None:
    held = make_assessment(answers=answers_with(questionnaire, "social_business", measurement="presence"))
    summary = pdf_pages(client, held, language)[1]
    assert EXPECTED[language]["weakest"] in summary
    last = make_assessment(answers=answers_with(questionnaire, "social_business"))
    summary = pdf_pages(client, last, language)[1]
    assert EXPECTED[language]["last"] in summary
    assert not re.search(r"To reach|Naar \w+:", summary)
