"""A Dutch manager makes an action plan from the result, changes a status with the keyboard only, and finds the plan
in the PDF report, in a real browser."""

from __future__ import annotations

import subprocess

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.conftest import all_answers

pytestmark = pytest.mark.browser


def dutch_assessment(page: Page, live_server: str, live_app: Flask) -> str:
    """A complete assessment in Dutch, made through the API; its private token."""
    questionnaire = live_app.extensions["questionnaires"].default
    created = page.request.post(
        live_server + "/api/v1/assessments",
        data={
            "questionnaire": questionnaire.id,
            "organisation": {"name": "Gemeente Voorbeeldstad"},
            "answers": all_answers(questionnaire, "presence"),
            "language": "nl",
        },
    )
    assert created.status == 201, created.text()
    token: str = created.json()["token"]
    return token


def test_a_plan_from_a_dutch_result_with_the_keyboard(browser: Browser, live_server: str, live_app: Flask) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    token = dutch_assessment(page, live_server, live_app)
    page.goto(f"{live_server}/a/{token}/result")
    page.get_by_role("link", name="Actieplan maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actieplan voor Gemeente Voorbeeldstad")

    # A ready-made action, then one of their own, by keyboard.
    ready = page.get_by_role("region", name="Kant-en-klare acties uit de uitslag")
    first_suggestion = ready.locator(".suggestion-title").first.inner_text()
    ready.get_by_role("button", name="Aan het plan toevoegen").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("De actie is aan het plan toegevoegd.")
    page.get_by_label("Actie", exact=True).focus()
    page.keyboard.type("Webcarebeleid schrijven")
    page.keyboard.press("Tab")  # the topic
    page.keyboard.press("Tab")  # who does it
    page.keyboard.type("Zoë de Vries")
    page.get_by_role("button", name="Actie toevoegen").focus()
    page.keyboard.press("Enter")
    plan = page.locator("ol.action-plan > li")
    expect(plan).to_have_count(2)
    expect(plan.nth(1)).to_contain_text("Zoë de Vries")

    # The status of the second action: Tab to its list, arrow down to "Bezig", Tab to its button, Enter.
    status = page.get_by_label("Status Webcarebeleid schrijven")
    status.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Status opslaan Webcarebeleid schrijven")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("De status van “Webcarebeleid schrijven” is opgeslagen.")
    expect(page.get_by_label("Status Webcarebeleid schrijven")).to_have_value("in_progress")

    # Move it up, by keyboard.
    page.get_by_role("button", name="Omhoog Webcarebeleid schrijven").focus()
    page.keyboard.press("Enter")
    expect(plan.first).to_contain_text("Webcarebeleid schrijven")

    # The PDF report in Dutch has the plan.
    report = page.request.get(f"{live_server}/a/{token}/report.pdf?lang=nl")
    assert report.status == 200
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=report.body(), capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "Actieplan" in text and "Webcarebeleid schrijven" in text and "Zoë de Vries" in text and "Bezig" in text
    assert first_suggestion.split()[0] in text
    context.close()
