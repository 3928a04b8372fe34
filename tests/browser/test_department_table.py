"""The round result's department table at 1,280 px and 400 px, and the round page's Close button clear of the
footer (usability review, items 10 and 20). With ROADMAP_SCREENSHOTS=1 the pages are saved in docs/screenshots."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page

from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from tests.browser.test_round_screens import logged_in_page, shoot
from tests.conftest import all_answers
from tests.workspace.conftest import (  # noqa: F401  (fixtures used here, on the live app)
    consultant,
    invite,
    make_client,
    make_round,
    make_user,
    respond,
)

pytestmark = pytest.mark.browser

DEPARTMENTS = ("board", "marketing", "service", "press", "hr", "legal")


@pytest.fixture
def app(live_app: Flask) -> Flask:
    return live_app


def overflow(page: Page, selector: str) -> dict[str, float]:
    """How far the element's content reaches beyond its box, and the smallest font of its header cells."""
    result: dict[str, float] = page.locator(selector).evaluate(
        """(region) => ({
            beyond: region.scrollWidth - region.clientWidth,
            cut: [...region.querySelectorAll('thead th')].filter(th => th.scrollWidth > th.clientWidth + 1).length,
            font: Math.min(...[...region.querySelectorAll('th, td')].map(
                cell => parseFloat(getComputedStyle(cell).fontSize))),
        })"""
    )
    return result


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_department_table_fits_at_1280_and_reads_at_400(
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
    round_id = make_round(make_client(consultant, "Gemeente Voorbeeldstad"), "Nulmeting", minimum_group=3)
    phases = ("presence", "dialogue", "engagement")
    for number, department in enumerate(DEPARTMENTS):
        for respondent in range(3):
            token = invite(round_id, department, f"{department} {respondent}")[1]
            respond(token, all_answers(questionnaire, phases[(number + respondent) % 3]))
    page = logged_in_page(browser, live_server, language)
    page.goto(f"{live_server}/rounds/{round_id}/result")
    table = ".table-scroll:has(table.departments)"
    wide = overflow(page, table)
    assert wide["beyond"] <= 0 and wide["cut"] == 0, wide  # every column and header in view, nothing cut
    page.locator(table).scroll_into_view_if_needed()
    shoot(page, f"department-table-{language}-1280")

    page.set_viewport_size({"width": 400, "height": 900})
    narrow = overflow(page, table)
    assert narrow["cut"] == 0 and narrow["font"] >= 12, narrow  # scrolls sideways, headers whole, text readable
    assert page.locator(table).get_attribute("tabindex") == "0"  # the keyboard scrolls it too
    row_header = page.locator("table.departments tbody th").first
    first_cell = page.locator("table.departments tbody td").first
    before = row_header.bounding_box(), first_cell.bounding_box()
    page.locator(table).evaluate("(region) => region.scrollBy(300, 0)")
    after = row_header.bounding_box(), first_cell.bounding_box()
    assert before[0] and before[1] and after[0] and after[1]
    # The department names stay in view while the figures scroll under them.
    assert after[0]["x"] == before[0]["x"] and after[1]["x"] < before[1]["x"] - 100, (before, after)
    shoot(page, f"department-table-{language}-400")


@pytest.mark.parametrize("width", [1280, 400])
def test_the_close_button_is_clear_of_the_footer(
    browser: Browser,
    live_server: str,
    consultant: User,  # noqa: F811
    make_client: Callable[..., int],  # noqa: F811
    make_round: Callable[..., int],  # noqa: F811
    width: int,
) -> None:
    round_id = make_round(make_client(consultant, "Acme"), "Baseline")
    page = logged_in_page(browser, live_server, "en")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/rounds/{round_id}")
    button = page.get_by_role("link", name="Close the round").bounding_box()
    footer = page.locator(".site-footer").bounding_box()
    assert button is not None and footer is not None
    assert footer["y"] - (button["y"] + button["height"]) >= 24, (button, footer)
