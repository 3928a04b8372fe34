"""English and Dutch: the browser's Accept-Language by default, a choice kept in the session, safe redirects."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, get_locale

from roadmap.domain.option_order import display_options
from roadmap.domain.questionnaire import Questionnaire
from roadmap.i18n import format_date
from tests.web.conftest import Element, parse_html


def get(client: FlaskClient, url: str, accept: str | None = None) -> Element:
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return parse_html(response)


def language_of(page: Element) -> str | None:
    return page.find("html").get("lang")


def start_in(client: FlaskClient, accept: str) -> str:
    """An assessment started in a browser that asks for `accept`; returns its token."""
    response = client.post("/start", data={"organisation_name": "Acme Ltd"}, headers={"Accept-Language": accept})
    assert response.status_code == 302
    return response.location.split("/")[2]


@pytest.mark.parametrize(
    ("accept", "language"),
    [
        ("nl", "nl"),
        ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE,nl;q=0.5", "nl"),
        ("fr", "en"),
        (None, "en"),
    ],
)
def test_the_browser_language_is_the_default(client: FlaskClient, accept: str | None, language: str) -> None:
    assert language_of(get(client, "/", accept)) == language


@pytest.mark.parametrize("language", ["en", "nl"])
def test_questionnaire_texts_follow_the_language(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, language: str
) -> None:
    token = start_in(client, language)
    page = get(client, f"/a/{token}/page/1", accept=language)
    dimension = questionnaire.dimensions[0]
    assert page.find("h1").text == dimension.name(language)
    assert questionnaire.questions[0].text(language) in page.find("legend").text
    labels = [label.text for label in page.find("fieldset").find_all("label")]
    shown = display_options(questionnaire.id, questionnaire.questions[0])  # the display order, not the file order
    assert labels == [option.text(language) for option in shown]


def test_the_chosen_language_is_remembered_over_the_browser_language(client: FlaskClient) -> None:
    response = client.post("/language", data={"language": "nl", "next": "/start"})
    assert response.status_code == 302
    assert response.location == "/start"
    for url in ("/start", "/", "/start"):
        assert language_of(get(client, url, accept="en")) == "nl"
    client.post("/language", data={"language": "en", "next": "/"})
    assert language_of(get(client, "/", accept="nl")) == "en"


@pytest.fixture
def app_client_factory(client: FlaskClient) -> Callable[[], FlaskClient]:
    """Another visitor of the same app, with its own cookies."""
    return client.application.test_client


def test_the_choice_belongs_to_one_visitor(client: FlaskClient, app_client_factory: Callable[[], FlaskClient]) -> None:
    client.post("/language", data={"language": "nl", "next": "/"})
    assert language_of(get(app_client_factory(), "/", accept="en")) == "en"


@pytest.mark.parametrize("language", ["fr", "", "NL", "nl-evil"])
def test_an_unsupported_language_is_ignored(client: FlaskClient, language: str) -> None:
    response = client.post("/language", data={"language": language, "next": "/start"})
    assert response.status_code == 302
    assert language_of(get(client, "/", accept="en")) == "en"


def test_a_result_page_is_shown_in_the_chosen_language(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers={q.key: "engagement" for q in questionnaire.questions})
    client.post("/language", data={"language": "nl", "next": f"/a/{token}/result"})
    page = get(client, f"/a/{token}/result", accept="en")
    assert page.find("li", aria_current="step").find(class_="roadmap-name").text == "Engagement"
    assert (
        questionnaire.phase(3).description("nl").split()[:6]
        == page.find("section", aria_labelledby="phase-title").find("p").text.split()[:6]
    )
    assert questionnaire.dimensions[1].name("nl") in page.find("table").text


def test_every_page_offers_the_switch_back_to_itself(client: FlaskClient, make_assessment: Callable[..., str]) -> None:
    token = make_assessment()
    for url in ("/", "/start", f"/a/{token}/page/2", f"/a/{token}/page/2?review=1"):
        form = get(client, url).find("form", action="/language", method="post")
        assert form.find("input", name="next").get("value") == url
        assert {b.get("value") for b in form.find_all("button", name="language")} == {"en", "nl"}


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "///evil.example",
        "https://evil.example",
        "http://evil.example/a/token",
        "https:evil.example",
        "javascript:alert(1)",
        "evil.example",
        "\\\\evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        " //evil.example",
    ],
)
def test_next_cannot_lead_off_the_site(client: FlaskClient, target: str) -> None:
    response = client.post("/language", data={"language": "nl", "next": target})
    assert response.status_code == 302
    location = response.location
    # What a browser would do with the Location header: backslashes are slashes, tabs and newlines vanish.
    normalised = location.replace("\\", "/")
    normalised = "".join(ch for ch in normalised if ch not in "\t\r\n ")
    assert normalised.startswith("/") and not normalised.startswith("//"), location


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example"])
def test_next_off_the_site_goes_to_the_home_page(client: FlaskClient, target: str) -> None:
    assert client.post("/language", data={"language": "nl", "next": target}).location == "/"


@pytest.mark.parametrize("target", ["/start", "/a/abc/page/2?review=1", "/"])
def test_next_on_the_site_is_followed(client: FlaskClient, target: str) -> None:
    assert client.post("/language", data={"language": "nl", "next": target}).location == target


def test_dutch_pages_have_a_dutch_interface(client: FlaskClient) -> None:
    """The interface itself, not only the questionnaire texts, is translated."""
    token = start_in(client, "nl")
    start = get(client, "/start", accept="nl")
    assert start.find("h1").text != "Start the assessment"
    page = get(client, f"/a/{token}/page/2", accept="nl")
    assert "Page 2 of" not in page.find(class_="progress-text").text
    assert page.find("button", value="back").text != "Back"


@pytest.mark.parametrize(("started", "browser"), [("nl", "en"), ("en", "nl")])
def test_the_private_link_opens_in_the_language_the_assessment_was_started_in(
    client: FlaskClient, started: str, browser: str
) -> None:
    token = start_in(client, started)
    other = client.application.test_client()  # another browser: no session, another Accept-Language
    for url in (f"/a/{token}/link", f"/a/{token}/page/1", f"/a/{token}/review"):
        assert language_of(get(other, url, accept=browser)) == started, url
    assert language_of(get(other, "/", accept=browser)) == browser  # other pages keep the browser's language


def test_a_language_chosen_explicitly_wins_over_the_assessment_language(client: FlaskClient) -> None:
    token = start_in(client, "nl")
    other = client.application.test_client()
    other.post("/language", data={"language": "en", "next": "/"})
    assert language_of(get(other, f"/a/{token}/page/1", accept="nl")) == "en"


@pytest.mark.parametrize(
    ("language", "value", "format", "expected"),
    [
        ("en", date(2026, 12, 1), "long", "1 December 2026"),
        ("en", date(2026, 3, 9), "medium", "9 Mar 2026"),
        ("nl", date(2026, 12, 1), "long", "1 december 2026"),
        ("nl", date(2026, 3, 9), "medium", "9 mrt 2026"),
        ("en", datetime(2026, 12, 1, 23, 30, tzinfo=UTC), "long", "1 December 2026"),
    ],
)
def test_dates_are_british_in_english_and_dutch_in_dutch(
    app: Flask, language: str, value: date, format: str, expected: str
) -> None:
    with app.test_request_context("/"), force_locale(language):
        assert format_date(value, format) == expected
        assert str(get_locale()) == language  # the language code itself stays "en" or "nl"


def test_the_result_page_and_the_report_date_are_british(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers={q.key: "dialogue" for q in questionnaire.questions})
    today = datetime.now(UTC)
    page = get(client, f"/a/{token}/result", accept="en")
    assert f"{today.day} {today:%B} {today.year}" in page.find(class_="quiet").text
