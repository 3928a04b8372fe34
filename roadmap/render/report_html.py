"""Results as report HTML (templates/report/), in the report's language; user text is escaped by Jinja.

`layout_fingerprint` names everything besides the data that shapes a report's PDF: the templates, styles,
translations and code, and the versions of WeasyPrint and Plotly. A change to any of it makes new reports.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Protocol

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from roadmap.config import PROJECT_ROOT
from roadmap.domain.actions import PlannedAction
from roadmap.domain.aggregation import GroupResult, RoundResult
from roadmap.domain.brand import Brand
from roadmap.domain.confidentiality import Disclosure
from roadmap.domain.explanation import explain, explain_group
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import NextStep, Result
from roadmap.domain.trend import Trend
from roadmap.render.pdf import CHART_URL

KEY_STEPS = 3
FOOTER_NAME_LIMIT = 75  # characters of the organisation's name in the running footer
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}
# What the report's layout depends on besides the data: a change to any of these makes new reports.
LAYOUT_FILES = ("templates/report", "templates/macros.html", "static/css/report.css", "roadmap/translations")
LAYOUT_CODE = ("roadmap/render/report_html.py", "roadmap/render/charts.py", "roadmap/render/pdf.py", "roadmap/i18n.py")
LAYOUT_LIBRARIES = ("weasyprint", "plotly")


class RoundFigures(Protocol):
    """A round as reports compare it (services.portfolio.RoundFigures)."""

    @property
    def name(self) -> str: ...
    @property
    def held_on(self) -> date: ...
    @property
    def group(self) -> GroupResult: ...


def shortened(text: str, limit: int = FOOTER_NAME_LIMIT) -> str:
    """Text cut to a limit at a word break, with an ellipsis; the running footer has room for one line."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rstrip()
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut).rstrip(" ,;:-&") + "…"


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


@functools.lru_cache(maxsize=4)  # one entry in practice: the project's own root
def layout_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """A hash of the templates, styles, translations, code and library versions that shape a report."""
    digest = hashlib.sha256()
    for library in LAYOUT_LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}\0".encode())
    for name in (*LAYOUT_FILES, *LAYOUT_CODE):
        path = root / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and file.suffix != ".pyc":
                digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:32]


def report_html(
    questionnaire: Questionnaire,
    result: Result,
    language: str,
    chart: bool,
    *,
    organisation: str,
    assessed_on: date,
    answers: Mapping[str, str],
    action_plan: Sequence[PlannedAction] = (),
    brand: Brand | None = None,
) -> str:
    """One assessment's report as HTML, with its action plan and the appendix of its answers."""
    return render_report(
        "report/report.html",
        questionnaire,
        result,
        language,
        chart,
        organisation=organisation,
        assessed_on=assessed_on,
        answers=answers,
        explanation=explain(questionnaire, result, answers),
        action_plan=action_plan,
        brand=brand,
    )


def round_report_html(
    questionnaire: Questionnaire,
    result: RoundResult,
    language: str,
    chart: bool,
    department_names: Mapping[str, object],
    *,
    organisation: str,
    assessed_on: date,
    round_: object,
    consultant: object,
    disclosure: Disclosure | None = None,
    earlier: RoundFigures | None = None,
    trend: Trend | None = None,
    action_plan: Sequence[PlannedAction] = (),
    brand: Brand | None = None,
) -> str:
    """A round's report as HTML: report/round.html extends the single report's template.

    `round_` and `consultant` are read by the template (name, firm; the round's name and state). `result` is what
    the round may show (`disclosure.view`); `disclosure`, when given, adds what a confidential round leaves out.
    """
    return render_report(
        "report/round.html",
        questionnaire,
        result.overall.result,
        language,
        chart,
        organisation=organisation,
        assessed_on=assessed_on,
        round=round_,
        group=result.overall,
        departments=result.departments,
        department_names=department_names,
        consultant=consultant,
        disclosure=disclosure,
        trend=trend,
        since=earlier,
        explanation=explain_group(questionnaire, result.overall.result),
        action_plan=action_plan,
        brand=brand,
    )


def client_report_html(
    questionnaire: Questionnaire,
    rounds: Sequence[RoundFigures],
    language: str,
    chart: bool,
    *,
    organisation: str,
    consultant: object,
    trend: Trend | None,
    left_out: int = 0,
    action_plan: Sequence[PlannedAction] = (),
    brand: Brand | None = None,
) -> str:
    """A client's report as HTML (report/client.html): the latest round's result with its plan to the next phase,
    and every round with a result (oldest first) side by side. `questionnaire` is the latest round's."""
    latest = rounds[-1]
    return render_report(
        "report/client.html",
        questionnaire,
        latest.group.result,
        language,
        chart,
        organisation=organisation,
        assessed_on=latest.held_on,
        rounds=rounds,
        latest=latest,
        consultant=consultant,
        trend=trend,
        since=rounds[0],
        left_out=left_out,
        action_plan=action_plan,
        explanation=explain_group(questionnaire, latest.group.result),
        brand=brand,
    )


def render_report(
    template: str, questionnaire: Questionnaire, result: Result, language: str, chart: bool, **context: object
) -> str:
    """A report template as HTML; `context` must hold the organisation's name and the date assessed, and may hold
    the firm's `brand` (domain.brand.Brand: its logo as a data: URI, the only kind StaticOnlyFetcher lets through
    besides the static files)."""
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
