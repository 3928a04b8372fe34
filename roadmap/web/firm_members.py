"""A firm's members, for its admins: invite colleagues, change roles, remove members, revoke or re-send
invitations; and the invited colleague's page that sets their password (`/join/<token>`, public, rate limited).

Who may: `services.access.may_manage_firm` (everyone else gets 403). The use cases are `services.firms`; the
invitation e-mail goes out through the job queue (`roadmap.jobs.deliver_member_invitation`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from roadmap import jobs
from roadmap.db import session as db_session
from roadmap.extensions import limiter, login_manager
from roadmap.i18n import format_datetime
from roadmap.models import MemberInvitation, User
from roadmap.services import audit, firms
from roadmap.services.access import may_manage_firm
from roadmap.services.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from roadmap.web.accounts import home_url, login_limit
from roadmap.web.auditing import firm_changed
from roadmap.web.firm_forms import ROLE_HINTS, ROLE_LABELS, InviteForm, JoinForm, ResendForm, RoleForm
from roadmap.web.forms import ConfirmedForm

bp = Blueprint("firm_members", __name__)
PUBLIC = ("firm_members.join",)
# What a page says when the service refuses what the form let through, by field.
REFUSED_INVITEE = {
    "email": lambda: _("Enter an e-mail address like name@example.org."),
    "name": lambda: _("This name cannot be stored."),
    "role": lambda: _("Choose one of the roles."),
}
REFUSED_JOIN = {
    "name": lambda: _("This name cannot be stored."),
    "password": lambda: _("Use %(min)d to %(max)d characters.", min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH),
    "repeated": lambda: _("The passwords differ."),
}


@bp.before_request
def require_firm_admin() -> Response | None:
    """Every page here but the join link is for the firm's admins."""
    if request.endpoint in PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()  # to the login page, as @login_required
    if not may_manage_firm(current_user):
        abort(403)
    return None


def firm_id() -> int:
    assert current_user.membership is not None
    return int(current_user.membership.firm_id)


def language() -> str:
    return str(get_locale())


def members_page(invite_form: InviteForm | None = None, problem: str | None = None, status: int = 200) -> Any:
    members = firms.members_of(db_session(), firm_id())
    role_forms = {member.user.id: RoleForm(formdata=None, role=member.role) for member in members}
    return render_template(
        "firm/members.html",
        members=members,
        role_forms=role_forms,
        invitations=firms.open_invitations(db_session(), firm_id()),
        invite_form=invite_form or InviteForm(formdata=None, language=language()),
        resend_form=ResendForm(formdata=None, language=language()),
        problem=problem,
        role_labels=ROLE_LABELS,
        role_hints=ROLE_HINTS,
        format_datetime=format_datetime,
    ), status


@bp.get("/firm/members")
def members() -> Any:
    return members_page()


def send_invitation(invitation: MemberInvitation, token: str, language: str) -> None:
    jobs.deliver_member_invitation(invitation.id, token, language)


@bp.post("/firm/members/invite")
def invite() -> Any:
    form = InviteForm()
    if not form.validate_on_submit():
        return members_page(form, status=400)
    try:
        invitation, token = firms.invite(db_session(), current_user, form.email.data, form.name.data, form.role.data)
    except firms.AlreadyMember:
        form.email.errors.append(_("This e-mail address already has an account in a firm."))
    except firms.AlreadyInvited:
        form.email.errors.append(_("This e-mail address has an open invitation already: re-send or revoke it."))
    except firms.InvitationRefused as refused:
        getattr(form, refused.field).errors.append(REFUSED_INVITEE[refused.field]())
    else:
        send_invitation(invitation, token, form.language.data)
        firm_changed(current_user, "member_invited", f"colleague {invitation.email}", role=invitation.role)
        flash(_("The invitation has been sent to %(email)s.", email=invitation.email))
        return redirect(url_for(".members"))
    return members_page(form, status=400)


@bp.post("/firm/members/<int:member_id>/role")
def change_role(member_id: int) -> Any:
    firms.member_of_firm(db_session(), firm_id(), member_id)  # another firm's member: 404
    form = RoleForm()
    if not form.validate_on_submit():
        return members_page(problem=_("Choose one of the roles."), status=400)
    try:
        member = firms.change_role(db_session(), current_user, member_id, form.role.data)
    except firms.LastAdmin:
        return members_page(problem=_("The firm needs at least one admin: make someone else admin first."), status=409)
    firm_changed(current_user, "role_changed", audit.member_subject(member), role=form.role.data)
    flash(_("%(member)s is now %(role)s.", member=member.name or member.email, role=ROLE_LABELS[form.role.data]))
    return redirect(url_for(".members"))


