"""Rounds of a client: create one, invite respondents, revoke and re-issue links, close and reopen it, see its
result. Closing, reopening and revoking each ask first, on a page of their own (`confirm`)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from roadmap.db import session
from roadmap.domain.explanation import explain_group
from roadmap.models import Round
from roadmap.render.charts import radar_json, round_charts
from roadmap.services import access, actions, rounds
from roadmap.services.portfolio import client_figures
from roadmap.web.auditing import actor_of
from roadmap.web.confidentiality import confidentiality_setting
from roadmap.web.forms import ConfirmedForm, InvitationForm, RoundForm, department_labels
from roadmap.web.workspace.access import own_client, own_invitation, own_round
from roadmap.web.workspace.round_page import show

bp = Blueprint("rounds", __name__)


def secret_key() -> str:
    return str(current_app.config["SECRET_KEY"])


@bp.route("/clients/<int:client_id>/rounds/new", methods=["GET", "POST"])
def new_round(client_id: int) -> Response | tuple[str, int]:
    client = own_client(client_id)
    form = RoundForm()
    if form.validate_on_submit():
        catalogue = current_app.extensions["questionnaires"]
        created = rounds.create_round(
            session(),
            catalogue,
            client,
            form.name.data,
            form.held_on.data,
            form.confidentiality.data == "confidential",
            form.minimum_group.data,
            actor=actor_of(current_user),
        )
        flash(_("The round has been created. Now invite the respondents."))
        return redirect(url_for(".round_page", round_id=created.id))
    return render_template("rounds/new.html", form=form, client=client), 400 if form.errors else 200


@bp.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
def edit_round(round_id: int) -> Response | tuple[str, int]:
    found = own_round(round_id)
    form = RoundForm(obj=found, confidentiality="confidential" if found.confidential else "named")
    if form.validate_on_submit():
        rounds.update_round(
            session(),
            found,
            form.name.data,
            form.held_on.data,
            form.confidentiality.data == "confidential",
            form.minimum_group.data,
            actor=actor_of(current_user),
        )
        flash(_("The round has been saved."))
        return redirect(url_for(".round_page", round_id=found.id))
    return render_template("rounds/edit.html", form=form, round=found), 400 if form.errors else 200


@bp.get("/rounds/<int:round_id>")
def round_page(round_id: int) -> str:
    return show(own_round(round_id), InvitationForm(formdata=None))


@bp.post("/rounds/<int:round_id>/invitations")
def invite(round_id: int) -> Response | tuple[str, int]:
    found = own_round(round_id)
    form = InvitationForm()
    if found.is_closed:
        flash(_("This round is closed: it takes no more invitations."))
        return redirect(url_for(".round_page", round_id=found.id))
    if not form.validate_on_submit():
        return show(found, form), 400
    rounds.invite(session(), secret_key(), found, form.department.data, form.name.data, actor=actor_of(current_user))
    flash(_("The invitation has been added. Copy its link and send it to the respondent."))
    return redirect(url_for(".round_page", round_id=found.id) + "#invitations")


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["GET", "POST"])
def revoke(invitation_id: int) -> Response | str:
    invitation = own_invitation(invitation_id)
    back = url_for(".round_page", round_id=invitation.round_id) + "#invitations"
    if not _changeable(invitation.round):
        return redirect(back)
    who = invitation.name or department_labels().get(invitation.department, invitation.department)
    form = ConfirmedForm()
    if request.method == "POST" and form.validate_on_submit():
        rounds.revoke(session(), invitation, actor=actor_of(current_user))
        flash(_("The link has been revoked: it no longer opens the questionnaire."))
        return redirect(back)
    return confirm(
        invitation.round,
        form,
        title=_("Revoke the link of %(who)s?", who=who),
        explanation=[
            _("The link stops working at once: %(who)s can no longer open the questionnaire.", who=who),
            _("Answers given so far stay with the round. Re-issue the link later to let them continue."),
        ],
        button=_("Revoke the link"),
        back=back,
    )


@bp.post("/invitations/<int:invitation_id>/reissue")
def reissue(invitation_id: int) -> Response:
    invitation = own_invitation(invitation_id)
    if _changeable(invitation.round):
        rounds.reissue(session(), secret_key(), invitation, actor=actor_of(current_user))
        flash(_("A new link has been made; the old one no longer works. Answers given so far are kept."))
    return redirect(url_for(".round_page", round_id=invitation.round_id) + "#invitations")


@bp.route("/rounds/<int:round_id>/close", methods=["GET", "POST"])
def close(round_id: int) -> Response | str:
    found = own_round(round_id)
    if not _changeable(found):
        return redirect(url_for(".round_page", round_id=found.id))
    form = ConfirmedForm()
    if request.method == "POST" and form.validate_on_submit():
        rounds.close(session(), found, actor=actor_of(current_user))
        flash(_("The round is closed. Its results no longer change."))
        return redirect(url_for(".round_page", round_id=found.id))
    started = rounds.started_unsubmitted(found)
    left_out = (
        ngettext(
            "%(num)d respondent has started without submitting: their answers will be left out of the result.",
            "%(num)d respondents have started without submitting: their answers will be left out of the result.",
            started,
        )
        if started
        else _("Nobody has started without submitting.")
    )
    return confirm(
        found,
        form,
        title=_("Close %(round)s?", round=found.name),
        explanation=[
            _("A closed round accepts no more answers and its result no longer changes."),
            left_out,
            _("You can reopen the round later."),
        ],
        button=_("Close the round"),
        back=url_for(".round_page", round_id=found.id),
    )


@bp.route("/rounds/<int:round_id>/reopen", methods=["GET", "POST"])
def reopen(round_id: int) -> Response | str:
    found = own_round(round_id)
    if not found.is_closed:
        flash(_("This round is open already."))
        return redirect(url_for(".round_page", round_id=found.id))
    if not access.in_firm(current_user, found.client):
        abort(403)  # a site admin sees the round; only the client's firm reopens it
    form = ConfirmedForm()
    if request.method == "POST" and form.validate_on_submit():
        rounds.reopen(session(), found, current_user, actor=actor_of(current_user))
        flash(_("The round is open again: respondents can answer and submit."))
        return redirect(url_for(".round_page", round_id=found.id))
    return confirm(
        found,
        form,
        title=_("Reopen %(round)s?", round=found.name),
        explanation=[
            _("Respondents whose link works can answer, change their answers and submit again."),
            _("The round's result changes with every new submission until you close the round again."),
        ],
        button=_("Reopen the round"),
        back=url_for(".round_page", round_id=found.id),
    )


def confirm(found: Round, form: ConfirmedForm, title: str, explanation: list[str], button: str, back: str) -> str:
    """The page that asks before a change that respondents notice at once."""
    return render_template(
        "rounds/confirm.html", round=found, form=form, title=title, explanation=explanation, button=button, back=back
    )


def _changeable(found: Round) -> bool:
    if found.is_closed:
        flash(_("This round is closed: nothing in it can change any more."))
        return False
    return True


@bp.get("/rounds/<int:round_id>/result")
def result(round_id: int) -> str:
    found = own_round(round_id)
    disclosure = rounds.round_disclosure(session(), found)
    outcome = disclosure.view
    questionnaire = rounds.questionnaire_of_round(found)
    language = str(get_locale())
    return render_template(
        "rounds/result.html",
        round=found,
        result=outcome,
        disclosure=disclosure,
        confidentiality=confidentiality_setting(found.confidentiality),
        questionnaire=questionnaire,
        language=language,
        figure=radar_json(questionnaire, outcome.overall.result, language)
        if outcome.overall.result.has_result
        else None,
        charts=round_charts(questionnaire, outcome, language, department_labels()),
        explanation=explain_group(questionnaire, outcome.overall.result),
        agreed=actions.round_actions(
            actions.plan_of(session(), found.client),
            client_figures(session(), found.client),
            found.id,
            [d.key for d in questionnaire.dimensions],
        ),
    )
