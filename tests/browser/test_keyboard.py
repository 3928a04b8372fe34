"""The questionnaire and the consultant's invitation, with the keyboard alone: Tab, Shift+Tab, arrows, typing, Enter.

Nothing is clicked or filled: every field is reached by Tab, and every step checks that focus is visible.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from roadmap.db import session
from roadmap.models import Client
from roadmap.services import accounts, clients, rounds

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"

# The focused element shows a focus style: an outline or a box shadow, and it matches :focus-visible.
FOCUS_STYLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "nothing has focus";
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow !== "none";
  if (!element.matches(":focus-visible")) return element.outerHTML.slice(0, 120) + " is not :focus-visible";
  return outline || shadow ? "" : element.outerHTML.slice(0, 120) + " has no visible focus style";
}"""


def tab_to(page: Page, selector: str, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus; its focus must be visible."""
    key = "Shift+Tab" if backwards else "Tab"
    for _press in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement !== null && document.activeElement.matches(s)", selector):
            problem = page.evaluate(FOCUS_STYLE)
            assert not problem, problem
            return
    raise AssertionError(f"{key} pressed {limit} times on {page.url} without reaching {selector}")


def focused(page: Page, selector: str) -> bool:
    return bool(page.evaluate("s => document.activeElement.matches(s)", selector))


def choose_engagement(page: Page, name: str) -> None:
    """Tab enters the group on its first option; arrow presses move to (and choose) the Engagement option, wherever
    the display order puts it; on the first option itself, Space chooses it."""
    radios = page.locator(f'input[name="{name}"]')
    index = radios.evaluate_all("inputs => inputs.findIndex(input => input.value === 'engagement')")
    tab_to(page, f'input[type=radio][name="{name}"]')
    for _press in range(index):
        page.keyboard.press("ArrowDown")
    if index == 0:
        page.keyboard.press("Space")
    expect(radios.nth(index)).to_be_checked()


def test_questionnaire_with_the_keyboard_alone(page: Page, live_server: str, live_app: Flask) -> None:
    page.goto(live_server + "/")

    # The skip link comes first, shows itself and moves focus to the main content.
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link")
    expect(page.locator("a.skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert focused(page, "main")

    tab_to(page, 'main a[href$="/start"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/start")

    # Sending the empty form: the error summary takes focus and links to the field.
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    assert focused(page, ".error-summary")
    tab_to(page, '.error-summary a[href="#organisation_name"]')
    page.keyboard.press("Enter")
    assert focused(page, "#organisation_name")
    page.keyboard.type("Keyboard Ltd")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/link$"))
    tab_to(page, "main a.button-primary")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/page/1$"))

    pages = 0
    while "/page/" in page.url:
        pages += 1
        names = page.locator("fieldset.question input[type=radio]").evaluate_all(
            "inputs => [...new Set(inputs.map(input => input.name))]"
        )
        for name in names:
            choose_engagement(page, name)
        tab_to(page, "button[value=next]")
        if pages == 1:  # Shift+Tab goes back to the chosen answer of the last question, and Tab forward again
            tab_to(page, f'input[name="{names[-1]}"]:checked', backwards=True)
            tab_to(page, "button[value=next]")
        url = page.url
        page.keyboard.press("Enter")
        expect(page).not_to_have_url(url)
    assert pages == len(live_app.extensions["questionnaires"].default.dimensions)

    expect(page).to_have_url(re.compile(r"/review$"))
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Keyboard Ltd")
    # Every question was answered with its Engagement option.
    expect(page.locator("[aria-current=step]")).to_contain_text("Engagement")


def test_consultant_logs_in_and_invites_with_the_keyboard_alone(page: Page, live_server: str, live_app: Flask) -> None:
    with live_app.app_context():
        user = accounts.create_user(session(), "anna@example.org", PASSWORD, "consultant", name="Anna de Vries")
        keys = [d.key for d in live_app.extensions["questionnaires"].default.dimensions]
        client_id = clients.save_client(session(), user, "Acme Ltd", None, None, {}, keys).id
        client = session().get(Client, client_id)
        assert client is not None
        round_id = rounds.create_round(
            session(), live_app.extensions["questionnaires"], client, "Baseline", date.today()
        ).id

    page.goto(live_server + "/")
    tab_to(page, 'header a[href="/login"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/login")
    tab_to(page, "#email")
    page.keyboard.type("anna@example.org")
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/portfolio")
    expect(page.locator('header [aria-current="page"]')).to_have_attribute("href", "/portfolio")

    page.goto(f"{live_server}/rounds/{round_id}")
    tab_to(page, "#department")
    page.keyboard.press("ArrowDown")  # a closed select changes its choice with the arrow keys
    department = page.locator("#department").input_value()
    assert department
    tab_to(page, "#name")
    page.keyboard.type("Ben")
    tab_to(page, "main form button.button-primary")
    page.keyboard.press("Enter")

    row = page.locator("main tr", has_text="Ben")
    expect(row).to_have_count(1)
    expect(row.locator("input[readonly]")).to_have_value(re.compile(rf"^{live_server}/a/[A-Za-z0-9_-]{{40,}}$"))
