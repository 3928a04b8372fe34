"""A round's PDF report: the single-assessment report (roadmap.reports) on the round's aggregated result, plus
the respondent count, the department breakdown, the not-aligned topics and the consultant on the cover.

Reports are kept in memory, per app process (RoundReportCache), keyed by everything they show: the round's
submitted assessments and their revisions, whether it is closed, the names on the cover, the language and the
report layout. A repeat download of an unchanged report is served from there; a restart empties it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping

from flask import current_app

from roadmap.chart_export import ChartExporter
from roadmap.domain.aggregation import RoundResult
from roadmap.models import Round
from roadmap.reports import Report, ReportUnavailable, layout_fingerprint, pdf_with_chart, render_report, slug
from roadmap.services.rounds import questionnaire_of_round, round_result

CACHE_SIZE = 32  # reports per process, each a few hundred kB


class RoundReportCache:
    """The last few round reports, least recently used first out; safe to share between threads."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.reports: OrderedDict[Hashable, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self.lock:
            if key in self.reports:
                self.reports.move_to_end(key)
            return self.reports.get(key)

    def put(self, key: Hashable, pdf: bytes) -> None:
        with self.lock:
            self.reports[key] = pdf
            self.reports.move_to_end(key)
            while len(self.reports) > self.size:
                self.reports.popitem(last=False)


def report_cache() -> RoundReportCache:
    cache: RoundReportCache = current_app.extensions.setdefault("round_report_cache", RoundReportCache())
    return cache


def cache_key(round_: Round, language: str, with_chart: bool) -> tuple[Hashable, ...]:
    """Everything a round report shows that can change: a change to any of it makes a new report."""
    consultant = round_.client.consultant
    version = round_.questionnaire_version
    submitted = tuple(
        (invitation.assessment.id, invitation.assessment.revision, invitation.department)
        for invitation in round_.invitations
        if invitation.assessment.submitted_at is not None
    )
    return (
        round_.id,
        language,
        f"{layout_fingerprint()}-{'chart' if with_chart else 'table'}",
        f"{version.questionnaire_id}@{version.version}",
        round_.is_closed,
        round_.name,
        round_.held_on,
        round_.client.name,
        consultant.name,
        consultant.firm,
        submitted,
    )


def report_filename(round_: Round) -> str:
    return f"roadmap-report-{slug(round_.client.name)}-{slug(round_.name, 40)}-{round_.held_on.isoformat()}.pdf"


def round_html(
    round_: Round, result: RoundResult, language: str, chart: bool, department_names: Mapping[str, object]
) -> str:
    """The round report as HTML: report/round.html extends the single report's template."""
    consultant = round_.client.consultant
    return render_report(
        "report/round.html",
        questionnaire_of_round(round_),
        result.overall.result,
        language,
        chart,
        organisation=round_.client.name,
        assessed_on=round_.held_on,
        round=round_,
        group=result.overall,
        departments=result.departments,
        department_names=department_names,
        consultant=consultant,
    )


def report_for(
    round_: Round, language: str, exporter: ChartExporter | None, department_names: Mapping[str, object]
) -> Report:
    """The round's report in a language; ReportUnavailable while no submitted respondent has scored a topic.

    `department_names` maps department keys to their (lazily translated) names.
    """
    result = round_result(round_)
    if not result.overall.result.has_result:
        raise ReportUnavailable(submitted=result.overall.respondents > 0)

    def html(chart: bool) -> str:
        return round_html(round_, result, language, chart, department_names)

    wanted_chart = exporter is not None
    key = cache_key(round_, language, wanted_chart)
    etag = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    pdf = report_cache().get(key)
    if pdf is None:
        questionnaire = questionnaire_of_round(round_)
        pdf, with_chart = pdf_with_chart(html, questionnaire, result.overall.result, language, exporter)
        # A report without the chart it should have had is not kept: the next download tries again.
        if with_chart == wanted_chart:
            report_cache().put(key, pdf)
    return Report(pdf=pdf, filename=report_filename(round_), etag=etag)
