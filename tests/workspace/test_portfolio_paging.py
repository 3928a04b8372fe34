"""The portfolio at many clients: a search by name, pages of PAGE_SIZE clients with a pager, the query string kept
in every link, and the counts and distributions still over every matching client."""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable
from datetime import date

import pytest
from flask.testing import FlaskClient

from roadmap.models import User
from roadmap.web.workspace.portfolio_view import PAGE_SIZE
from tests.workspace.pages import every, figure, names_in_table, row, table


def search(client: FlaskClient, query: str) -> str:
    return client.get(f"/portfolio?{query}").get_data(as_text=True)


def test_search_finds_clients_by_part_of_their_name_ignoring_case(
    logged_in: FlaskClient, portfolio: dict[str, int]
) -> None:
    assert names_in_table(search(logged_in, "q=ARL")) == ["Charlie"]
    assert names_in_table(search(logged_in, "q=%20%20brav%20")) == ["Bravo"]  # spaces around are left out
    page = search(logged_in, "q=a&sector=government")
    assert names_in_table(page) == ["Alpha", "Charlie"]
    assert 'name="q" value="a"' in page
    assert "2 clients" in page and "Show every client" in page


def test_a_search_without_a_match_says_so(logged_in: FlaskClient, portfolio: dict[str, int]) -> None:
    page = search(logged_in, "q=Zulu")
    assert names_in_table(page) == []
    assert "No client\u2019s name contains “Zulu”." in html_module.unescape(page)
    assert "Only clients that match the filters" not in page
    filtered = html_module.unescape(search(logged_in, "q=Bravo&sector=government"))
    assert "No client\u2019s name contains “Bravo”. Only clients that match the filters are searched." in filtered
    assert "filter-errors" not in page  # no match is not a mistake


def test_a_search_in_dutch(logged_in: FlaskClient, portfolio: dict[str, int]) -> None:
    logged_in.post("/language", data={"language": "nl"})
    page = html_module.unescape(search(logged_in, "q=Zulu"))
    assert "Zoek op naam van de klant" in page
    assert "Geen klant heeft “Zulu” in de naam." in page


def test_a_search_longer_than_any_name_says_so_and_shows_everyone(
    logged_in: FlaskClient, portfolio: dict[str, int]
) -> None:
    page = html_module.unescape(search(logged_in, "q=" + "x" * 201))
    assert "A client's name has at most 200 characters" in page
    assert names_in_table(page) == ["Alpha", "Bravo", "Charlie", "Delta"]


