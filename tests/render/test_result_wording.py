"""How the result reads: strengths in the report without a repeated sentence, heatmap colours against blanks."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import assess
from roadmap.render.charts import HEAT_SCALE, heatmap
from roadmap.render.report_html import report_html
from tests.web.conftest import answers_with, parse_html


@pytest.mark.parametrize("language", ["en", "nl"])
def test_strengths_do_not_end_in_the_same_sentence_each(
    app: Flask, questionnaire: Questionnaire, language: str
) -> None:
    first, second = (d.key for d in questionnaire.dimensions[:2])
    answers = answers_with(questionnaire, "dialogue", **{first: "social_business", second: "engagement"})
    result = assess(questionnaire, answers)
    assert len(result.leading) == 2
    with app.test_request_context():
        html = report_html(
            questionnaire, result, language, False, organisation="Acme", assessed_on=date(2026, 12, 1), answers=answers
        )
    section = parse_html(html).find("section", class_="strengths-gaps")
    items = [li.text for li in section.find("ul", class_="findings").find_all("li")]
    assert len(items) == 2
    sentences = [set(item.split(": ", 1)[1].split(". ")) for item in items]
    assert not sentences[0] & sentences[1], "no sentence repeated from one strength to the next"
    build_on = "Build on" if language == "en" else "Bouw"
    assert not [item for item in items if build_on in item]
    closing = [p.text for p in section.find_all("p") if build_on in p.text]
    assert len(closing) == 1, "said once, after the list"


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_lowest_heatmap_colour_stands_out_from_a_blank_cell() -> None:
    """A 1.0 is drawn in the scale's first colour; a blank cell is the white background and means no data."""
    lowest = HEAT_SCALE[0][1]
    figure = heatmap(["Marketing"], ["Strategy"], [[1.0]], {"score": "Score"})
    background = figure["layout"]["plot_bgcolor"]
    contrast = (luminance(background) + 0.05) / (luminance(lowest) + 0.05)
    assert contrast >= 1.4, f"{lowest} on {background}: {contrast:.2f}"
    assert figure["data"][0]["zmin"] == 1
