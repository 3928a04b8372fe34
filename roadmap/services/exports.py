"""Exports for the consultant: the rows of the responses and scores CSVs, a round's result as JSON (docs/api.md,
"Exports"). This module reads; roadmap.render.csv and roadmap.render.json write the files.

A confidential round's exports show what its pages show (`services.rounds.round_disclosure`): the responses
export numbers the submitted respondents (`domain.anonymity`) and names no one, the scores are the portfolio's
disclosed figures, and the JSON is the disclosed result.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from roadmap.domain.anonymity import anonymous_respondents
from roadmap.domain.confidentiality import Disclosure
from roadmap.domain.questionnaire import Questionnaire
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
ANONYMOUS_RESPONSE_COLUMNS = (
    "round_id",
    "round",
    "client",
    "respondent_number",
    "department",
    *RESPONSE_COLUMNS[-6:],
)
"""A confidential round's responses: no invitation id, name or submission time; only submitted respondents."""
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


def response_columns(round_: Round) -> tuple[str, ...]:
    """The responses export's columns: anonymous for a confidential round."""
    return ANONYMOUS_RESPONSE_COLUMNS if round_.confidential else RESPONSE_COLUMNS


def response_rows(round_: Round, disclosure: Disclosure, language: str, secret_key: str) -> list[tuple[Cell, ...]]:
    """One row per respondent and question, in questionnaire order; unanswered questions left empty.

    A named round lists every invited respondent with their name; a confidential round only the submitted ones,
    by number, with the department its figures show them under (`domain.anonymity`), and nobody at all while it
    withholds its scores. `disclosure` is the round's (`services.rounds.round_disclosure`).
    """
    questionnaire = questionnaire_of_round(round_)
    rows: list[tuple[Cell, ...]] = []
    if not round_.confidential:
        for invitation in round_.invitations:
            assessment = invitation.assessment
            respondent: tuple[Cell, ...] = (
                round_.id,
                round_.name,
                round_.client.name,
                invitation.id,
                invitation.department,
                invitation.name,
                assessment.submitted_at is not None,
                in_utc(assessment.submitted_at),
            )
            rows.extend(answer_rows(questionnaire, respondent, assessment.answer_map, language))
        return rows
    submitted = {i.id: i for i in round_.invitations if i.assessment.submitted_at is not None}
    pairs = [(key, invitation.department) for key, invitation in submitted.items()]
    for anonymous in anonymous_respondents(pairs, disclosure, secret_key, round_.id):
        numbered: tuple[Cell, ...] = (
            round_.id,
            round_.name,
            round_.client.name,
            anonymous.number,
            anonymous.department,
        )
        answers = submitted[anonymous.key].assessment.answer_map
        rows.extend(answer_rows(questionnaire, numbered, answers, language))
    return rows


def answer_rows(
    questionnaire: Questionnaire, respondent: tuple[Cell, ...], answers: dict[str, str], language: str
) -> list[tuple[Cell, ...]]:
    """The respondent's cells followed by each question and its answer, in questionnaire order."""
    rows: list[tuple[Cell, ...]] = []
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
    """The round with its invitations, assessments and answers loaded in a fixed number of queries.

    Loaded into the round's own `invitations`, so that they are held by it: loaded on the side, they could be
    garbage-collected from the session (its identity map holds objects weakly) and read again one by one.
    """
    return session.scalars(
        sa.select(Round)
        .where(Round.id == round_.id)
        .options(selectinload(Round.invitations).selectinload(Invitation.assessment).selectinload(Assessment.answers))
        .execution_options(populate_existing=True)
    ).one()


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


def result_json(round_: Round, disclosure: Disclosure, language: str) -> dict[str, Any]:
    """The round's result as it may be shown, in the documented shape (docs/api.md, "GET /rounds/<id>/result.json")."""
    confidentiality = {
        "confidential": round_.confidential,
        "minimum_group": disclosure.settings.minimum,
        "scores_withheld": disclosure.scores_withheld,
        "breakdown_withheld": disclosure.breakdown_withheld,
    }
    return round_result_json(
        questionnaire_of_round(round_),
        disclosure.view,
        language,
        {
            "id": round_.id,
            "name": round_.name,
            "held_on": round_.held_on,
            "closed": round_.is_closed,
            "confidentiality": confidentiality,
        },
        {"id": round_.client.id, "name": round_.client.name},
    )
