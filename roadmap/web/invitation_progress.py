"""The round page's table of respondents: progress per invitation, sortable by any column."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import current_app, request, url_for
from flask_babel import format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from roadmap.db import session
from roadmap.i18n import format_datetime
from roadmap.models import Round
from roadmap.services import invitations as service
from roadmap.services import mail
from roadmap.web.invitation_forms import ImportForm, ScheduleForm, schedule_form

CANCEL_REASONS = {
    "no_address": _l("no e-mail address"),
    "revoked": _l("the link was revoked"),
    "closed": _l("the round is closed"),
    "submitted": _l("already submitted"),
    "stopped": _l("the respondent stopped reminders"),
    "reminded_today": _l("already reminded today"),
}
STATE_ORDER = {"not_started": 0, "started": 1, "submitted": 2, "revoked": 3}
NEVER = datetime.min.replace(tzinfo=UTC)
COLUMNS: dict[str, tuple[Any, Callable[[service.InvitationProgress], Any]]] = {
    "name": (_l("Name"), lambda row: (row.invitation.name or "").casefold()),
    "email": (_l("E-mail address"), lambda row: (row.invitation.email or "").casefold()),
    "department": (_l("Department"), lambda row: row.invitation.department),
    "state": (_l("State"), lambda row: STATE_ORDER[row.status.value]),
    "answered": (_l("Answered"), lambda row: row.answered),
    "activity": (_l("Last activity"), lambda row: _aware(row.last_activity)),
    "submitted": (_l("Submitted"), lambda row: _aware(row.submitted_at)),
    "emails": (_l("E-mails"), lambda row: (row.emails_sent, row.latest.id if row.latest else 0)),
}


def _aware(moment: datetime | None) -> datetime:
    """Comparable moments: SQLite gives them back without a time zone (they are UTC)."""
    if moment is None:
        return NEVER
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class SortLink:
    key: str
    label: Any
    url: str
    aria_sort: str | None


@dataclass
class Table:
    rows: list[service.InvitationProgress]
    sort: str
    descending: bool
    links: list[SortLink] = field(default_factory=list)
    error: str | None = None


def sorted_rows(progress: service.RoundProgress, args: Mapping[str, str], round_id: int) -> Table:
    sort, direction = args.get("sort", "name"), args.get("dir", "asc")
    error = None
    if sort not in COLUMNS or direction not in ("asc", "desc"):
        error = _("The table cannot be sorted that way: sorted by name instead.")
        sort, direction = "name", "asc"
    key = COLUMNS[sort][1]
    # Python's sort is stable, also reversed: rows that tie stay in the order they were invited.
    rows = sorted(progress.rows, key=key, reverse=direction == "desc")
    table = Table(rows, sort, direction == "desc", error=error)
    for column, (label, _key) in COLUMNS.items():
        current = column == sort
        flip = "asc" if current and table.descending else ("desc" if current else "asc")
        url = url_for("workspace.rounds.round_page", round_id=round_id, sort=column, dir=flip) + "#invitations"
        aria = ("descending" if table.descending else "ascending") if current else None
        table.links.append(SortLink(column, label, url, aria))
    return table


def round_context(
    found: Round, import_form: ImportForm | None = None, schedule: ScheduleForm | None = None
) -> dict[str, Any]:
    """What the round page's invitation, progress and reminder parts need (rounds.show passes it on)."""
    secret_key = str(current_app.config["SECRET_KEY"])
    progress = service.progress_of(session(), secret_key, found, datetime.now(UTC).date())
    return {
        "progress": progress,
        "table": sorted_rows(progress, request.args, found.id),
        "import_form": import_form or ImportForm(formdata=None, language=found.client.language),
        "schedule_form": schedule or schedule_form(found),
        "mail_configured": mail.configured(),
        "cancel_reasons": CANCEL_REASONS,
        "format_datetime": format_datetime,
        "format_percent": format_percent,
    }
