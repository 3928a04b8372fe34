"""The firm's brand page: its name, accent colour and logo, for the firm's admins (services.access)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from roadmap.db import session
from roadmap.models import Firm
from roadmap.services import branding
from roadmap.services.access import may_manage_firm
from roadmap.web.auditing import firm_changed
from roadmap.web.brand_forms import UPLOAD_REQUEST_MAX, BrandForm, problem_message, too_large_page, uploaded
from roadmap.web.errors import error_page

bp = Blueprint("firm_brand", __name__)
TEMPLATE = "firm/brand.html"


@bp.url_value_preprocessor
def allow_logo_upload(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
    # Before the app's CSRF check reads the form: a logo just over 1 MB gets its message instead of a bare 413.
    request.max_content_length = UPLOAD_REQUEST_MAX


@bp.before_request
@login_required
def require_firm_admin() -> None:
    if not may_manage_firm(current_user):
        abort(403)


def own_firm() -> Firm:
    firm = current_user.firm
    assert firm is not None  # may_manage_firm: a member of a firm
    return firm


@bp.errorhandler(413)
def too_large(_error: Exception) -> tuple[str, int]:
    # Raised by the CSRF check, before require_firm_admin: only a firm admin gets the form back.
    if not (current_user.is_authenticated and may_manage_firm(current_user)):
        return error_page(413)
    firm = own_firm()
    return too_large_page(TEMPLATE, BrandForm(formdata=None), firm=firm, brand=branding.firm_brand(firm))


@bp.route("/firm/brand", methods=["GET", "POST"])
def brand() -> Response | tuple[str, int]:
    firm = own_firm()
    if request.method == "GET":
        form = BrandForm(formdata=None, data={"name": firm.name, "accent": firm.accent})
    else:
        form = BrandForm()
    if request.form.get("action") == "remove-logo" and form.validate_on_submit():
        branding.clear_firm_logo(session(), firm)
        firm_changed(current_user, "brand_changed", "the firm's brand", logo="removed")
        flash(_("The logo has been removed."))
        return redirect(url_for(".brand"))
    if form.validate_on_submit():
        try:
            branding.save_firm_brand(session(), firm, form.name.data, form.accent.data, uploaded(form.logo))
        except branding.BrandRefused as refused:
            getattr(form, refused.field).errors = [problem_message(refused.problem)]
        else:
            firm_changed(current_user, "brand_changed", "the firm's brand", accent=firm.accent, name=firm.name)
            flash(_("The brand has been saved."))
            return redirect(url_for(".brand"))
    page = render_template(TEMPLATE, form=form, firm=firm, brand=branding.firm_brand(firm))
    return page, 400 if form.errors else 200
