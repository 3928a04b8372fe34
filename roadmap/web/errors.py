"""Every error the site answers with: the error page, the JSON API's error format, and what each error maps to.

Pages get `error_page()`; the API (everything under API_PREFIX) gets `{"error": {"message", "details"}}`. A
ServiceError that a view does not handle itself is mapped here, once: its status from its kind (NotFound 404,
Conflict 409, Invalid 422), its page text from PAGE_MESSAGES, its API message from the service.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from roadmap.services.assessments import ManagedByConsultant, RoundClosed
from roadmap.services.errors import ServiceError

API_PREFIX = "/api/"

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


def error_page(code: int, message: str | None = None) -> tuple[str, int]:
    """The error page with its status; without a message, the text for the status."""
    return render_template("errors/error.html", code=code, message=message or status_message(code)), code


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
