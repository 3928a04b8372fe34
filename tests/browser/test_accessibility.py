"""Every page of the site passes axe-core (no serious or critical violation) in English and Dutch.

SCREENS is the one table of screens: a name, the endpoint it shows (None for an error page) and how to get there.
test_every_page_is_a_screen fails when a page is added to the app without a row here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Page, expect

from roadmap.db import session
from roadmap.domain.actions import draft
from roadmap.models import Client, Round
from roadmap.services import actions, delivery, rounds
from roadmap.services import assessments as assessment_service
from tests.browser import firm_screens
from tests.browser.site import Site

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}
AXE = Axe()


class Screen(NamedTuple):
    name: str
    endpoint: str | None  # the endpoint the screen shows; None for an error page or the answer to a POST
    reach: Callable[[Site], None]


def questionnaire_page(which: str) -> Callable[[Site], None]:
    def reach(site: Site) -> None:
        number = {"first": 1, "middle": (site.dimensions + 1) // 2, "last": site.dimensions}[which]
        site.go(f"/a/{site.assessment()}/page/{number}")

    return reach


def page_with_error(site: Site) -> None:
    site.go(f"/a/{site.assessment()}/page/1")
    site.page.locator("button[value=next]").click()
    expect(site.page.get_by_role("alert")).to_be_visible()


def start_with_errors(site: Site) -> None:
    site.go("/start")
    site.submit()
    expect(site.page.get_by_role("alert")).to_be_visible()


def too_many_assessments(site: Site) -> None:
    for _attempt in range(2):
        site.go("/start")
        site.page.locator("#organisation_name").fill("Acme Ltd")
        site.submit()
    expect(site.page).to_have_title(re.compile("429"))


def result(site: Site) -> None:
    site.go(f"/a/{site.assessment('engagement', submit=True)}/result")
    expect(site.page.locator(".chart-area")).to_have_attribute("data-rendered", "true", timeout=15000)


def share_page(with_link: bool) -> Callable[[Site], None]:
    """The owner's share page: before a link is made, or just after, with the new link and its Copy button."""

    def reach(site: Site) -> None:
        token = site.assessment("engagement", submit=True)
        site.go(f"/a/{token}/share")
        if with_link:
            site.submit()
            expect(site.page.locator("#share-link")).to_be_visible()

    return reach


def shared_result(site: Site) -> None:
    """The read-only result a share link opens."""
    site.go(f"/a/{site.assessment('engagement', submit=True)}/share")
    site.submit()
    site.go(urlsplit(site.page.locator("#share-link").input_value()).path)
    expect(site.page.locator(".chart-area")).to_have_attribute("data-rendered", "true", timeout=15000)


def login_with_error(site: Site) -> None:
    site.go("/login")
    site.page.locator("#email").fill("nobody@example.org")
    site.page.locator("#password").fill("wrong password")
    site.submit()
    expect(site.page.get_by_role("alert")).to_be_visible()


def logged_in(path: str, with_errors: bool = False) -> Callable[[Site], None]:
    def reach(site: Site) -> None:
        site.login()
        site.go(path)
        if with_errors:
            site.submit()
            expect(site.page.get_by_role("alert")).to_be_visible()

    return reach


def revoke_link(site: Site) -> None:
    _client, round_id = site.client_with_rounds()
    with site.app.app_context():
        round_ = session().get(Round, round_id)
        assert round_ is not None
        invitation_id = round_.invitations[0].id
    site.go(f"/invitations/{invitation_id}/revoke")


def reopen_round(site: Site) -> None:
    _client, round_id = site.client_with_rounds()
    with site.app.app_context():
        round_ = session().get(Round, round_id)
        assert round_ is not None
        rounds.close(session(), round_)
    site.go(f"/rounds/{round_id}/reopen")


def of_client(path: str, with_errors: bool = False) -> Callable[[Site], None]:
    """A page of a client with rounds: path has {client} and {round}."""

    def reach(site: Site) -> None:
        client_id, round_id = site.client_with_rounds()
        site.go(path.format(client=client_id, round=round_id))
        if with_errors:
            site.page.locator("main form input[type=text]").first.fill("")
            site.submit()
            expect(site.page.get_by_role("alert")).to_be_visible()

    return reach


