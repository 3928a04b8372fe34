"""A consultant sets up a client and a round, two respondents answer through their links (one in Dutch, each in
their own browser), and the round result shows both."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from roadmap.db import session
from roadmap.services import accounts
from tests.conftest import PHASE_KEYS

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "consultant@example.org", "correct horse battery"
SCREENSHOTS = os.environ.get("ROADMAP_SCREENSHOTS_DIR")  # set to a folder to look at the pages


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1200, "height": 900}}


def shoot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def answer_everything(browser: Browser, link: str, locale: str, option: int, submit: str) -> None:
    """Open the invitation link in a fresh browser context, answer every page with one option, and submit."""
    context = browser.new_context(locale=locale, viewport={"width": 400, "height": 850})
    page = context.new_page()
    page.goto(link)
    assert page.url.endswith("/welcome"), "an invited respondent is welcomed first"
    # The invitation's language (the client's: English) until the respondent chooses their own with the switch.
    page.locator(f".language-switch button[value={locale[:2]}]").click()
    expect(page.locator("html")).to_have_attribute("lang", locale[:2])
    shoot(page, f"welcome-{locale}")
    page.locator("a.button-primary[href$='/page/1']").click()
    while "/page/" in page.url:
        for fieldset in page.locator("fieldset.question").all():
            # The option of level option + 1, wherever the display order puts it.
            fieldset.locator(f"input[type=radio][value={PHASE_KEYS[option]}]").check()
        page.locator("button[value=next]").click()
    page.get_by_role("button", name=submit).click()
    expect(page.locator(".chart-area, [aria-current=step]").first).to_be_visible()
    shoot(page, f"respondent-{locale}")
    context.close()


def test_consultant_invites_two_respondents_and_sees_both_in_the_result(
    page: Page, browser: Browser, live_app: Flask, live_server: str
) -> None:
    with live_app.app_context():
        accounts.create_user(session(), EMAIL, PASSWORD, "consultant", name="Carla Consultant")

    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")

    page.get_by_role("link", name="Add a client").click()
    page.get_by_label("Name of the organisation").fill("Gemeente Voorbeeldstad")
    page.get_by_role("button", name="Save client").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Voorbeeldstad")

    page.get_by_role("link", name="New round").click()
    page.get_by_label("Name of the round").fill("Baseline 2026")
    page.get_by_label("Date").fill("2026-03-01")
    page.get_by_label("Named", exact=False).check()  # two respondents: a confidential round would show no scores
    page.get_by_role("button", name="Create round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Baseline 2026")

    for department, name in [("Marketing and communications", "Mila"), ("IT", "Ivo")]:
        page.get_by_label("Department").select_option(label=department)
        page.get_by_label("Name of the respondent").fill(name)
        page.get_by_role("button", name="Add invitation").click()
    links = [field.input_value() for field in page.locator("input.copy-link").all()]
    assert len(links) == 2 and all("/a/" in link for link in links)
    shoot(page, "round")

    # The copied links point at this server; the respondents open them in browsers of their own.
    answer_everything(browser, links[0], "en-GB", option=2, submit="Submit and see the result")
    answer_everything(browser, links[1], "nl-NL", option=1, submit="Insturen en resultaat bekijken")

    page.reload()
    expect(page.locator("main")).to_contain_text("2 of 2 respondents have submitted")
    page.get_by_role("link", name="See the round result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Result of Baseline 2026")
    expect(page.locator("main")).to_contain_text("2 respondents")
    departments = page.locator("table.departments tbody tr")
    expect(departments).to_have_count(2)
    expect(departments.locator("th")).to_have_text(["IT", "Marketing and communications"])
    expect(departments.locator("td:nth-child(2)")).to_have_text(["1", "1"])
    shoot(page, "round-result")
