"""A round's PDF report: the single-assessment report (roadmap.reports) on the round's aggregated result, plus
the respondent count, the department breakdown, the not-aligned topics and the consultant on the cover.

Not cached: a round report is made on every download (about as long as a single report; see docs/api.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from roadmap.chart_export import ChartExporter
from roadmap.domain.aggregation import RoundResult
from roadmap.models import Round
from roadmap.reports import Report, ReportUnavailable, pdf_with_chart, render_report, slug
from roadmap.services.rounds import questionnaire_of_round, round_result


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

    pdf, _ = pdf_with_chart(html, questionnaire_of_round(round_), result.overall.result, language, exporter)
    return Report(pdf=pdf, filename=report_filename(round_), etag=hashlib.sha256(pdf).hexdigest()[:32])
