"""Following a round on its page: answers (x of N), activity, e-mails, response rate, days left; sortable."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Invitation, Round
from roadmap.services import delivery
from roadmap.services.rounds import current_token
from tests.conftest import all_answers
from tests.invitations.conftest import Handler, import_lines

NONE = "\u2013"  # the dash of an empty cell
THREE = "Ann, ann@example.org, it\nBen, ben@example.org, hr\nCas, cas@example.org, board"


def tokens(app: Flask) -> dict[str, str]:
    with app.app_context():
        secret = app.config["SECRET_KEY"]
        return {i.name or "": current_token(secret, i) or "" for i in session().scalars(sa.select(Invitation))}


def rows(html: str) -> list[list[str]]:
    """The respondents table's cells, as text."""
    body = html.split('id="invitations-caption"', 1)[1].split("</tbody>", 1)[0].split("<tbody>", 1)[1]
    return [
        [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


@pytest.fixture
def followed(
    app: Flask,
    logged_in: FlaskClient,
    open_round: int,
    smtp: Handler,
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> int:
    """Ann submitted, Ben answered two questions, Cas has not started; the deadline is in five days."""
    import_lines(logged_in, open_round, THREE)
    found = tokens(app)
    respond(found["Ann"], all_answers(questionnaire))
    first, second = questionnaire.questions[:2]
    respond(found["Ben"], {first.key: "dialogue", second.key: "dialogue"}, submit=False)
    with app.app_context():
        round_ = session().get(Round, open_round)
        assert round_ is not None
        delivery.set_schedule(session(), round_, datetime.now(UTC).date() + timedelta(days=5), [3, 1])
    return open_round


def test_the_round_page_follows_every_respondent(
    logged_in: FlaskClient, followed: int, questionnaire: Questionnaire
) -> None:
    html = logged_in.get(f"/rounds/{followed}").get_data(as_text=True)
    total = len(questionnaire.questions)
    table = {row[0]: row for row in rows(html)}
    ann, ben, cas = table["Ann"], table["Ben"], table["Cas"]
    assert ann[3] == "Submitted" and ann[4] == f"{total} of {total}" and ann[6] != NONE
    assert ben[3] == "Started" and ben[4] == f"2 of {total}" and ben[5] != NONE and ben[6] == NONE
    assert cas[3] == "Not started" and cas[4] == f"0 of {total}" and cas[5] == NONE
    assert all(row[7].startswith("1 sent Latest (invitation): sent") for row in table.values())
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "3 respondents invited: 1 has submitted, 1 has started, 1 has not started." in text
    assert "Response rate: 33%." in text
    assert "5 days to the deadline" in text


def test_the_counts_in_words_follow_the_number(logged_in: FlaskClient, open_round: int, smtp: Handler) -> None:
    import_lines(logged_in, open_round, "Ann, ann@example.org, it")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", logged_in.get(f"/rounds/{open_round}").get_data(as_text=True)))
    assert "1 respondent invited: 0 have submitted, 0 have started, 1 has not started." in text
    assert "Response rate: 0%." in text


@pytest.mark.parametrize(
    ("sort", "direction", "order"),
    [
        ("name", "asc", ["Ann", "Ben", "Cas"]),
        ("name", "desc", ["Cas", "Ben", "Ann"]),
        ("answered", "desc", ["Ann", "Ben", "Cas"]),
        ("answered", "asc", ["Cas", "Ben", "Ann"]),
        ("state", "asc", ["Cas", "Ben", "Ann"]),
        ("department", "asc", ["Cas", "Ben", "Ann"]),  # board, hr, it
        ("submitted", "desc", ["Ann", "Ben", "Cas"]),
        ("activity", "desc", ["Ben", "Ann", "Cas"]),  # Ben answered after Ann submitted
    ],
)
def test_the_table_sorts_by_any_column(
    logged_in: FlaskClient, followed: int, sort: str, direction: str, order: list[str]
) -> None:
    html = logged_in.get(f"/rounds/{followed}?sort={sort}&dir={direction}").get_data(as_text=True)
    assert [row[0] for row in rows(html)] == order
    assert f'aria-sort="{"descending" if direction == "desc" else "ascending"}"' in html


def test_an_unknown_sort_says_so_and_sorts_by_name(logged_in: FlaskClient, followed: int) -> None:
    html = logged_in.get(f"/rounds/{followed}?sort=evil&dir=up").get_data(as_text=True)
    assert "The table cannot be sorted that way: sorted by name instead." in html
    assert [row[0] for row in rows(html)] == ["Ann", "Ben", "Cas"]


def test_the_round_page_in_dutch(logged_in: FlaskClient, followed: int) -> None:
    logged_in.post("/language", data={"language": "nl"})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", logged_in.get(f"/rounds/{followed}").get_data(as_text=True)))
    assert "3 respondenten uitgenodigd: 1 heeft ingestuurd, 1 is begonnen, 1 is nog niet begonnen." in text
    assert "Nog 5 dagen tot de uiterste datum" in text
    assert "Respons: 33%." in text
