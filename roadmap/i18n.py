"""Language: the visitor's choice (kept in the session), else on an assessment's pages the language it was started
in, else the browser's Accept-Language, else English.

Dates are formatted in the conventions of the language's country: English text is British English, so its dates
are British ("1 December 2026"), while the language code stays "en" everywhere (URLs, stored assessments, API).
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from flask import Flask, current_app, g, request, session
from flask_babel import get_locale, get_timezone, refresh, to_user_timezone

from roadmap.extensions import babel

# The locale whose formats a language's dates use, where it is not the language itself.
FORMAT_LOCALES = {"en": "en_GB"}


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_language() -> str:
    chosen = session.get("language")
    if chosen in supported():
        return str(chosen)
    remembered = g.get("assessment_language")  # set by use_assessment_language
    if remembered in supported():
        return str(remembered)
    return request.accept_languages.best_match(supported()) or current_app.config["BABEL_DEFAULT_LOCALE"]


def use_assessment_language(language: str) -> None:
    """Pages of an assessment speak the language it was started in, unless the visitor chose one (the switch)."""
    g.assessment_language = language
    refresh()  # in case the locale was looked up earlier in this request


def language_from(value: str | None) -> str:
    """An explicit ?lang= value when it is a supported language, else the page language."""
    return value if value in supported() else select_language()


def formatting_locale() -> Locale:
    """The locale of dates for the current (or forced) language: en_GB for English."""
    language = str(get_locale())
    return Locale.parse(FORMAT_LOCALES.get(language, language))


def format_date(value: date | datetime, format: str = "medium") -> str:
    """A date as the page's language writes it; a moment in time first in the user's time zone (as Flask-Babel)."""
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    return babel_format_date(value, format, locale=formatting_locale())


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_language)


def format_datetime(value: datetime, format: str = "medium") -> str:
    """A moment in time as the page's language writes it, in the user's time zone."""
    return babel_format_datetime(value, format, tzinfo=get_timezone(), locale=formatting_locale())
