"""Revoked and re-issued links, and closed rounds: what respondents and consultants can and cannot do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Answer, Invitation, User
from roadmap.services import assessments as assessment_service
from roadmap.services import rounds as rounds_service
from roadmap.services.questionnaires import Catalogue
from tests.conftest import all_answers, count_rows
from tests.web.conftest import parse_html
from tests.workspace.conftest import invitation_of, link_tokens

EN = {"Accept-Language": "en"}
NOT_WORKING = "This link no longer works"
CLOSED = "This round has been closed by your consultant"
CONFIRMED = {"confirmed": "yes"}  # the button of the confirmation page


@pytest.fixture
def round_id(consultant: User, make_client: Callable[..., int], make_round: Callable[..., int]) -> int:
    return make_round(make_client(consultant))


def main_text(client: FlaskClient, url: str) -> str:
    return parse_html(client.get(url, headers=EN)).find("main").text


def answers_of(app: Flask, invitation_id: int) -> dict[str, str]:
    with app.app_context():
        invitation = session().get(Invitation, invitation_id)
        assert invitation is not None
        return invitation.assessment.answer_map


def test_a_revoked_link_says_it_no_longer_works_and_the_answers_stay(
    app: Flask,
    logged_in: FlaskClient,
    round_id: int,
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> None:
    invitation_id, token = invite(round_id)
    first_page = {q.key: "dialogue" for q in questionnaire.dimensions[0].questions}
    respond(token, first_page, submit=False)

    assert logged_in.post(f"/invitations/{invitation_id}/revoke", data=CONFIRMED).status_code == 302
    assert invitation_of(app, invitation_id).revoked_at is not None
    respondent = app.test_client()
    for url in [f"/a/{token}", f"/a/{token}/page/2", f"/a/{token}/review", f"/a/{token}/result"]:
        response = respondent.get(url, headers=EN)
        assert response.status_code == 404, url
        assert response.mimetype == "text/html" and "Content-Security-Policy" in response.headers
        assert NOT_WORKING in parse_html(response).find("main").text
    response = respondent.post(f"/a/{token}/page/2", data={"action": "next"}, headers=EN)
    assert response.status_code == 404 and NOT_WORKING in response.get_data(as_text=True)
    assert respondent.post(f"/a/{token}/submit", headers=EN).status_code == 404
    assert answers_of(app, invitation_id) == first_page
    page = main_text(logged_in, f"/rounds/{round_id}")
    assert "Link revoked" in page and link_tokens(logged_in.get(f"/rounds/{round_id}").get_data(as_text=True)) == []


def test_a_reissued_link_works_keeps_the_answers_and_the_old_one_stays_dead(
    app: Flask,
    logged_in: FlaskClient,
    round_id: int,
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> None:
    invitation_id, old = invite(round_id)
    answers = all_answers(questionnaire)
    respond(old, answers, submit=False)
    logged_in.post(f"/invitations/{invitation_id}/revoke", data=CONFIRMED)

    assert logged_in.post(f"/invitations/{invitation_id}/reissue").status_code == 302
    [new] = link_tokens(logged_in.get(f"/rounds/{round_id}").get_data(as_text=True))
    assert new != old
    respondent = app.test_client()
    assert respondent.get(f"/a/{old}", headers=EN).status_code == 404
    assert respondent.get(f"/a/{new}", headers=EN).location.endswith(f"/a/{new}/review")
    assert answers_of(app, invitation_id) == answers
    assert respondent.post(f"/a/{new}/submit").status_code == 302
    assert "1 of 1 respondents has submitted" in main_text(logged_in, f"/rounds/{round_id}")

    # Re-issuing again replaces the link once more.
    logged_in.post(f"/invitations/{invitation_id}/reissue")
    assert respondent.get(f"/a/{new}", headers=EN).status_code == 404


@pytest.fixture
def closed_round(
    logged_in: FlaskClient,
    round_id: int,
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> dict[str, tuple[int, str]]:
    """A closed round with one respondent who submitted and one who had only started."""
    submitted = invite(round_id, "marketing")
    started = invite(round_id, "it")
    # Different levels per topic, so that a change of weights would show in the overall score.
    answers = all_answers(questionnaire, "engagement") | {
        q.key: "dialogue" for q in questionnaire.dimensions[0].questions
    }
    respond(submitted[1], answers)
    respond(started[1], {q.key: "presence" for q in questionnaire.dimensions[0].questions}, submit=False)
    assert logged_in.post(f"/rounds/{round_id}/close", data=CONFIRMED).status_code == 302
    return {"submitted": submitted, "started": started}


def test_in_a_closed_round_a_respondent_can_read_but_not_change_or_submit(
    app: Flask, closed_round: dict[str, tuple[int, str]], questionnaire: Questionnaire
) -> None:
    respondent = app.test_client()
    invitation_id, token = closed_round["started"]
    before = answers_of(app, invitation_id)

    assert respondent.get(f"/a/{token}").location.endswith(f"/a/{token}/review")
    review = respondent.get(f"/a/{token}/review", headers=EN)
    assert review.status_code == 200
    html = parse_html(review)
    assert CLOSED in html.find("main").text
    assert html.find_all("form", action=f"/a/{token}/submit") == []
    assert not [a for a in html.find_all("a", href=True) if "/page/" in a.attrs["href"]]
    assert len(html.find_all("dd", class_="review-change")) == 0

    page = {q.key: "engagement" for q in questionnaire.dimensions[0].questions}
    for response in [
        respondent.get(f"/a/{token}/page/1", headers=EN),
        respondent.post(f"/a/{token}/page/1", data={"action": "next", **page}, headers=EN),
        respondent.post(f"/a/{token}/page/1", data={"action": "back", **page}, headers=EN),
        respondent.post(f"/a/{token}/submit", headers=EN),
    ]:
        assert response.status_code == 409
        assert CLOSED in parse_html(response).find("main").text
    assert answers_of(app, invitation_id) == before
    assert invitation_of(app, invitation_id).assessment.submitted_at is None

    submitted_id, submitted_token = closed_round["submitted"]
    assert respondent.get(f"/a/{submitted_token}").location.endswith("/result")
    assert respondent.get(f"/a/{submitted_token}/result").status_code == 200
    response = respondent.post(f"/a/{submitted_token}/page/1", data={"action": "next", **page}, headers=EN)
    assert response.status_code == 409
    assert set(answers_of(app, submitted_id).values()) == {"engagement", "dialogue"}


def test_a_closed_round_takes_no_invitations_revocations_or_new_links(
    app: Flask, logged_in: FlaskClient, round_id: int, closed_round: dict[str, tuple[int, str]]
) -> None:
    invitations = count_rows(app, "invitations")
    response = logged_in.post(f"/rounds/{round_id}/invitations", data={"department": "hr"}, follow_redirects=True)
    assert "it takes no more invitations" in parse_html(response).find("main").text
    invitation_id, token = closed_round["started"]
    for action in ["revoke", "reissue"]:
        response = logged_in.post(f"/invitations/{invitation_id}/{action}", follow_redirects=True)
        assert "nothing in it can change any more" in parse_html(response).find("main").text
    assert logged_in.post(f"/rounds/{round_id}/close", data=CONFIRMED).status_code == 302
    assert count_rows(app, "invitations") == invitations
    assert invitation_of(app, invitation_id).revoked_at is None
    assert app.test_client().get(f"/a/{token}/review").status_code == 200
    with app.app_context(), pytest.raises(rounds_service.RoundClosed):
        found = session().get(Invitation, invitation_id)
        assert found is not None
        rounds_service.invite(session(), app.config["SECRET_KEY"], found.round, "hr", None)


def test_the_result_of_a_closed_round_is_frozen(
    app: Flask,
    logged_in: FlaskClient,
    round_id: int,
    closed_round: dict[str, tuple[int, str]],
    questionnaire: Questionnaire,
    tmp_path: Path,
) -> None:
    url = f"/rounds/{round_id}/result"
    logged_in.get(url)  # shows (and so clears) the message about closing
    before = main_text(logged_in, url)
    assert "Overall score" in before

    # The answers cannot change through the services; changed behind their back, the result still stands.
    _invitation_id, token = closed_round["submitted"]
    with app.app_context():
        assessment = assessment_service.find(session(), token)
        assert assessment is not None
        with pytest.raises(assessment_service.RoundClosed):
            assessment_service.save_answers(session(), assessment, all_answers(questionnaire, "presence"))
        session().execute(sa.update(Answer).where(Answer.assessment_id == assessment.id).values(option_key="presence"))
        session().commit()
    assert main_text(logged_in, url) == before

    # A new version of the questionnaire (here: other dimension weights) does not touch the round either.
    with (Path(app.config["QUESTIONNAIRE_FOLDER"]) / "social-business-roadmap.yaml").open(encoding="utf-8") as file:
        raw = yaml.safe_load(file)
    raw["version"] = f"{raw['version']}-changed"
    for number, dimension in enumerate(raw["dimensions"]):
        dimension["weight"] = 1 + number
    folder = tmp_path / "changed"
    folder.mkdir()
    (folder / "social-business-roadmap.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    changed = Catalogue(folder)
    with app.app_context():
        changed.store_all(session())
    app.extensions["questionnaires"] = changed
    assert main_text(logged_in, url) == before
