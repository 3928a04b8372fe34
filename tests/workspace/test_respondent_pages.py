"""An invited respondent's welcome and thank-you, and the confirmations of closing, reopening and revoking."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Round, User
from tests.conftest import all_answers
from tests.web.conftest import parse_html
from tests.workspace.conftest import invitation_of

CONFIRMED = {"confirmed": "yes"}


@pytest.fixture
def round_id(consultant: User, make_client: Callable[..., int], make_round: Callable[..., int]) -> int:
    return make_round(make_client(consultant, "Acme Ltd"), "Spring 2026", confidential=True)


def round_of(app: Flask, round_id: int) -> Round:
    with app.app_context():
        found = session().get(Round, round_id)
        assert found is not None
        session().expunge(found)
        return found


def choose_language(client: FlaskClient, language: str) -> FlaskClient:
    """The language switch: otherwise an assessment's pages speak the language it was started in."""
    with client.session_transaction() as chosen:
        chosen["language"] = language
    return client


def main_text(client: FlaskClient, url: str, language: str = "en") -> str:
    response = choose_language(client, language).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return " ".join(parse_html(response).find("main").text.split())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Anna de Vries of Social Inc. invites you to take part in Spring 2026",
                "Acme Ltd · Spring 2026",
                "About 19 minutes: 38 questions, 9 pages.",
                "never with your name",
                "groups of at least 5 respondents",
                "Open the same link again",
            ],
        ),
        (
            "nl",
            [
                "Anna de Vries van Social Inc. nodigt je uit",
                "Acme Ltd · Spring 2026",
                "Ongeveer 19 minuten: 38 vragen, 9 pagina's.",
                "groepen van ten minste 5 respondenten",
                "nooit met je naam",
                "Open dezelfde link opnieuw",
            ],
        ),
    ],
)
def test_an_invited_respondent_is_welcomed_first(
    app: Flask,
    round_id: int,
    invite: Callable[..., tuple[int, str]],
    questionnaire: Questionnaire,
    language: str,
    expected: list[str],
) -> None:
    _id, token = invite(round_id)
    respondent = app.test_client()
    assert respondent.get(f"/a/{token}").location.endswith(f"/a/{token}/welcome")
    response = choose_language(respondent, language).get(f"/a/{token}/welcome")
    html = parse_html(response)
    text = " ".join(html.find("main").text.split())
    assert len(questionnaire.questions) == 38 and len(questionnaire.dimensions) == 9
    for phrase in expected:
        assert phrase in text
    html.find("a", href=f"/a/{token}/page/1")
    assert "/login" not in response.get_data(as_text=True)  # no consultants' login for respondents


def test_a_named_round_says_the_consultant_sees_the_answers(
    app: Flask, round_id: int, invite: Callable[..., tuple[int, str]]
) -> None:
    with app.app_context():
        found = session().get(Round, round_id)
        assert found is not None
        found.confidential = False
        session().commit()
    _id, token = invite(round_id)
    text = main_text(app.test_client(), f"/a/{token}/welcome")
    assert "This round is named: your consultant can see your own answers with your name and department" in text
    assert "never with your name" not in text


def test_a_respondent_who_has_started_goes_on_where_they_were(
    app: Flask,
    round_id: int,
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> None:
    _id, token = invite(round_id)
    respond(token, {q.key: "dialogue" for q in questionnaire.dimensions[0].questions}, submit=False)
    respondent = app.test_client()
    assert respondent.get(f"/a/{token}").location.endswith(f"/a/{token}/page/2")
    back = respondent.post(f"/a/{token}/page/1", data={"action": "back"})
    assert back.location.endswith(f"/a/{token}/welcome")


def test_an_own_assessment_has_no_welcome_and_keeps_the_login_link(client: FlaskClient, app: Flask) -> None:
    response = client.post("/start", data={"organisation_name": "Own Ltd"})
    token = response.location.split("/a/")[1].split("/")[0]
    assert client.get(f"/a/{token}/welcome").status_code == 404
    assert "/login" in client.get(f"/a/{token}/link").get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            ["Thank you: your answers have been submitted", "Anna de Vries of Social Inc. sees the combined result"],
        ),
        (
            "nl",
            [
                "Bedankt: je antwoorden zijn ingestuurd",
                "Anna de Vries van Social Inc. ziet het gecombineerde resultaat",
            ],
        ),
    ],
)
def test_after_submitting_a_respondent_is_thanked_and_told_what_happens_next(
    app: Flask,
    round_id: int,
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
    language: str,
    expected: list[str],
) -> None:
    _id, token = invite(round_id)
    respond(token, all_answers(questionnaire, "dialogue"))
    response = choose_language(app.test_client(), language).get(f"/a/{token}/result")
    text = " ".join(parse_html(response).find("main").text.split())
    for phrase in expected:
        assert phrase in text
    assert "/login" not in response.get_data(as_text=True)


