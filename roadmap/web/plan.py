"""The action plan of an assessment, for whoever holds its private link: /a/<token>/plan and the changes to it.

Only an assessment someone started themselves has a plan: an invited respondent's result belongs to the round,
whose plan is the client's (web/workspace/actions.py) and never shown to respondents.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from roadmap.db import session
from roadmap.domain.actions import suggestions_for
from roadmap.domain.explanation import explain
from roadmap.i18n import language_from
from roadmap.services import actions, assessments
from roadmap.web import action_pages, plan_exports
from roadmap.web.action_pages import Plan
from roadmap.web.assessment import language, load

bp = Blueprint("plan", __name__, url_prefix="/a/<token>/plan")


def plan_of(token: str) -> Plan:
    assessment, questionnaire = load(token)
    if assessment.invitation is not None:
        abort(404)
    if assessment.submitted_at is None:  # a plan starts from a result
        abort(redirect(url_for("assessment.resume", token=token)))
    result = assessments.result_of(assessment)
    suggestions = (
        suggestions_for(questionnaire, result, explain(questionnaire, result, assessment.answer_map), language())
        if result.has_result
        else []
    )
    return Plan(
        owner=assessment,
        name=assessment.organisation_name,
        endpoint="plan",
        args={"token": token},
        questionnaire=questionnaire,
        suggestions=suggestions,
        back=url_for("assessment.result", token=token),
        back_label=_("Back to the result"),
    )


@bp.route("", methods=["GET", "POST"])
def show(token: str) -> Response | tuple[str, int]:
    """The plan; a POST adds an action of one's own."""
    plan = plan_of(token)
    return action_pages.add(plan) if request.method == "POST" else action_pages.show(plan)


@bp.post("/suggestions")
def add_suggestion(token: str) -> Response:
    return action_pages.add_suggestion(plan_of(token))


@bp.route("/<int:action_id>/edit", methods=["GET", "POST"])
def edit(token: str, action_id: int) -> Response | tuple[str, int]:
    return action_pages.edit(plan_of(token), action_id)


@bp.post("/<int:action_id>/status")
def change_status(token: str, action_id: int) -> Response | tuple[str, int]:
    return action_pages.change_status(plan_of(token), action_id)


@bp.post("/<int:action_id>/move")
def move(token: str, action_id: int) -> Response:
    return action_pages.move(plan_of(token), action_id)


@bp.route("/<int:action_id>/delete", methods=["GET", "POST"])
def delete(token: str, action_id: int) -> Response | str:
    return action_pages.delete(plan_of(token), action_id)


@bp.get("/actions.csv")
def plan_csv(token: str) -> Response:
    plan = plan_of(token)
    return plan_exports.plan_csv(actions.planned(session(), plan.owner), plan.name)


@bp.get("/actions.xlsx")
def plan_xlsx(token: str) -> Response:
    plan = plan_of(token)
    with force_locale(language_from(request.args.get("lang"))):
        return plan_exports.plan_xlsx(actions.planned(session(), plan.owner), plan.questionnaire, plan.name)
