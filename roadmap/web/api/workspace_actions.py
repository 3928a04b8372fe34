"""A client's action plan in the workspace API (docs/api.md, "Action plans"), with a personal access token."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, url_for

from roadmap.web.api.actions import plan_answer
from roadmap.web.api.bearer import protect
from roadmap.web.api.workspace import own_client

bp = Blueprint("api_workspace_actions", __name__, url_prefix="/api/v1/workspace/clients/<int:client_id>/actions")
protect(bp)


@bp.route("", methods=["GET", "POST"])
@bp.route("/<int:action_id>", methods=["GET", "PUT", "DELETE"])
def client_actions(client_id: int, action_id: int | None = None) -> Response | tuple[Response, int]:
    owner = own_client(client_id)
    topics = [dimension.key for dimension in current_app.extensions["questionnaires"].default.dimensions]
    return plan_answer(
        owner,
        topics,
        action_id,
        lambda made: url_for(".client_actions", client_id=client_id, action_id=made, _method="PUT"),
    )
