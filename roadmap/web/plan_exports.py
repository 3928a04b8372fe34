"""An action plan as CSV (for programs: codes and ISO dates) and XLSX (for people, in the page's language), for the
assessment's plan (web/plan.py) and a client's (web/workspace/actions.py). No blueprint."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Response, current_app, request
from flask_babel import gettext as _

from roadmap.domain.actions import PlannedAction
from roadmap.domain.questionnaire import Questionnaire
from roadmap.i18n import language_from
from roadmap.render.csv import Cell, csv_bytes
from roadmap.render.filenames import slug
from roadmap.render.xlsx import Table, xlsx_bytes
from roadmap.web.action_forms import status_labels

CSV_COLUMNS = ("position", "title", "topic", "owner", "due_on", "status", "overdue", "note")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(name: str, language: str, extension: str) -> str:
    return f"roadmap-{slug(name)}-action-plan-{language}.{extension}"


def attachment(content: bytes, name: str, mimetype: str) -> Response:
    """A private download: the plan is as confidential as the result it comes from."""
    response = current_app.response_class(content, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def plan_csv(plan: Sequence[PlannedAction], name: str) -> Response:
    rows: list[tuple[Cell, ...]] = [
        (number, a.title, a.topic, a.owner, a.due_on, a.status, a.overdue, a.note)
        for number, a in enumerate(plan, start=1)
    ]
    language = language_from(request.args.get("lang"))
    response = attachment(csv_bytes(CSV_COLUMNS, rows), filename(name, language, "csv"), "text/csv")
    response.mimetype_params["charset"] = "utf-8"
    return response


def plan_xlsx(plan: Sequence[PlannedAction], questionnaire: Questionnaire, name: str) -> Response:
    language = language_from(request.args.get("lang"))
    statuses = status_labels()

    def topic(key: str | None) -> str | None:
        dimension = questionnaire.dimension(key) if key else None
        return dimension.name(language) if dimension else key

    table = Table(
        title=_("Action plan"),
        headers=[_("Action"), _("Topic"), _("Who does it"), _("Due date"), _("Status"), _("Overdue"), _("Note")],
        rows=[[a.title, topic(a.topic), a.owner, a.due_on, str(statuses[a.status]), a.overdue, a.note] for a in plan],
    )
    return attachment(xlsx_bytes([table]), filename(name, language, "xlsx"), XLSX)
