"""Downloads for the consultant: responses and scores as CSV (for machines) and XLSX (for people, in their
language), a round's result as JSON, a round's PDF report and its slide deck (PowerPoint)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from roadmap.db import session
from roadmap.i18n import language_from
from roadmap.render.csv import Cell, csv_bytes
from roadmap.render.filenames import responses_filename, scores_filename
from roadmap.render.svg import exporter
from roadmap.render.xlsx import xlsx_bytes
from roadmap.services import client_reports, decks, reports
from roadmap.services import exports as service
from roadmap.services import portfolio as portfolio_service
from roadmap.services.portfolio_kept import portfolio_of
from roadmap.services.rounds import questionnaire_of_round, round_disclosure
from roadmap.web.auditing import downloaded
from roadmap.web.errors import error_page
from roadmap.web.forms import department_labels
from roadmap.web.report import pdf_response
from roadmap.web.workspace import spreadsheets
from roadmap.web.workspace.access import own_client, own_round

bp = Blueprint("exports", __name__)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def csv_response(content: bytes, filename: str) -> Response:
    response = download(content, filename, "text/csv")
    response.mimetype_params["charset"] = "utf-8"
    return response


def download(content: bytes, filename: str, mimetype: str) -> Response:
    response = current_app.response_class(content, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def language() -> str:
    return language_from(request.args.get("lang"))


def secret_key() -> str:
    return str(current_app.config["SECRET_KEY"])


@bp.get("/rounds/<int:round_id>/responses.csv")
def responses_csv(round_id: int) -> Response:
    found = service.round_with_answers(session(), own_round(round_id))
    rows = service.response_rows(found, round_disclosure(session(), found), language(), secret_key())
    content = csv_bytes(service.response_columns(found), rows)
    response = csv_response(content, responses_filename(found.client.name, found.name, language(), "csv"))
    downloaded(current_user, "responses.csv", round_=found)
    return response


@bp.get("/rounds/<int:round_id>/responses.xlsx")
def responses_xlsx(round_id: int) -> Response:
    found = service.round_with_answers(session(), own_round(round_id))
    rows = service.response_rows(found, round_disclosure(session(), found), language(), secret_key())
    table = spreadsheets.responses_table(
        questionnaire_of_round(found), service.response_columns(found), rows, language()
    )
    response = download(
        xlsx_bytes([table]), responses_filename(found.client.name, found.name, language(), "xlsx"), XLSX
    )
    downloaded(current_user, "responses.xlsx", round_=found)
    return response


@bp.get("/clients/<int:client_id>/scores.csv")
def client_scores_csv(client_id: int) -> Response:
    client = own_client(client_id)
    rows = service.score_rows([portfolio_service.client_figures(session(), client)], language())
    response = csv_response(csv_bytes(service.SCORE_COLUMNS, rows), scores_filename(client.name, language(), "csv"))
    downloaded(current_user, "scores.csv", client=client)
    return response


@bp.get("/clients/<int:client_id>/scores.xlsx")
def client_scores_xlsx(client_id: int) -> Response:
    client = own_client(client_id)
    rows = service.score_rows([portfolio_service.client_figures(session(), client)], language())
    response = scores_xlsx(rows, scores_filename(client.name, language(), "xlsx"))
    downloaded(current_user, "scores.xlsx", client=client)
    return response


@bp.get("/portfolio/scores.csv")
def portfolio_scores_csv() -> Response:
    rows = service.score_rows(portfolio_of(session(), current_user), language())
    response = csv_response(csv_bytes(service.SCORE_COLUMNS, rows), scores_filename(None, language(), "csv"))
    downloaded(current_user, "scores.csv")
    return response


@bp.get("/portfolio/scores.xlsx")
def portfolio_scores_xlsx() -> Response:
    rows = service.score_rows(portfolio_of(session(), current_user), language())
    response = scores_xlsx(rows, scores_filename(None, language(), "xlsx"))
    downloaded(current_user, "scores.xlsx")
    return response


def scores_xlsx(rows: list[tuple[Cell, ...]], filename: str) -> Response:
    # Phase names are the same in every questionnaire version: the current one names them.
    questionnaire = current_app.extensions["questionnaires"].default
    return download(xlsx_bytes([spreadsheets.scores_table(questionnaire, rows, language())]), filename, XLSX)


@bp.get("/rounds/<int:round_id>/result.json")
def result_json(round_id: int) -> Response:
    found = own_round(round_id)
    response = jsonify(service.result_json(found, round_disclosure(session(), found), language()))
    response.cache_control.private = True
    response.cache_control.no_store = True
    downloaded(current_user, "result.json", round_=found)
    return response


@bp.get("/rounds/<int:round_id>/report.pdf")
def round_report(round_id: int) -> Response | tuple[str, int]:
    found = own_round(round_id)
    try:
        report = reports.round_report(session(), found, language(), exporter(), department_labels())
    except reports.ScoresWithheld as withheld:
        message = ngettext(
            "This confidential round has no report yet: it shows scores from %(minimum)d respondents, and %(num)d "
            "has submitted.",
            "This confidential round has no report yet: it shows scores from %(minimum)d respondents, and %(num)d "
            "have submitted.",
            withheld.respondents,
            minimum=withheld.minimum,
        )
        return error_page(409, message)
    except reports.ReportUnavailable:
        message = _("This round has no result yet, so it has no report: no submitted respondent has scored a topic.")
        return error_page(409, message)
    downloaded(current_user, "report.pdf", round_=found)
    return pdf_response(report)


@bp.get("/rounds/<int:round_id>/deck.pptx")
def round_deck(round_id: int) -> Response | tuple[str, int]:
    """The round's slide deck, in the client's brand (services.decks)."""
    found = own_round(round_id)
    try:
        deck = decks.round_deck(session(), found, language(), exporter())
    except reports.ScoresWithheld as withheld:
        message = ngettext(
            "This confidential round has no slide deck yet: it shows scores from %(minimum)d respondents, and "
            "%(num)d has submitted.",
            "This confidential round has no slide deck yet: it shows scores from %(minimum)d respondents, and "
            "%(num)d have submitted.",
            withheld.respondents,
            minimum=withheld.minimum,
        )
        return error_page(409, message)
    except reports.ReportUnavailable:
        message = _(
            "This round has no result yet, so it has no slide deck: no submitted respondent has scored a topic."
        )
        return error_page(409, message)
    downloaded(current_user, "deck.pptx", round_=found)
    return download(deck.pptx, deck.filename, PPTX)


@bp.get("/clients/<int:client_id>/report.pdf")
def client_report(client_id: int) -> Response | tuple[str, int]:
    client = own_client(client_id)
    try:
        report = client_reports.client_report(session(), client, language(), exporter())
    except client_reports.NoRoundWithResult:
        return error_page(409, _("This client has no report yet: none of its rounds has a result to show."))
    downloaded(current_user, "report.pdf", client=client)
    return pdf_response(report)
