"""What the consultant sees of a round and a client: spread, department heatmap, trend, changes, targets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from roadmap.web.workspace.portfolio_view import NO_VALUE
from tests.workspace.pages import every, figure, row, table


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
