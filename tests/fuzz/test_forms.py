"""Every HTML form handler under hostile input: never a 500, a refused request stores nothing, and a page sent back
with a mistake keeps what was typed."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from roadmap.db import db
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Assessment
from roadmap.services import assessments as service
from roadmap.web.forms import DEPARTMENTS, SECTORS, SIZE_BANDS
from tests.conftest import all_answers, count_rows
from tests.fuzz.strategies import FUZZ, hostile_text, too_large
from tests.web.conftest import EN, parse_html, stored_answers, token_of

START_FIELDS = ["organisation_name", "sector", "size_band", "department", "role"]
CHOICES = {"sector": SECTORS, "size_band": SIZE_BANDS, "department": DEPARTMENTS}
OPTIONS = ["presence", "dialogue", "engagement", "social_business", "dont_know"]
# A wrong token is not found (404), or makes a path no route has (405), or one with "//" that werkzeug redirects (308).
# 308: werkzeug merges "//"; 414: a token that makes the URL longer than roadmap.security allows.
NO_SUCH_PAGE = (308, 404, 405, 414)
extra_fields = st.dictionaries(st.text(max_size=30), hostile_text, max_size=5)


def stored_assessment(app: Flask, token: str) -> Assessment:
    with app.app_context():
        assessment = service.find(db.session, token)
        assert assessment is not None
        db.session.expunge(assessment)
        return assessment


# POST /start


@st.composite
def start_posts(draw: st.DrawFn) -> dict[str, str]:
    """A start form: each field left out, sensible or hostile, and any extra fields."""
    data = draw(extra_fields)
    sensible = {"organisation_name": ["Acme", "  Acme Ltd  "], "role": ["director"]}
    for field in START_FIELDS:
        choices = [key for key, _ in CHOICES[field]] if field in CHOICES else sensible[field]
        value = draw(st.none() | st.sampled_from(["", *choices]) | hostile_text)
        if value is None:
            data.pop(field, None)
        else:
            data[field] = value
    return data


def test_start_stores_one_assessment_or_nothing_and_keeps_what_was_typed(app: Flask, client: FlaskClient) -> None:
    @FUZZ
    @given(data=start_posts())
    def start(data: dict[str, str]) -> None:
        before = count_rows(app, "assessments")
        response = client.post("/start", data=data, headers=EN)
        if too_large(app, response):
            assert count_rows(app, "assessments") == before
        elif response.status_code == 302:
            assert count_rows(app, "assessments") == before + 1
            stored = stored_assessment(app, token_of(response.location))
            assert stored.organisation_name == data["organisation_name"].strip()
            assert 0 < len(stored.organisation_name) <= 200
            assert not any(ord(c) < 32 for c in stored.organisation_name)
            for field in CHOICES:
                assert getattr(stored, field) == (data.get(field) or None)
        else:
            assert response.status_code == 200
            assert count_rows(app, "assessments") == before
            page = parse_html(response)
            assert page.find("input", name="organisation_name").get("value", "") == data.get("organisation_name", "")
            assert page.find("input", name="role").get("value", "") == data.get("role", "")

    start()


# POST /a/<token>/page/<n>


@st.composite
def page_posts(draw: st.DrawFn, questionnaire: Questionnaire) -> tuple[int, dict[str, str]]:
    """A page number and what a client sends for it: each question answered, mistyped or left out; any extras."""
    number = draw(st.integers(1, len(questionnaire.dimensions)))
    data = draw(extra_fields)
    for question in questionnaire.dimensions[number - 1].questions:
        value = draw(st.none() | st.sampled_from(OPTIONS) | hostile_text)
        if value is None:
            data.pop(question.key, None)
        else:
            data[question.key] = value
    for key, values in (("action", ["next", "back"]), ("review", ["1"])):
        value = draw(st.none() | st.sampled_from(values) | hostile_text)
        if value is not None:
            data[key] = value
    return number, data


def test_a_page_stores_valid_answers_or_nothing_and_keeps_what_was_typed(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment()

    @FUZZ
    @given(post=page_posts(questionnaire))
    def save_page(post: tuple[int, dict[str, str]]) -> None:
        number, data = post
        questions = questionnaire.dimensions[number - 1].questions
        before = stored_answers(app)
        chosen = {q.key: data[q.key] for q in questions if q.option(data.get(q.key, "")) is not None}
        response = client.post(f"/a/{token}/page/{number}", data=data, headers=EN)
        if too_large(app, response):
            assert stored_answers(app) == before
        elif data.get("action") == "back" or len(chosen) == len(questions):
            assert response.status_code == 302
            assert stored_answers(app) == {**before, **chosen}
        else:
            assert response.status_code == 200
            assert stored_answers(app) == before
            page = parse_html(response)
            checked = {i.get("name"): i.get("value") for i in page.find_all("input", type="radio", checked=True)}
            # What was sent stays chosen; a question left out of the post shows its stored answer.
            left_out = {q.key: before[q.key] for q in questions if q.key not in data and q.key in before}
            assert checked == {**left_out, **chosen}

    save_page()
    assert count_rows(app, "assessments") == 1


def test_a_page_number_or_token_out_of_range_is_not_found(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment()

    @FUZZ
    @given(number=st.integers(-5, 10**20), wrong_token=hostile_text.filter(lambda t: t != token))
    def out_of_range(number: int, wrong_token: str) -> None:
        page = all_answers(questionnaire)
        if not 1 <= number <= len(questionnaire.dimensions):
            assert client.post(f"/a/{token}/page/{number}", data=page).status_code == 404
        assert client.post(f"/a/{quote(wrong_token, safe='')}/page/1", data=page).status_code in NO_SUCH_PAGE
        assert count_rows(app, "answers") == 0

    out_of_range()


# POST /a/<token>/submit, POST /a/<token>/delete, POST /language: their only field is the CSRF token.


def test_submit_with_any_form_changes_only_the_submission(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    complete = make_assessment(answers=all_answers(questionnaire), submit=False)
    half = make_assessment(answers={questionnaire.questions[0].key: "dialogue"}, submit=False)

    @FUZZ
    @given(data=extra_fields)
    def submit(data: dict[str, str]) -> None:
        before = stored_answers(app)
        response = client.post(f"/a/{half}/submit", data=data, headers=EN)
        assert too_large(app, response) or response.status_code == 422
        assert stored_assessment(app, half).submitted_at is None
        response = client.post(f"/a/{complete}/submit", data=data)
        if not too_large(app, response):
            assert response.status_code == 302
            assert stored_assessment(app, complete).submitted_at is not None
        assert stored_answers(app) == before

    submit()


def test_a_forged_form_changes_nothing(make_web_app: Callable[..., Flask]) -> None:
    app = make_web_app(WTF_CSRF_ENABLED=True)
    questionnaire = app.extensions["questionnaires"].default
    with app.app_context():
        token, _ = service.start(
            db.session, app.extensions["questionnaires"], questionnaire.id, service.Profile("Acme"), "en"
        )

    @FUZZ
    @given(data=extra_fields, csrf_token=st.none() | hostile_text, language=st.sampled_from(["en", "nl"]))
    def forged(data: dict[str, str], csrf_token: str | None, language: str) -> None:
        if csrf_token is not None:
            data = {**data, "csrf_token": csrf_token}
        client = app.test_client()
        for url in [f"/a/{token}/submit", f"/a/{token}/delete", f"/a/{token}/page/1", "/start"]:
            response = client.post(url, data={**all_answers(questionnaire), **data})
            assert too_large(app, response) or response.status_code == 400
        response = client.post("/language", data={**data, "language": language})
        assert too_large(app, response) or response.status_code == 400
        with client.session_transaction() as session:
            assert "language" not in session
        assert count_rows(app, "assessments") == 1
        assert count_rows(app, "answers") == 0
        assert stored_assessment(app, token).submitted_at is None

    forged()


def test_delete_with_any_form_deletes_only_its_own_assessment(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    keep = make_assessment(answers=all_answers(questionnaire))

    @FUZZ
    @given(data=extra_fields, wrong_token=hostile_text.filter(lambda t: t != keep))
    def delete(data: dict[str, str], wrong_token: str) -> None:
        assert client.post(f"/a/{quote(wrong_token, safe='')}/delete", data=data).status_code in NO_SUCH_PAGE
        assert count_rows(app, "assessments") == 1
        with app.app_context():
            catalogue = app.extensions["questionnaires"]
            victim, _ = service.create_complete(
                db.session, catalogue, questionnaire.id, service.Profile("Victim"), all_answers(questionnaire), "en"
            )
        response = client.post(f"/a/{victim}/delete", data=data)
        if too_large(app, response):
            assert count_rows(app, "assessments") == 2  # nothing deleted; then without the huge fields
            assert client.post(f"/a/{victim}/delete").status_code == 302
        else:
            assert response.status_code == 302
        assert client.get(f"/a/{victim}").status_code == 404
        assert count_rows(app, "assessments") == 1
        assert count_rows(app, "answers") == len(questionnaire.questions)

    delete()


def test_the_language_switch_sets_only_a_known_language_and_returns_only_to_this_site(app: Flask) -> None:
    @FUZZ
    @given(
        language=st.none() | st.sampled_from(["en", "nl"]) | hostile_text,
        next_url=st.none() | st.sampled_from(["/", "/start", "//evil.example", "/a\nb"]) | hostile_text,
        extras=extra_fields,
    )
    def switch(language: str | None, next_url: str | None, extras: dict[str, str]) -> None:
        data = {**extras, **({"language": language} if language is not None else {})}
        data |= {"next": next_url} if next_url is not None else {}
        if language is None:
            data.pop("language", None)
        if next_url is None:
            data.pop("next", None)
        client = app.test_client()
        response = client.post("/language", data=data)
        if too_large(app, response):
            with client.session_transaction() as session:
                assert "language" not in session
            return
        assert response.status_code == 302
        location = response.headers["Location"]
        assert location.startswith("/") and not location.startswith("//") and "\\" not in location
        with client.session_transaction() as session:
            assert session.get("language") == (language if language in ("en", "nl") else None)

    switch()
