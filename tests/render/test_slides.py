"""What the slide deck says for results the export round does not have: the weakest link, the last phase, a topic
nobody could score; read back from render.slides directly, on aggregated scores (no database)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from flask import Flask
from pptx import Presentation

from roadmap.domain.aggregation import Respondent, aggregate
from roadmap.domain.questionnaire import Questionnaire
from roadmap.render import slides
from tests.exports.test_deck import table_rows, texts

FACTS = slides.RoundFacts("Acme Ltd", "Baseline", date(2026, 3, 1), is_closed=True)


def deck_of(app: Flask, questionnaire: Questionnaire, scores: dict[str, float | None], language: str) -> list:
    group = aggregate(questionnaire, [Respondent(None, scores)])
    with app.test_request_context():
        data = slides.round_deck(questionnaire, group, language, FACTS, (), None)
    return list(Presentation(io.BytesIO(data)).slides)


def everything(slide: object) -> str:
    return " ".join(texts(slide))


@pytest.mark.parametrize(
    ("language", "title", "why", "first", "needed"),
    [
        (
            "en",
            "Phase 2: Dialogue",
            "The overall score of 3.3 would be Engagement, but Customer dialogue and webcare at 1.2 holds the group "
            "back: no topic may be more than one phase behind.",
            "This topic must first reach phase 2, Dialogue:",
            "\u2022 Customer dialogue and webcare: 1.2 now, 2.0 needed",
        ),
        (
            "nl",
            "Fase 2: Dialoog",
            "De totaalscore van 3,3 zou Engagement zijn, maar Klantdialoog en webcare met 1,2 houdt de groep tegen: "
            "geen onderwerp mag meer dan één fase achterlopen.",
            "Dit onderwerp moet eerst fase 2 bereiken, Dialoog:",
            "\u2022 Klantdialoog en webcare: nu 1,2, nodig 2,0",
        ),
    ],
)
def test_the_weakest_link_says_which_topic_holds_the_round_back(
    app: Flask, questionnaire: Questionnaire, language: str, title: str, why: str, first: str, needed: str
) -> None:
    scores: dict[str, float | None] = {d.key: 3.6 for d in questionnaire.dimensions}
    scores["webcare"] = 1.2
    cover, phase, _chart, _topics, _disagree, next_phase, plan = deck_of(app, questionnaire, scores, language)
    assert phase.shapes.title.text == title
    assert why in texts(phase)
    assert first in texts(next_phase) and needed in texts(next_phase)
    assert "still open" not in everything(cover) and "nog open" not in everything(cover)  # a closed round
    assert len(texts(plan)) == 3  # the title, the footer and "no actions yet"


def test_the_last_phase_has_no_next_phase(app: Flask, questionnaire: Questionnaire) -> None:
    scores: dict[str, float | None] = {d.key: 4.0 for d in questionnaire.dimensions}
    _cover, phase, _chart, _topics, disagree, next_phase, _plan = deck_of(app, questionnaire, scores, "en")
    assert phase.shapes.title.text == "Phase 4: Social Business"
    assert next_phase.shapes.title.text == "The next phase"
    assert "The organisation is in the last phase of the roadmap: there is no next phase to reach." in texts(next_phase)
    assert "Every topic is aligned: no topic's scores are 1.5 or more apart." in texts(disagree)


def test_a_topic_nobody_scored_has_a_dash_and_too_little_data(app: Flask, questionnaire: Questionnaire) -> None:
    scores: dict[str, float | None] = {d.key: 2.5 for d in questionnaire.dimensions}
    scores["tools"] = None
    _cover, _phase, chart, topics, _disagree, _next, _plan = deck_of(app, questionnaire, scores, "nl")
    tools = [row for row in table_rows(topics) if row[0] == "Tools en integratie"]
    assert tools == [["Tools en integratie", "\u2013", "Te weinig gegevens", "\u2013", "\u2013", "0 / 1", "\u2013"]]
    assert next(row for row in table_rows(chart) if row[0] == "Tools en integratie")[1] == "\u2013"
