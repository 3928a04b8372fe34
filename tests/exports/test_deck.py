"""The round's slide deck (.pptx), read back with python-pptx: the slide titles, the phase, the numbers of the topic
table, the disagreements, the way to the next phase and the action plan, in both languages; the colours; what a
confidential round shows; access and the 409 without a result; LibreOffice opens it where it is installed.

The export round (tests/exports/conftest.py): marketing answers phase 3 everywhere, the board phase 1, so every
topic's mean is 2.0 with scores from 1.0 to 3.0 (not aligned), the round is in phase 2 and needs 3.0 for phase 3.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pptx import Presentation
from pptx.presentation import Presentation as Deck
from pptx.util import Inches

from roadmap.db import session
from roadmap.domain.actions import draft
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Client, Round, User
from roadmap.render import slides as round_slides
from roadmap.render import svg
from roadmap.services import actions, rounds
from tests.conftest import all_answers
from tests.exports.conftest import CLIENT_NAME, ROUND_NAME, ExportRound
from tests.workspace.conftest import login

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
WORDS = {
    "en": {
        "titles": [
            CLIENT_NAME,
            "Phase 2: Dialogue",
            "Scores per topic",
            "Mean score and spread per topic",
            "Where the respondents do not agree",
            "To reach Engagement",
            "Action plan",
        ],
        "score": "2.0",
        "low": "1.0",
        "high": "3.0",
        "not_aligned": "Not aligned",
        "among": "scores from 1.0 to 3.0 among 2 respondents.",
        "needed": "The overall score must reach 3.0; it is 2.0 now.",
        "respondents": "Respondents: 2 respondents",
        "open": "still open",
        "status": "In progress",
        "overdue": "overdue",
        "headers": ["Topic", "Mean score", "Phase", "Lowest", "Highest", "Respondents who scored it", "Aligned?"],
    },
    "nl": {
        "titles": [
            CLIENT_NAME,
            "Fase 2: Dialoog",
            "Scores per onderwerp",
            "Gemiddelde score en spreiding per onderwerp",
            "Waar de respondenten het niet over eens zijn",
            "Naar Engagement",
            "Actieplan",
        ],
        "score": "2,0",
        "low": "1,0",
        "high": "3,0",
        "not_aligned": "Niet eensgezind",
        "among": "scores van 1,0 tot 3,0 bij 2 respondenten.",
        "needed": "De totaalscore moet 3,0 bereiken; nu is die 2,0.",
        "respondents": "Respondenten: 2 respondenten",
        "open": "nog open",
        "status": "Bezig",
        "overdue": "te laat",
        "headers": ["Onderwerp", "Gemiddelde score", "Fase", "Laagste", "Hoogste", "Respondenten met een score"],
    },
}


def texts(slide: Any) -> list[str]:
    """Every text of a slide: its text boxes (title included) and its table cells, in order."""
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text:
            found.extend(paragraph.text for paragraph in shape.text_frame.paragraphs if paragraph.text)
        if shape.has_table:
            found.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return found


def table_rows(slide: Any) -> list[list[str]]:
    tables = [shape.table for shape in slide.shapes if shape.has_table]
    assert len(tables) == 1, "one table on the slide"
    return [[cell.text for cell in row.cells] for row in tables[0].rows]


def slide_xml(data: bytes, number: int) -> str:
    deck = Presentation(io.BytesIO(data))
    return deck.slides[number - 1].part.blob.decode()


@pytest.fixture
def without_chart(app: Flask) -> None:
    app.extensions["chart_export"] = None


@pytest.fixture
def with_actions(app: Flask, export_round: ExportRound) -> None:
    """The client's plan: an overdue action on a topic (with a note), a done one."""
    with app.app_context():
        client = session().get(Client, export_round.client_id)
        assert client is not None
        topics = [d.key for d in app.extensions["questionnaires"].default.dimensions]
        later = draft("Webcare rota", "webcare", "Zoë", date(2020, 1, 31), "in_progress", "Two people a week")
        actions.add(session(), client, later, topics)
        actions.add(session(), client, draft("Publish a policy", status="done"), topics)


