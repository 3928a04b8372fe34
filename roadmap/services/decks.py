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
from roadmap.services import actions, branding
from roadmap.services.reports import reportable
from roadmap.services.rounds import questionnaire_of_round


@dataclass(frozen=True)
class Deck:
    pptx: bytes
    filename: str


def round_deck(session: Session, round_: Round, language: str, exporter: ChartExporter | None) -> Deck:
    """The round's deck in a language, in the colours of the client's brand (`branding.client_brand`: the firm's
    accent, the client's own logo or the firm's; without a brand the site's own colour and no logo).

    Raises what `reports.reportable` raises."""
    disclosure = reportable(session, round_)
    brand = branding.client_brand(round_.client)
    logo = Logo(brand.logo, brand.logo_type) if brand and brand.logo and brand.logo_type else None
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
        accent=brand.css_accent if brand else None,
        logo=logo,
    )
    return Deck(pptx, round_deck_filename(round_.client.name, round_.name, round_.held_on, language))
