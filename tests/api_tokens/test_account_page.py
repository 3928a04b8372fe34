"""Tokens on the account page: made with a name, shown once, stored hashed, listed with their last use, revoked
after a confirmation; every bad name is refused with a message and stores nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import db
from roadmap.models import User
from roadmap.services import api_tokens
from tests.api_tokens.conftest import API, bearer
from tests.conftest import count_rows
from tests.web.conftest import EN, parse_html
from tests.workspace.conftest import login

PAGE = "/account/tokens"


def token_rows(app: Flask) -> list[dict[str, object]]:
    with app.app_context():
        return [dict(row._mapping) for row in db.session.execute(sa.text("SELECT * FROM api_tokens ORDER BY id"))]


def make_on_page(client: FlaskClient, name: str = "CRM link") -> str:
    response = client.post(PAGE, data={"name": name}, headers=EN)
    assert response.status_code == 200, response.get_data(as_text=True)
    secret = parse_html(response).by_id("token-secret").get("value")
    assert secret
    return secret


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(app: Flask, logged_in: FlaskClient) -> None:
    empty = parse_html(logged_in.get(PAGE, headers=EN))
    assert "You have no tokens yet." in empty.find("main").text
    secret = make_on_page(logged_in)
    assert secret.startswith("rmp_") and len(secret) == 47
    [row] = token_rows(app)
    assert row["name"] == "CRM link"
    assert row["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(secret in str(value) for value in row.values())
    again = logged_in.get(PAGE, headers=EN).get_data(as_text=True)
    assert secret not in again
    assert 'id="token-secret"' not in again
    listed = parse_html(again).find("table", class_="tokens")
    assert "CRM link" in listed.text and "never" in listed.text


def test_the_last_use_is_shown_once_the_token_is_used(app: Flask, logged_in: FlaskClient) -> None:
    secret = make_on_page(logged_in)
    assert app.test_client().get(f"{API}/clients", headers=bearer(secret)).status_code == 200
    [row] = token_rows(app)
    assert row["last_used_at"] is not None
    cells = parse_html(logged_in.get(PAGE, headers=EN)).find("table", class_="tokens").find("tbody").find_all("td")
    assert cells[1].text != "never"  # made, last used, state
    assert "never" not in cells[1].text


def test_revoking_asks_first_and_then_the_token_stops_working(app: Flask, logged_in: FlaskClient) -> None:
    secret = make_on_page(logged_in)
    [row] = token_rows(app)
    link = parse_html(logged_in.get(PAGE, headers=EN)).find("a", href=f"{PAGE}/revoke?token={row['id']}")
    assert "Revoke" in link.text
    confirm = logged_in.get(link.get("href") or "", headers=EN)
    assert confirm.status_code == 200
    assert "CRM link" in parse_html(confirm).find("h1").text
    api = app.test_client()
    assert api.get(f"{API}/clients", headers=bearer(secret)).status_code == 200  # asking changed nothing
    done = logged_in.post(f"{PAGE}/revoke?token={row['id']}", headers=EN)
    assert done.status_code == 302 and done.location.endswith(PAGE)
    assert api.get(f"{API}/clients", headers=bearer(secret)).status_code == 401
    page = parse_html(logged_in.get(PAGE, headers=EN))
    assert "has been revoked" in page.find("div", class_="notice").text
    assert "Revoked on" in page.find("table", class_="tokens").text
    assert not page.find_all("a", href=f"{PAGE}/revoke?token={row['id']}")
    assert token_rows(app)[0]["revoked_at"] is not None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the token a name"),
        ("   ", "Give the token a name"),
        ("x" * 101, "At most 100 characters."),
        ("CRM\x00link", "characters that cannot be stored"),
        ("CRM\u202elink", "reverses the text"),
    ],
    ids=["empty", "blank", "too long", "NUL", "direction control"],
)
def test_a_bad_name_is_refused_with_a_message_and_stores_nothing(
    app: Flask, logged_in: FlaskClient, name: str, message: str
) -> None:
    response = logged_in.post(PAGE, data={"name": name}, headers=EN)
    assert response.status_code == 400
    page = parse_html(response)
    assert message in page.find("div", class_="error-summary").text
    assert not page.find_all(id="token-secret")
    assert count_rows(app, "api_tokens") == 0


def test_at_most_twenty_tokens_in_use(app: Flask, logged_in: FlaskClient) -> None:
    for number in range(api_tokens.MAX_ACTIVE):
        make_on_page(logged_in, f"token {number}")
    response = logged_in.post(PAGE, data={"name": "one more"}, headers=EN)
    assert response.status_code == 400
    assert "revoke one first" in parse_html(response).find("div", class_="error-summary").text
    assert count_rows(app, "api_tokens") == api_tokens.MAX_ACTIVE


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999", "9" * 50])
def test_revoking_a_token_that_is_not_yours_is_not_found(
    app: Flask,
    client: FlaskClient,
    consultant: User,
    make_user: Callable[..., User],
    make_token: Callable[..., str],
    value: str,
) -> None:
    make_token(consultant)
    [row] = token_rows(app)
    make_user("bob@example.org")
    login(client, "bob@example.org")
    for target in (value, str(row["id"])):
        assert client.get(f"{PAGE}/revoke?token={target}").status_code == 404
        assert client.post(f"{PAGE}/revoke?token={target}").status_code == 404
    assert token_rows(app)[0]["revoked_at"] is None


def test_the_token_pages_need_a_login(client: FlaskClient) -> None:
    for url in (PAGE, f"{PAGE}/revoke?token=1"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location


def test_the_page_is_in_dutch(logged_in: FlaskClient) -> None:
    response = logged_in.post(PAGE, data={"name": "CRM-koppeling"}, headers={"Accept-Language": "nl"})
    page = parse_html(response)
    assert page.find("h1").text == "API-tokens"
    assert "alleen deze ene keer" in page.by_id("new-token").text
    assert "Laatst gebruikt" in page.find("table", class_="tokens").text
