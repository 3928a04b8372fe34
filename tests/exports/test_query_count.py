"""The score exports read the database in a fixed number of queries, however many clients and respondents."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from benchmarks.portfolio import counted_statements
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from tests.conftest import all_answers


def test_score_and_response_exports_do_not_query_per_client_or_respondent(
    app: Flask,
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> None:
    def add_client(number: int) -> int:
        round_id = make_round(make_client(consultant, f"Client {number}"))
        for department in ("marketing", "board"):
            respond(invite(round_id, department)[1], all_answers(questionnaire))
        return round_id

    first_round = add_client(1)

    def queries(url: str) -> int:
        with counted_statements(app) as statements:
            assert logged_in.get(url).status_code == 200
        return len(statements)

    # Both once first: what a process reads once and keeps (the round's questionnaire version) depends on the tests
    # before, and the portfolio's figures are kept from then on (services.portfolio_kept). Both are measured after a
    # change: a client added, then four more; the changed clients are read again, in a fixed number of queries.
    queries(f"/rounds/{first_round}/responses.csv")
    queries("/portfolio/scores.csv")
    add_client(2)
    few = (queries("/portfolio/scores.csv"), queries(f"/rounds/{first_round}/responses.csv"))
    for number in range(3, 7):
        add_client(number)
    invite(first_round, "hr")  # one more respondent in the first round, not started
    many = (queries("/portfolio/scores.csv"), queries(f"/rounds/{first_round}/responses.csv"))
    assert many == few, (few, many)
    assert few[0] <= 9 and few[1] <= 9, few  # one of them the audit log's record of the download
