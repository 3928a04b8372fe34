"""A client's team: its lead and the firm's members assigned to it, changed by those `access.may_assign` lets."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from roadmap.db import session
from roadmap.models import Client
from roadmap.services import access, audit, firms
from roadmap.web.auditing import firm_changed
from roadmap.web.firm_forms import ROLE_LABELS, TeamForm
from roadmap.web.workspace.access import own_client

bp = Blueprint("team", __name__)


def team_form(client: Client) -> TeamForm:
    """The form with the firm's members as choices: leads (no viewer) and everyone else to assign."""
    members = firms.members_of(session(), client.firm_id)
    form = TeamForm(lead=client.consultant_id, members=[m.user_id for m in client.members])
    form.lead.choices = [SelectChoice(m.user.id, label(m)) for m in members if m.role in firms.LEADS]
    form.members.choices = [SelectChoice(m.user.id, label(m)) for m in members]
    return form


def label(member: firms.Member) -> str:
    return f"{member.user.name or member.user.email} ({ROLE_LABELS[member.role]})"


@bp.route("/clients/<int:client_id>/team", methods=["GET", "POST"])
def team(client_id: int) -> Response | tuple[str, int]:
    client = own_client(client_id)
    if not (access.may_assign(current_user, client) and access.in_firm(current_user, client)):
        abort(403)
    form = team_form(client)
    if form.validate_on_submit():
        try:
            firms.set_team(session(), current_user, client, form.lead.data, form.members.data or [])
        except firms.TeamRefused as refused:
            field = form.lead if refused.field == "lead" else form.members
            field.errors = [*field.errors, REFUSED[refused.field]()]
        else:
            firm_changed(current_user, "team_changed", audit.client_subject(client), client, lead=form.lead.data)
            flash(_("The client's team has been saved."))
            return redirect(url_for("workspace.clients.client", client_id=client.id))
    return render_template("clients/team.html", client=client, form=form), 400 if form.errors else 200


REFUSED: dict[str, Any] = {
    "lead": lambda: _("Choose a firm admin, partner or consultant of the firm to lead the client."),
    "members": lambda: _("Choose members of the firm."),
}
