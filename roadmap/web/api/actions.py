"""The action plan of an assessment in the JSON API, by its private token (docs/api.md, "Action plans"); the
helpers here serve the workspace API's client plans too (`workspace_actions`).

The same service and rules as the plan's pages: an action of another plan is a 404, a change made on an older
version is a 409, and a refused body stores nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from roadmap.db import session
from roadmap.domain.actions import DEFAULT_STATUS, ActionDraft, draft, is_overdue
from roadmap.extensions import csrf
from roadmap.models import Action, Assessment
from roadmap.services import actions, assessments
from roadmap.services.actions import PlanOwner
from roadmap.web.api.action_schemas import VALIDATORS
from roadmap.web.api.routes import json_object
from roadmap.web.api.schemas import problems_against
from roadmap.web.errors import ApiError

bp = Blueprint("api_actions", __name__, url_prefix="/api/v1/assessments/<token>/actions")
csrf.exempt(bp)

NOT_STORED = "Nothing was stored: fix the problems in details."


def iso(moment: Any) -> str:
    return moment.isoformat()


def action_json(action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "position": action.position,
        "version": action.version,
        "title": action.title,
        "topic": action.topic,
        "owner": action.owner,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.status,
        "note": action.note,
        "overdue": is_overdue(action.due_on, action.status, date.today()),
        "created_at": iso(action.created_at),
        "updated_at": iso(action.updated_at),
    }


def plan_json(owner: PlanOwner) -> dict[str, Any]:
    plan = actions.plan_of(session(), owner)
    return {"actions": [{**action_json(a), "position": number} for number, a in enumerate(plan, start=1)]}


def read_draft(kind: str) -> tuple[ActionDraft, int | None]:
    """The body as a draft (and its version, for a change); 400 for no object, 422 naming every broken field."""
    body = json_object()
    problems = problems_against(VALIDATORS[kind], body)
    due_on = None
    if isinstance(body.get("due_on"), str) and not any(p.startswith("due_on:") for p in problems):
        try:
            due_on = date.fromisoformat(body["due_on"])
        except ValueError:
            problems.append("due_on: a real date as YYYY-MM-DD, or null")
    if problems:
        raise ApiError(422, NOT_STORED, sorted(problems))
    entered = draft(
        body["title"],
        body.get("topic"),
        body.get("owner"),
        due_on,
        body.get("status", DEFAULT_STATUS),
        body.get("note"),
    )
    return entered, body.get("version")


# A new action's Location is built with `_method="PUT"`: only the rule with the id takes PUT, so Werkzeug does not
# build the list's rule with the id in the query string.
def plan_answer(
    owner: PlanOwner, topics: list[str], action_id: int | None, location: Any
) -> Response | tuple[Response, int]:
    """The answer to every method on a plan's list (action_id None) or one of its actions."""
    if action_id is None:
        if request.method == "POST":
            made = actions.add(session(), owner, read_draft("new")[0], topics)
            response = jsonify(action_json(made))
            response.headers["Location"] = location(made.id)
            return response, 201
        return jsonify(plan_json(owner))
    if request.method == "PUT":
        entered, version = read_draft("changed")
        return jsonify(action_json(actions.update(session(), owner, action_id, version, entered, topics)))
    if request.method == "DELETE":
        version = request.args.get("version", type=int)
        actions.delete(session(), owner, action_id, version)
        return Response(status=204)
    return jsonify(action_json(actions.find(session(), owner, action_id)))


def own_assessment(token: str) -> Assessment:
    found = assessments.find(session(), token)
    if found is None or found.invitation is not None:  # a respondent of a round has no plan of their own
        raise ApiError(404, "No assessment with this token.")
    if found.submitted_at is None:
        raise ApiError(409, "This assessment has not been submitted yet, so it has no result to plan from.")
    return found


# One rule per path for every method: a number too large for the database gives 404 for all of them alike.
@bp.route("", methods=["GET", "POST"])
@bp.route("/<int:action_id>", methods=["GET", "PUT", "DELETE"])
def assessment_actions(token: str, action_id: int | None = None) -> Response | tuple[Response, int]:
    owner = own_assessment(token)
    topics = [dimension.key for dimension in assessments.questionnaire_for(owner).dimensions]
    return plan_answer(
        owner,
        topics,
        action_id,
        lambda made: url_for(".assessment_actions", token=token, action_id=made, _method="PUT"),
    )
