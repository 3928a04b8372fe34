"""Language: the visitor's choice (kept in the session), else the browser's Accept-Language, else English."""

from __future__ import annotations

from flask import Flask, current_app, request, session

from roadmap.extensions import babel


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_language() -> str:
    chosen = session.get("language")
    if chosen in supported():
        return str(chosen)
    return request.accept_languages.best_match(supported()) or current_app.config["BABEL_DEFAULT_LOCALE"]


def language_from(value: str | None) -> str:
    """An explicit ?lang= value when it is a supported language, else the page language."""
    return value if value in supported() else select_language()


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_language)
