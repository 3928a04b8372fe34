"""The web layer: blueprints, error pages and response headers."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, render_template, request
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from roadmap.web import accounts, api, assessment, clients, exports, health, invitations, main, report, rounds
from roadmap.web.formatting import format_score

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.context_processor(template_globals)
    app.register_blueprint(main.bp)
    app.register_blueprint(assessment.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(report.bp)
    app.register_blueprint(report.api_bp)
    accounts.init_app(app)
    app.register_blueprint(clients.bp)
    app.register_blueprint(rounds.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(invitations.bp)
    app.register_blueprint(health.bp)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    app.after_request(security_headers)


def template_globals() -> dict[str, Any]:
    return {"current_language": str(get_locale()), "format_score": format_score, "format_date": format_date}


def csrf_error(error: CSRFError) -> tuple[str, int]:
    message = _("This form has expired or was sent from another site. Go back, reload the page and try again.")
    return render_template("errors/error.html", code=400, message=message), 400


def http_error(error: HTTPException) -> tuple[Response | str, int]:
    # By path, not blueprint: an unknown /api/v1/... URL matches no blueprint but still wants JSON.
    if request.path.startswith(api.bp.url_prefix or "/api/"):
        return api.error_response(error)
    messages = {
        404: _("This page does not exist. If you followed a private assessment link, it may have been deleted."),
        405: _("This page cannot be used that way."),
        409: _("This cannot be done yet."),
        413: _("What you sent is too large."),
        429: _("You have done this too often in a short time. Wait a few minutes and try again."),
    }
    code = error.code or 500
    message = messages.get(code, error.description or _("Something went wrong."))
    return render_template("errors/error.html", code=code, message=message), code


def security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
