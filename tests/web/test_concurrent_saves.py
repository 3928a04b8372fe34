"""Two tabs saving the same page: nothing is lost or corrupted, the later save wins, the revision counts both."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask
from sqlalchemy.orm import Session

from roadmap.db import db
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import assess
from roadmap.services import assessments as service
from tests.conftest import all_answers
from tests.web.conftest import page_answers


def stored(app: Flask, token: str) -> tuple[dict[str, str], int]:
    """The answers and revision of an assessment as a new request would read them."""
    with app.app_context(), Session(db.engine) as session:
        assessment = service.find(session, token)
        assert assessment is not None
        return assessment.answer_map, assessment.revision


def test_two_tabs_saving_the_same_new_answers_one_after_the_other_keep_the_later_save(
    app: Flask, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(submit=False)
    earlier, later = page_answers(questionnaire, 1, "presence"), page_answers(questionnaire, 1, "engagement")
    with app.app_context(), Session(db.engine) as tab_a, Session(db.engine) as tab_b:
        in_a, in_b = service.find(tab_a, token), service.find(tab_b, token)
        assert in_a is not None and in_b is not None
        assert in_a.answer_map == in_b.answer_map == {}  # both tabs show the page with nothing answered yet
        service.save_answers(tab_a, in_a, earlier)
        service.save_answers(tab_b, in_b, later)  # tab B still holds the page as it was before tab A saved
        assert in_b.answer_map == later
    answers, revision = stored(app, token)
    assert answers == later
    assert revision == 3  # both saves changed answers


def test_two_tabs_saving_every_page_at_the_same_instant_keep_one_whole_page_each_time(
    app: Flask, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(submit=False)
    pages = len(questionnaire.dimensions)
    options = {"tab a": "dialogue", "tab b": "social_business"}
    errors: list[str] = []

    def tab(name: str, barrier: threading.Barrier, number: int) -> None:
        client = app.test_client()
        data = {"action": "next", **page_answers(questionnaire, number, options[name])}
        barrier.wait()
        try:
            status = client.post(f"/a/{token}/page/{number}", data=data).status_code
        except Exception as error:  # an IntegrityError escapes the test client (TESTING)
            errors.append(f"{name}, page {number}: {type(error).__name__}")
        else:
            if status != 302:
                errors.append(f"{name}, page {number}: {status}")

    for number in range(1, pages + 1):
        barrier = threading.Barrier(2)
        tabs = [threading.Thread(target=tab, args=(name, barrier, number)) for name in options]
        for thread in tabs:
            thread.start()
        for thread in tabs:
            thread.join()
    assert errors == []
    answers, revision = stored(app, token)
    assert revision == 1 + 2 * pages  # every save of every tab changed the page
    for number in range(1, pages + 1):  # each page is wholly one tab's, never a mix
        page = {q.key: answers[q.key] for q in questionnaire.dimensions[number - 1].questions}
        assert page in (page_answers(questionnaire, number, option) for option in options.values())
    with app.app_context(), Session(db.engine) as session:
        assessment = service.find(session, token)
        assert assessment is not None
        assert service.result_of(assessment) == assess(questionnaire, answers)
        assert set(answers) == set(all_answers(questionnaire))
