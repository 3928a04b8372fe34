"""A round's slide deck: its result as the round's PDF report shows it, laid out by roadmap.render.slides.

The deck shows what the report shows, under the same rule (`reports.reportable`: none while a confidential round
is below its minimum or nobody has scored a topic). It is made on each download, not kept: it has no appendix
and no PDF to lay out, so it costs about as much as the chart in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from roadmap.models import Round
from roadmap.render import slides
from roadmap.render.deck import Logo
from roadmap.render.filenames import round_deck_filename
from roadmap.render.svg import ChartExporter
from roadmap.services import actions
from roadmap.services.reports import reportable
from roadmap.services.rounds import questionnaire_of_round


@dataclass(frozen=True)
class Deck:
    pptx: bytes
    filename: str


def round_deck(
    session: Session,
    round_: Round,
    language: str,
    exporter: ChartExporter | None,
    accent: str | None = None,
    logo: Logo | None = None,
) -> Deck:
    """The round's deck in a language, in `accent` (a hex colour; None: the site's own) with `logo` on its cover.

    Raises what `reports.reportable` raises."""
    disclosure = reportable(session, round_)
    consultant = round_.client.consultant
    facts = slides.RoundFacts(
        organisation=round_.client.name,
        round_name=round_.name,
        held_on=round_.held_on,
        is_closed=round_.is_closed,
        consultant=consultant.name,
        firm=consultant.firm_name,
    )
    pptx = slides.round_deck(
        questionnaire_of_round(round_),
        disclosure.view.overall,
        language,
        facts,
        actions.planned(session, round_.client),
        exporter,
        accent=accent,
        logo=logo,
    )
    return Deck(pptx, round_deck_filename(round_.client.name, round_.name, round_.held_on, language))
