"""A client's own logo on its own reports, in place of the firm's (services.branding)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from roadmap.db import session
from roadmap.models import Client
from roadmap.services import audit, branding, clients
from roadmap.services.access import may_change
from roadmap.web.auditing import firm_changed
from roadmap.web.brand_forms import UPLOAD_REQUEST_MAX, LogoForm, problem_message, too_large_page, uploaded
from roadmap.web.errors import error_page
from roadmap.web.workspace.access import own_client

bp = Blueprint("logo", __name__)
TEMPLATE = "clients/logo.html"


@bp.url_value_preprocessor
def allow_logo_upload(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
    # Before the app's CSRF check reads the form: a logo just over 1 MB gets its message instead of a bare 413.
    request.max_content_length = UPLOAD_REQUEST_MAX


def page(client: Client, form: LogoForm) -> dict[str, Any]:
    brand = branding.client_brand(client)
    return {"form": form, "client": client, "brand": brand, "may_change": may_change(current_user)}


@bp.errorhandler(413)
def too_large(_error: Exception) -> tuple[str, int]:
    # Raised by the CSRF check, before the workspace's login rule: only who may change the client gets the form.
    client_id = int((request.view_args or {}).get("client_id", 0))
    client = clients.visible_client(session(), current_user, client_id) if current_user.is_authenticated else None
    if client is None or not may_change(current_user):
        return error_page(413)
    form = LogoForm(formdata=None)
    context = page(client, form)
    del context["form"]
    return too_large_page(TEMPLATE, form, **context)


@bp.route("/clients/<int:client_id>/logo", methods=["GET", "POST"])
def client_logo(client_id: int) -> Response | tuple[str, int]:
    """Who may see the client sees its logo; who may change it (not a viewer) uploads or removes one."""
    client = own_client(client_id)
    form = LogoForm()
    if request.method == "POST" and not may_change(current_user):
        abort(403)  # the workspace refuses it first; said here too, where the change is made
    if form.validate_on_submit():
        if request.form.get("action") == "remove-logo":
            branding.clear_client_logo(session(), client)
            firm_changed(current_user, "brand_changed", audit.client_subject(client), client, logo="removed")
            flash(_("The client's own logo has been removed: its reports show your firm's logo."))
            return redirect(url_for(".client_logo", client_id=client.id))
        logo = uploaded(form.logo)
        if logo is None:
            form.logo.errors = [_("Choose a PNG or SVG file.")]
        else:
            try:
                branding.save_client_logo(session(), client, logo)
            except branding.BrandRefused as refused:
                form.logo.errors = [problem_message(refused.problem)]
            else:
                firm_changed(current_user, "brand_changed", audit.client_subject(client), client, logo="saved")
                flash(_("The client's logo has been saved: its reports show it."))
                return redirect(url_for(".client_logo", client_id=client.id))
    return render_template(TEMPLATE, **page(client, form)), 400 if form.errors else 200
