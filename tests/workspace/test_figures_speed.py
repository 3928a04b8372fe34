"""The consultant's pages stay fast: query counts that do not grow, caches that follow every change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, format_decimal

from benchmarks.portfolio import counted_statements, load_portfolio
from roadmap.db import session
from roadmap.models import Assessment, Client, Invitation, Round, User
from roadmap.services.assessments import token_hash
from roadmap.web.formatting import score_formatter
from tests.workspace.conftest import login
from tests.workspace.pages import every, names_in_table, row, table


@pytest.fixture
def count_get(app: Flask, logged_in: FlaskClient) -> Callable[[str], int]:
    def count(url: str) -> int:
        with counted_statements(app) as statements:
            assert logged_in.get(url).status_code == 200
        return len(statements)

    return count


def bulk(app: Flask, consultant: User, clients: int, rounds: int = 3) -> list[int]:
    with app.app_context():
        user = session().get(User, consultant.id)
        assert user is not None
        return load_portfolio(session(), app.extensions["questionnaires"], user, clients, rounds, respondents=3)


def view_counts(app: Flask, count_get: Callable[[str], int], score: float) -> tuple[int, int, int]:
    """Statements of a view after a bulk change (everything read again), with nothing changed, and after one
    respondent's scores changed (that client read again)."""
    everything = count_get("/portfolio")
    unchanged = count_get("/portfolio")
    with app.app_context():
        assessment = session().scalar(sa.select(Assessment).where(Assessment.submitted_at.is_not(None)).limit(1))
        assert assessment is not None and assessment.submitted_scores
        assessment.submitted_scores = {key: score for key in assessment.submitted_scores}
        session().commit()
    return everything, unchanged, count_get("/portfolio")


def test_portfolio_query_count_does_not_grow_with_clients(
    app: Flask, consultant: User, count_get: Callable[[str], int]
) -> None:
    bulk(app, consultant, 1)
    count_get("/portfolio")  # kept from here on
    bulk(app, consultant, 2)
    three = view_counts(app, count_get, 1.5)  # the new rounds are not cached yet: their scores are loaded
    bulk(app, consultant, 6)
    nine = view_counts(app, count_get, 2.5)
    assert three == nine
    assert nine[1] <= 3  # nothing changed: the user, the stamp (and the questionnaire versions at most)


def test_client_page_query_count_does_not_grow_with_rounds(
    app: Flask, consultant: User, count_get: Callable[[str], int]
) -> None:
    one_round = bulk(app, consultant, 1, rounds=1)[0]
    three_rounds = bulk(app, consultant, 1, rounds=3)[0]
    assert count_get(f"/clients/{one_round}") == count_get(f"/clients/{three_rounds}")


def test_a_new_submission_is_not_hidden_by_the_cache(
    app: Flask,
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    keys: list[str],
) -> None:
    client_id = make_client(consultant, "Alpha")
    round_id = add_round(client_id, "R1", date(2025, 1, 1), [("board", every(keys, 1.0))])
    assert row(table(logged_in.get("/portfolio").get_data(as_text=True), "portfolio"), "Alpha")[3] == "1.0"
    with app.app_context():
        round_ = session().get(Round, round_id)
        assert round_ is not None
        session().add(
            Invitation(
                round=round_,
                department="it",
                link_nonce="n",
                assessment=Assessment(
                    token_hash=token_hash("later"),
                    questionnaire_version_id=round_.questionnaire_version_id,
                    organisation_name="x",
                    submitted_at=datetime.now(UTC),
                    submitted_scores=every(keys, 3.0),
                ),
            )
        )
        session().commit()
    assert row(table(logged_in.get("/portfolio").get_data(as_text=True), "portfolio"), "Alpha")[3] == "2.0"


def test_fast_score_format_is_babels(app: Flask) -> None:
    for language in ("en", "nl"):
        with app.test_request_context(), force_locale(language):
            for value in (
                1.0,
                1.05,
                1.15,
                2.25,
                2.35,
                2.45,
                3.999,
                3.95,
                1.2345,
                2.5,
                10 / 3,
                4.0,
                1.125,
                2.0500001,
                0.95,
                3,
                2.15,
            ):
                assert score_formatter()(value) == format_decimal(value, format="0.0"), (language, value)


def test_kept_portfolio_content_follows_changes_and_users(
    app: Flask, client: FlaskClient, portfolio: dict[str, int], make_user: Callable[..., User], keys: list[str]
) -> None:
    assert "Alpha" in client.get("/portfolio").get_data(as_text=True)
    with app.app_context():
        alpha = session().get(Client, portfolio["Alpha"])
        assert alpha is not None
        alpha.name = "Aardvark"
        session().commit()
    html = client.get("/portfolio").get_data(as_text=True)
    assert names_in_table(html)[0] == "Aardvark"
    other = make_user("ben@example.org")
    client.post("/logout")
    login(client, other.email)
    html = client.get("/portfolio").get_data(as_text=True)
    assert "Aardvark" not in html and "No clients yet" in html
