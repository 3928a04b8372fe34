"""Resume tokens never reach a log: request lines and paths are logged with the token replaced by `[token]`.

A token in a URL opens the assessment, so a log line holding one is as good as the assessment itself. Every route
that takes a token lives under /a/<token> (the site, and consultants' invitation links), /s/<token> (read-only
share links) or /api/v1/assessments/<token> (the JSON API and its report), or is the link to stop reminders
(/stop-reminders/<token>, in every e-mail), or a colleague's invitation to a firm (/join/<token>); the pattern
also catches percent-encoded slashes.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

REDACTED = "[token]"
TOKEN_IN_PATH = re.compile(
    r"(?P<prefix>(?:/|%2f)(?:a|s|join|stop-reminders|api(?:/|%2f)v1(?:/|%2f)assessments)(?:/|%2f))(?P<token>[^/?#\s\"']+)",
    re.IGNORECASE,
)
# The development server's request log; Flask's app.logger ("Exception on <path> [POST]") is added in init_app.
REQUEST_LOGGERS = ("werkzeug",)


def redact_tokens(text: str) -> str:
    """The text with every token in an assessment URL replaced by [token]."""
    return TOKEN_IN_PATH.sub(lambda match: match["prefix"] + REDACTED, text)


class RedactTokens(logging.Filter):
    """A logging filter that formats the record's message and takes the tokens out of it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_tokens(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def install(logger: logging.Logger) -> None:
    """Add the filter to a logger, once."""
    if not any(isinstance(existing, RedactTokens) for existing in logger.filters):
        logger.addFilter(RedactTokens())


def init_app(app: Flask) -> None:
    for name in REQUEST_LOGGERS:
        install(logging.getLogger(name))
    install(app.logger)
