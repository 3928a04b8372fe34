"""Home page, language switch and the plotly.js bundle from the plotly package."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import plotly
from flask import Blueprint, Response, current_app, redirect, render_template, request, send_file, session
from flask_babel import get_locale
from werkzeug.wrappers import Response as BaseResponse

from roadmap.web.forms import ConfirmForm

bp = Blueprint("main", __name__)

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


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
def plotly_js() -> Response:
    return send_file(PLOTLY_JS, mimetype="text/javascript", max_age=60 * 60 * 24 * 30)
