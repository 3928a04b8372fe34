"""A round's deck in the firm's colours and logo (the client's own logo first), and its chart: a picture with its
alternative text, or the table where the chart cannot be made."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pptx import Presentation
from pptx.util import Inches

from roadmap.db import session
from roadmap.models import Client, Round
from roadmap.render import deck as layout
from roadmap.render import svg
from roadmap.services import decks
from tests.exports.conftest import ExportRound
from tests.exports.test_deck import slide_xml, table_rows, texts, without_chart  # noqa: F401 (a fixture)


@pytest.fixture
def render_deck(app: Flask, export_round: ExportRound) -> Callable[..., bytes]:
    """The deck of the export round, its firm given the colour and logo (stored as they are, unchecked)."""

    def render(exporter: Any = None, accent: str | None = None, logo: layout.Logo | None = None) -> bytes:
        with app.test_request_context():
            found = session().get(Round, export_round.round_id)
            assert found is not None and found.client.firm is not None
            found.client.firm.accent = accent
            found.client.firm.logo, found.client.firm.logo_type = (
                (logo.content, logo.mime_type) if logo else (None, None)
            )
            session().commit()
            return decks.round_deck(session(), found, "en", exporter).pptx

    return render


def png_logo(width: int = 400, height: int = 100) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_firm_colour_and_png_logo_are_used(render_deck: Callable[..., bytes]) -> None:
    data = render_deck(accent="#c0ffee", logo=layout.Logo(png_logo(), "image/png"))
    cover = slide_xml(data, 1)
    assert '<a:srgbClr val="C0FFEE"/>' in cover and '<a:srgbClr val="1D5F8A"/>' not in cover
    assert '<a:srgbClr val="1A1A1A"/>' in cover  # ink, not white, on a pale colour
    pictures = [shape for shape in Presentation(io.BytesIO(data)).slides[0].shapes if shape.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
    assert (pictures[0].width, pictures[0].height) == (Inches(3), Inches(0.75))  # 4:1, at most 3 inches wide


def test_an_svg_or_broken_logo_is_left_out(render_deck: Callable[..., bytes]) -> None:
    for logo in (layout.Logo(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
                 layout.Logo(b"not a png", "image/png")):  # fmt: skip
        cover = Presentation(io.BytesIO(render_deck(logo=logo))).slides[0]
        assert not [shape for shape in cover.shapes if shape.shape_type == 13]


@pytest.mark.parametrize("accent", ["blue", "#12345", "#ggg000", ""])
def test_a_colour_that_is_not_hex_is_refused(accent: str) -> None:
    with pytest.raises(ValueError, match="not a hex colour"):
        layout.colour(accent or "#")


@pytest.mark.parametrize(
    ("background", "text"), [("#1d5f8a", "FFFFFF"), ("#c0ffee", "1A1A1A"), ("#ffd700", "1A1A1A"), ("#000", "FFFFFF")]
)
def test_title_text_contrasts_with_the_bar(background: str, text: str) -> None:
    assert str(layout.text_colour_on(layout.colour(background))) == text


class FailingExporter:
    def png(self, figure: Any, width: int, height: int, scale: float = 2.0) -> bytes:
        raise svg.ChartExportError("no browser after all")


class FakeExporter:
    def png(self, figure: Any, width: int, height: int, scale: float = 2.0) -> bytes:
        self.figure = figure
        return png_logo(width, height)


def test_the_chart_is_a_picture_with_its_alternative_text(render_deck: Callable[..., bytes]) -> None:
    exporter = FakeExporter()
    data = render_deck(exporter)
    chart = Presentation(io.BytesIO(data)).slides[2]
    pictures = [shape for shape in chart.shapes if shape.shape_type == 13]
    assert len(pictures) == 1 and not [shape for shape in chart.shapes if shape.has_table]
    assert 'descr="Radar chart of the scores per topic' in slide_xml(data, 3)
    assert exporter.figure.layout.polar is not None  # the report's radar figure


def test_a_failed_chart_export_shows_the_table_instead(render_deck: Callable[..., bytes]) -> None:
    chart = Presentation(io.BytesIO(render_deck(FailingExporter()))).slides[2]
    assert chart.shapes.title.text == "Scores per topic"
    assert table_rows(chart)[0] == ["Topic", "Score", "Phase", "Compared with the overall phase"]


def test_the_downloaded_deck_is_in_the_clients_brand(
    app: Flask, logged_in: FlaskClient, export_round: ExportRound, without_chart: None  # noqa: F811
) -> None:
    with app.app_context():
        client = session().get(Client, export_round.client_id)
        assert client is not None and client.firm is not None
        client.firm.accent, client.firm.name = "#7a1f5c", "Social Inc."
        client.logo, client.logo_type = png_logo(200, 100), "image/png"  # the client's own, not the firm's
        session().commit()
    response = logged_in.get(f"/rounds/{export_round.round_id}/deck.pptx?lang=nl")
    assert response.status_code == 200
    assert '<a:srgbClr val="7A1F5C"/>' in slide_xml(response.data, 1)
    cover = Presentation(io.BytesIO(response.data)).slides[0]
    [picture] = [shape for shape in cover.shapes if shape.shape_type == 13]
    assert picture.image.blob == png_logo(200, 100)
    assert "Social Inc." in " ".join(texts(cover))
