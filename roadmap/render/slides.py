"""A round's result as a slide deck (.pptx), in the deck's language: what each slide says (render/deck.py lays out).

The deck tells what the round's PDF report tells, from the same values (the round's result as its
confidentiality lets it be shown, the client's action plan): the cover; the phase and why; the radar chart (the
report's figure, as PNG; the table of scores per topic when no browser can draw it); the mean score and spread per
topic; the topics the respondents disagree on; what it takes to reach the next phase; the action plan. Its
sentences are the report's: the same messages, the report's own macros for why the phase and the next phase's
title, and the numbers and dates formatted by the functions the report's templates use.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from roadmap.config import PROJECT_ROOT
from roadmap.domain.actions import PlannedAction
from roadmap.domain.aggregation import GroupResult
from roadmap.domain.explanation import explain_group
from roadmap.domain.phase_reason import phase_reason
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result
from roadmap.render.charts import radar_figure
from roadmap.render.deck import Cover, Logo, Paragraph, Picture, Slide, Style, Table, colour, deck_bytes
from roadmap.render.pdf import CHART_HEIGHT, CHART_WIDTH
from roadmap.render.report_html import key_steps
from roadmap.render.svg import ChartExporter, ChartExportError

log = logging.getLogger(__name__)

SITE_CSS = PROJECT_ROOT / "static" / "css" / "site.css"
SITE_COLOUR = "--brand"  # the site's colour of its links, buttons and table rules: the deck's without a firm's
ACTIONS_PER_SLIDE = 6  # rows of a title or two lines each fit below the title bar
NO_VALUE = "\u2013"


@dataclass(frozen=True)
class RoundFacts:
    """The round as the deck's cover names it."""

    organisation: str
    round_name: str
    held_on: date
    is_closed: bool
    consultant: str | None = None
    firm: str | None = None


@functools.lru_cache(maxsize=1)
def site_accent() -> str:
    """The site's own colour, from its stylesheet."""
    found = re.search(rf"{SITE_COLOUR}:\s*(#[0-9a-fA-F]{{3,6}})\b", SITE_CSS.read_text(encoding="utf-8"))
    if found is None:
        raise LookupError(f"{SITE_COLOUR} is not set in {SITE_CSS}")
    return found.group(1)


class Words:
    """The deck's language: the questionnaire's texts, and numbers, dates and statuses as the report writes them
    (the formatters of the templates' context; call inside `force_locale`)."""

    def __init__(self, questionnaire: Questionnaire, language: str) -> None:
        self.questionnaire, self.language = questionnaire, language
        context: dict[str, Any] = {"questionnaire": questionnaire, "language": language}
        current_app.update_template_context(context)
        self.score: Callable[[float], str] = context["format_score"]
        self.score_against: Callable[[float, float | None], str] = context["format_score_against"]
        self.date: Callable[..., str] = context["format_date"]
        self.statuses: Mapping[str, object] = context["status_labels"]
        template = current_app.jinja_env.get_template("report/_explanation_text.html")
        self.macros = template.make_module(context)

    def topic(self, key: str) -> str:
        found = self.questionnaire.dimension(key)
        return found.name(self.language) if found else key

    def phase(self, level: int) -> str:
        return self.questionnaire.phase(level).name(self.language)

    def score_or_dash(self, score: float | None) -> str:
        return NO_VALUE if score is None else self.score(score)

    def macro(self, name: str, *args: object) -> str:
        """One of the report's explanation macros as plain text."""
        return Markup(getattr(self.macros, name)(*args)).striptags()


def round_deck(
    questionnaire: Questionnaire,
    group: GroupResult,
    language: str,
    facts: RoundFacts,
    action_plan: Sequence[PlannedAction],
    exporter: ChartExporter | None,
    accent: str | None = None,
    logo: Logo | None = None,
) -> bytes:
    """The round's deck as .pptx bytes. `group` is the round's result as it may be shown (`disclosure.view.overall`,
    with a result); `accent` a hex colour for the title bars and table headers (None: the site's own)."""
    style = Style(colour(accent or site_accent()), language, footer=f"{facts.organisation} \u00b7 {facts.round_name}")
    with force_locale(language):
        words = Words(questionnaire, language)
        result = group.result
        slides = [
            phase_slide(words, result, facts),
            chart_slide(words, result, chart_png(questionnaire, result, language, exporter)),
            topic_slide(words, group),
            disagreement_slide(words, group),
            next_phase_slide(words, result),
            *action_slides(words, action_plan),
        ]
        title = _("Roadmap report: %(organisation)s", organisation=facts.organisation)
        return deck_bytes(cover(words, group, facts), slides, style, title, logo)


def chart_png(
    questionnaire: Questionnaire, result: Result, language: str, exporter: ChartExporter | None
) -> bytes | None:
    """The report's radar chart as PNG; None without a browser or when the export fails (the table instead)."""
    if exporter is None:
        return None
    try:
        return exporter.png(radar_figure(questionnaire, result, language), CHART_WIDTH, CHART_HEIGHT)
    except ChartExportError as error:
        log.error("The slide deck shows the table of scores instead of the chart: %s", error)
        return None


