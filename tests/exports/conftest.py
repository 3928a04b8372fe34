"""Fixtures for the exports: a round of a client with awkward names, respondents who disagree, another consultant."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import Flask

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Invitation, User
from tests.conftest import all_answers
from tests.workspace.conftest import (  # noqa: F401  (fixtures used by the tests here)
    consultant,
    invite,
    logged_in,
    login,
    make_client,
    make_round,
    make_user,
    respond,
)

# Names a spreadsheet would read as formulas, and text beyond ASCII.
CLIENT_NAME = "@Acme Ünïcode €"
ROUND_NAME = "+Baseline 2026"
MARKETING_NAME = '=HYPERLINK("http://evil.example","click")'
BOARD_NAME = "-Bob de Bóer"
ODD_DEPARTMENT = "\tcmd|calc"


@dataclass(frozen=True)
class ExportRound:
    client_id: int
    round_id: int
    marketing: int  # invitation ids
    board: int
    waiting: int
    odd: int


@pytest.fixture
def export_round(
    app: Flask,
    consultant: User,  # noqa: F811
    make_client: Callable[..., int],  # noqa: F811
    make_round: Callable[..., int],  # noqa: F811
    invite: Callable[..., tuple[int, str]],  # noqa: F811
    respond: Callable[..., None],  # noqa: F811
    questionnaire: Questionnaire,
) -> ExportRound:
    """Marketing answers phase 3 everywhere, the board phase 1 (so every topic is 2 apart: not aligned), a
    respondent in an odd department phase 2 but not submitted, and one who never started."""
    client_id = make_client(consultant, CLIENT_NAME)
    round_id = make_round(client_id, ROUND_NAME)
    marketing, marketing_token = invite(round_id, "marketing", MARKETING_NAME)
    board, board_token = invite(round_id, "board", BOARD_NAME)
    waiting, _ = invite(round_id, "hr")
    odd, odd_token = invite(round_id, "other")
    respond(marketing_token, all_answers(questionnaire, "engagement"))
    respond(board_token, all_answers(questionnaire, "presence"))
    respond(odd_token, all_answers(questionnaire, "dialogue"), submit=False)
    with app.app_context():  # a department from before the list of choices, or from a careless import
        session().execute(sa.update(Invitation).where(Invitation.id == odd).values(department=ODD_DEPARTMENT))
        session().commit()
    return ExportRound(client_id, round_id, marketing, board, waiting, odd)
