"""A round's confidentiality setting as stored: confidential with a minimum of 5 by default, never below 3."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.confidentiality import Confidentiality
from roadmap.models import Client, Round, User
from roadmap.services import rounds
from roadmap.web.confidentiality import confidentiality_in_words
from tests.conftest import count_rows


def test_a_new_round_is_confidential_with_a_minimum_of_five(
    app: Flask, consultant: User, make_client: Callable[..., int], make_round: Callable[..., int]
) -> None:
    client_id = make_client(consultant)
    with app.app_context():
        client = session().get(Client, client_id)
        assert client is not None
        round_ = rounds.create_round(session(), app.extensions["questionnaires"], client, "Baseline", date(2026, 3, 1))
        assert (round_.confidential, round_.minimum_group) == (True, 5)
        assert round_.confidentiality == Confidentiality(confidential=True, minimum_group=5)


@pytest.mark.parametrize(("minimum", "stored"), [(3, True), (12, True), (2, False), (0, False)])
def test_the_database_refuses_a_minimum_below_three(
    app: Flask,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    minimum: int,
    stored: bool,
) -> None:
    round_id = make_round(make_client(consultant))
    with app.app_context():
        round_ = session().get(Round, round_id)
        assert round_ is not None
        round_.minimum_group = minimum
        if stored:
            session().commit()
            session().expire_all()
            assert session().scalar(sa.select(Round.minimum_group).where(Round.id == round_id)) == minimum
        else:
            with pytest.raises(sa.exc.IntegrityError):
                session().commit()
            session().rollback()


def test_the_new_round_form_offers_confidential_with_five_by_default(
    logged_in: FlaskClient, consultant: User, make_client: Callable[..., int]
) -> None:
    html = logged_in.get(f"/clients/{make_client(consultant)}/rounds/new").get_data(as_text=True)
    assert re.search(r'value="confidential" checked', html) and 'value="named">' in html
    assert re.search(r'id="minimum_group"[^>]*value="5"', html)


@pytest.mark.parametrize(
    ("minimum", "message"),
    [
        ("2", "The minimum group size is a whole number from 3 to 1,000."),
        ("five", "The minimum group size is a whole number from 3 to 1,000."),
        ("", "Enter the minimum group size: a whole number of at least 3."),
    ],
)
def test_a_bad_minimum_is_refused_with_a_clear_message_and_stores_nothing(
    app: Flask, logged_in: FlaskClient, consultant: User, make_client: Callable[..., int], minimum: str, message: str
) -> None:
    data = {"name": "Baseline", "held_on": "2026-03-01", "confidentiality": "confidential", "minimum_group": minimum}
    response = logged_in.post(f"/clients/{make_client(consultant)}/rounds/new", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count_rows(app, "rounds") == 0


def test_the_round_form_stores_named_or_confidential_and_edit_changes_it(
    app: Flask, logged_in: FlaskClient, consultant: User, make_client: Callable[..., int]
) -> None:
    data = {"name": "Baseline", "held_on": "2026-03-01", "confidentiality": "named", "minimum_group": "5"}
    response = logged_in.post(f"/clients/{make_client(consultant)}/rounds/new", data=data)
    assert response.status_code == 302
    round_url = response.headers["Location"]
    with app.app_context():
        found = session().scalars(sa.select(Round)).one()
        assert (found.confidential, found.minimum_group) == (False, 5)
    assert "Named: every figure is shown" in logged_in.get(round_url).get_data(as_text=True)

    edit = {**data, "confidentiality": "confidential", "minimum_group": "8"}
    assert logged_in.post(f"{round_url}/edit", data=edit).status_code == 302
    page = logged_in.get(round_url).get_data(as_text=True)
    assert "Confidential: figures only for groups of at least 8 respondents." in page
    assert "for groups of at least 8 respondents, and never with your name" in page  # what respondents are told
    assert logged_in.post(f"{round_url}/edit", data={**edit, "minimum_group": "1"}).status_code == 400
    with app.app_context():
        found = session().scalars(sa.select(Round)).one()
        assert (found.confidential, found.minimum_group) == (True, 8)


@pytest.mark.parametrize(
    ("language", "confidential", "words"),
    [
        ("en", True, "for groups of at least 5 respondents, and never with your name"),
        ("nl", True, "groepen van ten minste 5 respondenten"),
        ("en", False, "This round is named"),
        ("nl", False, "Deze ronde is op naam"),
    ],
)
def test_confidentiality_in_words_for_respondents(app: Flask, language: str, confidential: bool, words: str) -> None:
    with app.test_request_context():
        assert words in confidentiality_in_words(Confidentiality(confidential, 5), language)
