"""Reports before anyone asks: after a result changes, its reports are made into the caches (roadmap.jobs runs
this in the background), so that a download is a cache read."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy.orm import Session

from roadmap.domain.vocabulary import LANGUAGES
from roadmap.models import Assessment
from roadmap.render.svg import ChartExporter
from roadmap.services import reports

log = logging.getLogger(__name__)


def prepare_reports(
    session: Session, assessment_id: int, exporter: ChartExporter | None, department_names: Mapping[str, object]
) -> list[str]:
    """Make the assessment's reports in every language and, for an invited respondent, their round's; returns
    which were made or found ready (e.g. "assessment:en", "round:nl"). A report without a result is skipped."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or assessment.submitted_at is None:
        return []  # deleted, or not submitted (any more) since the job was queued
    ready: list[str] = []
    # The respondent's own language first: it is the report they are most likely to ask for.
    languages = sorted(LANGUAGES, key=lambda language: language != assessment.language)
    for language in languages:
        try:
            reports.assessment_report(session, assessment, language, exporter)
            ready.append(f"assessment:{language}")
        except reports.ReportUnavailable:
            pass
    invitation = assessment.invitation
    if invitation is None:
        return ready
    client_language = invitation.round.client.language
    for language in sorted(LANGUAGES, key=lambda language: language != client_language):
        try:
            reports.round_report(session, invitation.round, language, exporter, department_names)
            ready.append(f"round:{language}")
        except reports.ReportUnavailable:  # no result yet, or a confidential round below its minimum
            pass
    log.info("reports prepared for assessment %s: %s", assessment_id, ", ".join(ready) or "none")
    return ready
