"""JSON API v1 for integrations (docs/api.md). No cookies, no CSRF: every request stands on its own."""

from __future__ import annotations

from importlib import metadata
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from roadmap.config import Config
from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire, Step, Text
from roadmap.domain.scoring import Result
from roadmap.extensions import csrf, limit_creating_assessments
from roadmap.i18n import language_from
from roadmap.models import Assessment
from roadmap.services import assessments as service
from roadmap.web import strict_json
from roadmap.web.api_schemas import one_per_field, openapi_document, shape_problems

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


class ApiError(Exception):
    def __init__(self, status: int, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.details = status, message, details or []


@bp.app_errorhandler(ApiError)  # app-wide: the report blueprint raises it too
def api_error(error: ApiError) -> tuple[Response, int]:
    return jsonify(error={"message": error.message, "details": error.details}), error.status


def error_response(error: HTTPException) -> tuple[Response, int]:
    code = error.code or 500
    if code == 429:  # Flask-Limiter's description is the limit itself, e.g. "10 per 1 minute"
        message, details = "Too many requests from this address. Try again later.", [f"limit: {error.description}"]
    else:
        message, details = error.description or error.name, []
    return jsonify(error={"message": message, "details": details}), code


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


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(version=metadata.version("roadmap")))


@bp.post("/assessments")
@limit_creating_assessments(success_status=201)
def create_assessment() -> tuple[Response, int]:
    if not request.is_json:
        raise ApiError(400, "The body must be a JSON object.", ["send Content-Type: application/json"])
    try:
        body = strict_json.loads(request.get_data(cache=False))
    except strict_json.InvalidJson as invalid:
        raise ApiError(400, "The body must be a JSON object.", [str(invalid)]) from None
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


def read_assessment(body: Any) -> tuple[str, service.Profile, dict[str, str], str, list[str]]:
    """Check a new assessment against its schema, then its answers against the questionnaire: one line per field."""
    problems = shape_problems(body)
    questionnaire_id = body.get("questionnaire")
    questionnaire = catalogue().current(questionnaire_id) if isinstance(questionnaire_id, str) else None
    if isinstance(questionnaire_id, str) and questionnaire is None:
        problems.append(f"questionnaire: unknown questionnaire {questionnaire_id!r}")
    answers = body.get("answers")
    clean_answers = {k: v for k, v in answers.items() if isinstance(v, str)} if isinstance(answers, dict) else {}
    if questionnaire is not None and isinstance(answers, dict):
        problems += service.complete_answer_problems(questionnaire, clean_answers)
    organisation = body.get("organisation")
    organisation = organisation if isinstance(organisation, dict) else {}
    name, role = organisation.get("name"), organisation.get("role")
    profile = service.Profile(
        organisation_name=name.strip() if isinstance(name, str) else "",
        sector=organisation.get("sector"),
        size_band=organisation.get("size_band"),
        department=organisation.get("department"),
        role=role or None,
    )
    language = body.get("language", Config.LANGUAGES[0])
    return questionnaire_id or "", profile, clean_answers, language, one_per_field(problems)


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
