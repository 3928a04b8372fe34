"""Home page, language switch and the old address of plotly.js."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response as BaseResponse

from roadmap.web.forms import ConfirmForm

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    catalogue = current_app.extensions["questionnaires"]
    return render_template("main/home.html", questionnaire=catalogue.default, language=str(get_locale()))


@bp.post("/language")
def set_language() -> BaseResponse:
    form = ConfirmForm()
    chosen = request.form.get("language")
    if form.validate_on_submit() and chosen in current_app.config["LANGUAGES"]:
        session["language"] = chosen
        session.permanent = True
    return redirect(safe_next(request.form.get("next")))


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if not target:
        return "/"
    parts = urlsplit(target)
    # Browsers read "/\\host" as "//host": refuse backslashes too. Control characters (a line break would end the
    # Location header) are refused rather than cleaned up.
    if any(ord(character) < 32 or ord(character) == 127 for character in target):
        return "/"
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@bp.get("/vendor/plotly.min.js")
def plotly_js() -> BaseResponse:
    """Pages cached before plotly.js became a static file (tools/plotly/README.md) still find it."""
    return redirect(url_for("static", filename="js/plotly.min.js"))
