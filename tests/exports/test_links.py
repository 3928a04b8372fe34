"""The round, round result, client and portfolio pages link to their downloads, and every link works."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.exports.conftest import ExportRound


def download_links(html: str) -> list[str]:
    section = html.split('aria-labelledby="downloads-title"', 1)[1].split("</section>", 1)[0]
    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', section)]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/rounds/{round_id}",
            [
                "/rounds/{round_id}/report.pdf?lang=en",
                "/rounds/{round_id}/report.pdf?lang=nl",
                "/rounds/{round_id}/deck.pptx?lang=en",
                "/rounds/{round_id}/deck.pptx?lang=nl",
                "/rounds/{round_id}/responses.xlsx?lang=nl",
                "/rounds/{round_id}/responses.csv?lang=nl",
                "/clients/{client_id}/scores.xlsx?lang=nl",
                "/clients/{client_id}/scores.csv?lang=nl",
                "/rounds/{round_id}/result.json?lang=nl",
            ],
        ),
        ("/rounds/{round_id}/result", None),  # the same as the round page
        (
            "/clients/{client_id}",
            [
                "/clients/{client_id}/report.pdf?lang=en",
                "/clients/{client_id}/report.pdf?lang=nl",
                "/clients/{client_id}/scores.xlsx?lang=nl",
                "/clients/{client_id}/scores.csv?lang=nl",
                "/portfolio/scores.xlsx?lang=nl",
                "/portfolio/scores.csv?lang=nl",
            ],
        ),
        ("/portfolio", ["/portfolio/scores.xlsx?lang=nl", "/portfolio/scores.csv?lang=nl"]),
    ],
)
def test_pages_link_to_their_downloads_in_the_page_language(
    app: Flask, logged_in: FlaskClient, export_round: ExportRound, path: str, expected: list[str] | None
) -> None:
    app.extensions["chart_export"] = None  # the reports are fetched below: quicker with the table
    ids = {"round_id": export_round.round_id, "client_id": export_round.client_id}
    response = logged_in.get(path.format(**ids), headers={"Accept-Language": "nl"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Downloads" in html
    links = download_links(html)
    wanted = (
        expected
        if expected is not None
        else [
            "/rounds/{round_id}/report.pdf?lang=en",
            "/rounds/{round_id}/report.pdf?lang=nl",
            "/rounds/{round_id}/deck.pptx?lang=en",
            "/rounds/{round_id}/deck.pptx?lang=nl",
            "/rounds/{round_id}/responses.xlsx?lang=nl",
            "/rounds/{round_id}/responses.csv?lang=nl",
            "/clients/{client_id}/scores.xlsx?lang=nl",
            "/clients/{client_id}/scores.csv?lang=nl",
            "/rounds/{round_id}/result.json?lang=nl",
        ]
    )
    assert links == [link.format(**ids) for link in wanted]
    for link in links:
        if "report.pdf" not in link or path in ("/rounds/{round_id}", "/clients/{client_id}"):  # reports fetched once
            assert logged_in.get(link).status_code == 200, link
