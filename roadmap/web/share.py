"""The read-only share link: the owner makes and revokes it; its holder sees the result and the PDF, nothing else.

Owner's page: /a/<token>/share (the private link). Holder's pages: /s/<token> and /s/<token>/report.pdf. A share
token never opens an /a/ address (those look up the private link's hash only), and these views build no link
that needs the private token.
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from roadmap.db import session as db_session
from roadmap.i18n import language_from
from roadmap.models import Assessment
from roadmap.render.svg import exporter
from roadmap.services import assessments, reports, sharing
from roadmap.web.assessment import link_not_working, load, render_result
from roadmap.web.auditing import respondent_downloaded
from roadmap.web.errors import error_page
from roadmap.web.forms import ConfirmForm
from roadmap.web.report import pdf_response

bp = Blueprint("share", __name__)

NEW_LINK = "new_share_link"  # the session key that carries a new link's token to the page after the redirect


@bp.get("/a/<token>/share")
def manage(token: str) -> str:
    assessment, _questionnaire = load(token)
    new_token = session.pop(NEW_LINK, None)
    new_link = url_for(".shared", token=new_token, _external=True) if new_token else None
    return render_template(
        "assessment/share.html", assessment=assessment, token=token, form=ConfirmForm(), new_link=new_link
    )


@bp.post("/a/<token>/share")
def create(token: str) -> Response:
    assessment, _questionnaire = load(token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    # Shown once, on the next page: only its hash is stored (services.sharing).
    session[NEW_LINK] = sharing.create(db_session(), assessment)
    return redirect(url_for(".manage", token=token))


@bp.post("/a/<token>/share/revoke")
def revoke(token: str) -> Response:
    assessment, _questionnaire = load(token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    sharing.revoke(db_session(), assessment)
    return redirect(url_for(".manage", token=token))


def load_shared(token: str) -> Assessment:
    assessment = sharing.find(db_session(), token)
    if assessment is None:
        abort(make_response(link_not_working(), 404))
    return assessment


@bp.get("/s/<token>")
def shared(token: str) -> str | tuple[str, int]:
    """The result, read-only: `token` is the share token."""
    assessment = load_shared(token)
    if assessment.submitted_at is None:
        return not_submitted()
    return render_result(assessment, assessments.questionnaire_for(assessment), share_token=token)


@bp.get("/s/<token>/report.pdf")
def report(token: str) -> Response | tuple[str, int]:
    assessment = load_shared(token)
    try:
        made = reports.assessment_report(db_session(), assessment, language_from(request.args.get("lang")), exporter())
    except reports.ReportUnavailable as unavailable:
        if not unavailable.submitted:
            return not_submitted()
        return error_page(409, too_little_data())
    respondent_downloaded(assessment, "share")
    return pdf_response(made)


def not_submitted() -> tuple[str, int]:
    return error_page(409, _("This assessment has not been submitted yet, so there is no result to show."))


def too_little_data() -> str:
    return _("Every topic has too many “Don't know” answers to be scored, so there is no result and no report.")
