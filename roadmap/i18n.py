"""Language: the visitor's choice (kept in the session), else on an assessment's pages the language it was started
in, else the browser's Accept-Language, else English.

Dates are formatted in the conventions of the language's country: English text is British English, so its dates
are British ("1 December 2026"), while the language code stays "en" everywhere (URLs, stored assessments, API).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.support import NullTranslations
from flask import Flask, current_app, g, request, session
from flask_babel import get_locale, get_timezone, get_translations, refresh, to_user_timezone
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

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
    # Flask-Babel's `_` in templates, without its lookups per string (below); ngettext and the rest stay its own.
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"] = template_gettext


def page_translations() -> NullTranslations:
    """Flask-Babel's translations for the locale of the moment, found once per locale and request.

    Flask-Babel looks them up anew for every string (some 10 µs, with Jinja's two calls around it 15 µs), and a
    page translates a few dozen strings. They are kept beside its own per-request state, with the locale they are
    for: `refresh()` (an assessment's language) and `force_locale` (a mail, a report) set another locale object,
    and then they are looked up again."""
    state = g.get("_flask_babel")
    kept = getattr(state, "roadmap_translations", None)
    if state is None or kept is None or kept[0] is not getattr(state, "babel_locale", None):
        translations = get_translations()  # also sets the state and its locale, within a request or app context
        state = g.get("_flask_babel")
        if state is not None:
            state.roadmap_translations = (getattr(state, "babel_locale", None), translations)
        return translations
    return kept[1]


@pass_context
def template_gettext(context: Context, string: str, **variables: Any) -> str:
    """`_()` and `gettext()` in templates, exactly as Jinja's newstyle gettext does them (always formatted with
    `%`, escaped when autoescaping), on `page_translations`."""
    translated = page_translations().ugettext(string)
    if context.eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


def format_datetime(value: datetime, format: str = "medium") -> str:
    """A moment in time as the page's language writes it, in the user's time zone."""
    return babel_format_datetime(value, format, tzinfo=get_timezone(), locale=formatting_locale())
