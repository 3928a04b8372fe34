"""A client's action plan: made from the latest round's result, carried across the client's rounds."""

from __future__ import annotations

from flask import Blueprint, current_app, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from roadmap.db import session
from roadmap.domain.actions import suggestions_for
from roadmap.domain.explanation import explain_group
from roadmap.i18n import language_from
from roadmap.services import actions
from roadmap.services.portfolio import client_figures
from roadmap.web import action_pages, plan_exports
from roadmap.web.action_pages import Plan
from roadmap.web.auditing import downloaded
from roadmap.web.workspace.access import own_client

bp = Blueprint("actions", __name__, url_prefix="/clients/<int:client_id>/plan")


def plan_of(client_id: int) -> Plan:
    client = own_client(client_id)
    figures = client_figures(session(), client)
    current = figures.current
    language = str(get_locale())
    if current is not None:
        questionnaire = current.questionnaire
        result = current.group.result
        suggestions = suggestions_for(questionnaire, result, explain_group(questionnaire, result), language)
    else:
        questionnaire, suggestions = current_app.extensions["questionnaires"].default, []
    return Plan(
        owner=client,
        name=client.name,
        endpoint="workspace.actions",
        args={"client_id": client_id},
        questionnaire=questionnaire,
        suggestions=suggestions,
        back=url_for("workspace.clients.client", client_id=client_id),
        back_label=_("Back to %(client)s", client=client.name),
    )


@bp.route("", methods=["GET", "POST"])
def show(client_id: int) -> Response | tuple[str, int]:
    """The plan; a POST adds an action of one's own."""
    plan = plan_of(client_id)
    return action_pages.add(plan) if request.method == "POST" else action_pages.show(plan)


@bp.post("/suggestions")
def add_suggestion(client_id: int) -> Response:
    return action_pages.add_suggestion(plan_of(client_id))


@bp.route("/<int:action_id>/edit", methods=["GET", "POST"])
def edit(client_id: int, action_id: int) -> Response | tuple[str, int]:
    return action_pages.edit(plan_of(client_id), action_id)


@bp.post("/<int:action_id>/status")
def change_status(client_id: int, action_id: int) -> Response | tuple[str, int]:
    return action_pages.change_status(plan_of(client_id), action_id)


@bp.post("/<int:action_id>/move")
def move(client_id: int, action_id: int) -> Response:
    return action_pages.move(plan_of(client_id), action_id)


@bp.route("/<int:action_id>/delete", methods=["GET", "POST"])
def delete(client_id: int, action_id: int) -> Response | str:
    return action_pages.delete(plan_of(client_id), action_id)


@bp.get("/actions.csv")
def plan_csv(client_id: int) -> Response:
    plan = plan_of(client_id)
    response = plan_exports.plan_csv(actions.planned(session(), plan.owner), plan.name)
    downloaded(current_user, "actions.csv", client=own_client(client_id))
    return response


@bp.get("/actions.xlsx")
def plan_xlsx(client_id: int) -> Response:
    plan = plan_of(client_id)
    with force_locale(language_from(request.args.get("lang"))):
        response = plan_exports.plan_xlsx(actions.planned(session(), plan.owner), plan.questionnaire, plan.name)
    downloaded(current_user, "actions.xlsx", client=own_client(client_id))
    return response
