"""Any id, any size: a number in a URL beyond the database's integer range is "page not found" on every route, as
an id that does not exist, never an overflow error (SQLite: OverflowError; PostgreSQL: integer out of range)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.models import User
from roadmap.security import MAX_URL_LENGTH
from tests.workspace.test_access import POST_DATA

NUMBER = re.compile(r"<int:\w+>")


# The last one has more digits than Python's int() reads from a string (4,300).
@pytest.mark.parametrize(
    "number", [str(2**31), str(2**63), str(10**20), "9" * 5000], ids=["2**31", "2**63", "10**20", "5000 digits"]
)
def test_every_route_with_a_number_answers_404_for_one_too_large(
    app: Flask, logged_in: FlaskClient, make_assessment: Callable[..., str], number: str
) -> None:
    token = make_assessment(submit=False)  # so that /a/<token>/page/<int:number> reaches its number
    answers, expected = {}, {}
    for rule in app.url_map.iter_rules():
        if not NUMBER.search(rule.rule):
            continue
        url = NUMBER.sub(number, rule.rule).replace("<token>", token)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            response = logged_in.post(url, data=POST_DATA) if method == "POST" else logged_in.get(url)
            answers[f"{method} {rule.rule}"] = response.status_code
            # A route with two numbers of 5,000 digits has an address too long to read at all.
            expected[f"{method} {rule.rule}"] = 414 if len(url) > MAX_URL_LENGTH else 404
    assert len(answers) >= 15
    assert answers == expected


@pytest.mark.parametrize("value", ["²", "9" * 5000, str(2**63)])
def test_comparing_clients_of_impossible_ids_says_they_do_not_exist(
    logged_in: FlaskClient, consultant: User, make_client: Callable[..., int], value: str
) -> None:
    client_id = make_client(consultant)
    response = logged_in.get(
        "/portfolio", query_string={"compare": [value, str(client_id)]}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 200
    assert "One of the chosen clients does not exist." in response.get_data(as_text=True)
