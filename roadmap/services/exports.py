"""Exports for the consultant: the rows of the responses and scores CSVs, a round's result as JSON (docs/api.md,
"Exports"). This module reads; roadmap.render.csv and roadmap.render.json write the files.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from roadmap.domain.aggregation import RoundResult
from roadmap.models import Assessment, Invitation, Round
from roadmap.render.csv import Cell
from roadmap.render.json import round_result_json, rounded
from roadmap.services.portfolio import ClientFigures
from roadmap.services.rounds import questionnaire_of_round

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
    # Per round, repeated on each of its rows (added later, so at the end: machines reading by position go on).
    "sector",
    "size_band",
    "overall_score",
    "overall_phase",
)


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
                        client.sector,
                        client.size_band,
                        rounded(overall.result.overall_score),
                        overall.result.phase,
                    )
                )
    return rows


def result_json(round_: Round, result: RoundResult, language: str) -> dict[str, Any]:
    """The round's result in the documented shape (docs/api.md, "GET /rounds/<id>/result.json")."""
    return round_result_json(
        questionnaire_of_round(round_),
        result,
        language,
        {"id": round_.id, "name": round_.name, "held_on": round_.held_on, "closed": round_.is_closed},
        {"id": round_.client.id, "name": round_.client.name},
    )
