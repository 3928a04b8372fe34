"""The firm's brand as respondents and clients see it, in both languages: the welcome page, the invitation e-mail
and the cover and a later page of the round report. With ROADMAP_SCREENSHOTS=1 they are saved in
docs/screenshots as brand-*.png (the e-mail's HTML shown in the browser, its cid: logo given as a data: URI)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, expect

from roadmap.db import session
from roadmap.models import Client, Invitation, User
from roadmap.services import branding, mail
from tests.browser.test_round_screens import SCREENSHOTS, WORDS, logged_in_page, opened, shoot
from tests.workspace.conftest import (  # noqa: F401  (fixtures used here, on the live app)
    add_round,
    consultant,
    invite,
    keys,
    make_client,
    make_round,
    make_user,
    respond,
)
from tests.workspace.pages import every

pytestmark = pytest.mark.browser

LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">'
    b'<circle cx="40" cy="40" r="32" fill="#0b4f6c"/><path d="M24 52 L40 20 L56 52 Z" fill="#fff"/>'
    b'<text x="84" y="50" font-family="DejaVu Sans, sans-serif" font-size="26" font-weight="bold" '
    b'fill="#0b4f6c">NOORD</text></svg>'
)


@pytest.fixture
def app(live_app: Flask) -> Flask:
    return live_app


def brand(app: Flask, user: User, logo: bytes = LOGO) -> None:
    with app.app_context():
        found = session().get(User, user.id)
        assert found is not None and found.firm is not None
        branding.save_firm_brand(session(), found.firm, "Noord Advies", "#0b4f6c", logo)


def email_html(app: Flask, invitation_id: int) -> str:
    """The invitation's HTML as a mail program shows it: the cid: logo (none for an SVG) made a data: URI."""
    with app.app_context():
        invitation = session().get(Invitation, invitation_id)
        assert invitation is not None
        composed = mail.compose(invitation, "invitation", mail.Links("https://example.org/a/x", "https://x/s"), 40)
        html = str(composed.alternatives[0][0])
        logo = branding.firm_brand(invitation.round.client.firm)
        assert logo is not None
        return html.replace(f"cid:{mail.LOGO_CONTENT_ID}", logo.logo_uri or "")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_brand_on_the_welcome_page_the_email_and_the_report(
    app: Flask,
    browser: Browser,
    live_server: str,
    consultant: User,  # noqa: F811
    make_client: Callable[..., int],  # noqa: F811
    add_round: Callable[..., int],  # noqa: F811
    invite: Callable[..., tuple[int, str]],  # noqa: F811
    keys: list[str],  # noqa: F811
    language: str,
) -> None:
    brand(app, consultant)
    client_id = make_client(consultant, "Gemeente Voorbeeldstad")
    with app.app_context():
        found = session().get(Client, client_id)
        assert found is not None
        found.language = language
        session().commit()
    round_id = add_round(client_id, "Nulmeting 2026", date(2026, 3, 1), [("board", every(keys, 2.0))])
    invitation_id, token = invite(round_id, "marketing", "Mila Jansen")

    respondent = opened(browser, live_server, language, width=800)
    respondent.goto(f"{live_server}/a/{token}/welcome")
    expect(respondent.locator("h1")).to_have_text(WORDS[language]["welcome"])
    expect(respondent.locator(".firm-brand")).to_contain_text("Noord Advies")
    assert (respondent.locator(".firm-brand img").get_attribute("src") or "").startswith("data:image/svg+xml;base64,")
    shoot(respondent, f"brand-welcome-{language}")

    consultant_page = logged_in_page(browser, live_server, language)
    consultant_page.goto(f"{live_server}/firm/brand")
    expect(consultant_page.locator(".firm-brand")).to_contain_text("Noord Advies")
    shoot(consultant_page, f"brand-page-{language}")
    report = consultant_page.request.get(f"{live_server}/rounds/{round_id}/report.pdf?lang={language}")
    assert report.status == 200 and report.headers["content-type"] == "application/pdf"
    if os.environ.get("ROADMAP_SCREENSHOTS"):
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "round.pdf"
            pdf.write_bytes(report.body())
            for number, name in ((1, "cover"), (2, "page")):
                prefix = SCREENSHOTS / f"brand-report-{name}-{language}"
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "60", "-f", str(number), "-l", str(number), "-singlefile", pdf, prefix],
                    check=True,
                )

    # E-mails carry a PNG logo only: the same logo drawn by the browser, as a firm would upload it.
    email = opened(browser, live_server, language, width=800)
    email.set_content(f"<body style='margin:0'>{LOGO.decode()}</body>")
    brand(app, consultant, email.locator("svg").screenshot(omit_background=True))
    email.set_content(email_html(app, invitation_id))
    expect(email.locator("body")).to_contain_text("Noord Advies")
    assert (email.locator("img").get_attribute("src") or "").startswith("data:image/png;base64,")
    shoot(email, f"brand-email-{language}")
