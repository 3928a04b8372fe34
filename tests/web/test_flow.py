"""The questionnaire flow through the site: start, pages, resume link, review, submit, result, delete."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import db
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Assessment
from tests.conftest import all_answers, count_rows
from tests.web.conftest import EN, get_page, page_answers, parse_html, stored_answers, token_of

# Starting


def test_the_start_page_asks_for_name_sector_size_department_and_role(client: FlaskClient) -> None:
    form = get_page(client, "/start").find("form", action="/start")
    assert form.find("input", name="organisation_name").get("type") == "text"
    for name in ("sector", "size_band", "department"):
        assert len(form.find("select", name=name).find_all("option")) > 2
    assert form.find("input", name="role")
    optional = [label.find("label").get("for") for label in form.find_all(class_="field") if "(optional)" in label.text]
    assert optional == ["sector", "size_band", "department", "role"]


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "Enter the name of the organisation."),
        ("   ", "Enter the name of the organisation."),
        ("x" * 201, "The name can be at most 200 characters."),
    ],
)
def test_starting_without_a_valid_name_shows_the_problem_and_stores_nothing(
    app: Flask, client: FlaskClient, name: str, error: str
) -> None:
    response = client.post("/start", data={"organisation_name": name}, headers=EN)
    assert response.status_code == 200
    page = parse_html(response)
    assert "There is a problem" in page.find(class_="error-summary").text
    assert error in page.by_id("organisation_name-error").text
    assert count_rows(app, "assessments") == 0


def test_a_name_of_200_characters_and_a_profile_are_stored(app: Flask, client: FlaskClient) -> None:
    profile = {"sector": "healthcare", "size_band": "50-249", "department": "service", "role": "Team lead"}
    response = client.post("/start", data={"organisation_name": "n" * 200, **profile})
    assert response.status_code == 302
    with app.app_context():
        assessment = db.session.scalars(sa.select(Assessment)).one()
        assert assessment.organisation_name == "n" * 200
        assert (assessment.sector, assessment.size_band, assessment.department, assessment.role) == tuple(
            profile.values()
        )


def test_sector_size_department_and_role_are_optional(app: Flask, client: FlaskClient) -> None:
    response = client.post("/start", data={"organisation_name": "Acme Ltd", "sector": "", "role": ""})
    assert response.status_code == 302
    with app.app_context():
        assessment = db.session.scalars(sa.select(Assessment)).one()
        assert (assessment.sector, assessment.size_band, assessment.department, assessment.role) == (None,) * 4


def test_the_link_page_shows_a_private_unguessable_link_to_copy(app: Flask, client: FlaskClient) -> None:
    first = client.post("/start", data={"organisation_name": "Acme Ltd"})
    second = client.post("/start", data={"organisation_name": "Acme Ltd"})
    tokens = [token_of(first.location), token_of(second.location)]
    assert tokens[0] != tokens[1]
    for token in tokens:
        # URL-safe base64: 22 characters carry at least 128 bits.
        assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", token), token
    page = get_page(client, first.location)
    field = page.by_id("resume-link")
    assert field.has("readonly", True)
    assert field.get("value") == f"http://localhost/a/{tokens[0]}"
    assert page.find("label", for_="resume-link")
    # Only a hash is kept: the database alone does not open an assessment.
    with app.app_context():
        rows = db.session.execute(sa.text("SELECT * FROM assessments")).all()
    assert not any(tokens[0] in str(value) for row in rows for value in row)


# Pages


def test_a_page_shows_one_dimension_with_progress_and_back_and_next(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment()
    page = get_page(client, f"/a/{token}/page/2")
    dimension = questionnaire.dimensions[1]
    assert page.find("h1").text == dimension.name("en")
    assert [f.find("legend").text.split(" ", 1)[1] for f in page.find_all("fieldset")] == [
        q.text("en") for q in dimension.questions
    ]
    progress = page.find(class_="progress-text").text
    assert f"Page 2 of {len(questionnaire.dimensions)}" in progress
    assert f"0 of {len(questionnaire.questions)} questions answered" in progress
    form = page.find("form", action=f"/a/{token}/page/2")
    assert {b.get("value") for b in form.find_all("button", name="action")} == {"next", "back"}


def test_page_1_has_no_back_to_the_private_link_page_but_back_to_the_overview_when_it_came_from_there(
    client: FlaskClient, make_assessment: Callable[..., str]
) -> None:
    token = make_assessment()
    form = get_page(client, f"/a/{token}/page/1").find("form", action=f"/a/{token}/page/1")
    assert {b.get("value") for b in form.find_all("button", name="action")} == {"next"}
    from_review = get_page(client, f"/a/{token}/page/1?review=1").find("form", action=f"/a/{token}/page/1")
    assert {b.get("value") for b in from_review.find_all("button", name="action")} == {"next", "back"}
    assert client.post(f"/a/{token}/page/1", data={"action": "back", "review": "1"}).location == f"/a/{token}/review"


@pytest.mark.parametrize("number", range(1, 10))
def test_every_question_has_a_dont_know_option(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, number: int
) -> None:
    token = make_assessment()
    page = get_page(client, f"/a/{token}/page/{number}")
    fieldsets = page.find_all("fieldset")
    assert len(fieldsets) == len(questionnaire.dimensions[number - 1].questions)
    for fieldset in fieldsets:
        dont_know = fieldset.find("input", type="radio", value="dont_know")
        assert fieldset.find("label", for_=dont_know.get("id")).text == "Don't know"


def test_next_stores_the_page_and_moves_on(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment()
    answers = page_answers(questionnaire, 1, "engagement")
    response = client.post(f"/a/{token}/page/1", data={"action": "next", **answers})
    assert response.status_code == 302
    assert response.location == f"/a/{token}/page/2"
    assert stored_answers(app) == answers
    progress = get_page(client, response.location).find(class_="progress-text").text
    assert f"Page 2 of {len(questionnaire.dimensions)}" in progress
    assert f"4 of {len(questionnaire.questions)} questions answered" in progress


def test_next_on_the_last_page_goes_to_the_review(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    last = len(questionnaire.dimensions)
    token = make_assessment()
    response = client.post(f"/a/{token}/page/{last}", data={"action": "next", **page_answers(questionnaire, last)})
    assert response.location == f"/a/{token}/review"


def test_a_page_shows_the_stored_answers(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment()
    answers = dict(zip([q.key for q in questionnaire.dimensions[0].questions], ["presence", "dont_know"], strict=False))
    client.post(f"/a/{token}/page/1", data={"action": "back", **answers})
    checked = get_page(client, f"/a/{token}/page/1").find_all("input", checked=True)
    assert {(radio.get("name"), radio.get("value")) for radio in checked} == set(answers.items())


@pytest.mark.parametrize(
    ("answered_pages", "expected"),
    [
        ([], "page/1"),
        ([1], "page/2"),
        ([1, 2, 4], "page/3"),
        ([2, 3, 4, 5, 6, 7, 8, 9], "page/1"),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9], "review"),
    ],
)
def test_the_resume_link_reopens_at_the_first_page_with_unanswered_questions(
    client: FlaskClient,
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    answered_pages: list[int],
    expected: str,
) -> None:
    token = make_assessment()
    for number in answered_pages:
        client.post(f"/a/{token}/page/{number}", data={"action": "next", **page_answers(questionnaire, number)})
    response = client.get(f"/a/{token}")
    assert response.status_code == 302
    assert response.location == f"/a/{token}/{expected}"


def test_the_resume_link_reopens_a_partly_answered_page(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    answers = all_answers(questionnaire)
    del answers[questionnaire.dimensions[4].questions[-1].key]
    token = make_assessment(answers=answers, submit=False)
    assert client.get(f"/a/{token}").location == f"/a/{token}/page/5"


def test_the_resume_link_of_a_submitted_assessment_shows_the_result(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire))
    assert client.get(f"/a/{token}").location == f"/a/{token}/result"


def test_next_with_unanswered_questions_reshows_the_page_keeping_the_choices_and_stores_nothing(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment()
    keys = [q.key for q in questionnaire.dimensions[0].questions]
    chosen = {keys[0]: "social_business", keys[2]: "dont_know"}
    response = client.post(f"/a/{token}/page/1", data={"action": "next", **chosen}, headers=EN)
    assert response.status_code == 200
    page = parse_html(response)
    summary = page.find(class_="error-summary")
    assert "There is a problem" in summary.text
    assert [a.get("href") for a in summary.find_all("a")] == [f"#{keys[1]}-0", f"#{keys[3]}-0"]
    checked = {(radio.get("name"), radio.get("value")) for radio in page.find_all("input", checked=True)}
    assert checked == set(chosen.items())
    assert count_rows(app, "answers") == 0


@pytest.mark.parametrize(("language", "word"), [("en", "question"), ("nl", "vraag")])
@pytest.mark.parametrize(("page", "blank"), [(1, [3]), (2, [2, 3]), (3, [0, 2])])
def test_the_error_summary_names_the_questions_by_their_number_on_the_page(
    client: FlaskClient,
    questionnaire: Questionnaire,
    language: str,
    word: str,
    page: int,
    blank: list[int],
) -> None:
    """With 1.4 blank it says 1.4 (not 1.1), with 2.3 and 2.4 blank 2.3 and 2.4: where the red markers are."""
    started = client.post("/start", data={"organisation_name": "Acme"}, headers={"Accept-Language": language})
    token = started.location.split("/")[2]
    questions = questionnaire.dimensions[page - 1].questions
    answered = {q.key: "dialogue" for i, q in enumerate(questions) if i not in blank}
    response = client.post(
        f"/a/{token}/page/{page}", data={"action": "next", **answered}, headers={"Accept-Language": language}
    )
    summary = parse_html(response).find(class_="error-summary")
    wanted = [f"{page}.{i + 1}" for i in blank]
    named = [re.search(rf"{word} (\d+\.\d+)", a.text, re.IGNORECASE) for a in summary.find_all("a")]
    assert [m.group(1) for m in named if m] == wanted
    for i, link in zip(blank, summary.find_all("a"), strict=True):
        assert questions[i].text(language) in link.text
        assert link.get("href") == f"#{questions[i].key}-0"


def test_back_stores_what_was_chosen_without_asking_for_the_rest(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment()
    key = questionnaire.dimensions[1].questions[2].key
    response = client.post(f"/a/{token}/page/2", data={"action": "back", key: "presence"})
    assert response.status_code == 302
    assert response.location == f"/a/{token}/page/1"
    assert stored_answers(app) == {key: "presence"}
    assert client.post(f"/a/{token}/page/1", data={"action": "back"}).location == f"/a/{token}/page/1"


@pytest.mark.parametrize("number", [0, 10])
def test_a_page_number_outside_the_questionnaire_is_not_found(
    client: FlaskClient, make_assessment: Callable[..., str], number: int
) -> None:
    assert client.get(f"/a/{make_assessment()}/page/{number}").status_code == 404


# Review and submit


def test_the_review_lists_every_question_with_its_answer_and_a_change_link(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    answers = all_answers(questionnaire, "engagement")
    unanswered = questionnaire.dimensions[2].questions[0]
    del answers[unanswered.key]
    token = make_assessment(answers=answers, submit=False)
    page = get_page(client, f"/a/{token}/review")
    for number, dimension in enumerate(questionnaire.dimensions, start=1):
        for question in dimension.questions:
            row = page.by_id(f"answer-{question.key}")
            assert row.find("dt").text == question.text("en")
            shown = "Not answered" if question is unanswered else question.option("engagement").text("en")
            assert row.find("dd").text == shown
            link = row.find("a")
            assert link.get("href") == f"/a/{token}/page/{number}?review=1#q-{question.key}"
            assert link.text.startswith("Change")
    assert page.find("form", action=f"/a/{token}/submit", method="post")


def test_a_change_from_the_review_returns_to_the_review(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire), submit=False)
    form = get_page(client, f"/a/{token}/page/3?review=1").find("form", action=f"/a/{token}/page/3")
    assert form.find("input", name="review").get("value") == "1"
    data = {"action": "next", "review": "1", **page_answers(questionnaire, 3, "presence")}
    assert client.post(f"/a/{token}/page/3", data=data).location == f"/a/{token}/review"


def test_submitting_an_incomplete_assessment_shows_the_missing_questions(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    answers = all_answers(questionnaire)
    missing = [questionnaire.dimensions[0].questions[1].key, questionnaire.dimensions[8].questions[3].key]
    for key in missing:
        del answers[key]
    token = make_assessment(answers=answers, submit=False)
    response = client.post(f"/a/{token}/submit", headers=EN)
    assert response.status_code == 422
    summary = parse_html(response).find(class_="error-summary")
    assert "There is a problem" in summary.text
    assert [a.get("href") for a in summary.find_all("a")] == [f"#answer-{key}" for key in missing]
    assert client.get(f"/a/{token}/result").location == f"/a/{token}"
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT submitted_at FROM assessments")) is None


def test_submitting_a_complete_assessment_shows_the_result(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire), submit=False)
    response = client.post(f"/a/{token}/submit")
    assert response.status_code == 302
    assert response.location == f"/a/{token}/result"
    assert get_page(client, response.location).find("li", aria_current="step").find(class_="roadmap-name").text == (
        "Dialogue"
    )


def test_editing_after_submission_recomputes_the_result(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire, "dialogue"))
    assert client.get(f"/api/v1/assessments/{token}").get_json()["phase"]["key"] == "dialogue"
    for number in range(1, len(questionnaire.dimensions) + 1):
        data = {"action": "next", "review": "1", **page_answers(questionnaire, number, "engagement")}
        assert client.post(f"/a/{token}/page/{number}", data=data).status_code == 302
    assert client.post(f"/a/{token}/submit").status_code == 302
    page = get_page(client, f"/a/{token}/result")
    assert page.find("li", aria_current="step").find(class_="roadmap-name").text == "Engagement"
    assert "3.0" in page.find(class_="summary-figures").text
    data = client.get(f"/api/v1/assessments/{token}").get_json()
    assert (data["phase"]["key"], data["overall_score"]) == ("engagement", 3.0)


# Delete


def test_delete_asks_for_confirmation_first(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire))
    page = get_page(client, f"/a/{token}/delete")
    assert "Delete this assessment?" in page.find("h1").text
    assert page.find("form", method="post", action=f"/a/{token}/delete").find("button", type="submit")
    assert count_rows(app, "assessments") == 1
    assert count_rows(app, "answers") == len(questionnaire.questions)
    assert client.get(f"/a/{token}/result").status_code == 200


def test_delete_removes_the_assessment_and_every_answer(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire))
    other = make_assessment(name="Other Ltd", answers=all_answers(questionnaire))
    response = client.post(f"/a/{token}/delete")
    assert response.status_code == 302
    assert response.location == "/"
    assert "have been deleted" in get_page(client, "/").find(role="status").text
    for url in (f"/a/{token}", f"/a/{token}/result", f"/a/{token}/review", f"/a/{token}/page/1", f"/a/{token}/link"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/api/v1/assessments/{token}").status_code == 404
    assert count_rows(app, "assessments") == 1
    assert count_rows(app, "answers") == len(questionnaire.questions)
    client.post(f"/a/{other}/delete")
    assert count_rows(app, "answers") == 0


@pytest.mark.parametrize("url", ["/a/{t}", "/a/{t}/link", "/a/{t}/page/1", "/a/{t}/review", "/a/{t}/result"])
def test_an_unknown_token_is_not_found(client: FlaskClient, url: str) -> None:
    response = client.get(url.format(t="A" * 43), headers=EN)
    assert response.status_code == 404
    assert "This link no longer works" in parse_html(response).find("main").text