def cover(words: Words, group: GroupResult, facts: RoundFacts) -> Cover:
    respondents = ngettext("%(num)d respondent", "%(num)d respondents", group.respondents)
    lines = [f"{_('Date of the round')}: {words.date(facts.held_on, 'long')}", f"{_('Respondents')}: {respondents}"]
    consultant = ", ".join(part for part in (facts.consultant, facts.firm) if part)
    if consultant:
        lines.append(f"{_('Consultant')}: {consultant}")
    questionnaire = words.questionnaire
    version = _("version %(version)s", version=questionnaire.version)
    return Cover(
        kicker=questionnaire.title(words.language),
        title=facts.organisation,
        subtitle=facts.round_name,
        facts=lines,
        note=""
        if facts.is_closed
        else _("The round was still open when these slides were made: its result may change as respondents submit."),
        notes=f"{_('Questionnaire')}: {questionnaire.title(words.language)}, {version}",
    )


def phase_slide(words: Words, result: Result, facts: RoundFacts) -> Slide:
    """The phase, the overall score and why the phase is what it is (the weakest-link rule or the score)."""
    assert result.phase is not None and result.overall_score is not None
    phase = words.questionnaire.phase(result.phase)
    language = words.language
    body = [
        Paragraph(
            f"{_('Overall score')}: {words.score(result.overall_score)} ({_('on a scale from 1 to 4')})", bold=True
        ),
        Paragraph(
            _(
                "%(organisation)s is in phase %(number)d of the roadmap, %(name)s: %(motto)s.",
                organisation=facts.organisation,
                number=phase.level,
                name=phase.name(language),
                motto=phase.motto(language).lower(),
            )
        ),
    ]
    if (reason := phase_reason(result)) is not None:
        body += [Paragraph(_("Why this phase"), bold=True), Paragraph(words.macro("why_sentence", reason, True))]
    if result.lagging:
        lagging = ", ".join(
            f"{words.topic(key)} ({words.score_or_dash(result.dimension(key).score)})" for key in result.lagging
        )
        body.append(Paragraph(f"{_('These topics lag behind the overall phase:')} {lagging}."))
    title = _("Phase %(number)d: %(name)s", number=phase.level, name=phase.name(language))
    return Slide(title, body=body, notes=phase.description(language))


def chart_slide(words: Words, result: Result, png: bytes | None) -> Slide:
    """The radar chart; without it, the table of score and phase per topic, as the PDF report has then."""
    title = _("Scores per topic")
    if png is not None:
        alt = _(
            "Radar chart of the scores per topic, from 1 (Presence) to 4 (Social Business). The table of scores per "
            "topic gives the same figures."
        )
        caption = _(
            "Scores per topic, from 1 (Presence) to 4 (Social Business). The dashed ring marks the overall phase."
        )
        return Slide(title, picture=Picture(png, alt), body=[Paragraph(caption)], notes=caption)
    rows = []
    for dimension in words.questionnaire.dimensions:
        score = result.dimension(dimension.key)
        if score.score is None or score.phase is None:
            insufficient = _(
                "Too little data (insufficient): %(answered)d of %(total)d answered",
                answered=score.answered,
                total=score.total,
            )
            rows.append((dimension.name(words.language), NO_VALUE, insufficient, NO_VALUE))
            continue
        compared = compared_with_phase(result, dimension.key)
        rows.append(
            (dimension.name(words.language), words.score(score.score), phase_label(words, score.phase), compared)
        )
    headers = (_("Topic"), _("Score"), _("Phase"), _("Compared with the overall phase"))
    return Slide(
        title, table=Table(headers, rows, numeric=(1,), widths=(3, 1, 2.2, 2.8)), notes=_("Score and phase per topic")
    )


def phase_label(words: Words, level: int) -> str:
    return f"{level}. {words.phase(level)}"


def compared_with_phase(result: Result, key: str) -> str:
    if key in result.held_back_by:
        return _("Lagging: holds the phase back")
    if key in result.lagging:
        return _("Lagging")
    return _("Leading") if key in result.leading else _("In step")


def topic_slide(words: Words, group: GroupResult) -> Slide:
    """The mean score, phase and spread of every topic, as the round report's table."""
    rows = []
    for dimension in words.questionnaire.dimensions:
        score = group.result.dimension(dimension.key)
        spread = group.spread(dimension.key)
        aligned = _("Not aligned") if spread.not_aligned else _("Aligned") if score.answered >= 2 else NO_VALUE
        phase = phase_label(words, score.phase) if score.phase is not None else _("Too little data")
        rows.append(
            (
                dimension.name(words.language),
                words.score_or_dash(score.score),
                phase,
                words.score_or_dash(spread.low),
                words.score_or_dash(spread.high),
                f"{score.answered} / {score.total}",
                aligned,
            )
        )
    headers = (
        _("Topic"),
        _("Mean score"),
        _("Phase"),
        _("Lowest"),
        _("Highest"),
        _("Respondents who scored it"),
        _("Aligned?"),
    )
    table = Table(headers, rows, numeric=(1, 3, 4, 5), widths=(3, 1.3, 2, 1.1, 1.1, 1.7, 1.5))
    notes = _(
        "A topic is not aligned when at least two respondents scored it and their scores are 1.5 or more apart: the "
        "people of this organisation do not see it the same way, and that is a finding in itself."
    )
    return Slide(_("Mean score and spread per topic"), table=table, notes=notes)


