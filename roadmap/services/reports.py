"""The report use cases: one assessment's PDF and a round's PDF, each with its cache.

A report is built by roadmap.render (report HTML, the chart as SVG, WeasyPrint) from what is read here. Both keys
hold everything that changes the PDF, the layout fingerprint included (templates, styles, translations, the
rendering code and the WeasyPrint and Plotly versions: `render.report_html.layout_fingerprint`).
- An assessment's reports are kept in the report_cache table, keyed by its revision, the language, the
  questionnaire version, the layout and the brand, so a repeat download of an unchanged report is a database read.
- A round's reports are kept in the round_report_cache table, keyed by a hash of everything they show: the
  round's submitted assessments and their revisions, whether it is closed, the names on the cover, the firm's
  brand (`brand_fingerprint`), the language and the layout.
Each report is made once: a download arriving while it is being made (by the job that prepares reports after a
submission, roadmap.jobs, or by another download) waits for it (services.report_renders).
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from roadmap.config import PROJECT_ROOT
from roadmap.domain.actions import PlannedAction, plan_fingerprint
from roadmap.domain.brand import Brand
from roadmap.domain.confidentiality import Disclosure
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result
from roadmap.models import Assessment, ReportCache, Round, RoundReportCache
from roadmap.render import report_html as html
from roadmap.render.filenames import report_filename, round_report_filename
from roadmap.render.pdf import pdf_with_chart
from roadmap.render.svg import ChartExporter
from roadmap.services import actions, assessments, branding, portfolio, report_renders
from roadmap.services.errors import Conflict
from roadmap.services.portfolio import RoundFigures
from roadmap.services.rounds import questionnaire_of_round, round_disclosure


class ReportUnavailable(Conflict):
    """There is no result to report: not submitted yet, or every topic answered with too little data."""

    def __init__(self, submitted: bool) -> None:
        self.submitted = submitted
        super().__init__("no result" if submitted else "not submitted")


class ScoresWithheld(ReportUnavailable):
    """A confidential round with fewer submitted respondents than its minimum: it shows no scores, so no report."""

    def __init__(self, respondents: int, minimum: int) -> None:
        self.respondents = respondents
        self.minimum = minimum
        super().__init__(submitted=respondents > 0)


@dataclass(frozen=True)
class Report:
    pdf: bytes
    filename: str
    etag: str


def static_folder() -> Path:
    return Path(current_app.static_folder or PROJECT_ROOT / "static")


def layout(with_chart: bool) -> str:
    return f"{html.layout_fingerprint()}-{'chart' if with_chart else 'table'}"


def report_html(
    assessment: Assessment, questionnaire: Questionnaire, result: Result, language: str, chart: bool
) -> str:
    """The assessment's report as HTML (submitted assessments only)."""
    assert assessment.submitted_at is not None
    return html.report_html(
        questionnaire,
        result,
        language,
        chart,
        organisation=assessment.organisation_name,
        assessed_on=assessment.submitted_at,
        answers=assessment.answer_map,
        action_plan=actions.planned(object_session(assessment), assessment),  # type: ignore[arg-type]
        brand=assessment_brand(assessment),
    )


def assessment_brand(assessment: Assessment) -> Brand | None:
    """An invited respondent's report carries the brand of the round's client (its own logo or its firm's); an
    assessment someone started on their own has none."""
    return branding.client_brand(assessment.invitation.round.client) if assessment.invitation else None


def build_pdf(
    assessment: Assessment, questionnaire: Questionnaire, result: Result, language: str, exporter: ChartExporter | None
) -> tuple[bytes, bool]:
    """The assessment's PDF, and whether it has the chart."""

    def page(chart: bool) -> str:
        return report_html(assessment, questionnaire, result, language, chart)

    return pdf_with_chart(page, questionnaire, result, language, exporter, static_folder())


def cache_key(assessment: Assessment, with_chart: bool) -> tuple[int, str, str]:
    version = assessment.questionnaire_version
    # The action plan changes without a new revision: its fingerprint is part of the layout's key (64 characters).
    # So does the brand: with one, the plan's 16 characters become those of a hash of the plan and the brand.
    plan = plan_fingerprint(actions.planned(object_session(assessment), assessment))  # type: ignore[arg-type]
    if (brand := assessment_brand(assessment)) is not None:
        plan = hashlib.sha256(f"{plan}:{brand.fingerprint}".encode()).hexdigest()[: len(plan)]
    return assessment.revision, f"{version.questionnaire_id}@{version.version}", f"{layout(with_chart)}-{plan}"


def cached_pdf(session: Session, assessment: Assessment, language: str, with_chart: bool) -> bytes | None:
    revision, version, layout_key = cache_key(assessment, with_chart)
    return session.scalar(
        sa.select(ReportCache.pdf).filter_by(
            assessment_id=assessment.id,
            language=language,
            revision=revision,
            questionnaire_version=version,
            layout=layout_key,
        )
    )


def store_pdf(session: Session, assessment: Assessment, language: str, with_chart: bool, pdf: bytes) -> None:
    """Keep the report, replacing the assessment's previous one in this language."""
    revision, version, layout_key = cache_key(assessment, with_chart)
    session.execute(sa.delete(ReportCache).filter_by(assessment_id=assessment.id, language=language))
    session.add(
        ReportCache(
            assessment_id=assessment.id,
            language=language,
            revision=revision,
            questionnaire_version=version,
            layout=layout_key,
            pdf=pdf,
        )
    )
    try:
        session.commit()
    except IntegrityError:  # a concurrent download stored the same report first
        session.rollback()


