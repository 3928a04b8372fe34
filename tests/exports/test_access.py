"""Every export is behind login, and another consultant's ids answer 404, the same as ids that do not exist."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from roadmap.models import User
from tests.exports.conftest import ExportRound
from tests.workspace.conftest import login

ROUTES = [
    "/rounds/{round_id}/responses.csv",
    "/rounds/{round_id}/result.json",
    "/rounds/{round_id}/report.pdf",
    "/rounds/{round_id}/report.pdf?lang=nl",
    "/clients/{client_id}/scores.csv",
]


@pytest.mark.parametrize("route", [*ROUTES, "/portfolio/scores.csv"])
def test_logged_out_is_sent_to_login(client: FlaskClient, export_round: ExportRound, route: str) -> None:
    response = client.get(route.format(round_id=export_round.round_id, client_id=export_round.client_id))
    assert response.status_code == 302
    assert response.location.startswith("/login")


@pytest.mark.parametrize("route", ROUTES)
def test_another_consultant_gets_404(
    client: FlaskClient, export_round: ExportRound, make_user: Callable[..., User], route: str
) -> None:
    login(client, make_user("ben@example.org").email)
    url = route.format(round_id=export_round.round_id, client_id=export_round.client_id)
    assert client.get(url).status_code == 404
    missing = route.format(round_id=export_round.round_id + 1000, client_id=export_round.client_id + 1000)
    assert client.get(missing).status_code == 404


def test_another_consultants_portfolio_export_is_empty(
    client: FlaskClient, export_round: ExportRound, make_user: Callable[..., User]
) -> None:
    login(client, make_user("ben@example.org").email)
    response = client.get("/portfolio/scores.csv")
    assert response.status_code == 200
    assert response.data.count(b"\r\n") == 1  # the header only


@pytest.mark.parametrize("route", ROUTES[:2] + ROUTES[4:])
def test_an_admin_may_export_every_consultants_round(
    client: FlaskClient, export_round: ExportRound, make_user: Callable[..., User], route: str
) -> None:
    login(client, make_user("root@example.org", role="admin").email)
    url = route.format(round_id=export_round.round_id, client_id=export_round.client_id)
    assert client.get(url).status_code == 200
