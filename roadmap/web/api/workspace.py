"""The workspace API (docs/api.md, "Workspace API"): a consultant's clients, rounds, invitations and round results
for integrations, opened by a personal access token (`bearer`).

The same services and rules as the workspace's pages: another consultant's id is a 404 exactly as one that does
not exist, a closed round refuses changes with 409, a list of respondents is checked as the round page's import
checks it (nothing is stored while one has a problem), and a round's result keeps its confidentiality.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from flask_babel import force_locale

from roadmap import jobs
from roadmap.db import session
from roadmap.i18n import language_from
from roadmap.models import Client, Invitation, Round
from roadmap.services import clients, delivery, exports, rounds
from roadmap.services import invitations as invitation_service
from roadmap.services.invitation_import import FIELDS, ImportCheck
from roadmap.web.api.bearer import api_user, protect
from roadmap.web.api.routes import json_object
from roadmap.web.api.schemas import problems_against
from roadmap.web.api.workspace_json import client_json, invitation_list_json, round_json
from roadmap.web.api.workspace_schemas import VALIDATORS
from roadmap.web.auditing import actor_of, downloaded
from roadmap.web.errors import ApiError
from roadmap.web.invitation_forms import department_names

bp = Blueprint("api_workspace", __name__, url_prefix="/api/v1/workspace")
protect(bp)

NOT_STORED = "Nothing was stored: fix the problems in details."


def secret_key() -> str:
    return str(current_app.config["SECRET_KEY"])


def checked_body(kind: str) -> dict[str, Any]:
    """The request's JSON object, checked against its schema: 400 for no object, 422 naming every field."""
    body = json_object()
    if problems := problems_against(VALIDATORS[kind], body):
        raise ApiError(422, NOT_STORED, problems)
    return body


def own_client(client_id: int) -> Client:
    found = clients.visible_client(session(), api_user(), client_id)
    if found is None:
        raise ApiError(404, f"No client {client_id}.")
    return found


def own_round(round_id: int) -> Round:
    found = clients.visible_round(session(), api_user(), round_id)
    if found is None:
        raise ApiError(404, f"No round {round_id}.")
    return found


def own_invitation(invitation_id: int) -> Invitation:
    found = clients.visible_invitation(session(), api_user(), invitation_id)
    if found is None:
        raise ApiError(404, f"No invitation {invitation_id}.")
    return found


def created(body: Any, location: str) -> tuple[Response, int]:
    response = jsonify(body)
    response.headers["Location"] = location
    return response, 201


@bp.get("/clients")
def list_clients() -> Response:
    return jsonify(clients=[client_json(client) for client in clients.clients_of(session(), api_user())])


@bp.post("/clients")
def create_client() -> tuple[Response, int]:
    body = checked_body("client")
    questionnaire = current_app.extensions["questionnaires"].default
    client = clients.save_client(
        session(),
        api_user(),
        body["name"],
        body.get("sector"),
        body.get("size_band"),
        body.get("targets") or {},
        [dimension.key for dimension in questionnaire.dimensions],
        actor=actor_of(api_user()),
    )
    return created(client_json(client), url_for(".client_rounds", client_id=client.id))


# One rule per path with an id for both methods: a number too large for the database then gives 404 for both, where
# a rule per method would give 405 for one of them (Werkzeug notes the other rule's method before the id is read).
@bp.route("/clients/<int:client_id>/rounds", methods=["GET", "POST"])
def client_rounds(client_id: int) -> Response | tuple[Response, int]:
    client = own_client(client_id)
    if request.method == "POST":
        return create_round(client)
    return jsonify(rounds=[round_json(round_) for round_ in client.rounds])


def create_round(client: Client) -> tuple[Response, int]:
    body = checked_body("round")
    try:
        held_on = date.fromisoformat(body["held_on"])
    except ValueError:
        raise ApiError(422, NOT_STORED, ["held_on: required, a date as YYYY-MM-DD"]) from None
    made = rounds.create_round(
        session(),
        current_app.extensions["questionnaires"],
        client,
        body["name"],
        held_on,
        body.get("confidential", True),
        body.get("minimum_group", 5),
        actor=actor_of(api_user()),
    )
    return created(round_json(made), url_for(".get_round", round_id=made.id))


@bp.get("/rounds/<int:round_id>")
def get_round(round_id: int) -> Response:
    return jsonify(round_json(own_round(round_id)))


@bp.post("/rounds/<int:round_id>/close")
def close_round(round_id: int) -> Response:
    found = own_round(round_id)
    rounds.close(
        session(), found, actor=actor_of(api_user())
    )  # a closed round: RoundClosed, a 409 (roadmap.web.errors)
    return jsonify(round_json(found))