def assessment_report(
    session: Session, assessment: Assessment, language: str, exporter: ChartExporter | None
) -> Report:
    """The assessment's report in a language: from the cache when unchanged, else built and stored."""
    if assessment.submitted_at is None:
        raise ReportUnavailable(submitted=False)
    questionnaire = assessments.questionnaire_for(assessment)
    result = assessments.result_of(assessment)
    if not result.has_result:
        raise ReportUnavailable(submitted=True)
    wanted_chart = exporter is not None
    filename = report_filename(assessment.organisation_name, assessment.submitted_at.date(), language)
    revision, version, layout_key = cache_key(assessment, wanted_chart)
    etag = hashlib.sha256(f"{assessment.id}:{language}:{revision}:{version}:{layout_key}".encode()).hexdigest()[:32]
    pdf = cached_pdf(session, assessment, language, wanted_chart)
    if pdf is None:

        def make() -> bytes:
            made, with_chart = build_pdf(assessment, questionnaire, result, language, exporter)
            # A report without the chart it should have had is not kept: the next download tries again.
            if with_chart == wanted_chart:
                store_pdf(session, assessment, language, with_chart, made)
            return made

        def read() -> bytes | None:
            return cached_pdf(session, assessment, language, wanted_chart)

        pdf = report_renders.made_once(session, f"assessment:{assessment.id}:{language}", etag, read, make)
    return Report(pdf=pdf, filename=filename, etag=etag)


def cached_round_pdf(session: Session, round_: Round, language: str, key: str) -> bytes | None:
    return session.scalar(sa.select(RoundReportCache.pdf).filter_by(round_id=round_.id, language=language, key=key))


def store_round_pdf(session: Session, round_: Round, language: str, key: str, pdf: bytes) -> None:
    """Keep the round's report, replacing its previous one in this language."""
    session.execute(sa.delete(RoundReportCache).filter_by(round_id=round_.id, language=language))
    session.add(RoundReportCache(round_id=round_.id, language=language, key=key, pdf=pdf))
    try:
        session.commit()
    except IntegrityError:  # a concurrent download stored the same report first
        session.rollback()


def round_cache_key(round_: Round, language: str, with_chart: bool) -> tuple[Hashable, ...]:
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
        layout(with_chart),
        f"{version.questionnaire_id}@{version.version}",
        round_.is_closed,
        round_.confidential,
        round_.minimum_group,
        round_.name,
        round_.held_on,
        round_.client.name,
        consultant.name,
        consultant.firm_name,
        submitted,
        brand_fingerprint(branding.client_brand(round_.client)),
    )


def brand_fingerprint(brand: Brand | None) -> str | None:
    """The brand's part of a cache key: a new name, accent or logo makes new reports."""
    return brand.fingerprint if brand else None


def round_report_key(
    round_: Round, language: str, with_chart: bool, earlier: RoundFigures | None, plan: Sequence[PlannedAction]
) -> str:
    """The hash of everything a round report shows. The trend is against the round before: a change there (a late
    submission) changes this report too; so does a change to the client's action plan."""
    parts = (
        *round_cache_key(round_, language, with_chart),
        earlier.signature if earlier else None,
        plan_fingerprint(plan),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def reportable(session: Session, round_: Round) -> Disclosure:
    """What the round's reports (its PDF, its slide deck) may show; ScoresWithheld while a confidential round is
    below its minimum, ReportUnavailable while no submitted respondent has scored a topic."""
    disclosure = round_disclosure(session, round_)
    overall = disclosure.view.overall
    if disclosure.scores_withheld:
        raise ScoresWithheld(overall.respondents, disclosure.settings.minimum)
    if not overall.result.has_result:
        raise ReportUnavailable(submitted=overall.respondents > 0)
    return disclosure


def round_report(
    session: Session,
    round_: Round,
    language: str,
    exporter: ChartExporter | None,
    department_names: Mapping[str, object],
) -> Report:
    """The round's report in a language, with what its confidentiality lets it show; ReportUnavailable while no
    submitted respondent has scored a topic, ScoresWithheld while a confidential round is below its minimum.

    `department_names` maps department keys to their (lazily translated) names.
    """
    disclosure = reportable(session, round_)
    result = disclosure.view
    questionnaire = questionnaire_of_round(round_)
    earlier, trend = portfolio.earlier_round(session, round_)
    plan = actions.planned(session, round_.client)

    def page(chart: bool) -> str:
        return html.round_report_html(
            questionnaire,
            result,
            language,
            chart,
            department_names,
            organisation=round_.client.name,
            assessed_on=round_.held_on,
            round_=round_,
            consultant=round_.client.consultant,
            disclosure=disclosure,
            earlier=earlier,
            trend=trend,
            action_plan=plan,
            brand=branding.client_brand(round_.client),
        )

    wanted_chart = exporter is not None
    key = round_report_key(round_, language, wanted_chart, earlier, plan)
    filename = round_report_filename(round_.client.name, round_.name, round_.held_on, language)
    if (pdf := cached_round_pdf(session, round_, language, key)) is None:

        def make() -> bytes:
            made, with_chart = pdf_with_chart(
                page, questionnaire, result.overall.result, language, exporter, static_folder()
            )
            # A report without the chart it should have had is not kept: the next download tries again.
            if with_chart == wanted_chart:
                store_round_pdf(session, round_, language, key, made)
            return made

        def read() -> bytes | None:
            return cached_round_pdf(session, round_, language, key)

        pdf = report_renders.made_once(session, f"round:{round_.id}:{language}", key, read, make)
    return Report(pdf=pdf, filename=filename, etag=key[:32])
