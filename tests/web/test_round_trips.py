"""The questionnaire and result pages read the database in one statement, outside a transaction (`db.read_only`):
on PostgreSQL every statement, BEGIN and ROLLBACK is a round trip. What they show stays complete (the plan, in its
order), and the next request's statements are in a transaction again."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from benchmarks.portfolio import counted_statements
from roadmap.domain.questionnaire import Questionnaire
from tests.conftest import all_answers
from tests.web.conftest import get_page, page_answers


def autocommit(dbapi_connection: Any) -> bool:
    """Whether the driver runs each statement on its own (no BEGIN before it). SQLite's begins none before reading
    in any case, so `read_only` leaves it as it is there."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        return dbapi_connection.isolation_level is None
    return bool(dbapi_connection.autocommit)


def outside_a_transaction(app: Flask) -> bool:
    """What a read-only page's statements should show: autocommit on PostgreSQL, SQLite's driver as it is."""
    return not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def statements(app: Flask) -> AbstractContextManager[list[tuple[str, bool]]]:
    """Every statement the app runs meanwhile, with whether it ran outside a transaction."""
    return counted_statements(app, lambda connection, text: (text, autocommit(connection.connection.dbapi_connection)))


def add_action(client: FlaskClient, token: str, title: str) -> None:
    fields = {"topic": "", "owner": "", "due_on": "", "status": "planned", "note": ""}
    assert client.post(f"/a/{token}/plan", data={"title": title, **fields}).status_code == 302


def test_a_result_seen_before_is_one_statement_outside_a_transaction_and_shows_the_plan_in_order(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment(answers=all_answers(questionnaire, "dialogue"))
    for title in ("Write a webcare policy", "Name an owner", "Train the team"):
        add_action(client, token, title)
    get_page(client, f"/a/{token}/result")  # the result itself is kept from here on

    with statements(app) as seen:
        page = get_page(client, f"/a/{token}/result")

    assert [outside for _text, outside in seen] == [outside_a_transaction(app)], seen
    rows = page.find("section", aria_labelledby="action-plan-title").find("tbody").find_all("tr")
    assert [row.find("th").text for row in rows] == ["Write a webcare policy", "Name an owner", "Train the team"]


def test_a_questionnaire_page_is_one_statement_outside_a_transaction(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment()
    get_page(client, f"/a/{token}/page/1")

    with statements(app) as seen:
        get_page(client, f"/a/{token}/page/1")

    assert [outside for _text, outside in seen] == [outside_a_transaction(app)], seen


@pytest.mark.parametrize("after", ["result page", "questionnaire page"])
def test_the_next_request_writes_in_a_transaction_again(
    app: Flask, client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, after: str
) -> None:
    token = make_assessment(answers=all_answers(questionnaire, "dialogue"))
    get_page(client, f"/a/{token}/result" if after == "result page" else f"/a/{token}/page/1")

    with statements(app) as seen:
        saved = client.post(f"/a/{token}/page/1", data={"action": "next", **page_answers(questionnaire, 1, "presence")})

    assert saved.status_code == 302
    writes = [text for text, outside in seen if not text.lstrip().upper().startswith("SELECT")]
    assert writes, seen
    assert not any(outside for _text, outside in seen), seen
