"""The read-only share link: the owner makes, replaces and revokes it; its holder sees the result and the PDF
and can reach nothing else of the assessment (every token route of the app is tried with the share token)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from tests.conftest import all_answers, count_rows
from tests.web.conftest import get_page

# The holder's own routes; every other route with a token must refuse the share token.
SHARE_ROUTES = {"/s/<token>", "/s/<token>/report.pdf"}


def make_share_link(client: FlaskClient, token: str) -> str:
    """Make a share link from the private link's page; returns its token, read from the page as a user would."""
    response = client.post(f"/a/{token}/share")
    assert response.status_code == 302
    assert response.location == f"/a/{token}/share"
    field = get_page(client, response.location).find("input", id="share-link")
    match = re.fullmatch(r"http://localhost/s/([^/]+)", field.get("value") or "")
    assert match, field.get("value")
    return match.group(1)


@pytest.fixture
def shared(client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire) -> tuple[str, str]:
    """A submitted assessment and its share link: (private token, share token)."""
    token = make_assessment(answers=all_answers(questionnaire, "engagement"))
    return token, make_share_link(client, token)


def test_the_share_link_shows_the_result_with_only_the_pdf_to_download(
    client: FlaskClient, shared: tuple[str, str]
) -> None:
    token, share = shared
    page = get_page(client, f"/s/{share}")
    assert page.find("h1").text == "Result for Acme Ltd"
    hrefs = {a.get("href") for a in page.find("main").find_all("a")}
    assert {f"/s/{share}/report.pdf?lang=en", f"/s/{share}/report.pdf?lang=nl"} <= hrefs
    assert not [href for href in hrefs if href and "/a/" in href], hrefs
    assert token not in client.get(f"/s/{share}").text
    assert "Delete" not in page.find("main").text
    assert "Change answers" not in page.find("main").text


def test_the_share_link_downloads_the_pdf(client: FlaskClient, shared: tuple[str, str]) -> None:
    _token, share = shared
    response = client.get(f"/s/{share}/report.pdf?lang=nl")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def share_token_cases(app: Flask) -> list[tuple[str, str]]:
    cases = []
    for rule in app.url_map.iter_rules():
        if "token" in rule.arguments and rule.rule not in SHARE_ROUTES:
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                cases.append((rule.rule, method))
    return cases


def test_the_share_token_opens_no_other_route_of_the_assessment(
    app: Flask, client: FlaskClient, shared: tuple[str, str], questionnaire: Questionnaire
) -> None:
    """Every page, the review, editing, submitting, deleting, the private link, sharing itself and the API."""
    _token, share = shared
    cases = share_token_cases(app)
    assert len(cases) >= 12, cases  # the site's pages and forms, the owner's share page, the report and the API
    data = {"action": "next", **all_answers(questionnaire, "presence")}
    for rule, method in cases:
        url = rule.replace("<token>", share).replace("<int:number>", "1")
        response = client.open(url, method=method, data=data if method == "POST" else None)
        assert response.status_code == 404, f"{method} {rule}: {response.status_code}"
    assert count_rows(app, "assessments") == 1
    result = get_page(client, f"/s/{share}")
    assert "Engagement" in result.find("main").text  # nothing was changed to Presence


def test_revoking_stops_the_link_at_once_and_leaves_the_assessment(
    app: Flask, client: FlaskClient, shared: tuple[str, str]
) -> None:
    token, share = shared
    assert client.post(f"/a/{token}/share/revoke").location == f"/a/{token}/share"
    for url in (f"/s/{share}", f"/s/{share}/report.pdf"):
        response = client.get(url)
        assert response.status_code == 404
        assert "This link no longer works" in response.text
    assert client.get(f"/a/{token}/result").status_code == 200
    assert "There is no share link yet." in client.get(f"/a/{token}/share").text


def test_a_new_share_link_replaces_the_old_one(client: FlaskClient, shared: tuple[str, str]) -> None:
    token, first = shared
    second = make_share_link(client, token)
    assert second != first
    assert client.get(f"/s/{first}").status_code == 404
    assert client.get(f"/s/{second}").status_code == 200


def test_the_share_link_is_shown_once_and_only_its_hash_is_stored(
    app: Flask, client: FlaskClient, shared: tuple[str, str]
) -> None:
    token, share = shared
    page = client.get(f"/a/{token}/share").text
    assert share not in page
    assert "still works" in page
    with app.app_context():
        from roadmap.db import db
        from roadmap.models import Assessment

        stored = db.session.query(Assessment).one()
        assert stored.share_token_hash is not None and share not in stored.share_token_hash


def test_a_shared_assessment_that_is_not_submitted_shows_no_result(
    client: FlaskClient, make_assessment: Callable[..., str]
) -> None:
    share = make_share_link(client, make_assessment(submit=False))
    for url in (f"/s/{share}", f"/s/{share}/report.pdf"):
        response = client.get(url)
        assert response.status_code == 409
        assert "has not been submitted yet" in response.text


@pytest.mark.parametrize("url", ["/s/nonsense", "/s/nonsense/report.pdf", "/s/" + "x" * 200])
def test_an_unknown_share_token_is_a_link_that_does_not_work(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "This link no longer works" in response.text


def test_the_owner_reaches_sharing_from_the_result_and_the_private_link_page(
    client: FlaskClient, shared: tuple[str, str]
) -> None:
    token, _share = shared
    for url in (f"/a/{token}/result", f"/a/{token}/link"):
        hrefs = {a.get("href") for a in get_page(client, url).find_all("a")}
        assert f"/a/{token}/share" in hrefs, url
