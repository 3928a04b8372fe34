"""What the consultant sees: round result spread and heatmap, client trend, changes and targets, the portfolio."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, format_decimal

from benchmarks.portfolio import counted_statements, load_portfolio
from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Assessment, Client, Invitation, Round, User
from roadmap.services.assessments import token_hash
from roadmap.web.formatting import score_formatter
from roadmap.web.portfolio_view import NO_VALUE
from tests.workspace.conftest import login

Scores = dict[str, float | None]


@pytest.fixture
def keys(questionnaire: Questionnaire) -> list[str]:
    return [d.key for d in questionnaire.dimensions]


@pytest.fixture
def add_round(app: Flask, make_round: Callable[..., int]) -> Callable[..., int]:
    """A round whose respondents submitted these scores: [(department, {dimension: score})]."""
    made = iter(range(1, 10_000))

    def add(client_id: int, name: str, held_on: date, respondents: list[tuple[str, Scores]]) -> int:
        round_id = make_round(client_id, name, held_on)
        with app.app_context():
            round_ = session().get(Round, round_id)
            assert round_ is not None
            for department, scores in respondents:
                assessment = Assessment(
                    token_hash=token_hash(f"{round_id}-{next(made)}"),
                    questionnaire_version_id=round_.questionnaire_version_id,
                    organisation_name="x",
                    department=department,
                    submitted_at=datetime.now(UTC),
                    submitted_scores=scores,
                )
                session().add(Invitation(round=round_, department=department, link_nonce="n", assessment=assessment))
            session().commit()
        return round_id

    return add


def every(keys: list[str], score: float | None, **overrides: float | None) -> Scores:
    return {key: overrides.get(key, score) for key in keys}


def figure(html: str, name: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{name}-figure">(.*?)</script>', html, re.S)
    assert found, f"no {name} figure"
    return json.loads(found.group(1))


def table(html: str, css_class: str) -> str:
    found = re.search(rf'<table class="[^"]*\b{css_class}\b[^"]*">(.*?)</table>', html, re.S)
    assert found, f"no table {css_class}"
    return found.group(1)


def row(html: str, header: str) -> list[str]:
    """The cells of the table row whose row header is `header`, as text."""
    found = re.search(rf'<th scope="row">(?:<a [^>]*>)?{re.escape(header)}(?:</a>)?.*?</th>(.*?)</tr>', html, re.S)
    assert found, f"no row {header}"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]


# Round result


def test_round_result_shows_spread_not_aligned_and_department_heatmap(
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    keys: list[str],
    questionnaire: Questionnaire,
) -> None:
    client_id = make_client(consultant)
    first, second = keys[0], keys[1]
    round_id = add_round(
        client_id,
        "Baseline",
        date(2026, 3, 1),
        [
            ("marketing", every(keys, 2.0, **{first: 1.0})),
            ("marketing", every(keys, 2.5, **{first: 3.0})),
            ("it", every(keys, 3.0, **{first: 2.0, second: None})),
        ],
    )
    html = logged_in.get(f"/rounds/{round_id}/result").get_data(as_text=True)
    assert "3 respondents" in html
    spread = figure(html, "spread")
    bars, means = spread["data"]
    name = questionnaire.dimension(first).name("en")
    index = bars["y"].index(name)
    assert (bars["base"][index], bars["x"][index]) == (1.0, 2.0)  # from 1 to 3
    assert means["x"][index] == pytest.approx(2.0)
    assert (
        bars["marker"]["color"][index]
        != bars["marker"]["color"][bars["y"].index(questionnaire.dimension(second).name("en"))]
    )
    assert "is-not-aligned" in table(html, "spread-table")
    heat = figure(html, "heatmap")["data"][0]
    assert heat["y"] == ["IT", "Marketing and communications"]  # departments in key order
    it_row = heat["z"][0]
    assert it_row[keys.index(second)] is None  # nobody in IT scored it: a blank cell
    assert it_row[keys.index(first)] == 2.0
    assert row(table(html, "departments"), "IT")[:2] == ["1", "2.0"]  # the heatmap's table alternative
    figure(html, "radar")  # the single result page's radar chart, reused
    assert "Score and phase per topic" in html  # and its table of scores per topic


def test_round_without_result_draws_no_charts(
    logged_in: FlaskClient, consultant: User, make_client: Callable[..., int], make_round: Callable[..., int]
) -> None:
    round_id = make_round(make_client(consultant))
    html = logged_in.get(f"/rounds/{round_id}/result").get_data(as_text=True)
    assert "No result yet" in html
    assert "-figure" not in html


# Client page


def test_client_page_trend_changes_and_targets(
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    keys: list[str],
    questionnaire: Questionnaire,
) -> None:
    first, second, third = keys[:3]
    client_id = make_client(consultant, targets={first: 3, second: 2})
    add_round(client_id, "Spring", date(2025, 3, 1), [("board", every(keys, 2.0))])
    add_round(client_id, "Empty", date(2025, 6, 1), [])  # no result: left out of trend and changes
    add_round(
        client_id, "Autumn", date(2025, 9, 1), [("board", every(keys, 2.0, **{first: 3.5, second: 1.5, third: None}))]
    )
    html = logged_in.get(f"/clients/{client_id}").get_data(as_text=True)

    rounds = table(html, "rounds")
    assert rounds.index("Autumn") < rounds.index("Empty") < rounds.index("Spring")  # latest first
    assert row(rounds, "Empty")[-2:] == ["No result yet", "Open"]

    trend = figure(html, "trend")
    assert trend["data"][0]["x"] == ["Spring (2025-03-01)", "Autumn (2025-09-01)"]
    assert trend["data"][0]["y"] == [2.0, 3.5]
    assert trend["data"][2]["y"] == [2.0, None]

    changes = table(html, "changes")
    assert row(changes, questionnaire.dimension(first).name("en")) == ["2.0", "3.5", "▲ up 1.5"]
    assert row(changes, questionnaire.dimension(second).name("en")) == ["2.0", "1.5", "▼ down 0.5"]
    assert row(changes, questionnaire.dimension(third).name("en")) == ["2.0", NO_VALUE, "not comparable"]
    assert row(changes, questionnaire.dimension(keys[3]).name("en"))[-1] == "no change"

    targets = table(html, "targets")
    reached = row(targets, questionnaire.dimension(first).name("en"))
    assert reached[0].startswith("3.") and reached[1] == "3.5" and reached[-1] == "Reached"
    assert row(targets, questionnaire.dimension(second).name("en"))[-1] == "1 phase to go"
    markers = figure(html, "targets")["data"]
    assert markers[0]["x"] == [3.5, 1.5] and markers[1]["x"] == [3, 2]


def test_client_page_with_one_round_has_no_changes_table(
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    keys: list[str],
) -> None:
    client_id = make_client(consultant)
    add_round(client_id, "Spring", date(2025, 3, 1), [("board", every(keys, 2.0))])
    html = logged_in.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "trend-figure" in html
    assert "What changed" not in html
    assert "targets-figure" not in html


# Portfolio


@pytest.fixture
def portfolio(
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    keys: list[str],
) -> dict[str, int]:
    """Four clients: three with a result (scores 1.5, 3.5, 2.5), one without any round."""
    ids = {}
    for name, sector, size, score in (
        ("Alpha", "government", "1-9", 1.5),
        ("Bravo", "education", "10-49", 3.5),
        ("Charlie", "government", "10-49", 2.5),
    ):
        ids[name] = make_client(consultant, name, sector=sector, size_band=size)
        add_round(ids[name], "R1", date(2025, 1, 1), [("board", every(keys, 1.0))])
        add_round(ids[name], "R2", date(2025, 5, 1), [("board", every(keys, score)), ("it", every(keys, score))])
    ids["Delta"] = make_client(consultant, "Delta", sector="education")
    return ids


def names_in_table(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/clients/\d+">([^<]+)</a></th>', table(html, "portfolio"))


def test_portfolio_shows_current_figures_from_latest_round_with_result(
    logged_in: FlaskClient, portfolio: dict[str, int]
) -> None:
    html = logged_in.get("/portfolio").get_data(as_text=True)
    assert names_in_table(html) == ["Alpha", "Bravo", "Charlie", "Delta"]
    bravo = row(table(html, "portfolio"), "Bravo")
    assert bravo[:2] == ["Education", "10 to 49 people"]
    assert bravo[2].endswith(("Engagement", "Social Business"))
    assert bravo[3:] == ["3.5", "May 1, 2025", "2"]
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


@pytest.fixture
def count_get(app: Flask, logged_in: FlaskClient) -> Callable[[str], int]:
    def count(url: str) -> int:
        with counted_statements(app) as statements:
            assert logged_in.get(url).status_code == 200
        return len(statements)

    return count


def bulk(app: Flask, consultant: User, clients: int, rounds: int = 3) -> list[int]:
    with app.app_context():
        user = session().get(User, consultant.id)
        assert user is not None
        return load_portfolio(session(), app.extensions["questionnaires"], user, clients, rounds, respondents=3)


def test_portfolio_query_count_does_not_grow_with_clients(
    app: Flask, consultant: User, count_get: Callable[[str], int]
) -> None:
    bulk(app, consultant, 2)
    two = count_get("/portfolio")
    bulk(app, consultant, 4)
    six = count_get("/portfolio")  # the new rounds are not cached yet: their scores are loaded
    assert two == six
    assert count_get("/portfolio") <= six  # cached: at most the same


def test_client_page_query_count_does_not_grow_with_rounds(
    app: Flask, consultant: User, count_get: Callable[[str], int]
) -> None:
    one_round = bulk(app, consultant, 1, rounds=1)[0]
    three_rounds = bulk(app, consultant, 1, rounds=3)[0]
    assert count_get(f"/clients/{one_round}") == count_get(f"/clients/{three_rounds}")


def test_a_new_submission_is_not_hidden_by_the_cache(
    app: Flask,
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    keys: list[str],
) -> None:
    client_id = make_client(consultant, "Alpha")
    round_id = add_round(client_id, "R1", date(2025, 1, 1), [("board", every(keys, 1.0))])
    assert row(table(logged_in.get("/portfolio").get_data(as_text=True), "portfolio"), "Alpha")[3] == "1.0"
    with app.app_context():
        round_ = session().get(Round, round_id)
        assert round_ is not None
        session().add(
            Invitation(
                round=round_,
                department="it",
                link_nonce="n",
                assessment=Assessment(
                    token_hash=token_hash("later"),
                    questionnaire_version_id=round_.questionnaire_version_id,
                    organisation_name="x",
                    submitted_at=datetime.now(UTC),
                    submitted_scores=every(keys, 3.0),
                ),
            )
        )
        session().commit()
    assert row(table(logged_in.get("/portfolio").get_data(as_text=True), "portfolio"), "Alpha")[3] == "2.0"


def test_fast_score_format_is_babels(app: Flask) -> None:
    for language in ("en", "nl"):
        with app.test_request_context(), force_locale(language):
            for value in (
                1.0,
                1.05,
                1.15,
                2.25,
                2.35,
                2.45,
                3.999,
                3.95,
                1.2345,
                2.5,
                10 / 3,
                4.0,
                1.125,
                2.0500001,
                0.95,
                3,
                2.15,
            ):
                assert score_formatter()(value) == format_decimal(value, format="0.0"), (language, value)


def test_kept_portfolio_content_follows_changes_and_users(
    app: Flask, client: FlaskClient, portfolio: dict[str, int], make_user: Callable[..., User], keys: list[str]
) -> None:
    assert "Alpha" in client.get("/portfolio").get_data(as_text=True)
    with app.app_context():
        alpha = session().get(Client, portfolio["Alpha"])
        assert alpha is not None
        alpha.name = "Aardvark"
        session().commit()
    html = client.get("/portfolio").get_data(as_text=True)
    assert names_in_table(html)[0] == "Aardvark"
    other = make_user("ben@example.org")
    client.post("/logout")
    login(client, other.email)
    html = client.get("/portfolio").get_data(as_text=True)
    assert "Aardvark" not in html and "No clients yet" in html
