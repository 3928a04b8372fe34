"""A Dutch manager completes the whole assessment in a real browser and sees the radar chart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "nl-NL", "viewport": {"width": 1200, "height": 900}}


def test_complete_assessment_in_dutch(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.get_by_role("link", name="De assessment starten").click()

    page.get_by_label("Naam van de organisatie").fill("Gemeente Voorbeeldstad")
    page.get_by_role("button", name="Mijn assessment aanmaken").click()
    link = page.get_by_label("Jouw persoonlijke link").input_value()
    assert "/a/" in link
    page.get_by_role("link", name="Naar de vragen gaan").click()

    # First page: try to continue without answering, and get the error summary.
    page.get_by_role("button", name="Opslaan en doorgaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Er is een probleem")

    pages = 0
    while "/page/" in page.url:
        pages += 1
        for fieldset in page.locator("fieldset.question").all():
            # The option that describes phase 3 (Engagement), wherever the display order puts it.
            fieldset.locator("input[type=radio][value=engagement]").check()
        page.locator("button[value=next]").click()
    assert pages >= 8

    expect(page.get_by_role("heading", level=1)).to_contain_text("Controleer je antwoorden")
    page.get_by_role("button", name="Insturen en resultaat bekijken").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Gemeente Voorbeeldstad")
    expect(page.locator("[aria-current=step]")).to_contain_text("Engagement")
    chart = page.locator(".chart-area")
    expect(chart).to_have_attribute("data-rendered", "true", timeout=15000)
    expect(chart.locator("svg.main-svg").first).to_be_visible()
    assert chart.locator(".scatterlayer path").count() > 0

    if os.environ.get("ROADMAP_SCREENSHOTS"):  # refresh docs/screenshots on request only
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "result-nl.png"), full_page=True)
