"""The firm's brand page and a client's logo page: a refused logo or colour is named on the page, stores nothing
and keeps what was typed; the role table of /firm/brand (every role, another firm, logged out)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage
from werkzeug.test import TestResponse, stream_encode_multipart

from roadmap.db import session
from roadmap.domain.brand import LOGO_MAX_BYTES
from roadmap.models import Client, Firm, User
from tests.brand.conftest import GOOD_SVG, png, svg
from tests.conftest import empty_database, make_app
from tests.workspace.conftest import PASSWORD, login


def firm_of(app: Flask, user: User) -> Firm:
    with app.app_context():
        found = session().get(User, user.id)
        assert found is not None and found.firm is not None
        firm = found.firm
        _ = firm.logo  # deferred: read it while the session is open
        session().expunge(firm)
        return firm


def multipart(client: FlaskClient, url: str, data: dict[str, object]) -> TestResponse:
    """A multipart POST encoded in memory (the test client would spool a large body to a file it never closes)."""
    stream, length, boundary = stream_encode_multipart(data, use_tempfile=False)
    return client.post(
        url, input_stream=stream, content_length=length, content_type=f"multipart/form-data; boundary={boundary}"
    )


def post_brand(
    client: FlaskClient, name: str, accent: str, logo: bytes | None = None, filename: str = "logo.png"
) -> TestResponse:
    data: dict[str, object] = {"name": name, "accent": accent}
    if logo is not None:
        data["logo"] = FileStorage(io.BytesIO(logo), filename)
    return multipart(client, "/firm/brand", data)


REFUSALS = {
    "too big": (png() + b"\0" * LOGO_MAX_BYTES, "logo.png", "it can be at most 1 MB"),
    "a PNG that lies": (b"GIF89a" + b"\0" * 50, "logo.png", "not a PNG or SVG image"),
    "SVG with a script": (svg("<script>alert(1)</script>"), "logo.svg", "contains &lt;script&gt;"),
    "SVG with onload": (svg("<rect onload='x()'/>"), "logo.svg", "event attribute (onload)"),
    "SVG with an external href": (
        svg('<image href="https://evil.example/a.png"/>'),
        "logo.svg",
        "https://evil.example",
    ),
    "SVG with foreignObject": (svg("<foreignObject/>"), "logo.svg", "&lt;foreignObject&gt;"),
    "SVG with an external entity": (
        b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + svg("<text>&x;</text>"),
        "logo.svg",
        "document type or entities",
    ),
    "SVG with style url()": (svg('<rect style="fill:url(https://evil.example/a)"/>'), "logo.svg", "url(https://evil"),
}


@pytest.mark.parametrize("name", REFUSALS)
def test_a_refused_logo_is_named_stores_nothing_and_keeps_what_was_typed(
    app: Flask, logged_in: FlaskClient, consultant: User, name: str
) -> None:
    logo, filename, message = REFUSALS[name]
    response = post_brand(logged_in, "Typed Firm", "#0b4f6c", logo, filename)
    assert response.status_code == 400
    assert message in response.text
    assert 'value="Typed Firm"' in response.text and 'value="#0b4f6c"' in response.text
    firm = firm_of(app, consultant)
    assert (firm.name, firm.accent, firm.logo, firm.logo_type) == ("Social Inc.", None, None, None)


def test_the_refusals_are_in_dutch_too(app: Flask, logged_in: FlaskClient, consultant: User) -> None:
    logged_in.post("/language", data={"language": "nl", "next": "/firm/brand"})
    response = post_brand(logged_in, "Typed Firm", "#ffff00", svg("<script/>"), "logo.svg")
    assert response.status_code == 400
    assert "contrast van 1,07:1" in response.text and "minstens 4,5:1" in response.text


@pytest.mark.parametrize(("accent", "shown"), [("#ffff00", "1.07:1"), ("#777777", "4.47:1")])
def test_an_accent_below_aa_is_refused_with_its_ratio(
    app: Flask, logged_in: FlaskClient, consultant: User, accent: str, shown: str
) -> None:
    response = post_brand(logged_in, "Typed Firm", accent)
    assert response.status_code == 400
    assert shown in response.text and "4.5:1" in response.text
    assert firm_of(app, consultant).accent is None


def test_a_good_brand_is_saved_shown_and_its_logo_removed(app: Flask, logged_in: FlaskClient, consultant: User) -> None:
    response = post_brand(logged_in, "Noord Advies", " #767676 ", png(), "whatever.bin")
    assert response.status_code == 302
    firm = firm_of(app, consultant)
    assert (firm.name, firm.accent, firm.logo_type) == ("Noord Advies", "#767676", "image/png")
    page = logged_in.get("/firm/brand").text
    assert 'src="data:image/png;base64,' in page and "Noord Advies" in page and "Remove the logo" in page
    # Saving without a file keeps the logo; an SVG by content replaces it.
    assert post_brand(logged_in, "Noord Advies", "").status_code == 302
    assert firm_of(app, consultant).logo_type == "image/png" and firm_of(app, consultant).accent is None
    assert post_brand(logged_in, "Noord Advies", "", GOOD_SVG, "logo.png").status_code == 302
    assert firm_of(app, consultant).logo_type == "image/svg+xml"
    assert logged_in.post("/firm/brand", data={"action": "remove-logo"}).status_code == 302
    firm = firm_of(app, consultant)
    assert (firm.name, firm.logo, firm.logo_type) == ("Noord Advies", None, None)


def test_a_request_over_the_upload_limit_says_why(app: Flask, logged_in: FlaskClient, consultant: User) -> None:
    response = post_brand(logged_in, "Typed Firm", "#0b4f6c", b"\0" * (3 * LOGO_MAX_BYTES))
    assert response.status_code == 413
    assert "larger than 1 MB" in response.text
    assert firm_of(app, consultant).name == "Social Inc."


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("partner", 403),
        ("consultant", 403),
        ("viewer", 403),
        ("admin of another firm", 200),
        ("site admin, not a firm admin", 403),
        ("logged out", 302),
    ],
)
def test_the_brand_page_is_for_the_firms_admins(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], who: str, status: int
) -> None:
    boss = make_user("boss@example.org", firm="Social Inc.")
    roles = {"partner": "partner", "consultant": "consultant", "viewer": "viewer"}
    if who in roles:
        make_user(f"{who}@example.org", colleague_of=boss, firm_role=roles[who])
        login(client, f"{who}@example.org")
    elif who == "admin of another firm":
        make_user("elsewhere@example.org", firm="Elsewhere")
        login(client, "elsewhere@example.org")
    elif who == "site admin, not a firm admin":
        make_user("site@example.org", role="admin", colleague_of=boss, firm_role="consultant")
        login(client, "site@example.org")
    elif who == "admin":
        login(client, "boss@example.org")
    get = client.get("/firm/brand")
    post = post_brand(client, "Changed", "#000000")
    assert get.status_code == status
    assert post.status_code == (302 if status == 200 else status)
    if status == 302:
        assert get.location.startswith("/login")
    if who == "admin of another firm":
        assert 'value="Elsewhere"' in get.text and 'value="Social Inc."' not in get.text
    assert firm_of(app, boss).name == ("Changed" if who == "admin" else "Social Inc.")
    assert ('href="/firm/brand"' in get.text) == (status == 200)


def test_the_brand_link_is_in_the_header_for_firm_admins_only(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    boss = make_user("boss@example.org")
    make_user("partner@example.org", colleague_of=boss, firm_role="partner")
    login(client, "boss@example.org")
    assert 'href="/firm/brand"' in client.get("/portfolio").text
    client.post("/logout")
    login(client, "partner@example.org")
    assert 'href="/firm/brand"' not in client.get("/portfolio").text


def client_logo(app: Flask, client_id: int) -> tuple[bytes | None, str | None]:
    with app.app_context():
        found = session().get(Client, client_id)
        assert found is not None
        return found.logo, found.logo_type


def test_a_clients_own_logo_is_saved_refused_and_removed(
    app: Flask, logged_in: FlaskClient, consultant: User, make_client: Callable[..., int]
) -> None:
    client_id = make_client(consultant, "Acme Ltd")
    url = f"/clients/{client_id}/logo"
    assert "No logo" in logged_in.get(url).text
    refused = logged_in.post(url, data={"logo": (io.BytesIO(svg("<script/>")), "a.svg")})
    assert refused.status_code == 400 and "&lt;script&gt;" in refused.text
    assert client_logo(app, client_id) == (None, None)
    assert logged_in.post(url, data={"logo": (io.BytesIO(png()), "a.png")}).status_code == 302
    assert client_logo(app, client_id)[1] == "image/png"
    assert "Remove the client" in logged_in.get(url).text
    assert logged_in.post(url, data={"action": "remove-logo"}).status_code == 302
    assert client_logo(app, client_id) == (None, None)


def test_a_viewer_sees_the_clients_logo_page_without_the_form(
    app: Flask, client: FlaskClient, make_user: Callable[..., User], make_client: Callable[..., int]
) -> None:
    boss = make_user("boss@example.org")
    viewer = make_user("viewer@example.org", colleague_of=boss, firm_role="viewer")
    client_id = make_client(boss, "Acme Ltd")
    with app.app_context():
        from roadmap.models import ClientMember

        session().add(ClientMember(client_id=client_id, user_id=viewer.id))
        session().commit()
    login(client, "viewer@example.org")
    page = client.get(f"/clients/{client_id}/logo")
    assert page.status_code == 200 and 'type="file"' not in page.text
    assert client.post(f"/clients/{client_id}/logo", data={"logo": (io.BytesIO(png()), "a.png")}).status_code == 403
    assert client_logo(app, client_id) == (None, None)


@pytest.fixture
def csrf_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """With CSRF on, as in production: its check reads the body before any view or login rule."""
    with empty_database(make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)) as app:
        yield app


def test_an_oversized_request_from_anyone_else_is_a_plain_413(csrf_app: Flask) -> None:
    from roadmap.services import accounts, clients

    with csrf_app.app_context():
        owner = accounts.create_user(session(), "anna@example.org", PASSWORD, "consultant", firm="Social Inc.")
        accounts.create_user(session(), "elsewhere@example.org", PASSWORD, "consultant")
        client_id = clients.save_client(session(), owner, "Acme Ltd", None, None, {}, []).id
    client = csrf_app.test_client()

    def big() -> dict[str, object]:
        return {"logo": FileStorage(io.BytesIO(b"\0" * (3 * LOGO_MAX_BYTES)), "a.png")}

    for url in ("/firm/brand", f"/clients/{client_id}/logo"):  # logged out: no form, no 500
        answer = multipart(client, url, big())
        assert answer.status_code == 413, answer.text[-1500:]
    for email, shown in (("elsewhere@example.org", False), ("anna@example.org", True)):
        with csrf_app.test_request_context():
            client.get("/login")
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text)
        assert token is not None
        client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)})
        response = multipart(client, f"/clients/{client_id}/logo", big())
        assert response.status_code == 413
        # Another firm's client shows nothing of it; its own firm gets the form with the reason.
        assert ("Acme Ltd" in response.text) == shown and ("larger than 1 MB" in response.text) == shown
        client.post("/logout", data={"csrf_token": token.group(1)})
    assert client_logo(csrf_app, client_id) == (None, None)