def disagreement_slide(words: Words, group: GroupResult) -> Slide:
    """The topics whose scores are 1.5 or more apart, with their lowest and highest score."""
    submitted = ngettext(
        "%(num)d respondent submitted answers.", "%(num)d respondents submitted answers.", group.respondents
    )
    title = _("Where the respondents do not agree")
    if not group.not_aligned:
        body = [Paragraph(_("Every topic is aligned: no topic's scores are 1.5 or more apart."))]
        return Slide(title, body=body, notes=submitted)
    body = [Paragraph(_("The respondents see these topics differently (scores 1.5 or more apart):"))]
    for key in group.not_aligned:
        spread = group.spread(key)
        assert spread.low is not None and spread.high is not None
        among = _(
            "scores from %(low)s to %(high)s among %(count)d respondents.",
            low=words.score(spread.low),
            high=words.score(spread.high),
            count=len(spread.scores),
        )
        body.append(Paragraph(f"{words.topic(key)}: {among}", level=1))
    return Slide(title, body=body, notes=submitted)


def next_phase_slide(words: Words, result: Result) -> Slide:
    """What the round's mean scores must do to reach the next phase, beside the three most important steps."""
    explanation = explain_group(words.questionnaire, result)
    title = words.macro("next_phase_title", explanation)
    conditions = explanation.conditions
    if conditions is None:
        body = [Paragraph(_("The organisation is in the last phase of the roadmap: there is no next phase to reach."))]
    else:
        score = words.score_against(conditions.overall_score, conditions.needed)
        must = _(
            "The overall score must reach %(needed)s; it is %(score)s now.",
            needed=words.score(conditions.needed),
            score=score,
        )
        body = [Paragraph(must)]
        if conditions.topics:
            first = words.questionnaire.phase(conditions.topics[0].needed)
            body.append(
                Paragraph(
                    ngettext(
                        "This topic must first reach phase %(number)d, %(name)s:",
                        "These topics must first reach phase %(number)d, %(name)s:",
                        len(conditions.topics),
                        number=first.level,
                        name=first.name(words.language),
                    )
                )
            )
            for topic in conditions.topics:
                line = _(
                    "%(topic)s: %(score)s now, %(needed)s needed",
                    topic=words.topic(topic.dimension),
                    score=words.score_against(topic.score, topic.needed),
                    needed=words.score(topic.needed),
                )
                body.append(Paragraph(line, level=1))
    steps = key_steps(result)
    aside = [Paragraph(_("The three most important next steps"), bold=True)]
    for step in steps:
        prefix = f"{words.topic(step.dimension)}: " if step.dimension else ""
        aside.append(Paragraph(prefix + step.step.text(words.language), level=1))
    notes = "\n".join(f"{step.step.text(words.language)} {step.step.why(words.language)}" for step in steps)
    return Slide(title, body=body, aside=aside, notes=notes)


def action_slides(words: Words, plan: Sequence[PlannedAction]) -> list[Slide]:
    """The client's action plan, a table of at most ACTIONS_PER_SLIDE actions per slide."""
    title = _("Action plan")
    if not plan:
        return [
            Slide(
                title,
                body=[
                    Paragraph(_("No actions agreed yet. Make a plan from the latest result: who does what by when."))
                ],
            )
        ]
    headers = (_("Action"), _("Who does it"), _("Due date"), _("Status"))
    pages = [plan[start : start + ACTIONS_PER_SLIDE] for start in range(0, len(plan), ACTIONS_PER_SLIDE)]
    slides = []
    for number, page in enumerate(pages, start=1):
        rows = [action_row(words, action) for action in page]
        notes = "\n".join(f"{action.title}: {action.note}" for action in page if action.note)
        shown = (
            title
            if len(pages) == 1
            else _("%(title)s (%(page)d of %(pages)d)", title=title, page=number, pages=len(pages))
        )
        slides.append(Slide(shown, table=Table(headers, rows, widths=(5, 2.2, 2.2, 1.6)), notes=notes))
    return slides


def action_row(words: Words, action: PlannedAction) -> tuple[str, str, str, str]:
    topic = f" ({words.topic(action.topic)})" if action.topic and words.questionnaire.dimension(action.topic) else ""
    due = words.date(action.due_on, "medium") if action.due_on else NO_VALUE
    if action.overdue:
        due = f"{due} {_('overdue')}"
    return action.title + topic, action.owner or NO_VALUE, due, str(words.statuses[action.status])
