"""Rounds of a client: create one, invite respondents, revoke and re-issue links, close it, see its result."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from roadmap import workspace_charts as charts
from roadmap.charts import radar_json
from roadmap.db import session
from roadmap.domain.aggregation import RoundResult
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Invitation, Round
from roadmap.services import clients as clients_service
from roadmap.services import rounds as service
from roadmap.web.clients import own_client
from roadmap.web.forms import DEPARTMENTS, ConfirmForm, InvitationForm, RoundForm, labels
from roadmap.web.invitation_progress import round_context

bp = Blueprint("rounds", __name__)


@bp.before_request
@login_required
def require_login() -> None:
    """Every page here is for logged-in consultants."""


def own_round(round_id: int) -> Round:
    found = clients_service.visible_round(session(), current_user, round_id)
    if found is None:
        abort(404)
    return found


def own_invitation(invitation_id: int) -> Invitation:
    found = clients_service.visible_invitation(session(), current_user, invitation_id)
    if found is None:
        abort(404)
    return found


def secret_key() -> str:
    return str(current_app.config["SECRET_KEY"])


@bp.route("/clients/<int:client_id>/rounds/new", methods=["GET", "POST"])
def new_round(client_id: int) -> Response | tuple[str, int]:
    client = own_client(client_id)
    form = RoundForm()
    if form.validate_on_submit():
        catalogue = current_app.extensions["questionnaires"]
        created = service.create_round(session(), catalogue, client, form.name.data, form.held_on.data)
        flash(_("The round has been created. Now invite the respondents."))
        return redirect(url_for(".round_page", round_id=created.id))
    return render_template("rounds/new.html", form=form, client=client), 400 if form.errors else 200


@bp.get("/rounds/<int:round_id>")
def round_page(round_id: int) -> str:
    return show(own_round(round_id), InvitationForm(formdata=None))


def show(found: Round, form: InvitationForm, status: int = 200, **parts: Any) -> str:
    invitations = [
        (invitation, service.status_of(invitation), service.current_token(secret_key(), invitation))
        for invitation in found.invitations
    ]
    return render_template(
        "rounds/round.html",
        round=found,
        invitations=invitations,
        form=form,
        confirm=ConfirmForm(),
        departments=labels(DEPARTMENTS),
        language=str(get_locale()),
        **round_context(found, **parts),
    )


@bp.post("/rounds/<int:round_id>/invitations")
def invite(round_id: int) -> Response | tuple[str, int]:
    found = own_round(round_id)
    form = InvitationForm()
    if found.is_closed:
        flash(_("This round is closed: it takes no more invitations."))
        return redirect(url_for(".round_page", round_id=found.id))
    if not form.validate_on_submit():
        return show(found, form), 400
    service.invite(session(), secret_key(), found, form.department.data, form.name.data)
    flash(_("The invitation has been added. Copy its link and send it to the respondent."))
    return redirect(url_for(".round_page", round_id=found.id) + "#invitations")


@bp.post("/invitations/<int:invitation_id>/revoke")
def revoke(invitation_id: int) -> Response:
    invitation = own_invitation(invitation_id)
    if _changeable(invitation.round):
        service.revoke(session(), invitation)
        flash(_("The link has been revoked: it no longer opens the questionnaire."))
    return redirect(url_for(".round_page", round_id=invitation.round_id) + "#invitations")


@bp.post("/invitations/<int:invitation_id>/reissue")
def reissue(invitation_id: int) -> Response:
    invitation = own_invitation(invitation_id)
    if _changeable(invitation.round):
        service.reissue(session(), secret_key(), invitation)
        flash(_("A new link has been made; the old one no longer works. Answers given so far are kept."))
    return redirect(url_for(".round_page", round_id=invitation.round_id) + "#invitations")


@bp.post("/rounds/<int:round_id>/close")
def close(round_id: int) -> Response:
    found = own_round(round_id)
    if _changeable(found):
        service.close(session(), found)
        flash(_("The round is closed. Its results no longer change."))
    return redirect(url_for(".round_page", round_id=found.id))


def _changeable(found: Round) -> bool:
    if found.is_closed:
        flash(_("This round is closed: nothing in it can change any more."))
        return False
    return True


@bp.get("/rounds/<int:round_id>/result")
def result(round_id: int) -> str:
    found = own_round(round_id)
    outcome = service.round_result(found)
    questionnaire = service.questionnaire_of_round(found)
    language = str(get_locale())
    return render_template(
        "rounds/result.html",
        round=found,
        result=outcome,
        questionnaire=questionnaire,
        departments=labels(DEPARTMENTS),
        language=language,
        figure=radar_json(questionnaire, outcome.overall.result, language)
        if outcome.overall.result.has_result
        else None,
        figures=round_figures(questionnaire, outcome, language),
    )


def round_figures(questionnaire: Questionnaire, outcome: RoundResult, language: str) -> dict[str, Any]:
    """The spread chart and the department x topic heatmap (the radar chart is the single result page's)."""
    if not outcome.overall.result.has_result:
        return {}
    names = dict(labels(DEPARTMENTS))
    words = {"range": _("Lowest to highest"), "mean": _("Mean"), "axis": _("Score, 1 to 4"), "score": _("Score")}
    return {
        "spread": charts.spread_chart(questionnaire, outcome.overall, language, words),
        "heatmap": charts.heatmap(
            [str(names.get(key, key)) for key, _group in outcome.departments],
            charts.dimension_names(questionnaire, language),
            [
                [group.result.dimension(d.key).score for d in questionnaire.dimensions]
                for _key, group in outcome.departments
            ],
            words,
        ),
    }
