"""The respondents' link to stop reminders, in every invitation and reminder e-mail: no login needed."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import get_locale

from roadmap.db import session
from roadmap.services import delivery
from roadmap.web.forms import ConfirmForm

bp = Blueprint("reminders", __name__)


def secret_key() -> str:
    return str(current_app.config["SECRET_KEY"])


@bp.route("/stop-reminders/<token>", methods=["GET", "POST"])
def stop(token: str) -> str | tuple[str, int]:
    """From the link in every message: a page with a button (a mail scanner fetching the link changes nothing)."""
    invitation = delivery.invitation_of_stop_token(session(), secret_key(), token)
    if invitation is None:
        abort(404)
    form = ConfirmForm()
    done = invitation.reminders_stopped_at is not None
    if request.method == "POST" and form.validate_on_submit():
        delivery.stop_reminders(session(), invitation)
        done = True
    return render_template("invitations/stop.html", form=form, done=done, language=str(get_locale()))