@bp.route("/firm/members/<int:member_id>/remove", methods=["GET", "POST"])
def remove(member_id: int) -> Any:
    member = firms.member_of_firm(db_session(), firm_id(), member_id)
    form = ConfirmedForm()
    problem = None
    if member.id == current_user.id:
        problem = _("You cannot remove yourself. Another admin of the firm can.")
    elif form.validate_on_submit():
        name = member.name or member.email
        firms.remove_member(db_session(), current_user, member_id)
        firm_changed(current_user, "member_removed", audit.member_subject(member))
        flash(_("%(member)s has been removed from the firm; their clients are now yours to lead.", member=name))
        return redirect(url_for(".members"))
    led = firms.led_clients(db_session(), member)
    status = 409 if problem and request.method == "POST" else 200
    return render_template(
        "firm/remove.html", member=member, form=form, led=led, problem=problem, role_labels=ROLE_LABELS
    ), status


@bp.post("/firm/invitations/<int:member_invitation_id>/revoke")
def revoke(member_invitation_id: int) -> Any:
    form = ConfirmedForm()
    invitation = firms.invitation_of_firm(db_session(), current_user, member_invitation_id)
    if not form.validate_on_submit():
        return members_page(problem=_("Nothing was changed: send the form again."), status=400)
    try:
        firms.revoke(db_session(), current_user, invitation.id)
    except firms.InvitationClosed:
        return members_page(problem=_("This invitation can no longer be revoked."), status=409)
    firm_changed(current_user, "member_invitation_revoked", f"colleague {invitation.email}", role=invitation.role)
    flash(_("The invitation to %(email)s has been revoked: its link no longer works.", email=invitation.email))
    return redirect(url_for(".members"))


@bp.post("/firm/invitations/<int:member_invitation_id>/resend")
def resend(member_invitation_id: int) -> Any:
    form = ResendForm()
    firms.invitation_of_firm(db_session(), current_user, member_invitation_id)
    if not form.validate_on_submit():
        return members_page(problem=_("Choose the language of the e-mail."), status=400)
    try:
        invitation, token = firms.resend(db_session(), current_user, member_invitation_id)
    except firms.InvitationClosed:
        return members_page(problem=_("This invitation can no longer be sent again."), status=409)
    send_invitation(invitation, token, form.language.data)
    firm_changed(current_user, "member_invitation_reissued", f"colleague {invitation.email}", role=invitation.role)
    flash(_("A new link has been sent to %(email)s; the earlier one no longer works.", email=invitation.email))
    return redirect(url_for(".members"))


CLOSED_STATUS = {"used": 410, "expired": 410, "revoked": 410, "unknown": 404}


def closed_page(reason: str) -> tuple[str, int]:
    return render_template("firm/join_closed.html", reason=reason), CLOSED_STATUS[reason]


@bp.route("/join/<token>", methods=["GET", "POST"])
@limiter.limit(login_limit)
def join(token: str) -> Any:
    try:
        invitation = firms.open_invitation(db_session(), token)
    except firms.InvitationNotFound:
        return closed_page("unknown")
    except firms.InvitationClosed as closed:
        return closed_page(closed.reason)
    form = JoinForm(name=invitation.name)
    if form.validate_on_submit():
        try:
            user = firms.accept(db_session(), token, form.name.data, form.password.data, form.repeated.data)
        except firms.InvitationClosed as closed:
            return closed_page(closed.reason)
        except firms.AlreadyMember:
            return closed_page("used")
        except firms.PasswordRefused as refused:
            getattr(form, refused.field).errors.append(REFUSED_JOIN[refused.field]())
        else:
            firm_changed(user, "member_joined", audit.member_subject(user), role=invitation.role)
            start_session(user)
            flash(_("Welcome to %(firm)s. You are logged in.", firm=user.firm_name or _("your firm")))
            return redirect(home_url())
    return render_template(
        "firm/join.html", form=form, invitation=invitation, role_labels=ROLE_LABELS, role_hints=ROLE_HINTS
    ), 400 if form.errors else 200


def start_session(user: User) -> None:
    """As at login: a new session, nothing carried over but the language."""
    chosen = session.get("language")
    session.clear()
    if chosen:
        session["language"] = chosen
    login_user(user)
    session.permanent = True