def with_plan(site: Site, client_id: int | None = None, token: str | None = None) -> int:
    """Two actions, one overdue, in a client's or an assessment's plan; returns the first one's id."""
    with site.app.app_context():
        owner = session().get(Client, client_id) if client_id else assessment_service.find(session(), token or "")
        assert owner is not None
        topics = [d.key for d in site.app.extensions["questionnaires"].default.dimensions]
        first = actions.add(session(), owner, draft("Webcare rota", "webcare", "Zoë", date(2020, 1, 31)), topics)
        actions.add(session(), owner, draft("Publish a policy", status="done", note="Line 1\nLine 2"), topics)
        return first.id


def assessment_plan(path: str) -> Callable[[Site], None]:
    """A page of a submitted assessment's plan: path has {token} and {action}."""

    def reach(site: Site) -> None:
        token = site.assessment("dialogue", submit=True)
        site.go(path.format(token=token, action=with_plan(site, token=token)))

    return reach


def client_plan(path: str) -> Callable[[Site], None]:
    """A page of a client's plan: path has {client} and {action}."""

    def reach(site: Site) -> None:
        client_id, _round = site.client_with_rounds()
        site.go(path.format(client=client_id, action=with_plan(site, client_id=client_id)))

    return reach


def confidential_round(path: str) -> Callable[[Site], None]:
    """A page of a confidential round below its minimum (two of five respondents): path has {round}."""

    def reach(site: Site) -> None:
        round_id = site.round(site.client(), "Baseline", ("dialogue", "engagement"), confidential=True)
        site.go(path.format(round=round_id))

    return reach


def portfolio(site: Site) -> None:
    site.client_with_rounds()
    other = site.client("Gemeente Voorbeeldstad", sector=None)
    site.round(other, "Kick-off", ("presence", "social_business"))
    site.go("/portfolio")


def import_preview(lines: str) -> Callable[[Site], None]:
    """The list of respondents checked: with problems, or ready to confirm."""

    def reach(site: Site) -> None:
        _client_id, round_id = site.client_with_rounds()
        site.go(f"/rounds/{round_id}")
        site.page.locator("#respondents").fill(lines)
        site.page.locator("button[value=preview]").click()
        expect(site.page.locator("h1")).to_be_visible()

    return reach


def stop_reminders(site: Site) -> None:
    _client_id, round_id = site.client_with_rounds()
    with site.app.app_context():
        found = session().get(Round, round_id)
        assert found is not None
        token = delivery.stop_token(site.app.config["SECRET_KEY"], found.invitations[0].id)
    site.go(f"/stop-reminders/{token}")


def new_token(site: Site) -> None:
    """The token page with a new token shown once, and one in the list."""
    site.login()
    site.go("/account/tokens")
    site.page.locator("#name").fill("CRM link")
    site.submit()
    expect(site.page.locator("#token-secret")).to_be_visible()


def revoke_token(site: Site) -> None:
    new_token(site)
    site.page.locator("main table a").first.click()
    expect(site.page.locator("main")).to_be_visible()


