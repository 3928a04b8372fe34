"""A Dutch manager reads why the organisation is in its phase and the plan to the next one, in a real browser.

With ROADMAP_SCREENSHOTS set, also refreshes docs/screenshots/result-explained-{en,nl}-{1280,400}.png.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from roadmap.domain.next_phase import plan_to_next_phase
from tests.web.test_explanation import almost_engagement

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def create(page: Page, live_server: str, live_app: Flask) -> tuple[str, dict[str, str]]:
    questionnaire = live_app.extensions["questionnaires"].default
    answers = almost_engagement(questionnaire)
    response = page.request.post(
        live_server + "/api/v1/assessments",
        data={
            "questionnaire": questionnaire.id,
            "organisation": {"name": "Gemeente Voorbeeldstad"},
            "language": "nl",  # its pages speak the language it was started in
            "answers": answers,
        },
    )
    assert response.status == 201, response.text()
    return str(response.json()["token"]), answers


def test_the_plan_on_a_dutch_result_page(browser: Browser, live_server: str, live_app: Flask) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    token, answers = create(page, live_server, live_app)
    page.goto(f"{live_server}/a/{token}/result")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    why = page.locator("#why-phase")
    expect(why.get_by_role("heading")).to_have_text("Waarom deze fase")
    expect(why).to_contain_text("Een fase begint bij haar hele getal: Engagement begint bij 3,0; jouw score is 2,9.")

    section = page.get_by_role("region", name="Naar Engagement: 3 wijzigingen")
    expect(section).to_be_visible()
    questionnaire = live_app.extensions["questionnaires"].default
    plan = plan_to_next_phase(questionnaire, answers)
    assert plan is not None
    items = section.locator("li.plan-change")
    expect(items).to_have_count(len(plan.changes))
    for number, change in enumerate(plan.changes):
        question = questionnaire.question(change.question)
        assert question is not None
        expect(items.nth(number)).to_contain_text(question.text("nl"))
        expect(items.nth(number)).to_contain_text("Nu (Engagement)")
        expect(items.nth(number)).to_contain_text("Doel (Social business)")
    # Advice for every topic, the lowest score (Tools, 2.25) first.
    advice = page.get_by_role("region", name="Advies per onderwerp").locator("li")
    expect(advice).to_have_count(len(questionnaire.dimensions))
    expect(advice.first).to_contain_text("Tools en integratie (score 2,2, Dialoog)")

    if os.environ.get("ROADMAP_SCREENSHOTS"):  # refresh docs/screenshots on request only
        for language, locale in (("nl", "nl-NL"), ("en", "en-GB")):
            for width in (1280, 400):
                shot = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
                view = shot.new_page()
                view.goto(f"{live_server}/a/{token}/result")
                view.locator(f".language-switch button[value={language}]").click()
                expect(view.locator(".chart-area")).to_have_attribute("data-rendered", "true", timeout=15000)
                box = view.locator("#to-next-phase").bounding_box()  # from the top to the end of the plan
                assert box is not None
                clip = {"x": 0, "y": 0, "width": width, "height": box["y"] + box["height"] + 16}
                path = SCREENSHOTS / f"result-explained-{language}-{width}.png"
                view.screenshot(path=str(path), full_page=True, clip=clip)  # type: ignore[arg-type]
                shot.close()
    context.close()