@pytest.fixture
def many(
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    keys: list[str],
) -> dict[str, int]:
    """120 clients, "Client 001" to "Client 120"; the odd ones have a round with a result (score 1 to 4)."""
    ids = {}
    for number in range(1, 121):
        name = f"Client {number:03d}"
        ids[name] = make_client(consultant, name, sector="government" if number <= 100 else "education")
        if number % 2:
            add_round(ids[name], "R1", date(2026, 1, 1), [("board", every(keys, 1 + (number // 2) % 4))])
    return ids


def pager_links(page: str) -> list[tuple[str, str]]:
    """The pager's links: (href, text), the current page's text marked with a star."""
    nav = re.search(r'<nav class="pager" aria-label="Pages of clients">(.*?)</nav>', page, re.S)
    assert nav, "no pager"
    found = []
    for attributes, text in re.findall(r"<a ([^>]*)>(.*?)</a>", nav.group(1), re.S):
        href = html_module.unescape(re.search(r'href="([^"]*)"', attributes).group(1))  # type: ignore[union-attr]
        text = re.sub(r"<[^>]+>", "", text).strip()
        found.append((href, text + ("*" if 'aria-current="page"' in attributes else "")))
    return found


def test_the_table_comes_in_pages_with_a_pager(logged_in: FlaskClient, many: dict[str, int]) -> None:
    assert PAGE_SIZE == 50
    first = search(logged_in, "")
    assert names_in_table(first) == [f"Client {n:03d}" for n in range(1, 51)]
    assert "120 clients, 1 to 50 shown" in first
    assert [text for _, text in pager_links(first)] == ["Page 1*", "Page 2", "Page 3", "Next page"]
    assert ("/portfolio?page=2", "Next page") in pager_links(first)
    third = search(logged_in, "page=3")
    assert names_in_table(third) == [f"Client {n:03d}" for n in range(101, 121)]
    assert "120 clients, 101 to 120 shown" in third
    assert [text for _, text in pager_links(third)] == ["Previous page", "Page 1", "Page 2", "Page 3*"]
    assert 'rel="prev"' in third and 'rel="next"' not in third
    assert 'class="pager"' not in search(logged_in, "sector=education")  # 20 clients: one page, no pager


def test_links_keep_the_search_filters_and_sorting(logged_in: FlaskClient, many: dict[str, int]) -> None:
    page = search(logged_in, "q=client&sector=government&sort=name&dir=desc&page=2")
    assert names_in_table(page) == [f"Client {n:03d}" for n in range(50, 0, -1)]
    for href, _ in pager_links(page):
        assert "q=client" in href and "sector=government" in href and "sort=name" in href and "dir=desc" in href
    assert ("/portfolio?q=client&sector=government&sort=name&dir=desc", "Page 1") in pager_links(page)
    sort_links = [html_module.unescape(h) for h in re.findall(r'<th scope="col"[^>]*>\s*<a href="([^"]+)"', page)]
    assert sort_links and all("q=client" in h and "page=" not in h for h in sort_links)  # a new order starts at 1
    assert '<input type="hidden" name="page" value="2">' in page  # the compare form stays on this page
    assert 'name="q" value="client"' in page  # the filters form keeps the search


@pytest.mark.parametrize(
    ("query", "message", "shown"),
    [
        ("page=9", "There is no page 9: showing the last page, 3.", 101),
        ("page=0", "There is no page “0”: showing the first page.", 1),
        ("page=two", "There is no page “two”: showing the first page.", 1),
        ("page=%C2%B2", "There is no page “²”: showing the first page.", 1),
    ],
)
def test_a_page_that_does_not_exist_says_so(
    logged_in: FlaskClient, many: dict[str, int], query: str, message: str, shown: int
) -> None:
    response = logged_in.get(f"/portfolio?{query}")
    assert response.status_code == 200
    page = html_module.unescape(response.get_data(as_text=True))
    assert message in page and 'id="filter-errors"' in page
    assert names_in_table(page)[0] == f"Client {shown:03d}"


def test_figures_cover_every_matching_client_on_every_page(logged_in: FlaskClient, many: dict[str, int]) -> None:
    for query in ("", "page=2", "page=3"):
        page = search(logged_in, query)
        distribution = table(page, "distribution")
        assert row(distribution, "Strategy and goals")[0] == "60"  # the 60 clients with a result, on every page
        boxes = figure(page, "boxes")["data"][0]
        assert (boxes["lowerfence"], boxes["upperfence"]) == ([1.0], [4.0])  # all scores, from 1 to 4
    heat = figure(search(logged_in, "page=3"), "heatmap")["data"][0]
    assert heat["y"] == [f"Client {n:03d}" for n in range(101, 121, 2)]  # the page's clients with a result
    searched = table(search(logged_in, "q=client 11"), "distribution")  # 110 to 119: five odd ones
    assert row(searched, "Strategy and goals")[0] == "5"


def test_clients_chosen_on_another_page_stay_chosen(logged_in: FlaskClient, many: dict[str, int]) -> None:
    chosen = many["Client 001"], many["Client 101"]
    page = search(logged_in, f"compare={chosen[0]}&compare={chosen[1]}&page=3")
    assert f'<input type="hidden" name="compare" value="{chosen[0]}">' in page
    assert f'value="{chosen[1]}" id="compare-{chosen[1]}" checked' in page
    assert "1 client chosen on another page stays chosen." in page
    assert [trace["name"] for trace in figure(page, "radar")["data"]] == ["Client 001", "Client 101"]
