"""The PDF report: a download on the site (/a/<token>/report.pdf) and in the JSON API (/api/v1/...)."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, Response, abort, render_template, request, send_file, url_for

from roadmap.db import session
from roadmap.extensions import csrf
from roadmap.i18n import language_from
from roadmap.render.svg import exporter
from roadmap.services import assessments, reports
from roadmap.web.auditing import respondent_downloaded
from roadmap.web.errors import ApiError

bp = Blueprint("report", __name__)
api_bp = Blueprint("report_api", __name__, url_prefix="/api/v1")
csrf.exempt(api_bp)


def pdf_response(report: reports.Report) -> Response:
    response = send_file(
        BytesIO(report.pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=report.filename,
        etag=report.etag,
        max_age=0,
    )
    # send_file answers If-None-Match with 304. The report holds private answers: browsers may keep it, shared
    # caches may not.
    response.cache_control.private = True
    response.cache_control.public = False
    response.cache_control.no_cache = True
    return response


@bp.get("/a/<token>/report.pdf")
def download(token: str) -> Response | tuple[str, int]:
    assessment = assessments.find(session(), token)
    if assessment is None:
        abort(404)
    try:
        report = reports.assessment_report(session(), assessment, language_from(request.args.get("lang")), exporter())
    except reports.ReportUnavailable as unavailable:
        return render_template(
            "report/unavailable.html",
            assessment=assessment,
            submitted=unavailable.submitted,
            continue_url=continue_url(token, unavailable),
        ), 409
    respondent_downloaded(assessment, "link")
    return pdf_response(report)


@api_bp.get("/assessments/<token>/report.pdf")
def api_download(token: str) -> Response:
    assessment = assessments.find(session(), token)
    if assessment is None:
        raise ApiError(404, "No assessment with this token.")
    try:
        report = reports.assessment_report(session(), assessment, language_from(request.args.get("lang")), exporter())
    except reports.ReportUnavailable as unavailable:
        if unavailable.submitted:
            raise ApiError(409, "This assessment has too little data for a result, so it has no report.") from None
        raise ApiError(409, "This assessment has not been submitted yet, so it has no report.") from None
    respondent_downloaded(assessment, "api")
    return pdf_response(report)


def continue_url(token: str, unavailable: reports.ReportUnavailable) -> str:
    if unavailable.submitted:
        return url_for("assessment.review", token=token)
    return url_for("assessment.resume", token=token)