@pytest.fixture
def get_deck(logged_in: FlaskClient, export_round: ExportRound) -> Callable[[str], tuple[Deck, bytes]]:
    def get(language: str) -> tuple[Deck, bytes]:
        response = logged_in.get(f"/rounds/{export_round.round_id}/deck.pptx?lang={language}")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert response.mimetype == PPTX
        assert response.headers["Content-Disposition"] == (
            f"attachment; filename=roadmap-slides-acme-unicode-baseline-2026-2026-03-01-{language}.pptx"
        )
        return Presentation(io.BytesIO(response.data)), response.data

    return get


@pytest.mark.parametrize("language", ["en", "nl"])
def test_deck_reads_back_titles_phase_table_disagreements_next_phase_and_plan(
    get_deck: Callable[[str], tuple[Deck, bytes]],
    questionnaire: Questionnaire,
    without_chart: None,
    with_actions: None,
    language: str,
) -> None:
    words = WORDS[language]
    deck, _data = get_deck(language)
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == words["titles"]
    cover, phase, chart, topics, disagreements, next_phase, plan = deck.slides

    assert ROUND_NAME in texts(cover) and words["respondents"] in texts(cover)
    assert any("Anna de Vries, Social Inc." in text for text in texts(cover))
    assert any(words["open"] in text for text in texts(cover))
    assert any(words["score"] in text for text in texts(phase))

    # Without a browser, the chart's slide has the table of score and phase per topic, as the PDF has.
    assert [row[1] for row in table_rows(chart)[1:]] == [words["score"]] * len(questionnaire.dimensions)

    rows = table_rows(topics)
    assert rows[0][: len(words["headers"])] == words["headers"]
    assert [row[0] for row in rows[1:]] == [d.name(language) for d in questionnaire.dimensions]
    phase_name = f"2. {questionnaire.phase(2).name(language)}"
    for row in rows[1:]:
        assert row[1:] == [words["score"], phase_name, words["low"], words["high"], "2 / 2", words["not_aligned"]]

    said = texts(disagreements)
    for dimension in questionnaire.dimensions:
        assert f"\u2022 {dimension.name(language)}: {words['among']}" in said

    assert words["needed"] in texts(next_phase)
    assert plan.has_notes_slide and "Two people a week" in plan.notes_slide.notes_text_frame.text
    planned = table_rows(plan)
    webcare = questionnaire.dimension("webcare")
    assert webcare is not None
    assert planned[1][0] == f"Webcare rota ({webcare.name(language)})"
    assert planned[1][1] == "Zoë" and planned[1][3] == words["status"]
    assert planned[1][2].endswith(words["overdue"]) and "2020" in planned[1][2]
    assert planned[2][0] == "Publish a policy" and planned[2][1] == "\u2013"


def test_slide_text_is_real_text_marked_with_the_deck_language(
    get_deck: Callable[[str], tuple[Deck, bytes]], without_chart: None
) -> None:
    _deck, data = get_deck("nl")
    xml = slide_xml(data, 4)
    assert 'lang="nl-NL"' in xml and "Gemiddelde score en spreiding per onderwerp</a:t>" in xml
    assert "<a:tbl>" in xml  # a table PowerPoint can edit, not a picture of one
    assert Presentation(io.BytesIO(data)).core_properties.language == "nl-NL"


def test_every_shape_is_on_the_slide(
    get_deck: Callable[[str], tuple[Deck, bytes]], without_chart: None, with_actions: None
) -> None:
    deck, _data = get_deck("nl")
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= deck.slide_width, (number, shape.name)
            assert shape.top + shape.height <= deck.slide_height, (number, shape.name)


def test_the_site_colour_colours_the_title_bars_and_table_header(
    get_deck: Callable[[str], tuple[Deck, bytes]], without_chart: None
) -> None:
    _deck, data = get_deck("en")
    brand = round_slides.site_accent().lstrip("#").upper()
    assert brand == "1D5F8A"  # static/css/site.css
    for number in (1, 2, 4):
        assert f'<a:srgbClr val="{brand}"/>' in slide_xml(data, number)


