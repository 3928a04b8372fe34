"""The parts the result and questionnaire pages keep between requests (web/page_cache.py): what they show is always
this request's own: its answers, language, questionnaire version, plan, session and posted values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale

from roadmap.domain.questionnaire import Questionnaire
from roadmap.i18n import use_assessment_language
from roadmap.web import assessment as assessment_view
from tests.conftest import all_answers
from tests.web.conftest import EN, Element, answers_with, edit_questionnaire, get_page, page_answers, parse_html
from tests.web.test_versioning import NEW_QUESTION, create, new_version
from tests.web.test_versioning import answers as api_answers


def choose(client: FlaskClient, language: str) -> FlaskClient:
    with client.session_transaction() as chosen:
        chosen["language"] = language
    return client


def scores_table(page: Element) -> dict[str, list[str]]:
    rows = page.find("table", class_="scores").find("tbody").find_all("tr")
    return {row.find("th").text: [cell.text for cell in row.find_all("td")] for row in rows}


def checked(page: Element) -> dict[str, str]:
    """Question key to the checked option of every radio group on the page."""
    return {
        str(i.get("name")): str(i.get("value")) for i in page.find_all("input", type="radio") if i.has("checked", True)
    }


# The result page


def test_a_changed_answer_changes_the_result_shown(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire, "dialogue"))
    first = questionnaire.dimensions[0]
    assert scores_table(get_page(client, f"/a/{token}/result"))[first.name("en")][:2] == ["2.0", "2. Dialogue"]

    # An edit of a submitted assessment, then submitted again (a new revision, a new date).
    assert client.post(f"/a/{token}/page/1", data={"action": "next", **page_answers(questionnaire, 1, "presence")})
    assert scores_table(get_page(client, f"/a/{token}/result"))[first.name("en")][:2] == ["1.0", "1. Presence"]
    client.post(f"/a/{token}/submit")
    page = get_page(client, f"/a/{token}/result")
    assert scores_table(page)[first.name("en")][:2] == ["1.0", "1. Presence"]
    assert page.find(class_="summary-figures").text.startswith("Phase 1. Presence")


def test_the_result_follows_the_language(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire, "engagement"))
    for language in ("en", "nl", "en", "nl"):
        page = parse_html(choose(client, language).get(f"/a/{token}/result"))
        assert page.find("html").get("lang") == language
        names = list(scores_table(page))
        assert names == [d.name(language) for d in questionnaire.dimensions]
        assert ("Why this phase" in page.by_id("why-phase").text) == (language == "en")


def test_two_assessments_never_share_what_their_result_page_shows(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    same = all_answers(questionnaire, "dialogue")
    tokens = {
        "Alpha": make_assessment("Alpha", answers=same),
        "Bravo": make_assessment("Bravo", answers=same),
        "Charlie": make_assessment("Charlie", answers=answers_with(questionnaire, "dialogue", strategy="presence")),
    }
    for round_trip in range(2):
        for name, token in tokens.items():
            response = client.get(f"/a/{token}/result", headers=EN)
            html = response.get_data(as_text=True)
            assert parse_html(response).find("h1").text == f"Result for {name}", round_trip
            for other, other_token in tokens.items():
                assert (other_token in html) == (other == name)
            strategy = scores_table(parse_html(response))[questionnaire.dimensions[0].name("en")]
            assert strategy[0] == ("1.0" if name == "Charlie" else "2.0")


def test_a_new_plan_action_shows_on_a_result_already_seen(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire, "presence"))
    assert "Make an action plan" in get_page(client, f"/a/{token}/result").text
    added = client.post(
        f"/a/{token}/plan",
        data={
            "title": "Write a webcare policy",
            "topic": "",
            "owner": "",
            "due_on": "",
            "status": "planned",
            "note": "",
        },
    )
    assert added.status_code == 302
    page = get_page(client, f"/a/{token}/result")
    assert "Write a webcare policy" in page.text and "Change the action plan" in page.text


def test_each_questionnaire_version_shows_its_own_result(
    make_web_app: Callable[..., Flask], questionnaire_folder: Path
) -> None:
    before = make_web_app(QUESTIONNAIRE_FOLDER=str(questionnaire_folder)).test_client()
    old = create(before, api_answers(before, "dialogue"))["token"]
    edit_questionnaire(questionnaire_folder, new_version)
    client = make_web_app(QUESTIONNAIRE_FOLDER=str(questionnaire_folder)).test_client()
    new = create(client, api_answers(client, "dialogue"))["token"]
    for _twice in range(2):
        old_topics = list(scores_table(get_page(client, f"/a/{old}/result")))
        new_topics = list(scores_table(get_page(client, f"/a/{new}/result")))
        assert "Tools and integration" in old_topics
        assert new_topics == old_topics[:-1]  # the new version has one topic fewer
    for _twice in range(2):  # the questions and options of each version, also once its page is kept
        old_page, new_page = get_page(client, f"/a/{old}/page/1").text, get_page(client, f"/a/{new}/page/1").text
        assert NEW_QUESTION in new_page and "Changed option text." in new_page
        assert NEW_QUESTION not in old_page and "Changed option text." not in old_page


def test_a_result_seen_again_is_not_worked_out_again(
    client: FlaskClient,
    make_assessment: Callable[..., str],
    questionnaire: Questionnaire,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = make_assessment(answers=all_answers(questionnaire, "dialogue"))
    explained: list[object] = []
    explain = assessment_view.explain
    monkeypatch.setattr(assessment_view, "explain", lambda *given: explained.append(given) or explain(*given))
    first = get_page(client, f"/a/{token}/result")
    again = get_page(client, f"/a/{token}/result")
    assert len(explained) == 1
    assert again.find("main").text == first.find("main").text
    choose(client, "nl").get(f"/a/{token}/result")
    assert len(explained) == 2  # another language: worked out for it


# The questionnaire page


def test_the_checked_answers_are_each_assessments_own(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    keys = [q.key for q in questionnaire.dimensions[0].questions]
    empty = make_assessment("Empty", answers=None)
    chosen = make_assessment("Chosen", answers=page_answers(questionnaire, 1, "engagement"), submit=False)
    for _twice in range(2):
        assert checked(get_page(client, f"/a/{empty}/page/1")) == {}
        assert checked(get_page(client, f"/a/{chosen}/page/1")) == dict.fromkeys(keys, "engagement")
    client.post(f"/a/{chosen}/page/1", data={"action": "next", **page_answers(questionnaire, 1, "presence")})
    assert checked(get_page(client, f"/a/{chosen}/page/1")) == dict.fromkeys(keys, "presence")
    assert checked(get_page(client, f"/a/{empty}/page/1")) == {}


def test_a_failed_save_shows_what_was_chosen_and_the_errors_then_the_stored_answers_again(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    keys = [q.key for q in questionnaire.dimensions[0].questions]
    stored = dict.fromkeys(keys[:2], "engagement")
    token = make_assessment(answers=stored, submit=False)
    assert checked(get_page(client, f"/a/{token}/page/1")) == stored  # and these fieldsets are kept
    posted = {keys[0]: "presence", keys[1]: "dialogue"}
    response = client.post(f"/a/{token}/page/1", data={"action": "next", **posted}, headers=EN)
    assert response.status_code == 200
    page = parse_html(response)
    assert checked(page) == posted
    unanswered = [f.get("id") for f in page.find_all("fieldset") if f.has("class", "has-error")]
    assert unanswered == [f"q-{key}" for key in keys[2:]]
    assert page.find(class_="error-summary")
    again = get_page(client, f"/a/{token}/page/1")
    assert checked(again) == stored
    assert not [f for f in again.find_all("fieldset") if f.has("class", "has-error")]


def test_the_questions_follow_the_language(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=None)
    question = questionnaire.dimensions[0].questions[0]
    for language in ("en", "nl", "en"):
        text = parse_html(choose(client, language).get(f"/a/{token}/page/1")).by_id(f"q-{question.key}").text
        assert question.text(language) in text
        assert all(option.text(language) in text for option in question.options)


def test_each_visitor_gets_their_own_csrf_token(make_web_app: Callable[..., Flask]) -> None:
    app = make_web_app(WTF_CSRF_ENABLED=True)
    tokens = []
    for _visitor in range(2):
        client = app.test_client()
        start = parse_html(client.get("/start"))
        csrf = start.find("input", name="csrf_token").get("value")
        started = client.post("/start", data={"organisation_name": "Acme Ltd", "csrf_token": csrf})
        token = started.location.split("/")[2]
        page = parse_html(client.get(f"/a/{token}/page/1"))
        tokens.append(page.find("form", method="post").find("input", name="csrf_token").get("value"))
    assert tokens[0] and tokens[1] and tokens[0] != tokens[1]


# The translations of a request (roadmap.i18n.page_translations)


def test_templates_follow_a_forced_or_refreshed_language_within_one_request(app: Flask) -> None:
    template = app.jinja_env.from_string(
        '{{ _("Log out") }}: {{ gettext("%(first)s and %(last)s", first="<b>", last="Bo") }}'
    )
    english, dutch = "Log out: &lt;b&gt; and Bo", "Uitloggen: &lt;b&gt; en Bo"  # escaped, as Jinja's own gettext does
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert template.render() == english
        with force_locale("nl"):
            assert template.render() == dutch
        assert template.render() == english
        use_assessment_language("nl")  # a page of an assessment started in Dutch: refresh()
        assert template.render() == dutch
