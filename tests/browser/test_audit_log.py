"""A firm admin signs in (after a failed try), creates a client and a round, invites a respondent, revokes and
re-issues the link, closes and reopens the round, downloads an export, and the firm's log shows each of these
(axe on the log)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Locator, Page, expect

from roadmap.db import session
from roadmap.models import User
from roadmap.services import accounts, api_tokens

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "boss@example.org", "correct horse battery"
SCREENSHOTS = os.environ.get("ROADMAP_SCREENSHOTS_DIR")  # set to a folder to look at the log
KINDS = {
    "sign_in_failed": "Sign-in failed",
    "sign_in": "Signed in",
    "client_created": "Client created",
    "round_created": "Round created",
    "invitation_created": "Respondent invited",
    "invitation_revoked": "Invitation revoked",
    "invitation_reissued": "Invitation re-issued",
    "round_closed": "Round closed",
    "round_reopened": "Round reopened",
    "export": "Data exported",
    "invitation_sent": "Invitation e-mail sent",
    "member_invited": "Member invited",
    "role_changed": "Role changed",
    "brand_changed": "Brand changed",
    "token_used": "API token used",
    "client_deleted": "Client deleted",
}


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1200, "height": 900}}


def log_in(page: Page, password: str) -> None:
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def confirm(page: Page, link: str, button: str) -> None:
    page.get_by_role("link", name=link).first.click()
    page.locator("main form").get_by_role("button", name=button).click()


def firm_changes(page: Page, live_app: Flask, live_server: str) -> None:
    """A colleague invited and another's role changed, the brand saved, a token used, a client added and deleted.
    (A report's download is recorded as an export's is: tests/audit/test_events.py.)"""
    page.get_by_role("link", name="Members", exact=True).click()
    page.get_by_label("E-mail address").fill("nina@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("nina@example.org")
    page.get_by_label("Role of Piet").select_option(label="viewer")
    page.get_by_role("button", name="Change role of Piet").click()
    page.get_by_role("link", name="Brand", exact=True).click()
    page.get_by_label("Firm name").fill("Noord Advies")
    page.get_by_role("button", name="Save the brand").click()
    with live_app.app_context():
        boss = session().scalars(sa.select(User).filter_by(email=EMAIL)).one()
        secret, _token = api_tokens.create(session(), boss, "CRM")
    used = page.request.get(live_server + "/api/v1/workspace/clients", headers={"Authorization": f"Bearer {secret}"})
    assert used.status == 200
    page.goto(live_server + "/portfolio")
    page.get_by_role("link", name="Add a client").click()
    page.get_by_label("Name of the organisation").fill("Short-lived Ltd")
    page.get_by_role("button", name="Save client").click()
    confirm(page, "Delete this client", "Delete for good")


def each_kind_is_shown(page: Page, table: Locator) -> None:
    """Every kind of event done, with who, what and from which address."""
    for key, label in KINDS.items():
        expect(table.locator(f"td[data-action={key}]").first).to_contain_text(label)
    row = table.locator("tr", has=page.locator("td[data-action=round_closed]"))
    expect(row).to_contain_text("Bea Boss")
    expect(row).to_contain_text("Baseline 2026")
    expect(row).to_contain_text("127.0.0.1")
    failed = table.locator("tr", has=page.locator("td[data-action=sign_in_failed]"))
    expect(failed).to_contain_text(EMAIL)


def test_the_log_shows_every_kind_of_event_done_in_the_browser(page: Page, live_app: Flask, live_server: str) -> None:
    with live_app.app_context():
        boss = accounts.create_user(session(), EMAIL, PASSWORD, "consultant", name="Bea Boss")
        accounts.create_user(session(), "piet@example.org", PASSWORD, "consultant", name="Piet", join=boss.firm,
                             firm_role="partner")  # fmt: skip

    page.goto(live_server + "/login")
    log_in(page, "not the password")
    expect(page.get_by_role("alert")).to_be_visible()
    log_in(page, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Portfolio")

    page.get_by_role("link", name="Add a client").click()
    page.get_by_label("Name of the organisation").fill("Gemeente Voorbeeldstad")
    page.get_by_role("button", name="Save client").click()
    page.get_by_role("link", name="New round").click()
    page.get_by_label("Name of the round").fill("Baseline 2026")
    page.get_by_label("Date").fill("2026-03-01")
    page.get_by_role("button", name="Create round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Baseline 2026")

    page.get_by_label("Department").select_option(label="IT")
    page.get_by_label("Name of the respondent").fill("Ivo")
    page.get_by_role("button", name="Add invitation").click()
    confirm(page, "Revoke", "Revoke the link")
    expect(page.locator("main")).to_contain_text("Link revoked")
    page.get_by_role("button", name="Re-issue link").click()
    expect(page.locator("main")).to_contain_text("A new link has been made")

    page.locator("textarea[name=respondents]").fill("Mila Jansen, mila@example.org, marketing")
    page.locator("button[value=preview]").click()
    page.locator("button[value=confirm]").click()  # sent by e-mail at once (the box is ticked)
    expect(page.get_by_role("status")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Answers of every respondent (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    confirm(page, "Close the round", "Close the round")
    confirm(page, "Reopen the round", "Reopen the round")
    expect(page.locator("main")).to_contain_text("Reopened on")
    firm_changes(page, live_app, live_server)

    page.get_by_role("link", name="Log", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    table = page.locator("table.audit-log tbody")
    each_kind_is_shown(page, table)

    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / "audit-log.png"), full_page=True)
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, violations

    # Filtered to one kind, and with the keyboard: the filter's button is reached with Tab and pressed with Enter.
    page.get_by_label("Kind").select_option(label="Round closed")
    page.get_by_label("Text in what").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(table.locator("tr")).to_have_count(1)
    expect(table.locator("td[data-action=round_closed]")).to_have_count(1)
