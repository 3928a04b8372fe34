"""Exports for the consultant: responses and scores as CSV, a round's result as JSON (docs/api.md, "Exports").

CSV files are UTF-8 with a byte order mark (so Excel reads the accents right), comma-separated, with CRLF line
ends (RFC 4180). Numbers are written with a dot as the decimal separator. Text cells that a spreadsheet would
read as a formula (beginning with =, +, -, @, a tab or a carriage return) get a leading apostrophe; numbers are
written as numbers and never changed, so a real negative number stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from roadmap.domain.aggregation import GroupResult, RoundResult
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Assessment, Invitation, Round
from roadmap.services.portfolio import ClientFigures
from roadmap.services.rounds import questionnaire_of_round

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SCORE_DECIMALS = 3

Cell = str | int | float | bool | date | datetime | None

RESPONSE_COLUMNS = (
    "round_id",
    "round",
    "client",
    "invitation_id",
    "department",
    "respondent",
    "submitted",
    "submitted_at",
    "dimension",
    "question",
    "question_text",
    "option",
    "option_label",
    "option_score",
)
SCORE_COLUMNS = (
    "client_id",
    "client",
    "round_id",
    "round",
    "date",
    "closed",
    "dimension",
    "dimension_name",
    "mean_score",
    "phase",
    "respondents",
    "lowest",
    "highest",
    "spread",
    "not_aligned",
)


def csv_cell(value: Cell) -> str | int | float:
    """A value as written to CSV: text neutralised against formulas, numbers as numbers, dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The rows as a CSV file: UTF-8 with BOM, comma-separated, CRLF, quoted where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rounded(score: float | None) -> float | None:
    return round(score, SCORE_DECIMALS) if score is not None else None


def in_utc(moment: datetime | None) -> datetime | None:
    """A stored time with its UTC offset: SQLite gives times back without one (they are stored in UTC)."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def response_rows(round_: Round, language: str) -> list[tuple[Cell, ...]]:
    """One row per invited respondent and question, in questionnaire order; unanswered questions left empty."""
    questionnaire = questionnaire_of_round(round_)
    rows: list[tuple[Cell, ...]] = []
    for invitation in round_.invitations:
        assessment = invitation.assessment
        answers = assessment.answer_map
        respondent = (
            round_.id,
            round_.name,
            round_.client.name,
            invitation.id,
            invitation.department,
            invitation.name,
            assessment.submitted_at is not None,
            in_utc(assessment.submitted_at),
        )
        for dimension in questionnaire.dimensions:
            for question in dimension.questions:
                option = question.option(answers[question.key]) if question.key in answers else None
                rows.append(
                    (
                        *respondent,
                        dimension.key,
                        question.key,
                        question.text(language),
                        option.key if option else None,
                        option.text(language) if option else None,
                        option.level if option else None,
                    )
                )
    return rows


def round_with_answers(session: Session, round_: Round) -> Round:
    """The round with its invitations, assessments and answers loaded in a fixed number of queries."""
    session.scalars(
        sa.select(Invitation)
        .where(Invitation.round_id == round_.id)
        .options(selectinload(Invitation.assessment).selectinload(Assessment.answers))
    ).all()
    return round_


def score_rows(clients: Iterable[ClientFigures], language: str) -> list[tuple[Cell, ...]]:
    """One row per round and dimension of these clients: the round's mean, phase and spread.

    The figures are the portfolio's (`services.portfolio`): read in a fixed number of queries and aggregated once
    per round and process, so the client page, the portfolio and their exports always agree.
    """
    rows: list[tuple[Cell, ...]] = []
    for figures in clients:
        client = figures.client
        for round_ in figures.rounds:
            overall = round_.group
            for dimension in round_.questionnaire.dimensions:
                score = overall.result.dimension(dimension.key)
                spread = overall.spread(dimension.key)
                rows.append(
                    (
                        client.id,
                        client.name,
                        round_.id,
                        round_.name,
                        round_.held_on,
                        round_.is_closed,
                        dimension.key,
                        dimension.name(language),
                        rounded(score.score),
                        score.phase,
                        score.answered,
                        rounded(spread.low),
                        rounded(spread.high),
                        rounded(spread.spread),
                        spread.not_aligned,
                    )
                )
    return rows


def group_json(questionnaire: Questionnaire, group: GroupResult, language: str) -> dict[str, Any]:
    result = group.result
    return {
        "respondents": group.respondents,
        "overall_score": rounded(result.overall_score),
        "phase": result.phase,
        "weakest_link": list(result.held_back_by),
        "lagging": list(result.lagging),
        "leading": list(result.leading),
        "not_aligned": list(group.not_aligned),
        "dimensions": [
            {
                "key": score.key,
                "score": rounded(score.score),
                "phase": score.phase,
                "respondents": score.answered,
                "lowest": rounded(group.spread(score.key).low),
                "highest": rounded(group.spread(score.key).high),
                "spread": rounded(group.spread(score.key).spread),
                "not_aligned": group.spread(score.key).not_aligned,
            }
            for score in result.dimensions
        ],
        "next_steps": [
            {"phase": step.phase, "dimension": step.dimension, "text": step.step.text(language)}
            for step in result.next_steps
        ],
    }


def result_json(round_: Round, result: RoundResult, language: str) -> dict[str, Any]:
    """The round's result in the documented shape (docs/api.md, "GET /rounds/<id>/result.json")."""
    questionnaire = questionnaire_of_round(round_)
    return {
        "round": {
            "id": round_.id,
            "name": round_.name,
            "held_on": round_.held_on.isoformat(),
            "closed": round_.is_closed,
            "client": {"id": round_.client.id, "name": round_.client.name},
            "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
            "language": language,
        },
        "overall": group_json(questionnaire, result.overall, language),
        "departments": [
            {"department": key, **group_json(questionnaire, group, language)} for key, group in result.departments
        ],
    }
