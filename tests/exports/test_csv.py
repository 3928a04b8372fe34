"""CSV exports: the rows, and no exported cell starting a formula (the file format: tests/render/test_csv.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Assessment, Invitation, User
from roadmap.services.exports import RESPONSE_COLUMNS, SCORE_COLUMNS
from tests.exports.conftest import (
    BOARD_NAME,
    CLIENT_NAME,
    MARKETING_NAME,
    ODD_DEPARTMENT,
    ROUND_NAME,
    ExportRound,
)

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def parse(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), content[:10]
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_responses_csv_has_a_row_per_respondent_and_question(
    logged_in: FlaskClient, export_round: ExportRound, questionnaire: Questionnaire
) -> None:
    response = logged_in.get(f"/rounds/{export_round.round_id}/responses.csv?lang=en")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition == "attachment; filename=roadmap-acme-unicode-baseline-2026-responses-en.csv"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.data.endswith(b"\r\n") and b"\n" not in response.data.replace(b"\r\n", b"")

    header, *rows = parse(response.data)
    assert tuple(header) == RESPONSE_COLUMNS
    questions = questionnaire.questions
    assert len(rows) == 4 * len(questions)  # every invited respondent, submitted or not
    records = [dict(zip(header, row, strict=True)) for row in rows]
    by_invitation: dict[int, list[dict[str, str]]] = {}
    for record in records:
        by_invitation.setdefault(int(record["invitation_id"]), []).append(record)

    marketing = by_invitation[export_round.marketing]
    first = questions[0]
    dimension = next(d for d in questionnaire.dimensions if first in d.questions)
    option = first.option("engagement")
    assert option is not None
    assert marketing[0] | {"submitted_at": ""} == {
        "round_id": str(export_round.round_id),
        "round": "'" + ROUND_NAME,
        "client": "'" + CLIENT_NAME,
        "invitation_id": str(export_round.marketing),
        "department": "marketing",
        "respondent": "'" + MARKETING_NAME,
        "submitted": "true",
        "submitted_at": "",
        "dimension": dimension.key,
        "question": first.key,
        "question_text": first.text("en"),
        "option": "engagement",
        "option_label": option.text("en"),
        "option_score": "3",
    }
    submitted_at = datetime.fromisoformat(marketing[0]["submitted_at"])
    assert submitted_at.year >= 2026 and submitted_at.utcoffset() is not None
    assert [r["question"] for r in marketing] == [q.key for q in questions]
    assert {r["respondent"] for r in by_invitation[export_round.board]} == {"'" + BOARD_NAME}
    assert {r["option_score"] for r in by_invitation[export_round.board]} == {"1"}

    odd = by_invitation[export_round.odd]  # answered, not submitted, in a department that starts with a tab
    assert {r["department"] for r in odd} == {"'" + ODD_DEPARTMENT}
    assert {(r["submitted"], r["submitted_at"], r["option_score"]) for r in odd} == {("false", "", "2")}
    waiting = by_invitation[export_round.waiting]
    assert {(r["respondent"], r["option"], r["option_label"], r["option_score"]) for r in waiting} == {("", "", "", "")}


def test_responses_csv_in_dutch_has_dutch_questions_and_answers(
    logged_in: FlaskClient, export_round: ExportRound, questionnaire: Questionnaire
) -> None:
    header, first, *_ = parse(logged_in.get(f"/rounds/{export_round.round_id}/responses.csv?lang=nl").data)
    row = dict(zip(header, first, strict=True))
    question = questionnaire.questions[0]
    option = question.option("engagement")
    assert option is not None and question.text("nl") != question.text("en")
    assert (row["question_text"], row["option_label"]) == (question.text("nl"), option.text("nl"))


def no_cell_starts_a_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(tuple(FORMULA_STARTS)), (cell, row)


def test_no_exported_text_cell_starts_a_formula(logged_in: FlaskClient, export_round: ExportRound) -> None:
    for url in (
        f"/rounds/{export_round.round_id}/responses.csv",
        f"/clients/{export_round.client_id}/scores.csv",
        "/portfolio/scores.csv",
    ):
        no_cell_starts_a_formula(parse(logged_in.get(url).data))


def test_client_scores_csv_has_a_row_per_round_and_dimension(
    logged_in: FlaskClient,
    export_round: ExportRound,
    questionnaire: Questionnaire,
    make_round: Callable[..., int],
) -> None:
    later = make_round(export_round.client_id, "Follow-up", date(2026, 9, 1))  # no respondents yet
    response = logged_in.get(f"/clients/{export_round.client_id}/scores.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=roadmap-acme-unicode-scores-en.csv"
    header, *rows = parse(response.data)
    assert tuple(header) == SCORE_COLUMNS
    dimensions = questionnaire.dimensions
    assert len(rows) == 2 * len(dimensions)
    records = [dict(zip(header, row, strict=True)) for row in rows]
    baseline, follow_up = records[: len(dimensions)], records[len(dimensions) :]
    assert baseline[0] == {
        "client_id": str(export_round.client_id),
        "client": "'" + CLIENT_NAME,
        "round_id": str(export_round.round_id),
        "round": "'" + ROUND_NAME,
        "date": "2026-03-01",
        "closed": "false",
        "dimension": dimensions[0].key,
        "dimension_name": dimensions[0].name("en"),
        "mean_score": "2.0",  # marketing 3, the board 1; the unsubmitted respondent does not count
        "phase": "2",
        "respondents": "2",
        "lowest": "1.0",
        "highest": "3.0",
        "spread": "2.0",
        "not_aligned": "true",
        "sector": "",
        "size_band": "",
        "overall_score": "2.0",
        "overall_phase": "2",
    }
    assert [r["dimension"] for r in baseline] == [d.key for d in dimensions]
    assert {(r["round_id"], r["date"], r["mean_score"], r["respondents"], r["not_aligned"]) for r in follow_up} == {
        (str(later), "2026-09-01", "", "0", "false")
    }


def test_portfolio_scores_csv_has_all_own_clients_and_no_one_elses(
    app: Flask,
    logged_in: FlaskClient,
    export_round: ExportRound,
    consultant: User,
    make_user: Callable[..., User],
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    questionnaire: Questionnaire,
) -> None:
    make_round(make_client(consultant, "Beta BV"), "Start")
    make_round(make_client(make_user("ben@example.org"), "Ben's client"), "Secret round")
    response = logged_in.get("/portfolio/scores.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=roadmap-portfolio-scores-en.csv"
    header, *rows = parse(response.data)
    clients = [row[header.index("client")] for row in rows]
    assert sorted(set(clients)) == sorted({"'" + CLIENT_NAME, "Beta BV"})
    assert len(rows) == 2 * len(questionnaire.dimensions)


def test_scores_of_respondents_submitted_before_scores_were_stored_come_from_their_answers(
    app: Flask, logged_in: FlaskClient, export_round: ExportRound
) -> None:
    url = f"/clients/{export_round.client_id}/scores.csv"
    before = logged_in.get(url).data
    with app.app_context():
        assessments = sa.select(Invitation.assessment_id).where(Invitation.round_id == export_round.round_id)
        session().execute(sa.update(Assessment).where(Assessment.id.in_(assessments)).values(submitted_scores=None))
        session().commit()
    assert b"2.0" in before and logged_in.get(url).data == before
