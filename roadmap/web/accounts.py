"""Consultant accounts: log in (rate limited), log out, change password."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from roadmap.db import session as db_session
from roadmap.extensions import limiter, login_manager
from roadmap.models import User
from roadmap.services import accounts as service
from roadmap.services import audit
from roadmap.web.auditing import actor_of, address
from roadmap.web.forms import ConfirmForm, LoginForm, PasswordForm
from roadmap.web.main import safe_next

bp = Blueprint("accounts", __name__)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.session_protection = "basic"
    app.register_blueprint(bp)


@login_manager.user_loader
def load_user(value: str) -> User | None:
    return service.user_of_session(db_session(), value)


def login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login() -> Response | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        user = service.authenticate(db_session(), form.email.data, form.password.data, address=address())
        if user is not None:
            # A new session at login: nothing from before (a planted session cookie) carries over but the language.
            language = session.get("language")
            session.clear()
            if language:
                session["language"] = language
            login_user(user)
            session.permanent = True  # signed again with every response: the idle limit counts from the last one
            return redirect(safe_next(request.args.get("next")) if request.args.get("next") else home_url())
        # The same message whether the e-mail exists or not.
        form.password.errors.append(_("The e-mail address or password is not correct."))
    return render_template("accounts/login.html", form=form), 200 if not form.errors else 400


def home_url() -> str:
    return url_for("workspace.clients.portfolio")


@bp.post("/logout")
def logout() -> Response:
    ConfirmForm().validate_on_submit()  # CSRFProtect has checked the token already
    language = session.get("language")
    if current_user.is_authenticated:
        actor = actor_of(current_user)
        audit.record(db_session(), "sign_out", actor=actor, firm_id=actor.firm_id, subject=None)
        service.end_sessions(
            db_session(), current_user
        )  # commits the record too  # a copy of this session's cookie is refused from now on
    logout_user()
    session.clear()
    if language:
        session["language"] = language
    flash(_("You are logged out."))
    return redirect(url_for("main.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(login_limit, methods=["POST"])  # guessing the current password is guessing a login
def change_password() -> Response | tuple[str, int]:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            service.change_password(db_session(), current_user, form.current.data, form.new.data)
        except service.AccountError:
            form.current.errors.append(_("The current password is not correct."))
        else:
            login_user(current_user)  # this session continues with the new session version; others end
            flash(_("Your password has been changed. Other sessions have been logged out."))
            return redirect(home_url())
    return render_template("accounts/password.html", form=form), 400 if form.errors else 200
