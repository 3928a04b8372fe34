"""Results as an executive PDF report: result -> report HTML -> PDF (WeasyPrint), with a safe fetcher and a cache.

WeasyPrint only gets what this module hands it: the app's static files, data: URIs and the chart exported for
this report. Everything else, on the network or the file system, is refused (StaticOnlyFetcher).
Reports are kept in the report_cache table, keyed by the assessment's revision, the language, the questionnaire
version and the report layout, so a repeat download of an unchanged report is a database read.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.request import url2pathname

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from roadmap.chart_export import ChartExporter, ChartExportError
from roadmap.charts import radar_figure
from roadmap.config import PROJECT_ROOT
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import NextStep, Result
from roadmap.models import Assessment, ReportCache
from roadmap.services import assessments as service
from roadmap.services.errors import Conflict

log = logging.getLogger(__name__)

CHART_URL = "roadmap-report:radar-chart.svg"
# The exported chart in CSS pixels; the stylesheet scales it to the width of the page.
CHART_WIDTH, CHART_HEIGHT = 860, 560
KEY_STEPS = 3
FOOTER_NAME_LIMIT = 75  # characters of the organisation's name in the running footer
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}
# What the report's layout depends on besides the data: a change to any of these makes new reports.
LAYOUT_FILES = ("templates/report", "templates/macros.html", "static/css/report.css", "roadmap/translations")
LAYOUT_CODE = ("roadmap/reports.py", "roadmap/charts.py")


class ReportUnavailable(Conflict):
    """There is no result to report: not submitted yet, or every topic answered with too little data."""

    def __init__(self, submitted: bool) -> None:
        self.submitted = submitted
        super().__init__("no result" if submitted else "not submitted")


class RefusedURL(ValueError):
    """WeasyPrint asked for something that is not one of the app's static files or the report's own chart."""


@dataclass(frozen=True)
class Report:
    pdf: bytes
    filename: str
    etag: str


class StaticOnlyFetcher(URLFetcher):
    """Gives WeasyPrint the app's static files, data: URIs and the report's own resources, and nothing else."""

    def __init__(self, static_folder: Path, resources: Mapping[str, Callable[[], bytes]]) -> None:
        super().__init__(allowed_protocols=("data",))
        self.static_folder = static_folder.resolve()
        self.resources = resources

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        if url in self.resources:
            return URLFetcherResponse(url, self.resources[url](), {"Content-Type": "image/svg+xml"})
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(url2pathname(url.split("?", 1)[0].split("#", 1)[0].removeprefix("file:"))).resolve()
            if path.is_relative_to(self.static_folder) and path.is_file():
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})
        log.warning("Report refused to fetch %.200s", url)
        raise RefusedURL(f"not allowed in reports: {url[:200]}")


def slug(name: str, limit: int = 60) -> str:
    """A file-name-safe form of a name: ASCII letters and digits joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(words) > limit:  # cut between words when there is a word break to cut at
        cut = words[: limit + 1].rfind("-")
        words = words[: cut if cut > 0 else limit]
    return words.rstrip("-") or "organisation"


def shortened(text: str, limit: int = FOOTER_NAME_LIMIT) -> str:
    """Text cut to a limit at a word break, with an ellipsis; the running footer has room for one line."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rstrip()
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut).rstrip(" ,;:-&") + "…"


def report_filename(organisation: str, day: date) -> str:
    return f"roadmap-report-{slug(organisation)}-{day.isoformat()}.pdf"


def key_steps(result: Result, count: int = KEY_STEPS) -> list[NextStep]:
    """The most important next steps: advice for the topics that hold the phase back, then the phase's steps.

    A topic more than a phase behind caps the phase (weakest link), so fixing it comes first.
    """
    first = [step for step in result.next_steps if step.dimension in result.held_back_by]
    rest = [step for step in result.next_steps if step.dimension not in result.held_back_by]
    return (first + rest)[:count]


def css_string(text: str) -> str:
    """Text as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-_()/'" else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def page_label_css() -> Markup:
    """The translated "page X of Y" as a CSS content value with page counters, for the running footer."""
    label = _("page %(page)s of %(pages)s", page="\0page\0", pages="\0pages\0")
    parts = []
    for piece in label.split("\0"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ".join(parts))  # safe: escaped CSS strings and counters only


@cache
def layout_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """A hash of the templates, styles, translations and code that shape a report."""
    digest = hashlib.sha256()
    for name in (*LAYOUT_FILES, *LAYOUT_CODE):
        path = root / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and file.suffix != ".pyc":
                digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:32]


def report_html(
    assessment: Assessment, questionnaire: Questionnaire, result: Result, language: str, chart: bool
) -> str:
    """The report as HTML, in the given language; user text is escaped by Jinja's autoescaping."""
    return render_report(
        "report/report.html",
        questionnaire,
        result,
        language,
        chart,
        organisation=assessment.organisation_name,
        assessed_on=assessment.submitted_at,
        assessment=assessment,
        answers=assessment.answer_map,
    )