SCREENS = [
    Screen("home", "main.home", lambda site: site.go("/")),
    Screen("start", "assessment.start", lambda site: site.go("/start")),
    Screen("start with errors", "assessment.start", start_with_errors),
    Screen("link", "assessment.link", lambda site: site.go(f"/a/{site.assessment()}/link")),
    Screen("first page", "assessment.page", questionnaire_page("first")),
    Screen("middle page", "assessment.page", questionnaire_page("middle")),
    Screen("last page", "assessment.page", questionnaire_page("last")),
    Screen("page with an error", "assessment.page", page_with_error),
    Screen("review", "assessment.review", lambda site: site.go(f"/a/{site.assessment('dialogue')}/review")),
    Screen("result", "assessment.result", result),
    Screen(
        "result with too little data",
        "assessment.result",
        lambda site: site.go(f"/a/{site.assessment('dont_know', submit=True)}/result"),
    ),
    Screen("delete assessment", "assessment.delete", lambda site: site.go(f"/a/{site.assessment()}/delete")),
    Screen("share page", "share.manage", share_page(with_link=False)),
    Screen("share page with a new link", "share.manage", share_page(with_link=True)),
    Screen("shared result", "share.shared", shared_result),
    Screen("revoked share link", None, lambda site: site.go("/s/no-such-share-link")),
    Screen("not found", None, lambda site: site.go("/no-such-page")),
    Screen("too many requests", None, too_many_assessments),
    Screen("login", "accounts.login", lambda site: site.go("/login")),
    Screen("login with error", "accounts.login", login_with_error),
    Screen("change password", "accounts.change_password", logged_in("/account/password")),
    Screen("change password with errors", "accounts.change_password", logged_in("/account/password", True)),
    Screen("empty portfolio", "workspace.clients.portfolio", logged_in("/portfolio")),
    Screen("portfolio", "workspace.clients.portfolio", portfolio),
    Screen("new client", "workspace.clients.new_client", logged_in("/clients/new")),
    Screen("new client with errors", "workspace.clients.new_client", logged_in("/clients/new", True)),
    Screen("edit client", "workspace.clients.edit_client", of_client("/clients/{client}/edit")),
    Screen("client", "workspace.clients.client", of_client("/clients/{client}")),
    Screen("delete client", "workspace.clients.delete_client", of_client("/clients/{client}/delete")),
    Screen("new round", "workspace.rounds.new_round", of_client("/clients/{client}/rounds/new")),
    Screen("new round with errors", "workspace.rounds.new_round", of_client("/clients/{client}/rounds/new", True)),
    Screen("round", "workspace.rounds.round_page", of_client("/rounds/{round}")),
    Screen("round result", "workspace.rounds.result", of_client("/rounds/{round}/result")),
    Screen("edit round", "workspace.rounds.edit_round", of_client("/rounds/{round}/edit")),
    Screen("confidential round", "workspace.rounds.round_page", confidential_round("/rounds/{round}")),
    Screen("confidential round result", "workspace.rounds.result", confidential_round("/rounds/{round}/result")),
    Screen("import preview", None, import_preview("Mila, mila@example.org, it\nJoe, joe@example.org, hr, nl")),
    Screen("import preview with problems", None, import_preview("Mila, mila@, it\nJoe, joe@example.org, finance")),
    Screen("stop reminders", "reminders.stop", stop_reminders),
    Screen("close round", "workspace.rounds.close", of_client("/rounds/{round}/close")),
    Screen("reopen round", "workspace.rounds.reopen", reopen_round),
    Screen("revoke link", "workspace.rounds.revoke", revoke_link),
    Screen("welcome", "assessment.welcome", lambda site: site.go(f"/a/{site.invited()}/welcome")),
    Screen("thank you", "assessment.result", lambda site: site.go(f"/a/{site.invited(submit=True)}/result")),
    Screen("API tokens", "tokens.tokens", logged_in("/account/tokens")),
    Screen("API tokens with errors", "tokens.tokens", logged_in("/account/tokens", True)),
    Screen("new API token", "tokens.tokens", new_token),
    Screen("revoke API token", "tokens.revoke", revoke_token),
    Screen("action plan", "plan.show", assessment_plan("/a/{token}/plan")),
    Screen("edit action", "plan.edit", assessment_plan("/a/{token}/plan/{action}/edit")),
    Screen("delete action", "plan.delete", assessment_plan("/a/{token}/plan/{action}/delete")),
    Screen("result with a plan", "assessment.result", assessment_plan("/a/{token}/result")),
    Screen("client's action plan", "workspace.actions.show", client_plan("/clients/{client}/plan")),
    Screen("edit client's action", "workspace.actions.edit", client_plan("/clients/{client}/plan/{action}/edit")),
    Screen("delete client's action", "workspace.actions.delete", client_plan("/clients/{client}/plan/{action}/delete")),
    Screen("client with a plan", "workspace.clients.client", client_plan("/clients/{client}")),
    Screen("audit log", "firm_log.log", firm_screens.audit_log()),
    Screen("audit log with a filter error", "firm_log.log", firm_screens.audit_log("?since=soon&until=2026-01-01")),
    Screen("firm members", "firm_members.members", firm_screens.members),
    Screen("firm members with errors", None, firm_screens.members_with_errors),
    Screen("remove member", "firm_members.remove", firm_screens.remove_member),
    Screen("join the firm", "firm_members.join", firm_screens.join()),
    Screen("join the firm with errors", "firm_members.join", firm_screens.join(with_errors=True)),
    Screen("join link that no longer works", "firm_members.join", firm_screens.join_closed),
    Screen("client's team", "workspace.team.team", firm_screens.team),
    Screen("firm brand", "firm_brand.brand", logged_in("/firm/brand")),
    Screen("firm brand with errors", "firm_brand.brand", firm_screens.brand_with_errors),
    Screen("client logo", "workspace.logo.client_logo", of_client("/clients/{client}/logo")),
    Screen("welcome with a brand", "assessment.welcome", firm_screens.branded_welcome),
]