def test_closing_asks_first_and_counts_who_started(
    app: Flask,
    logged_in: FlaskClient,
    round_id: int,
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> None:
    for _n in range(2):
        _id, token = invite(round_id)
        respond(token, {q.key: "dialogue" for q in questionnaire.dimensions[0].questions}, submit=False)
    text = main_text(logged_in, f"/rounds/{round_id}/close")
    assert "Close Spring 2026?" in text
    assert "2 respondents have started without submitting" in text
    assert "2 respondenten zijn begonnen zonder in te sturen" in main_text(logged_in, f"/rounds/{round_id}/close", "nl")

    assert logged_in.post(f"/rounds/{round_id}/close").status_code == 200  # no confirmation: the question again
    assert round_of(app, round_id).closed_at is None
    assert logged_in.post(f"/rounds/{round_id}/close", data=CONFIRMED).status_code == 302
    assert round_of(app, round_id).closed_at is not None


def test_the_owner_reopens_a_closed_round_and_the_page_says_who_and_when(
    app: Flask, logged_in: FlaskClient, round_id: int, make_user: Callable[..., User]
) -> None:
    logged_in.post(f"/rounds/{round_id}/close", data=CONFIRMED)
    assert "Reopen Spring 2026?" in main_text(logged_in, f"/rounds/{round_id}/reopen")
    logged_in.post(f"/rounds/{round_id}/reopen")
    assert round_of(app, round_id).closed_at is not None  # not without confirmation

    assert logged_in.post(f"/rounds/{round_id}/reopen", data=CONFIRMED).status_code == 302
    reopened = round_of(app, round_id)
    assert reopened.closed_at is None and reopened.reopened_at is not None
    assert reopened.reopened_by == "Anna de Vries"
    page = main_text(logged_in, f"/rounds/{round_id}")
    assert "Reopened on" in page and "by Anna de Vries." in page

    logged_in.post(f"/rounds/{round_id}/close", data=CONFIRMED)
    make_user("admin@example.org", role="admin")
    admin = app.test_client()
    admin.post("/login", data={"email": "admin@example.org", "password": "correct horse battery"})
    assert "/reopen" not in admin.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert admin.post(f"/rounds/{round_id}/reopen", data=CONFIRMED).status_code == 403
    assert round_of(app, round_id).closed_at is not None


def test_revoking_asks_first(
    app: Flask, logged_in: FlaskClient, round_id: int, invite: Callable[..., tuple[int, str]]
) -> None:
    invitation_id, _token = invite(round_id, "hr", "Mila")
    assert "Revoke the link of Mila?" in main_text(logged_in, f"/invitations/{invitation_id}/revoke")
    assert logged_in.post(f"/invitations/{invitation_id}/revoke").status_code == 200
    assert invitation_of(app, invitation_id).revoked_at is None
    logged_in.post(f"/invitations/{invitation_id}/revoke", data=CONFIRMED)
    assert invitation_of(app, invitation_id).revoked_at is not None


def test_an_error_inside_the_workspace_leads_back_to_it(logged_in: FlaskClient, round_id: int) -> None:
    response = logged_in.get(f"/rounds/{round_id}/report.pdf")
    assert response.status_code == 409
    parse_html(response).find("main").find("a", href="/portfolio")
    page = logged_in.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert "report.pdf" not in page  # nobody has submitted: no report to offer


def test_the_invitation_form_has_no_department_chosen(logged_in: FlaskClient, round_id: int) -> None:
    html = parse_html(logged_in.get(f"/rounds/{round_id}"))
    select = html.find("select", name="department")
    first = select.find_all("option")[0]
    assert first.attrs["value"] == "" and first.text.strip() == "Choose a department"
    assert select.find_all("option", selected=True) == []
    response = logged_in.post(f"/rounds/{round_id}/invitations", data={"department": ""})
    assert response.status_code == 400
    assert "Choose the respondent's department." in response.get_data(as_text=True)