def render_report(
    template: str, questionnaire: Questionnaire, result: Result, language: str, chart: bool, **context: object
) -> str:
    """A report template as HTML; `context` must hold the organisation's name and the date assessed."""
    with force_locale(language):
        return render_template(
            template,
            questionnaire=questionnaire,
            result=result,
            footer_name=shortened(str(context["organisation"])),
            language=language,
            language_name=LANGUAGE_NAMES.get(language, language),
            key_steps=key_steps(result),
            chart_url=CHART_URL if chart else None,
            page_label=page_label_css(),
            **context,
        )


def render_pdf(html: str, fetcher: StaticOnlyFetcher) -> bytes:
    """HTML to a tagged PDF/UA-1 document; relative URLs resolve inside the static folder."""
    document = HTML(string=html, base_url=fetcher.static_folder.as_uri() + "/", url_fetcher=fetcher)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    assert pdf is not None
    return pdf


def build_pdf(
    assessment: Assessment, questionnaire: Questionnaire, result: Result, language: str, exporter: ChartExporter | None
) -> tuple[bytes, bool]:
    """The assessment's PDF, and whether it has the chart."""

    def html(chart: bool) -> str:
        return report_html(assessment, questionnaire, result, language, chart)

    return pdf_with_chart(html, questionnaire, result, language, exporter)


def pdf_with_chart(
    html: Callable[[bool], str],
    questionnaire: Questionnaire,
    result: Result,
    language: str,
    exporter: ChartExporter | None,
) -> tuple[bytes, bool]:
    """A report's PDF from `html(with_chart)`, and whether it has the radar chart of `result`.

    The chart is exported by the browser while WeasyPrint parses the HTML and styles; WeasyPrint waits for it only
    when it lays out the image. Should the export fail, the report is made again with the table in its place.
    """
    resources: dict[str, Callable[[], bytes]] = {}
    failures: list[ChartExportError] = []
    if exporter is not None:
        try:
            future = exporter.export_svg(radar_figure(questionnaire, result, language), CHART_WIDTH, CHART_HEIGHT)
        except ChartExportError as error:
            failures.append(error)
        else:

            def chart() -> bytes:
                try:
                    return exporter.result(future)
                except ChartExportError as error:
                    failures.append(error)
                    raise

            resources[CHART_URL] = chart
    static = Path(current_app.static_folder or PROJECT_ROOT / "static")
    if resources:
        pdf = render_pdf(html(True), StaticOnlyFetcher(static, resources))
        if not failures:
            return pdf, True
    if failures:
        log.error("The report shows the table of scores instead of the chart: %s", failures[0])
    return render_pdf(html(False), StaticOnlyFetcher(static, {})), False


def cache_key(assessment: Assessment, with_chart: bool) -> tuple[int, str, str]:
    version = assessment.questionnaire_version
    layout = f"{layout_fingerprint()}-{'chart' if with_chart else 'table'}"
    return assessment.revision, f"{version.questionnaire_id}@{version.version}", layout


def cached_pdf(session: Session, assessment: Assessment, language: str, with_chart: bool) -> bytes | None:
    revision, version, layout = cache_key(assessment, with_chart)
    return session.scalar(
        sa.select(ReportCache.pdf).filter_by(
            assessment_id=assessment.id,
            language=language,
            revision=revision,
            questionnaire_version=version,
            layout=layout,
        )
    )


def store_pdf(session: Session, assessment: Assessment, language: str, with_chart: bool, pdf: bytes) -> None:
    """Keep the report, replacing the assessment's previous one in this language."""
    revision, version, layout = cache_key(assessment, with_chart)
    session.execute(sa.delete(ReportCache).filter_by(assessment_id=assessment.id, language=language))
    session.add(
        ReportCache(
            assessment_id=assessment.id,
            language=language,
            revision=revision,
            questionnaire_version=version,
            layout=layout,
            pdf=pdf,
        )
    )
    try:
        session.commit()
    except IntegrityError:  # a concurrent download stored the same report first
        session.rollback()


def report_for(session: Session, assessment: Assessment, language: str, exporter: ChartExporter | None) -> Report:
    """The assessment's report in a language: from the cache when unchanged, else built and stored."""
    if assessment.submitted_at is None:
        raise ReportUnavailable(submitted=False)
    questionnaire = service.questionnaire_for(assessment)
    result = service.result_of(assessment)
    if not result.has_result:
        raise ReportUnavailable(submitted=True)
    wanted_chart = exporter is not None
    filename = report_filename(assessment.organisation_name, assessment.submitted_at.date())
    revision, version, layout = cache_key(assessment, wanted_chart)
    etag = hashlib.sha256(f"{assessment.id}:{language}:{revision}:{version}:{layout}".encode()).hexdigest()[:32]
    pdf = cached_pdf(session, assessment, language, wanted_chart)
    if pdf is None:
        pdf, with_chart = build_pdf(assessment, questionnaire, result, language, exporter)
        # A report without the chart it should have had is not kept: the next download tries again.
        if with_chart == wanted_chart:
            store_pdf(session, assessment, language, with_chart, pdf)
    return Report(pdf=pdf, filename=filename, etag=etag)
