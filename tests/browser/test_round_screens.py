"""A confidential round as consultant and respondents see it, in both languages: the import preview naming each
bad line, the round page with progress, the welcome page, the round result with its small department combined,
and the round report's summary. With ROADMAP_SCREENSHOTS=1 the pages are also saved in docs/screenshots."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from tests.conftest import all_answers
from tests.workspace.conftest import (  # noqa: F401  (fixtures used here, on the live app)
    PASSWORD,
    consultant,
    invite,
    make_client,
    make_round,
    make_user,
    respond,
)

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WORDS = {
    "en": {
        "problems": "Line 3",
        "departments": "No figures per department",
        "welcome": "Welcome",
        "who": "never with your name",
        "summary": "Executive summary",
    },
    "nl": {
        "problems": "Regel 3",
        "departments": "Geen cijfers per afdeling",
        "welcome": "Welkom",
        "who": "nooit met je naam",
        "summary": "Samenvatting",
    },
}


@pytest.fixture
def app(live_app: Flask) -> Flask:
    return live_app


def shoot(page: Page, name: str) -> None:
    if os.environ.get("ROADMAP_SCREENSHOTS"):  # refresh docs/screenshots on request only
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def opened(browser: Browser, live_server: str, language: str, width: int = 1280) -> Page:
    context = browser.new_context(
        locale="nl-NL" if language == "nl" else "en-GB", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(live_server + "/")
    # The switch posts a form and comes back: wait for its answer and the page after it, so that a navigation right
    # after does not cancel it half-way (the language chosen then depends on which request came first).
    with page.expect_response(lambda response: response.request.method == "POST" and "/language" in response.url):
        page.locator(f".language-switch button[value={language}]").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page


def logged_in_page(browser: Browser, live_server: str, language: str) -> Page:
    page = opened(browser, live_server, language)
    page.goto(live_server + "/login")
    page.locator("input[name=email]").fill("anna@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("h1")).to_have_count(1)
    return page


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_confidential_round_from_import_to_report(
    browser: Browser,
    live_server: str,
    consultant: User,  # noqa: F811
    make_client: Callable[..., int],  # noqa: F811
    make_round: Callable[..., int],  # noqa: F811
    invite: Callable[..., tuple[int, str]],  # noqa: F811
    respond: Callable[..., None],  # noqa: F811
    questionnaire: Questionnaire,
    language: str,
) -> None:
    client_id = make_client(consultant, "Gemeente Voorbeeldstad")
    round_id = make_round(client_id, "Nulmeting 2026", confidential=True)
    page = logged_in_page(browser, live_server, language)
    page.goto(f"{live_server}/rounds/{round_id}")

    page.locator("textarea[name=respondents]").fill(
        "Mila Jansen, mila@example.org, marketing\nJoe de Vries, joe@example, finance\nIvo, ivo@example.org, it, nl"
    )
    page.locator("button[value=preview]").click()
    main = page.locator("main")
    expect(main).to_contain_text(WORDS[language]["problems"].replace("3", "2"))
    shoot(page, f"import-preview-{language}")

    # Five in marketing and one in IT submit: IT alone is too small, and marketing beside the total would give
    # IT away by subtraction, so no department has figures.
    tokens = [invite(round_id, "marketing", f"Respondent {n}")[1] for n in range(5)]
    it_token = invite(round_id, "it", "Ivo")[1]
    for number, token in enumerate(tokens):
        respond(token, all_answers(questionnaire, ("dialogue", "engagement")[number % 2]))
    respond(it_token, all_answers(questionnaire, "presence"))
    waiting = invite(round_id, "hr", "Hanna")[1]
    page.goto(f"{live_server}/rounds/{round_id}")
    expect(main).to_contain_text("6")
    shoot(page, f"round-progress-{language}")

    page.goto(f"{live_server}/rounds/{round_id}/result")
    expect(main).to_contain_text(WORDS[language]["departments"])
    assert "Ivo" not in main.inner_text()
    shoot(page, f"confidential-round-result-{language}")

    report = page.request.get(f"{live_server}/rounds/{round_id}/report.pdf?lang={language}")
    assert report.status == 200 and report.headers["content-type"] == "application/pdf"
    if os.environ.get("ROADMAP_SCREENSHOTS"):
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "round.pdf"
            pdf.write_bytes(report.body())
            prefix = SCREENSHOTS / f"round-report-summary-{language}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", "-singlefile", pdf, prefix], check=True
            )

    respondent = opened(browser, live_server, language, width=400)
    respondent.goto(f"{live_server}/a/{waiting}")
    expect(respondent.locator("h1")).to_have_text(WORDS[language]["welcome"])
    expect(respondent.locator("main")).to_contain_text(WORDS[language]["who"])
    expect(respondent.locator(".account-nav")).to_have_count(0)  # no consultants' login for respondents
    shoot(respondent, f"welcome-{language}-400")