def test_a_long_plan_goes_on_as_many_slides_as_it_takes(
    app: Flask, get_deck: Callable[[str], tuple[Deck, bytes]], export_round: ExportRound, without_chart: None
) -> None:
    with app.app_context():
        client = session().get(Client, export_round.client_id)
        assert client is not None
        for number in range(round_slides.ACTIONS_PER_SLIDE + 1):
            actions.add(session(), client, draft(f"Action {number}"), [])
    deck, _data = get_deck("en")
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[-2:] == ["Action plan (1 of 2)", "Action plan (2 of 2)"]
    assert len(table_rows(deck.slides[-1])) == 2  # its header and the ninth action


@pytest.mark.browser
@pytest.mark.skipif(svg.find_browser(None) is None, reason="Chromium not found: apt-get install chromium")
def test_the_chart_through_the_browser_is_a_png(app: Flask, get_deck: Callable[[str], tuple[Deck, bytes]]) -> None:
    deck, _data = get_deck("nl")
    pictures = [shape for shape in deck.slides[2].shapes if shape.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.blob.startswith(b"\x89PNG")


def test_no_result_is_a_409_in_the_deck_language(
    logged_in: FlaskClient, export_round: ExportRound, make_round: Callable[..., int], without_chart: None
) -> None:
    empty = make_round(export_round.client_id, "Empty")
    response = logged_in.get(f"/rounds/{empty}/deck.pptx?lang=en")
    assert response.status_code == 409
    assert "no result yet, so it has no slide deck" in response.get_data(as_text=True)
    dutch = logged_in.get(f"/rounds/{empty}/deck.pptx", headers={"Accept-Language": "nl"})
    assert dutch.status_code == 409 and "geen presentatie" in dutch.get_data(as_text=True)


def test_another_consultants_round_is_not_found(
    client: FlaskClient,
    export_round: ExportRound,
    make_user: Callable[..., User],
    without_chart: None,
) -> None:
    make_user("other@example.org")
    login(client, "other@example.org")
    assert client.get(f"/rounds/{export_round.round_id}/deck.pptx").status_code == 404


def test_a_confidential_round_shows_what_its_report_shows(
    app: Flask,
    logged_in: FlaskClient,
    export_round: ExportRound,
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
    without_chart: None,
) -> None:
    url = f"/rounds/{export_round.round_id}/deck.pptx?lang=en"

    def confidential(minimum: int) -> None:
        with app.app_context():
            found = session().get(Round, export_round.round_id)
            assert found is not None
            rounds.update_round(session(), found, found.name, found.held_on, True, minimum)

    confidential(3)  # two have submitted: no scores, no report, no deck
    for path in (url, f"/rounds/{export_round.round_id}/report.pdf"):
        response = logged_in.get(path)
        assert response.status_code == 409
        assert "shows scores from 3 respondents, and 2 have submitted" in response.get_data(as_text=True)
    respond(invite(export_round.round_id, "it", "Ida")[1], all_answers(questionnaire, "dialogue"))
    response = logged_in.get(url)
    assert response.status_code == 200
    deck = Presentation(io.BytesIO(response.data))
    assert "Respondents: 3 respondents" in texts(deck.slides[0])
    assert [row[1] for row in table_rows(deck.slides[3])[1:]] == ["2.0"] * len(questionnaire.dimensions)
    everything = " ".join(text for slide in deck.slides for text in texts(slide))
    for name in ("Ida", "Bob", "HYPERLINK", "IT", "Marketing and communications"):  # no respondent, no department
        assert name not in everything


@pytest.mark.skipif(
    not (shutil.which("libreoffice") or shutil.which("soffice")),
    reason="LibreOffice not installed: the deck's conversion to PDF is not checked here",
)
def test_libreoffice_converts_the_deck(
    get_deck: Callable[[str], tuple[Deck, bytes]], tmp_path: Path, without_chart: None
) -> None:
    _deck, data = get_deck("nl")
    (tmp_path / "deck.pptx").write_bytes(data)
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office is not None
    subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "deck.pptx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = (tmp_path / "deck.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
