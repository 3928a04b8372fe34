"""The consultant's flow through the site: client, round, invitations, respondents, round result."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Client, User
from tests.conftest import all_answers, count_rows
from tests.workspace.conftest import link_tokens


def test_consultant_creates_client_round_and_invitations(
    app: Flask, logged_in: FlaskClient, questionnaire: Questionnaire
) -> None:
    response = logged_in.post("/clients/new", data={"name": "Gemeente Utrecht", "sector": "government"})
    assert response.status_code == 302
    client_url = response.location
    response = logged_in.post(
        f"{client_url}/rounds/new",
        data={"name": "Baseline", "held_on": "2026-03-01", "confidentiality": "named", "minimum_group": "5"},
    )
    assert response.status_code == 302
    round_url = response.location
    for department in ("marketing", "service"):
        assert logged_in.post(f"{round_url}/invitations", data={"department": department}).status_code == 302
    page = logged_in.get(round_url).get_data(as_text=True)
    tokens = link_tokens(page)
    assert len(tokens) == 2
    assert "0 of 2 respondents have submitted" in page

    respondent = app.test_client()
    for token, option in zip(tokens, ("dialogue", "engagement"), strict=True):
        answers = all_answers(questionnaire, option)
        for number, dimension in enumerate(questionnaire.dimensions, start=1):
            page_answers = {q.key: answers[q.key] for q in dimension.questions}
            assert respondent.post(f"/a/{token}/page/{number}", data=page_answers).status_code == 302
        assert respondent.post(f"/a/{token}/submit").status_code == 302

    result = logged_in.get(f"{round_url}/result").get_data(as_text=True)
    assert "2 respondents" in result
    assert "2.5" in result  # the mean of 2 and 3 on every topic
    assert count_rows(app, "invitations") == 2


def test_invalid_round_keeps_what_was_typed_and_stores_nothing(
    app: Flask, logged_in: FlaskClient, consultant: User, make_client: Callable[..., int]
) -> None:
    client_id = make_client(consultant)
    response = logged_in.post(f"/clients/{client_id}/rounds/new", data={"name": "Spring check", "held_on": "soon"})
    assert response.status_code == 400
    assert 'value="Spring check"' in response.get_data(as_text=True)
    assert count_rows(app, "rounds") == 0


def test_a_client_keeps_the_language_of_its_invitations(app: Flask, logged_in: FlaskClient) -> None:
    response = logged_in.post("/clients/new", data={"name": "Gemeente Utrecht", "language": "nl"})
    assert response.status_code == 302
    client_id = int(response.location.rstrip("/").split("/")[-1])
    with app.app_context():
        assert session().get(Client, client_id).language == "nl"  # type: ignore[union-attr]
    form = logged_in.get(f"/clients/{client_id}/edit").get_data(as_text=True)
    assert '<option selected value="nl">Nederlands</option>' in form
    refused = logged_in.post(f"/clients/{client_id}/edit", data={"name": "Gemeente Utrecht", "language": "fr"})
    assert refused.status_code == 400 and "Not a valid choice" in refused.get_data(as_text=True)
    assert logged_in.post(f"/clients/{client_id}/edit", data={"name": "Gemeente Utrecht"}).status_code == 302
    with app.app_context():
        assert session().get(Client, client_id).language == "nl"  # type: ignore[union-attr]  # left out: unchanged
