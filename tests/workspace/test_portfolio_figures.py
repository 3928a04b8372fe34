"""The portfolio: current figures, sorting, filters, the radar overlay, box plots and the heatmap."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from tests.workspace.pages import every, figure, names_in_table, row, table


def test_portfolio_shows_current_figures_from_latest_round_with_result(
    logged_in: FlaskClient, portfolio: dict[str, int]
) -> None:
    html = logged_in.get("/portfolio").get_data(as_text=True)
    assert names_in_table(html) == ["Alpha", "Bravo", "Charlie", "Delta"]
    bravo = row(table(html, "portfolio"), "Bravo")
    assert bravo[:2] == ["Education", "10 to 49 people"]
    assert bravo[2].endswith(("Engagement", "Social Business"))
    assert bravo[3:] == ["3.5", "1 May 2025", "2"]
    assert row(table(html, "portfolio"), "Delta")[-1] == "No round with a result yet"


SORTS = [
    ("sort=score&dir=desc", ["Bravo", "Charlie", "Alpha", "Delta"], ("Overall score", "descending")),
    ("sort=score&dir=asc", ["Alpha", "Charlie", "Bravo", "Delta"], ("Overall score", "ascending")),
    ("sort=name&dir=desc", ["Delta", "Charlie", "Bravo", "Alpha"], ("Client", "descending")),
    ("sort=size", ["Alpha", "Bravo", "Charlie", "Delta"], ("Size", "ascending")),
    ("", ["Alpha", "Bravo", "Charlie", "Delta"], ("Client", "ascending")),
]


def test_portfolio_sorts_on_the_server_with_aria_sort(logged_in: FlaskClient, portfolio: dict[str, int]) -> None:
    for query, expected, aria in SORTS:
        html = logged_in.get(f"/portfolio?{query}").get_data(as_text=True)
        assert names_in_table(html) == expected, query
        headers = re.findall(r'<th scope="col"( aria-sort="(\w+)")?[^>]*>\s*<a href="([^"]+)">([^<]+)', html)
        sorted_columns = [(label.strip(), sort) for _attr, sort, _url, label in headers if sort]
        assert sorted_columns == [aria], query


def test_portfolio_filters_by_sector_size_and_phase(logged_in: FlaskClient, portfolio: dict[str, int]) -> None:
    assert names_in_table(logged_in.get("/portfolio?sector=government").get_data(as_text=True)) == ["Alpha", "Charlie"]
    assert names_in_table(logged_in.get("/portfolio?size=10-49").get_data(as_text=True)) == ["Bravo", "Charlie"]
    assert names_in_table(logged_in.get("/portfolio?sector=education&size=10-49").get_data(as_text=True)) == ["Bravo"]
    html = logged_in.get("/portfolio?phase=1").get_data(as_text=True)
    assert names_in_table(html) == ["Alpha"]
    assert 'value="1" selected' in html


BAD_FILTERS = [
    ("sector=space", "There is no sector “space”"),
    ("size=huge", "There is no size “huge”"),
    ("phase=9", "There is no phase “9”"),
    ("sort=colour", "cannot be sorted that way"),
    ("sort=name&dir=up", "cannot be sorted that way"),
]


def test_portfolio_bad_filters_say_so_and_show_everything(logged_in: FlaskClient, portfolio: dict[str, int]) -> None:
    for query, message in BAD_FILTERS:
        response = logged_in.get(f"/portfolio?{query}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert message in html, query
        assert names_in_table(html) == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert "filter-errors" not in logged_in.get("/portfolio?sector=government").get_data(as_text=True)


def test_portfolio_radar_overlay_of_chosen_clients(logged_in: FlaskClient, portfolio: dict[str, int]) -> None:
    html = logged_in.get(f"/portfolio?compare={portfolio['Alpha']}&compare={portfolio['Bravo']}").get_data(as_text=True)
    radar = figure(html, "radar")
    assert [trace["name"] for trace in radar["data"]] == ["Alpha", "Bravo"]
    assert radar["data"][1]["r"][0] == 3.5
    assert "Scores per topic of the chosen clients" in html
    assert f'value="{portfolio["Alpha"]}" id="compare-{portfolio["Alpha"]}" checked' in html


SELECTION_ERRORS = [
    (["Alpha"], "Choose from 2 to 5 clients to compare; you chose 1."),
    (["Alpha", "Alpha"], "Choose from 2 to 5 clients to compare; you chose 1."),
    (["Alpha", "Delta"], "no round with a result yet, so they cannot be compared: Delta"),
    (["Alpha", "999999"], "One of the chosen clients does not exist"),
    (["Alpha", "x"], "One of the chosen clients does not exist"),
]


def test_portfolio_radar_selection_errors(logged_in: FlaskClient, portfolio: dict[str, int]) -> None:
    for chosen, message in SELECTION_ERRORS:
        query = "&".join(f"compare={portfolio.get(c, c)}" for c in chosen)
        response = logged_in.get(f"/portfolio?{query}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert message in html, chosen
        assert "radar-figure" not in html
        assert names_in_table(html) == ["Alpha", "Bravo", "Charlie", "Delta"]


def test_portfolio_compare_more_than_five(
    app: Flask, logged_in: FlaskClient, consultant: User, make_client: Callable[..., int]
) -> None:
    ids = [make_client(consultant, f"Client {n}") for n in range(6)]
    html = logged_in.get("/portfolio?" + "&".join(f"compare={i}" for i in ids)).get_data(as_text=True)
    assert "Choose from 2 to 5 clients to compare; you chose 6." in html


def test_another_consultants_client_cannot_be_compared(
    logged_in: FlaskClient, portfolio: dict[str, int], make_user: Callable[..., User], make_client: Callable[..., int]
) -> None:
    other = make_client(make_user("ben@example.org"), "Secret client")
    html = logged_in.get(f"/portfolio?compare={portfolio['Alpha']}&compare={other}").get_data(as_text=True)
    assert "One of the chosen clients does not exist" in html
    assert "Secret client" not in html


def test_box_plot_only_from_five_clients(
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    keys: list[str],
    questionnaire: Questionnaire,
) -> None:
    for clients in (4, 5):
        for number in [clients - 1] if clients == 5 else range(4):
            client_id = make_client(consultant, f"Client {number}")
            scores = every(keys, 1.0 + number * 0.5, **{keys[0]: None if number == 0 else 2.0})
            add_round(client_id, "R1", date(2025, 1, 1), [("board", scores)])
        box_plot_check(logged_in.get("/portfolio").get_data(as_text=True), clients, keys, questionnaire)


def box_plot_check(html: str, clients: int, keys: list[str], questionnaire: Questionnaire) -> None:
    distribution = table(html, "distribution")
    # The first topic never has five scores (client 0 has none): it is never drawn.
    assert row(distribution, questionnaire.dimension(keys[0]).name("en")) == [
        str(clients - 1),
        "Too few clients to show",
    ]
    second = row(distribution, questionnaire.dimension(keys[1]).name("en"))
    if clients < 5:
        assert "boxes-figure" not in html
        assert second == ["4", "Too few clients to show"]
    else:
        boxes = figure(html, "boxes")["data"]
        assert [box["name"] for box in boxes] == [d.name("en") for d in questionnaire.dimensions[1:]]
        assert second == ["5", "1.0", "1.5", "2.0", "2.5", "3.0"]


def test_heatmap_has_a_row_per_client_with_a_result(logged_in: FlaskClient, portfolio: dict[str, int]) -> None:
    html = logged_in.get("/portfolio").get_data(as_text=True)
    heat = figure(html, "heatmap")["data"][0]
    assert heat["y"] == ["Alpha", "Bravo", "Charlie"]
    assert heat["z"][1][0] == 3.5
    assert row(table(html, "heat-table"), "Bravo")[0] == "3.5"


# Fixed query counts