@bp.get("/rounds/<int:round_id>/result")
def round_result(round_id: int) -> Response:
    """The round's result under its confidentiality: the same JSON as the round's result.json download."""
    found = own_round(round_id)
    language = language_from(request.args.get("lang"))
    response = jsonify(exports.result_json(found, rounds.round_disclosure(session(), found), language))
    downloaded(api_user(), "result.json", round_=found, via="api")
    return response


def progress(found: Round) -> invitation_service.RoundProgress:
    return invitation_service.progress_of(session(), secret_key(), found, datetime.now(UTC).date())


@bp.route("/rounds/<int:round_id>/invitations", methods=["GET", "POST"])
def round_invitations(round_id: int) -> Response | tuple[Response, int]:
    found = own_round(round_id)
    if request.method == "POST":
        return create_invitations(found)
    return jsonify(invitation_list_json(found, progress(found)))


def create_invitations(found: Round) -> tuple[Response, int]:
    """Invite many at once; every respondent is checked first, and one problem stores none of them."""
    rounds.ensure_round_open(found)
    body = checked_body("invitations")
    checked = check_respondents(found, body["respondents"])
    if checked.problems:
        raise ApiError(422, NOT_STORED, problem_lines(checked))
    send = bool(body.get("send", False))
    made, messages = invitation_service.invite_many(
        session(),
        secret_key(),
        found,
        checked.respondents,
        body.get("language") or found.client.language,
        send,
        actor=actor_of(api_user()),
    )
    if messages:
        jobs.queue_deliveries(messages)
    answer = invitation_list_json(found, progress(found), only=set(made))
    return created(
        {"invitations": answer["invitations"], "queued": len(messages)},
        url_for(".round_invitations", round_id=found.id),
    )


# The respondents as the lines of an import, after a header line (so that line n + 2 is respondent n).
HEADER = "name,email,department,language"
FIRST_LINE = 2


def check_respondents(found: Round, respondents: list[dict[str, Any]]) -> ImportCheck:
    """The round page's import check of the respondents, with its messages in English as the API's are."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    for respondent in respondents:
        writer.writerow([respondent.get(field) or "" for field in FIELDS])
    with force_locale("en"):
        return invitation_service.check_import(session(), found, out.getvalue(), department_names())


def problem_lines(checked: ImportCheck) -> list[str]:
    """Each problem as `respondents.<index>.<field>: message`."""
    lines = []
    for problem in checked.problems:
        where = "respondents" if problem.line < FIRST_LINE else f"respondents.{problem.line - FIRST_LINE}"
        field = "" if problem.field == "line" else f".{problem.field}"
        lines.append(f"{where}{field}: {problem.message}")
    return lines


@bp.post("/invitations/<int:invitation_id>/revoke")
def revoke_invitation(invitation_id: int) -> Response:
    invitation = own_invitation(invitation_id)
    if invitation.revoked_at is None:
        rounds.revoke(session(), invitation, actor=actor_of(api_user()))  # a closed round: 409
    found = invitation.round
    return jsonify(invitation_list_json(found, progress(found), only={invitation_id})["invitations"][0])


@bp.post("/invitations/<int:invitation_id>/send")
def send_invitation(invitation_id: int) -> tuple[Response, int]:
    """Queue the invitation e-mail (again); refused with 409 when it cannot be sent, saying why."""
    invitation = own_invitation(invitation_id)
    rounds.ensure_round_open(invitation.round)
    messages = delivery.queue(session(), [invitation], delivery.Kind.INVITATION, actor=actor_of(api_user()))
    if not messages:
        reason = delivery.reason_not_to_send(invitation, delivery.Kind.INVITATION)
        why = UNSENDABLE.get(reason, str(reason)) if reason else "it cannot be sent now"
        raise ApiError(409, "This invitation is not sent.", [f"invitation: {why}"])
    jobs.queue_deliveries(messages)
    found = invitation.round
    row = invitation_list_json(found, progress(found), only={invitation_id})["invitations"][0]
    return jsonify(queued=len(messages), invitation=row), 202


UNSENDABLE = {
    delivery.Reason.NO_ADDRESS: "it has no e-mail address",
    delivery.Reason.REVOKED: "it has been revoked; re-issue its link on the round page first",
}


@bp.post("/rounds/<int:round_id>/remind")
def remind(round_id: int) -> tuple[Response, int]:
    """A reminder to everyone who has not submitted, has not stopped reminders and was not reminded today."""
    found = own_round(round_id)
    rounds.ensure_round_open(found)
    messages = delivery.remind_unsubmitted(session(), found, actor=actor_of(api_user()))
    jobs.queue_deliveries(messages)
    return jsonify(queued=len(messages)), 202
