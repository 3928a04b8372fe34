"""A round's confidentiality setting as stored: confidential with a minimum of 5 by default, never below 3."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask

from roadmap.db import session
from roadmap.domain.confidentiality import Confidentiality
from roadmap.models import Client, Round, User
from roadmap.services import rounds


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
