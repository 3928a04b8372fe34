"""Inviting, reminding and following respondents by e-mail, on the round page (the stop link: web/reminders.py)."""

from __future__ import annotations

import hashlib

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from roadmap import jobs
from roadmap.db import session
from roadmap.models import Round
from roadmap.services import delivery
from roadmap.services import invitations as service
from roadmap.services.invitation_import import ImportFileError, text_of_upload
from roadmap.web.auditing import actor_of
from roadmap.web.forms import DEPARTMENTS, ConfirmForm, InvitationForm, labels
from roadmap.web.invitation_forms import ImportForm, chosen_days, chosen_language, department_names, schedule_form
from roadmap.web.workspace.access import own_invitation, own_round
from roadmap.web.workspace.round_page import show

bp = Blueprint("invitations", __name__)


def secret_key() -> str:
    return str(current_app.config["SECRET_KEY"])


def back_to(found: Round, anchor: str = "invitations") -> Response:
    return redirect(url_for("workspace.rounds.round_page", round_id=found.id) + f"#{anchor}")


def refuse_closed(found: Round) -> Response | None:
    if found.is_closed:
        flash(_("This round is closed: nothing in it can change any more."))
        return back_to(found)
    return None


@bp.post("/rounds/<int:round_id>/invitations/import")
def import_respondents(round_id: int) -> Response | tuple[str, int]:
    """Preview the list (every problem by line and field), or store it when confirmed and without problems."""
    found = own_round(round_id)
    if refused := refuse_closed(found):
        return refused
    form = ImportForm()
    checked = None
    if form.validate_on_submit():
        text = form.respondents.data or ""
        try:
            if form.upload.data and form.upload.data.filename:
                text = text_of_upload(form.upload.data.filename, form.upload.data.read())
                form.respondents.data = text
        except ImportFileError as error:
            form.upload.errors = [str(error)]
        else:
            checked = service.check_import(session(), found, text, department_names())
            # Only the very list that was previewed is stored: an edit since then is checked (and shown) again.
            if checked.ok and request.form.get("action") == "confirm" and request.form.get("previewed") == digest(text):
                return store(found, form, checked)
    ok = checked is not None and checked.ok
    return render_template(
        "invitations/preview.html",
        round=found,
        form=form,
        checked=checked,
        previewed=digest(checked.text) if ok and checked else None,
        department_labels=labels(DEPARTMENTS),
    ), 200 if ok else 400


def digest(text: str) -> str:
    return hashlib.sha256(text.replace("\r\n", "\n").strip().encode()).hexdigest()


def store(found: Round, form: ImportForm, checked: service.ImportCheck) -> Response:
    language = chosen_language(form, found.client.language)
    created, messages = service.invite_many(
        session(),
        secret_key(),
        found,
        checked.respondents,
        language,
        send=bool(form.send.data),
        actor=actor_of(current_user),
    )
    flash(ngettext("%(num)d respondent has been invited.", "%(num)d respondents have been invited.", len(created)))
    if form.send.data:
        jobs.queue_deliveries(messages)
        flash(ngettext("%(num)d invitation is being sent.", "%(num)d invitations are being sent.", len(messages)))
    return back_to(found)


@bp.post("/invitations/<int:invitation_id>/send")
def send(invitation_id: int) -> Response:
    """Send (or send again) the invitation e-mail."""
    invitation = own_invitation(invitation_id)
    if refused := refuse_closed(invitation.round):
        return refused
    ConfirmForm().validate_on_submit()  # CSRFProtect has checked the token already
    messages = delivery.queue(session(), [invitation], delivery.Kind.INVITATION, actor=actor_of(current_user))
    if messages:
        jobs.queue_deliveries(messages)
        flash(_("The invitation is being sent to %(address)s.", address=invitation.email))
    elif not invitation.email:
        flash(_("This invitation has no e-mail address: copy its link instead."))
    else:
        flash(_("A revoked invitation is not sent: re-issue its link first."))
    return back_to(invitation.round)


@bp.post("/rounds/<int:round_id>/remind")
def remind(round_id: int) -> Response:
    """A reminder to everyone who has not submitted, has not stopped reminders and was not reminded today."""
    found = own_round(round_id)
    if refused := refuse_closed(found):
        return refused
    messages = delivery.remind_unsubmitted(session(), found, actor=actor_of(current_user))
    jobs.queue_deliveries(messages)
    if messages:
        flash(ngettext("%(num)d reminder is being sent.", "%(num)d reminders are being sent.", len(messages)))
    else:
        flash(_("Nobody needs a reminder now: everyone has submitted, stopped reminders or was reminded today."))
    return back_to(found)


@bp.post("/rounds/<int:round_id>/schedule")
def schedule(round_id: int) -> Response | tuple[str, int]:
    found = own_round(round_id)
    if refused := refuse_closed(found):
        return refused
    form = schedule_form(found, request.form)
    if not form.validate_on_submit():
        return show(found, InvitationForm(formdata=None), schedule=form), 400
    delivery.set_schedule(session(), found, form.deadline.data, chosen_days(form))
    flash(_("The deadline and reminders have been saved."))
    return back_to(found, "reminders")