# GET routes that are not pages, each with the reason.
NOT_PAGES = {
    "static": "files (CSS, JavaScript)",
    "main.plotly_js": "the plotly.js file",
    "health.healthz": "a health check for load balancers, plain text",
    "assessment.resume": "only redirects to a page, the review or the result",
    "report.download": "a PDF (tagged PDF/UA, checked in tests/report)",
    "report_api.api_download": "a PDF through the JSON API",
    "share.report": "a PDF (the same report, through a read-only share link)",
    "api.list_questionnaires": "JSON API",
    "api.get_questionnaire": "JSON API",
    "api.openapi": "JSON API description",
    "api.get_assessment": "JSON API",
    "workspace.exports.responses_csv": "a CSV download",
    "workspace.exports.client_scores_csv": "a CSV download",
    "workspace.exports.portfolio_scores_csv": "a CSV download",
    "workspace.exports.responses_xlsx": "an XLSX download",
    "workspace.exports.client_scores_xlsx": "an XLSX download",
    "workspace.exports.portfolio_scores_xlsx": "an XLSX download",
    "workspace.exports.result_json": "a JSON download",
    "workspace.exports.round_report": "a PDF (the round's report, same template as the single report)",
    "workspace.exports.client_report": "a PDF (the client report, same template as the single report)",
    "workspace.exports.round_deck": "a PowerPoint deck (read back in tests/exports/test_deck.py)",
    "api_workspace.list_clients": "JSON API (workspace)",
    "api_workspace.client_rounds": "JSON API (workspace)",
    "api_workspace.get_round": "JSON API (workspace)",
    "api_workspace.round_result": "JSON API (workspace)",
    "api_workspace.round_invitations": "JSON API (workspace)",
    "api_actions.assessment_actions": "JSON API (action plans)",
    "api_workspace_actions.client_actions": "JSON API (workspace, action plans)",
    "plan.plan_csv": "a CSV download",
    "plan.plan_xlsx": "an XLSX download",
    "workspace.actions.plan_csv": "a CSV download",
    "workspace.actions.plan_xlsx": "an XLSX download",
    "firm_log.log_csv": "a CSV download",
    "firm_log.log_xlsx": "an XLSX download",
}


def test_every_page_is_a_screen(app: Flask) -> None:
    get_endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())}
    assert set(NOT_PAGES) <= get_endpoints, f"not in the app any more: {set(NOT_PAGES) - get_endpoints}"
    screens = {screen.endpoint for screen in SCREENS if screen.endpoint}
    missing = get_endpoints - set(NOT_PAGES) - screens
    assert not missing, f"pages without a row in SCREENS (or a reason in NOT_PAGES): {sorted(missing)}"


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} - {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').splitlines()[-1]}")
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("screen", SCREENS, ids=[screen.name for screen in SCREENS])
def test_screen_passes_axe(site_page: Page, site_app: Flask, site_url: str, screen: Screen, language: str) -> None:
    page = site_page
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1200, "height": 900})
    page.set_extra_http_headers({"Accept-Language": language})
    screen.reach(Site(site_url, site_app, page, language))

    expect(page.locator("html")).to_have_attribute("lang", language)
    with site_app.test_request_context():
        adapter = site_app.url_map.bind("localhost")
        path = urlsplit(page.url).path
        endpoint = adapter.match(path, method="GET")[0] if screen.endpoint else None
    assert endpoint == screen.endpoint, f"{screen.name} shows {path} ({endpoint}), not {screen.endpoint}"

    violations = [v for v in AXE.run(page).response["violations"] if v["impact"] in SERIOUS]
    assert not violations, f"{screen.name} ({language}) at {page.url}:\n{describe(violations)}"

    # Every screen fits 320 px without scrolling sideways (WCAG 1.4.10).
    page.set_viewport_size({"width": 320, "height": 640})
    for _wait in range(30):  # Plotly redraws a chart for the new width a moment after the resize
        width = page.evaluate("document.documentElement.scrollWidth")
        if width <= 320:
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail(f"{screen.name} ({language}) is {width} px wide in a 320 px window")
