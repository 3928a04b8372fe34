"""JSON API v1 for integrations (docs/api.md). No cookies, no CSRF: every request stands on its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire, Step, Text
from roadmap.domain.scoring import Result
from roadmap.extensions import csrf
from roadmap.i18n import language_from
from roadmap.models import Assessment
from roadmap.services import assessments as service
from roadmap.web.forms import DEPARTMENTS, SECTORS, SIZE_BANDS

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

MAX_NAME = 200
PROFILE_CHOICES = {
    "sector": [key for key, _ in SECTORS],
    "size_band": [key for key, _ in SIZE_BANDS],
    "department": [key for key, _ in DEPARTMENTS],
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.details = status, message, details or []


@bp.app_errorhandler(ApiError)  # app-wide: the report blueprint raises it too
def api_error(error: ApiError) -> tuple[Response, int]:
    return jsonify(error={"message": error.message, "details": error.details}), error.status


def error_response(error: HTTPException) -> tuple[Response, int]:
    code = error.code or 500
    return jsonify(error={"message": error.description or error.name, "details": []}), code


def catalogue() -> Any:
    return current_app.extensions["questionnaires"]


@bp.get("/questionnaires")
def list_questionnaires() -> Response:
    language = language_from(request.args.get("lang"))
    items = [catalogue().current(qid) for qid in catalogue().ids]
    return jsonify(
        questionnaires=[
            {
                "id": q.id,
                "version": q.version,
                "title": q.title(language),
                "url": url_for(".get_questionnaire", questionnaire_id=q.id),
            }
            for q in items
        ]
    )


@bp.get("/questionnaires/<questionnaire_id>")
def get_questionnaire(questionnaire_id: str) -> Response:
    questionnaire = catalogue().current(questionnaire_id)
    if questionnaire is None:
        raise ApiError(404, f"No questionnaire {questionnaire_id!r}.")
    return jsonify(questionnaire_json(questionnaire, language_from(request.args.get("lang"))))


@bp.post("/assessments")
def create_assessment() -> tuple[Response, int]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "The body must be a JSON object.", ["send Content-Type: application/json"])
    questionnaire_id, profile, answers, language, problems = read_assessment(body)
    if problems:
        raise ApiError(422, "The assessment was not stored: fix the problems in details.", problems)
    try:
        token, assessment = service.create_complete(
            session(), catalogue(), questionnaire_id, profile, answers, language
        )
    except service.InvalidAnswers as invalid:
        raise ApiError(422, "The assessment was not stored: fix the problems in details.", invalid.details) from None
    response = jsonify(token=token, result=assessment_json(assessment, language))
    response.headers["Location"] = url_for(".get_assessment", token=token)
    return response, 201


@bp.get("/assessments/<token>")
def get_assessment(token: str) -> Response:
    assessment = service.find(session(), token)
    if assessment is None:
        raise ApiError(404, "No assessment with this token.")
    if assessment.submitted_at is None:
        raise ApiError(409, "This assessment has not been submitted yet, so it has no result.")
    return jsonify(assessment_json(assessment, language_from(request.args.get("lang"))))


def read_assessment(body: Mapping[str, Any]) -> tuple[str, service.Profile, dict[str, str], str, list[str]]:
    """Check the shape of a new assessment, naming every problem; answer keys are checked by the service."""
    known = {"questionnaire", "organisation", "answers", "language"}
    problems = [f"{key}: unknown field" for key in body if key not in known]
    questionnaire_id = body.get("questionnaire")
    if not isinstance(questionnaire_id, str):
        problems.append("questionnaire: required, the id of a questionnaire (text)")
        questionnaire_id = ""
    elif catalogue().current(questionnaire_id) is None:
        problems.append(f"questionnaire: unknown questionnaire {questionnaire_id!r}")
    language = body.get("language", "en")
    if language not in current_app.config["LANGUAGES"]:
        problems.append("language: must be 'en' or 'nl'")
        language = "en"
    organisation = body.get("organisation")
    fields: dict[str, str | None] = {}
    if not isinstance(organisation, dict):
        problems.append("organisation: required, an object with at least a name")
        organisation = {}
    for key in organisation:
        if key not in {"name", *PROFILE_CHOICES, "role"}:
            problems.append(f"organisation.{key}: unknown field")
    name = organisation.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append("organisation.name: required, a non-empty text")
    elif len(name.strip()) > MAX_NAME:
        problems.append(f"organisation.name: at most {MAX_NAME} characters")
    for key, choices in PROFILE_CHOICES.items():
        value = organisation.get(key)
        if value is not None and value not in choices:
            problems.append(f"organisation.{key}: one of {', '.join(choices)}")
        fields[key] = value if value in choices else None
    role = organisation.get("role")
    if role is not None and (not isinstance(role, str) or len(role) > 100):
        problems.append("organisation.role: a text of at most 100 characters")
    answers = body.get("answers")
    if not isinstance(answers, dict):
        problems.append("answers: required, an object of question key to option key")
        answers = {}
    for key, value in answers.items():
        if not isinstance(value, str):
            problems.append(f"answers.{key}: must be an option key (text)")
    clean_answers = {k: v for k, v in answers.items() if isinstance(v, str)}
    questionnaire = catalogue().current(questionnaire_id)
    if questionnaire is not None:
        problems += service.complete_answer_problems(questionnaire, clean_answers)
    profile = service.Profile(
        organisation_name=name.strip() if isinstance(name, str) else "",
        sector=fields["sector"],
        size_band=fields["size_band"],
        department=fields["department"],
        role=role if isinstance(role, str) and role else None,
    )
    return questionnaire_id, profile, clean_answers, language, problems


def step_json(step: Step, language: str) -> dict[str, str]:
    return {"text": step.text(language), "why": step.why(language)}


def texts(items: tuple[Text, ...], language: str) -> list[str]:
    return [item(language) for item in items]


def questionnaire_json(questionnaire: Questionnaire, language: str) -> dict[str, Any]:
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


def result_json(questionnaire: Questionnaire, result: Result, language: str) -> dict[str, Any]:
    """The result with unrounded scores; pages round for display."""
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
                "questions": d.questions,
            }
            for d in result.dimensions
        ],
        "held_back_by": list(result.held_back_by),
        "lagging": list(result.lagging),
        "leading": list(result.leading),
        "next_steps": [
            {"phase": s.phase, "dimension": s.dimension, **step_json(s.step, language)} for s in result.next_steps
        ],
    }


def assessment_json(assessment: Assessment, language: str) -> dict[str, Any]:
    questionnaire = service.questionnaire_for(assessment)
    return {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "organisation": {"name": assessment.organisation_name},
        "language": language,
        "submitted_at": assessment.submitted_at.isoformat() if assessment.submitted_at else None,
        **result_json(questionnaire, service.result_of(assessment), language),
    }
