"""Every page: security headers, scripts only from this site, and the structure assistive technology relies on."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from tests.conftest import all_answers
from tests.web.conftest import Element, parse_html

EN = {"Accept-Language": "en"}


@pytest.fixture
def site_pages(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> dict[str, tuple[int, str]]:
    """A URL of every kind of page, with its status and body."""
    started = make_assessment()
    submitted = make_assessment(answers=all_answers(questionnaire, "engagement"))
    urls = [
        "/",
        "/start",
        f"/a/{started}/link",
        f"/a/{started}/page/1",
        f"/a/{started}/review",
        f"/a/{started}/delete",
        f"/a/{submitted}/result",
        "/no-such-page",
    ]
    pages = {}
    for url in urls:
        response = client.get(url, headers=EN)
        pages[url] = (response.status_code, response.get_data(as_text=True))
    missing = client.post(f"/a/{started}/page/1", data={"action": "next"}, headers=EN)
    pages["page with errors"] = (missing.status_code, missing.get_data(as_text=True))
    return pages


def policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: sources}."""
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize(
    "url", ["/", "/start", "/no-such-page", "/api/v1/questionnaires", "/vendor/plotly.min.js", "/static/css/site.css"]
)
def test_security_headers(client: FlaskClient, url: str) -> None:
    with client.get(url) as response:  # closed, so a file response releases its file
        headers = response.headers
    csp = policy(headers["Content-Security-Policy"])
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts == ["'self'"]
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    assert csp["frame-ancestors"] == ["'none'"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_security_headers_on_assessment_pages(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire))
    for url in (f"/a/{token}/result", f"/a/{token}/page/1", f"/a/{token}/review", f"/a/{token}/delete"):
        headers = client.get(url).headers
        assert "'unsafe-inline'" not in policy(headers["Content-Security-Policy"])["script-src"], url
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("prefix", ["/a/{token}", "/api/v1/assessments/{token}"])
def test_security_headers_on_a_pdf_report(
    make_web_app: Callable[..., Flask], questionnaire: Questionnaire, prefix: str
) -> None:
    client = make_web_app(REPORT_CHARTS=False).test_client()  # the table in the chart's place: no browser needed
    body = {
        "questionnaire": questionnaire.id,
        "organisation": {"name": "Acme Ltd"},
        "answers": all_answers(questionnaire),
    }
    created = client.post("/api/v1/assessments", json=body)
    assert created.status_code == 201, created.get_json()
    url = prefix.format(token=created.get_json()["token"]) + "/report.pdf"
    with client.get(url) as response:
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        headers = response.headers
    assert "'unsafe-inline'" not in policy(headers["Content-Security-Policy"])["script-src"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_plotly_is_served_from_this_site(client: FlaskClient) -> None:
    with client.get("/vendor/plotly.min.js", follow_redirects=True) as response:
        assert response.status_code == 200
        assert response.mimetype in {"text/javascript", "application/javascript"}
        assert len(response.data) > 1_000_000
        assert b"plotly.js v" in response.data[:2000]


def test_the_result_page_loads_plotly_and_its_chart_script_from_this_site(
    site_pages: dict[str, tuple[int, str]], client: FlaskClient
) -> None:
    result = next(body for url, (_status, body) in site_pages.items() if url.endswith("/result"))
    sources = [script.get("src") for script in parse_html(result).find_all("script", src=True)]
    assert any(re.fullmatch(r"/static/js/plotly\.min\.[0-9a-f]{12}\.js", source or "") for source in sources)
    for source in sources:
        assert source is not None
        with client.get(source) as response:
            assert response.status_code == 200, source


def test_no_page_uses_a_script_from_elsewhere_or_inline(site_pages: dict[str, tuple[int, str]]) -> None:
    for url, (_status, body) in site_pages.items():
        for script in parse_html(body).find_all("script"):
            source = script.get("src")
            if source is None:
                # Inline code would break under the CSP; only JSON data blocks are allowed.
                assert script.get("type") == "application/json", url
                continue
            assert source.startswith("/") and not source.startswith("//"), (url, source)
            assert "cdn" not in source.lower() and "https://" not in source, (url, source)


def test_every_id_on_a_page_is_unique(site_pages: dict[str, tuple[int, str]]) -> None:
    for url, (_status, body) in site_pages.items():
        ids = Counter(element.get("id") for element in parse_html(body).find_all(id=True))
        assert [i for i, n in ids.items() if n > 1] == [], url


def assert_referenced_ids_exist(page: Element, attribute: str) -> int:
    """Every id named in an attribute (aria-describedby, aria-labelledby, for) exists; returns how many."""
    count = 0
    for element in page.find_all(**{attribute.replace("-", "_"): True}):
        for identifier in (element.get(attribute) or "").split():
            assert page.find_all(id=identifier), f"{attribute}={identifier!r} on <{element.tag}> names no element"
            count += 1
    return count


@pytest.mark.parametrize("number", range(1, 10))
def test_every_question_is_a_fieldset_with_a_legend_and_labelled_radios(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, number: int
) -> None:
    token = make_assessment()
    page = parse_html(client.get(f"/a/{token}/page/{number}", headers=EN))
    fieldsets = page.find_all("fieldset")
    assert len(fieldsets) == len(questionnaire.dimensions[number - 1].questions)
    for fieldset in fieldsets:
        legends = [child for child in fieldset.children if isinstance(child, Element) and child.tag == "legend"]
        assert len(legends) == 1 and legends[0].text
    radios = page.find_all("input", type="radio")
    assert len(radios) == 5 * len(fieldsets)
    for radio in radios:
        assert radio.get("id")
        [label] = page.find_all("label", for_=radio.get("id"))
        assert label.text
        assert any(parent.tag == "fieldset" for parent in radio.ancestors())
    assert_referenced_ids_exist(page, "aria-describedby")
    assert_referenced_ids_exist(page, "for")


def test_question_errors_are_linked_to_their_fieldset(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment()
    first = questionnaire.dimensions[0].questions[0].key
    response = client.post(f"/a/{token}/page/1", data={"action": "next", first: "dialogue"}, headers=EN)
    page = parse_html(response)
    for question in questionnaire.dimensions[0].questions[1:]:
        fieldset = page.by_id(f"q-{question.key}")
        described = (fieldset.get("aria-describedby") or "").split()
        assert f"{question.key}-error" in described
        message = page.by_id(f"{question.key}-error")
        assert message.parent is fieldset
        assert "Choose an answer to this question." in message.text
    assert f"{first}-error" not in (page.by_id(f"q-{first}").get("aria-describedby") or "")
    assert not page.find_all(id=f"{first}-error")
    for link in page.find(class_="error-summary").find_all("a"):
        target = page.by_id(link.get("href", "").removeprefix("#"))
        assert target.get("type") == "radio"
    assert_referenced_ids_exist(page, "aria-describedby")


def test_start_form_errors_are_linked_to_their_field(client: FlaskClient) -> None:
    page = parse_html(client.post("/start", data={"organisation_name": ""}, headers=EN))
    field = page.find("input", name="organisation_name")
    assert "organisation_name-error" in (field.get("aria-describedby") or "").split()
    assert field.get("aria-invalid") == "true"
    assert page.find(class_="error-summary").find("a").get("href") == "#organisation_name"
    for name in ("organisation_name", "sector", "size_band", "department", "role"):
        assert page.find("label", for_=name).text
    assert_referenced_ids_exist(page, "aria-describedby")


def test_the_chart_has_a_text_alternative(site_pages: dict[str, tuple[int, str]]) -> None:
    result = next(body for url, (_status, body) in site_pages.items() if url.endswith("/result"))
    page = parse_html(result)
    figure = page.find("figure")
    chart = figure.find(data_figure="radar-figure")
    assert chart.get("role") == "img"
    caption = page.by_id(chart.get("aria-labelledby") or "")
    assert caption.tag == "figcaption" and caption.parent is figure
    assert "table below" in caption.text
    assert page.find("table", class_="scores").find("caption").text
    assert_referenced_ids_exist(page, "aria-labelledby")


def test_pages_have_a_language_a_title_a_main_landmark_and_one_h1(site_pages: dict[str, tuple[int, str]]) -> None:
    for url, (_status, body) in site_pages.items():
        page = parse_html(body)
        assert page.find("html").get("lang") == "en", url
        assert page.find("title").text, url
        assert page.find("main", id="main"), url
        assert len(page.find_all("h1")) == 1, url
        assert page.find("a", class_="skip-link").get("href") == "#main", url
