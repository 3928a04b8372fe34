"""JSON API v1 for integrations (docs/api.md). No cookies, no CSRF: every request stands on its own."""

from __future__ import annotations

from importlib import metadata
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from roadmap import jobs
from roadmap.db import session
from roadmap.domain.vocabulary import DEFAULT_LANGUAGE
from roadmap.extensions import csrf, limit_creating_assessments
from roadmap.i18n import language_from
from roadmap.models import Assessment
from roadmap.render import json as render_json
from roadmap.services import assessments
from roadmap.web import strict_json
from roadmap.web.api.openapi import openapi_document
from roadmap.web.api.schemas import one_per_field, shape_problems
from roadmap.web.errors import ApiError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


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
    return jsonify(render_json.questionnaire_json(questionnaire, language_from(request.args.get("lang"))))


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(version=metadata.version("roadmap")))


@bp.post("/assessments")
@limit_creating_assessments(success_status=201)
def create_assessment() -> tuple[Response, int]:
    body = json_object()
    questionnaire_id, profile, answers, language, problems = read_assessment(body)
    if problems:
        raise ApiError(422, "The assessment was not stored: fix the problems in details.", problems)
    # Answers the schema could not check raise InvalidAnswers: a 422 with the same message (roadmap.web.errors).
    token, assessment = assessments.create_complete(
        session(), catalogue(), questionnaire_id, profile, answers, language
    )
    jobs.queue_reports(assessment.id)
    response = jsonify(token=token, result=assessment_json(assessment, language))
    response.headers["Location"] = url_for(".get_assessment", token=token)
    return response, 201


@bp.get("/assessments/<token>")
def get_assessment(token: str) -> Response:
    assessment = assessments.find(session(), token)
    if assessment is None:
        raise ApiError(404, "No assessment with this token.")
    if assessment.submitted_at is None:
        raise ApiError(409, "This assessment has not been submitted yet, so it has no result.")
    return jsonify(assessment_json(assessment, language_from(request.args.get("lang"))))


def json_object() -> dict[str, Any]:
    """The request's body as a JSON object, or a 400 saying why it is not one (also for the workspace API)."""
    if not request.is_json:
        raise ApiError(400, "The body must be a JSON object.", ["send Content-Type: application/json"])
    try:
        body = strict_json.loads(request.get_data(cache=False))
    except strict_json.InvalidJson as invalid:
        raise ApiError(400, "The body must be a JSON object.", [str(invalid)]) from None
    if not isinstance(body, dict):
        raise ApiError(400, "The body must be a JSON object.", ["send Content-Type: application/json"])
    return body


def read_assessment(body: Any) -> tuple[str, assessments.Profile, dict[str, str], str, list[str]]:
    """Check a new assessment against its schema, then its answers against the questionnaire: one line per field."""
    problems = shape_problems(body)
    questionnaire_id = body.get("questionnaire")
    questionnaire = catalogue().current(questionnaire_id) if isinstance(questionnaire_id, str) else None
    if isinstance(questionnaire_id, str) and questionnaire is None:
        problems.append(f"questionnaire: unknown questionnaire {questionnaire_id!r}")
    answers = body.get("answers")
    clean_answers = {k: v for k, v in answers.items() if isinstance(v, str)} if isinstance(answers, dict) else {}
    if questionnaire is not None and isinstance(answers, dict):
        problems += assessments.complete_answer_problems(questionnaire, clean_answers)
    organisation = body.get("organisation")
    organisation = organisation if isinstance(organisation, dict) else {}
    name, role = organisation.get("name"), organisation.get("role")
    profile = assessments.Profile(
        organisation_name=name.strip() if isinstance(name, str) else "",
        sector=organisation.get("sector"),
        size_band=organisation.get("size_band"),
        department=organisation.get("department"),
        role=role or None,
    )
    language = body.get("language", DEFAULT_LANGUAGE)
    return questionnaire_id or "", profile, clean_answers, language, one_per_field(problems)


def assessment_json(assessment: Assessment, language: str) -> dict[str, Any]:
    questionnaire = assessments.questionnaire_for(assessment)
    result = assessments.result_of(assessment)
    return render_json.assessment_json(
        questionnaire, result, language, assessment.organisation_name, assessment.submitted_at, assessment.answer_map
    )
