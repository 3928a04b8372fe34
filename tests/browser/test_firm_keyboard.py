"""A firm admin invites a colleague, and the colleague joins, with the keyboard alone (Tab, typing, Enter)."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from roadmap.db import session
from roadmap.services import accounts
from tests.browser.test_keyboard import PASSWORD, focused, tab_to

pytestmark = pytest.mark.browser


def log_in(page: Page, live_server: str, email: str, password: str = PASSWORD) -> None:
    page.goto(live_server + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/portfolio$"))


def test_invite_and_join_with_the_keyboard_alone(page: Page, live_server: str, live_app: Flask) -> None:
    with live_app.app_context():
        accounts.create_user(session(), "boss@example.org", PASSWORD, "consultant", "Bea Boss", "Social Inc.")
    log_in(page, live_server, "boss@example.org")

    tab_to(page, 'header a[href="/firm/members"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server + "/firm/members")

    # The empty invitation: the error summary takes focus and leads to the field.
    tab_to(page, "form[action$='/invite'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    assert focused(page, ".error-summary")
    tab_to(page, '.error-summary a[href="#email"]')
    page.keyboard.press("Enter")
    assert focused(page, "#email")
    page.keyboard.type("nina@example.org")
    tab_to(page, "#name")
    page.keyboard.type("Nina")
    tab_to(page, "#role")
    page.keyboard.press("ArrowUp")  # consultant -> partner
    tab_to(page, "form[action$='/invite'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_contain_text("nina@example.org")
    expect(page.locator("main table.invitations")).to_contain_text("partner")

    [eml] = (Path(live_app.instance_path) / "mail").glob("*.eml")
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    link = re.search(r"http://\S+/join/[A-Za-z0-9_-]+", str(message.get_body(("plain",)).get_content()))  # type: ignore[union-attr]
    assert link
    page.context.clear_cookies()
    page.goto(live_server + re.sub(r"^http://[^/]+", "", link.group(0)))
    tab_to(page, "#password")
    page.keyboard.type("a long new password")
    tab_to(page, "#repeated")
    page.keyboard.type("a long new password")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/portfolio$"))
    expect(page.locator(".notice")).to_contain_text("Social Inc.")
