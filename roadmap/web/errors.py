"""Every error the site answers with: the error page, the JSON API's error format, and what each error maps to.

Pages get `error_page()`; the API (everything under API_PREFIX) gets `{"error": {"message", "details"}}`. A
ServiceError that a view does not handle itself is mapped here, once: its status from its kind (NotFound 404,
Conflict 409, Invalid 422), its page text from PAGE_MESSAGES, its API message from the service. A database that
cannot be reached, is read-only or stays locked is a 503 (DATABASE_FAULTS): a page that needs no database.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask, Response, after_this_request, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from roadmap.extensions import login_manager
from roadmap.services.assessments import ManagedByConsultant, RoundClosed
from roadmap.services.errors import ServiceError

API_PREFIX = "/api/"
# Faults of the moment rather than of the request: the database is down or unreachable, read-only (SQLite's file,
# PostgreSQL's read-only transaction 25006, an InternalError), locked past the busy timeout, or the pool exhausted.
# Not IntegrityError, DataError or ProgrammingError: those are bugs, and trying again would not help.
DATABASE_FAULTS = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.InternalError, sa.exc.TimeoutError)
RETRY_AFTER_SECONDS = 30

log = logging.getLogger(__name__)

# What a page says for a service error (by type); other types get the text of their status.
PAGE_MESSAGES: dict[type[ServiceError], LazyString] = {
    RoundClosed: _l("This round has been closed by your consultant: answers can no longer be changed."),
    ManagedByConsultant: _l("Your consultant manages this assessment. Ask them if you want your answers removed."),
}


class ApiError(Exception):
    """An error of the JSON API: its status, an English message and one detail line per field."""

    def __init__(self, status: int, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.details = status, message, details or []


def init_app(app: Flask) -> None:
    app.register_error_handler(ApiError, api_error)
    app.register_error_handler(ServiceError, service_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
    for fault in DATABASE_FAULTS:
        app.register_error_handler(fault, database_unavailable)


def error_page(code: int, message: str | None = None) -> tuple[str, int]:
    """The error page with its status; without a message, the text for the status."""
    try:
        return render_template("errors/error.html", code=code, message=message or status_message(code)), code
    except DATABASE_FAULTS as fault:  # the header asks who is logged in, and the database does not answer
        log_fault(fault)
        return unavailable_page(), 503


def database_unavailable(fault: Exception) -> tuple[Response | str, int]:
    """503: the page (or the API's error) says nothing was lost and to try again, and needs no database itself."""
    log_fault(fault)
    if is_api_request():
        after_this_request(retry_later)
        return api_response(
            503, "The database is unavailable at the moment; nothing was changed. Try again in a minute."
        )
    return unavailable_page(), 503


def retry_later(response: Response) -> Response:
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def unavailable_page() -> str:
    # Flask-Login's template context loads the current user (from the database) unless one is set: set none. The
    # page leaves out the header's account links, which would be wrong for a logged-in visitor.
    g._login_user = login_manager.anonymous_user()
    after_this_request(retry_later)
    return render_template("errors/unavailable.html")


def log_fault(fault: Exception) -> None:
    # The type only: the message may hold hosts, paths or SQL parameters.
    log.warning("the database is unavailable (%s)", type(getattr(fault, "orig", None) or fault).__name__)


def status_message(code: int, default: str | None = None) -> str:
    messages = {
        404: _("This page does not exist. If you followed a private assessment link, it may have been deleted."),
        405: _("This page cannot be used that way."),
        409: _("This cannot be done yet."),
        413: _("What you sent is too large."),
        429: _("You have done this too often in a short time. Wait a few minutes and try again."),
    }
    return messages.get(code, default or _("Something went wrong."))


def api_response(status: int, message: str, details: list[str] | None = None) -> tuple[Response, int]:
    """The API's one error format."""
    return jsonify(error={"message": message, "details": details or []}), status


def is_api_request() -> bool:
    # By path, not blueprint: an unknown /api/v1/... URL matches no blueprint but still wants JSON.
    return request.path.startswith(API_PREFIX)


def api_error(error: ApiError) -> tuple[Response, int]:
    return api_response(error.status, error.message, error.details)


def service_error(error: ServiceError) -> tuple[Response | str, int]:
    if is_api_request():
        return api_response(error.status, error.message, error.details)
    message = PAGE_MESSAGES.get(type(error))
    return error_page(error.status, str(message) if message else None)


def csrf_error(error: CSRFError) -> tuple[str, int]:
    return error_page(
        400, _("This form has expired or was sent from another site. Go back, reload the page and try again.")
    )


def http_error(error: HTTPException) -> tuple[Response | str, int]:
    code = error.code or 500
    if is_api_request():
        if code == 429:  # Flask-Limiter's description is the limit itself, e.g. "10 per 1 minute"
            return api_response(
                code, "Too many requests from this address. Try again later.", [f"limit: {error.description}"]
            )
        return api_response(code, error.description or error.name)
    return error_page(code, status_message(code, error.description))
