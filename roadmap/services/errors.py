"""What a use case refuses: one base class, three kinds, each with the HTTP status it maps to.

A service raises a subclass of one of the kinds below; `roadmap.web.errors` turns every ServiceError that a view
does not handle itself into a page or a JSON API error, once for the whole app. The message is English and meant
for logs, the command line and the API's `error.message`; the pages show their own translated text per type.
"""

from __future__ import annotations

from typing import ClassVar


class ServiceError(Exception):
    """A request a use case refused; nothing was changed."""

    status: ClassVar[int] = 400

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotFound(ServiceError):
    """What the request names does not exist (or may not be seen: the same answer)."""

    status = 404


class Conflict(ServiceError):
    """Cannot be done in the state the thing is in: a closed round, an assessment without a result."""

    status = 409


class Invalid(ServiceError):
    """The input breaks the rules; `details` has one line per field, starting with the field."""

    status = 422
