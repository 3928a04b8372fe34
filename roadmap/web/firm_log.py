"""The firm's audit log for its admins: the events newest first, filtered (kind, member, dates, text), in pages
of 50, and the filtered log as CSV (keys, for programs) and XLSX (in the page's language). Read only: no route
changes or deletes an event (services.audit)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from roadmap.db import as_utc, session
from roadmap.i18n import format_datetime
from roadmap.render.csv import csv_bytes
from roadmap.render.xlsx import Table, xlsx_bytes
from roadmap.services import access, audit
from roadmap.web.auditing import actor_of

bp = Blueprint("firm_log", __name__, url_prefix="/firm")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEARCH_MAX = 100

ACTION_LABELS: Mapping[str, str] = {
    "sign_in": _l("Signed in"),
    "sign_in_failed": _l("Sign-in failed"),
    "sign_out": _l("Signed out"),
    "token_used": _l("API token used"),
    "member_invited": _l("Member invited"),
    "member_joined": _l("Member joined"),
    "role_changed": _l("Role changed"),
    "member_removed": _l("Member removed"),
    "member_invitation_revoked": _l("Colleague's invitation revoked"),
    "member_invitation_reissued": _l("Colleague's invitation sent again"),
    "team_changed": _l("Client's team changed"),
    "brand_changed": _l("Brand changed"),
    "client_created": _l("Client created"),
    "client_changed": _l("Client changed"),
    "client_deleted": _l("Client deleted"),
    "round_created": _l("Round created"),
    "round_changed": _l("Round changed"),
    "round_closed": _l("Round closed"),
    "round_reopened": _l("Round reopened"),
    "round_deleted": _l("Round deleted"),
    "invitation_created": _l("Respondent invited"),
    "invitation_sent": _l("Invitation e-mail sent"),
    "invitation_revoked": _l("Invitation revoked"),
    "invitation_reissued": _l("Invitation re-issued"),
    "reminder_sent": _l("Reminder sent"),
    "download": _l("Report downloaded"),
    "export": _l("Data exported"),
}
# Who acted without an account (web/auditing.respondent_downloaded), as stored, and as the page says it.
ANONYMOUS_LABELS: Mapping[str, str] = {
    "respondent": _l("A respondent"),
    "share link holder": _l("A share link's holder"),
}
if missing := set(audit.ACTIONS) - set(ACTION_LABELS):  # pragma: no cover - a new action without its label
    raise RuntimeError(f"actions without a label in web/firm_log.py: {sorted(missing)}")


class LogFilterForm(FlaskForm):
    """The log's filters, sent with GET (nothing is changed, so no CSRF token)."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), validators=[Optional()])
    member = SelectField(_l("Member"), validators=[Optional()])
    since = DateField(_l("From"), validators=[Optional()], format="%Y-%m-%d")
    until = DateField(_l("To"), validators=[Optional()], format="%Y-%m-%d")
    q = StringField(_l("Text in what"), validators=[Optional(), Length(max=SEARCH_MAX)])

    def validate(self, extra_validators: Mapping[str, object] | None = None) -> bool:
        valid = super().validate()
        if valid and self.since.data and self.until.data and self.since.data > self.until.data:
            self.until.errors = [_("The end date is before the start date.")]
            valid = False
        return valid


@bp.before_request
@login_required
def require_firm_admin() -> None:
    """The log is its firm admins' only (services.access.may_manage_firm)."""
    if not access.may_manage_firm(current_user):
        abort(403)


def firm_id() -> int:
    return int(current_user.membership.firm_id)


def filter_form() -> LogFilterForm:
    form = LogFilterForm(request.args)
    form.kind.choices = [("", _("Every kind")), *((key, str(ACTION_LABELS[key])) for key in audit.ACTIONS)]
    members = audit.actors_of(session(), firm_id())
    form.member.choices = [("", _("Everyone")), *((str(user_id), label) for user_id, label in members)]
    return form


def chosen(form: LogFilterForm) -> audit.EventFilter:
    member = form.member.data
    return audit.EventFilter(
        action=form.kind.data or None,
        actor_id=int(member) if member and member.isdigit() else None,
        since=form.since.data,
        until=form.until.data,
        text=(form.q.data or "").strip() or None,
    )


def checked_form() -> tuple[LogFilterForm, bool]:
    """The filter form of the request and whether it holds; a date that is no date gets a message of our own."""
    form = filter_form()
    if not request.args:
        return form, True
    valid = form.validate()
    if form.since.errors:
        form.since.errors = [_("Enter the start date as a date, for example 2026-12-01.")]
    if form.until.errors and form.until.raw_data and form.until.data is None:
        form.until.errors = [_("Enter the end date as a date, for example 2026-12-31.")]
    return form, valid


@bp.get("/log")
def log() -> tuple[str, int]:
    form, valid = checked_form()
    page = None
    if valid:
        number = request.args.get("page", "1")
        page = audit.events_of(session(), firm_id(), chosen(form), int(number) if number.isdigit() else 1)
    return render_template(
        "firm/log.html",
        form=form,
        page=page,
        labels=ACTION_LABELS,
        anonymous=ANONYMOUS_LABELS,
        when=lambda moment: format_datetime(as_utc(moment), "short"),
        page_url=page_url,
        detail=detail_text,
    ), 200 if valid else 400


def page_url(endpoint: str, **changes: object) -> str:
    """The endpoint with the current filters (and `changes`, e.g. another page)."""
    arguments: dict[str, Any] = {k: v for k, v in request.args.items() if v and k != "page"}
    arguments.update(changes)
    return url_for(endpoint, **arguments)


def detail_text(detail: Mapping[str, object] | None) -> str:
    """A small detail as "key: value" pairs (escaped by the template)."""
    if not detail:
        return ""
    return ", ".join(f"{key}: {value}" for key, value in sorted(detail.items()))


@bp.get("/log.csv")
def log_csv() -> Response:
    form, valid = checked_form()
    if not valid:
        abort(400)
    rows = list(audit.export_rows(session(), firm_id(), chosen(form)))
    response = attachment(csv_bytes(audit.EXPORT_COLUMNS, rows), "roadmap-audit-log.csv", "text/csv")
    response.mimetype_params["charset"] = "utf-8"
    recorded("log.csv", len(rows))
    return response


@bp.get("/log.xlsx")
def log_xlsx() -> Response:
    form, valid = checked_form()
    if not valid:
        abort(400)
    rows = [
        [at, actor, str(ACTION_LABELS.get(action, action)), subject, detail, address]
        for at, actor, action, subject, detail, address in audit.export_rows(session(), firm_id(), chosen(form))
    ]
    headers = [_("When (UTC)"), _("Who"), _("What happened"), _("What"), _("Details"), _("Address")]
    table = Table(title=_("Audit log"), headers=headers, rows=rows)
    response = attachment(xlsx_bytes([table]), "roadmap-audit-log.xlsx", XLSX)
    recorded("log.xlsx", len(rows))
    return response


def attachment(content: bytes, name: str, mimetype: str) -> Response:
    response = current_app.response_class(content, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def recorded(what: str, count: int) -> None:
    """The log's own download is an export like any other."""
    actor = actor_of(current_user)
    audit.note(
        session(), "export", actor=actor, firm_id=firm_id(), subject="audit log", detail={"file": what, "events": count}
    )
