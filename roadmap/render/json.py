"""Results as JSON: the one place that decides how a questionnaire, a result and a round's result are written.

The API (docs/api.md, "JSON API") gives one assessment's result with unrounded scores; the consultant's export
(docs/api.md, "GET /rounds/<id>/result.json") gives a round's aggregated result rounded to SCORE_DECIMALS, with
the spread per dimension. Their field names are documented and stay as they are (the export's `weakest_link` is
the API's `held_back_by`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from roadmap.domain.aggregation import GroupResult, RoundResult
from roadmap.domain.explanation import explanation_json, group_explanation_json
from roadmap.domain.questionnaire import Questionnaire, Step, Text
from roadmap.domain.scoring import Result

SCORE_DECIMALS = 3

Json = dict[str, Any]


def rounded(score: float | None) -> float | None:
    return round(score, SCORE_DECIMALS) if score is not None else None


def step_json(step: Step, language: str) -> dict[str, str]:
    return {"text": step.text(language), "why": step.why(language)}


def texts(items: tuple[Text, ...], language: str) -> list[str]:
    return [item(language) for item in items]


def next_steps_json(result: Result, language: str, with_why: bool) -> list[Json]:
    """The result's next steps in order: the phase's own (dimension None), then advice for lagging dimensions."""
    return [
        {
            "phase": s.phase,
            "dimension": s.dimension,
            **(step_json(s.step, language) if with_why else {"text": s.step.text(language)}),
        }
        for s in result.next_steps
    ]


def questionnaire_json(questionnaire: Questionnaire, language: str) -> Json:
    return {
        "id": questionnaire.id,
        "version": questionnaire.version,
        "language": language,
        "title": questionnaire.title(language),
        "phases": [
            {
                "number": phase.level,
                "key": phase.key,
                "name": phase.name(language),
                "motto": phase.motto(language),
                "description": phase.description(language),
                "customers_notice": texts(phase.customers_notice, language),
                "obstacles": texts(phase.obstacles, language),
                "opportunities": texts(phase.opportunities, language),
                "next_steps": [step_json(step, language) for step in phase.next_steps],
            }
            for phase in questionnaire.phases
        ],
        "dimensions": [
            {
                "key": dimension.key,
                "name": dimension.name(language),
                "description": dimension.description(language),
                "weight": dimension.weight,
                "questions": [
                    {
                        "key": question.key,
                        "text": question.text(language),
                        "help": question.help(language) if question.help else None,
                        "weight": question.weight,
                        "options": [
                            {"key": option.key, "level": option.level, "text": option.text(language)}
                            for option in question.options
                        ],
                    }
                    for question in dimension.questions
                ],
            }
            for dimension in questionnaire.dimensions
        ],
    }


def result_json(questionnaire: Questionnaire, result: Result, language: str) -> Json:
    """One assessment's result with unrounded scores (the API); pages round for display."""
    phase = questionnaire.phase(result.phase) if result.phase is not None else None
    return {
        "has_result": result.has_result,
        "overall_score": result.overall_score,
        "phase": {"number": phase.level, "key": phase.key, "name": phase.name(language)} if phase else None,
        "dimensions": [
            {
                "key": d.key,
                "score": d.score,
                "phase": d.phase,
                "status": d.status,
                "answered": d.answered,
                "questions": d.total,  # a public name: the questions of the dimension
            }
            for d in result.dimensions
        ],
        "held_back_by": list(result.held_back_by),
        "lagging": list(result.lagging),
        "leading": list(result.leading),
        "next_steps": next_steps_json(result, language, with_why=True),
    }


def assessment_json(
    questionnaire: Questionnaire,
    result: Result,
    language: str,
    organisation: str,
    submitted_at: datetime | None,
    answers: Mapping[str, str],
) -> Json:
    """An assessment and its result (the API's GET /assessments/<token>), with the explanation of the result
    (`phase_reason`, `to_next_phase`, `topic_advice`; docs/scoring.md, "Explaining a result")."""
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "organisation": {"name": organisation},
        "language": language,
        "submitted_at": submitted_at.isoformat() if submitted_at else None,
        **result_json(questionnaire, result, language),
        **explanation_json(questionnaire, answers, language),
    }


def group_explanation(questionnaire: Questionnaire, result: Result, language: str) -> Json:
    """A group's `phase_reason`, `to_next_phase` (the conditions) and `topic_advice`, scores rounded."""
    explanation = group_explanation_json(questionnaire, result, language)
    conditions = explanation["to_next_phase"]
    if conditions is not None:
        conditions["overall_score"]["current"] = rounded(conditions["overall_score"]["current"])
        for topic in conditions["topics"]:
            topic["score"] = rounded(topic["score"])
    return explanation


def group_json(questionnaire: Questionnaire, group: GroupResult, language: str) -> Json:
    """A group of respondents' aggregated result, rounded, with the spread per dimension (the round export)."""
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
        "next_steps": next_steps_json(result, language, with_why=False),
        **group_explanation(questionnaire, result, language),
    }


def round_result_json(
    questionnaire: Questionnaire, result: RoundResult, language: str, round_: Json, client: Json
) -> Json:
    """A round's result (GET /rounds/<id>/result.json); `round_` holds its id, name, held_on (a date) and closed,
    `client` the client's id and name."""
    held_on: date = round_["held_on"]
    return {
        "round": {
            **round_,
            "held_on": held_on.isoformat(),
            "client": client,
            "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
            "language": language,
        },
        "overall": group_json(questionnaire, result.overall, language),
        "departments": [
            {"department": key, **group_json(questionnaire, group, language)} for key, group in result.departments
        ],
    }
