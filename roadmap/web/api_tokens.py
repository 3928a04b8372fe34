"""The account's personal access tokens for the workspace API: make one (shown once), see them, revoke one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from roadmap.db import session
from roadmap.models import ApiToken
from roadmap.services import api_tokens
from roadmap.web.forms import ConfirmForm, storable_text

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name of the token"),
        validators=[
            DataRequired(message=_l("Give the token a name, for example the integration that will use it.")),
            Length(max=api_tokens.NAME_MAX, message=_l("At most %(max)d characters.")),
            storable_text,
        ],
    )


@bp.before_request
@login_required
def require_login() -> None:
    """The tokens are the logged-in consultant's own."""


@bp.route("", methods=["GET", "POST"])
def tokens() -> tuple[str, int]:
    """The tokens and the form for a new one; a new token's secret is on this answer only, never again."""
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        try:
            secret, _token = api_tokens.create(session(), current_user, form.name.data or "")
        except api_tokens.TooManyTokens:
            form.name.errors = [
                _(
                    "You have %(count)d tokens in use, the most there can be: revoke one first.",
                    count=api_tokens.MAX_ACTIVE,
                )
            ]
        else:
            form = TokenForm(formdata=None)
    page = render_template(
        "accounts/tokens.html",
        form=form,
        secret=secret,
        tokens=api_tokens.tokens_of(session(), current_user),
        format_datetime=format_datetime,
    )
    return page, 400 if form.errors else 200


def own_token() -> ApiToken:
    number = request.args.get("token", "")
    if not number.isdecimal() or len(number) > 9:
        abort(404)
    try:
        return api_tokens.own_token(session(), current_user, int(number))
    except api_tokens.TokenNotFound:
        abort(404)


@bp.route("/revoke", methods=["GET", "POST"])
def revoke() -> Response | str:
    """Ask first; then the token stops working at once."""
    token = own_token()
    form = ConfirmForm()
    if token.revoked_at is not None:
        flash(_("The token %(name)s has already been revoked.", name=token.name))
        return redirect(url_for(".tokens"))
    if form.validate_on_submit():
        api_tokens.revoke(session(), token)
        flash(_("The token %(name)s has been revoked: it no longer opens the API.", name=token.name))
        return redirect(url_for(".tokens"))
    return render_template("accounts/revoke_token.html", token=token, form=form)
