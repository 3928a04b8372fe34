"""The brand where it shows: the PDF reports (cover and running header, read back with pdftotext), a new report
after any change of the brand (every cache key holds it), the client's own logo on its own reports, the welcome
page and the invitation e-mail; without a brand all of them are as they were."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from email.message import Message

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.brand import PNG, Brand
from roadmap.models import Client, Firm, Invitation, RoundReportCache, User
from roadmap.render import report_html
from roadmap.services import branding, mail, reports
from tests.brand.conftest import GOOD_SVG, png
from tests.conftest import all_answers
from tests.workspace.pages import every

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext missing: poppler-utils")


def set_brand(app: Flask, user: User, name: str | None, accent: str | None, logo: bytes | None = None) -> None:
    with app.app_context():
        found = session().get(User, user.id)
        assert found is not None and found.firm is not None
        branding.save_firm_brand(session(), found.firm, name, accent, logo)


def pages_text(pdf: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return [" ".join(page.split()) for page in text.decode().split("\f")]


def round_key(app: Flask, round_id: int, language: str) -> str:
    with app.app_context():
        key = session().scalar(sa.select(RoundReportCache.key).filter_by(round_id=round_id, language=language))
        assert key is not None
        return key


@pytest.fixture
def branded_round(
    app: Flask,
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    keys: list[str],
) -> tuple[int, int]:
    client_id = make_client(consultant, "Acme Ltd")
    round_id = add_round(
        client_id, "Baseline", date(2026, 1, 10), [("board", every(keys, 2.0)), ("hr", every(keys, 3.0))]
    )
    set_brand(app, consultant, "Noord Advies", "#0b4f6c", png())
    return client_id, round_id


@needs_pdftotext
@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_round_report_carries_the_brand_and_a_change_makes_a_new_one(
    app: Flask, logged_in: FlaskClient, consultant: User, branded_round: tuple[int, int], language: str
) -> None:
    client_id, round_id = branded_round
    url = f"/rounds/{round_id}/report.pdf?lang={language}"
    first = logged_in.get(url)
    assert first.status_code == 200
    pages = pages_text(first.data)
    assert "Noord Advies" in pages[0]  # the cover
    assert all("Noord Advies" in page for page in pages[1:] if page)  # the running header of every other page
    key = round_key(app, round_id, language)
    assert logged_in.get(url).data == first.data  # unchanged: from the cache
    set_brand(app, consultant, "Noord Advies", "#000000", png())
    second = logged_in.get(url)
    assert round_key(app, round_id, language) != key and second.data != first.data
    key = round_key(app, round_id, language)
    set_brand(app, consultant, "Zuid Advies", "#000000", png())
    assert "Zuid Advies" in pages_text(logged_in.get(url).data)[0]
    assert round_key(app, round_id, language) != key
    key = round_key(app, round_id, language)
    assert (
        logged_in.post(f"/clients/{client_id}/logo", data={"logo": (io.BytesIO(GOOD_SVG), "own.svg")}).status_code
        == 302
    )
    logged_in.get(url)
    assert round_key(app, round_id, language) != key  # the client's own logo: a new report


def test_the_client_report_key_holds_the_brand(app: Flask, consultant: User, branded_round: tuple[int, int]) -> None:
    from roadmap.services import client_reports, portfolio

    client_id, _round_id = branded_round
    with app.app_context():
        client = session().get(Client, client_id)
        assert client is not None
        before = client_reports.client_cache_key(portfolio.client_figures(session(), client), "en", False)
        branding.save_client_logo(session(), client, png(colour="#000000"))
        after = client_reports.client_cache_key(portfolio.client_figures(session(), client), "en", False)
    assert before != after


def test_the_clients_own_logo_replaces_the_firms_on_its_reports(
    app: Flask, consultant: User, branded_round: tuple[int, int]
) -> None:
    client_id, _round_id = branded_round
    with app.app_context():
        client = session().get(Client, client_id)
        assert client is not None
        firm_logo = branding.client_brand(client).logo_uri  # type: ignore[union-attr]
        branding.save_client_logo(session(), client, GOOD_SVG)
        brand = branding.client_brand(client)
    assert brand is not None and brand.logo_type == "image/svg+xml"
    assert (brand.name, brand.accent) == ("Noord Advies", "#0b4f6c")  # the firm's name and colour stay
    assert brand.logo_uri != firm_logo


def test_an_invited_respondents_report_key_holds_the_brand_and_others_keep_theirs(
    app: Flask,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    make_assessment: Callable[..., str],
    questionnaire: object,
) -> None:
    round_id = make_round(make_client(consultant, "Acme Ltd"))
    invitation_id, token = invite(round_id, "hr", "Mila")
    respond(token, all_answers(questionnaire))  # type: ignore[arg-type]
    own_token = make_assessment("On my own", answers=all_answers(questionnaire))  # type: ignore[arg-type]
    with app.app_context():
        from roadmap.services import assessments

        invited = session().get(Invitation, invitation_id).assessment  # type: ignore[union-attr]
        alone = assessments.find(session(), own_token)
        assert alone is not None
        unbranded = reports.cache_key(alone, False)
        # No brand: the key is as it always was, the layout and the plan's fingerprint.
        assert len(unbranded[2]) <= 64 and unbranded[2].count("-") == 2
        before = reports.cache_key(invited, False)
        branding.save_firm_brand(session(), invited.invitation.round.client.firm, "Noord Advies", "#0b4f6c", png())
        after = reports.cache_key(invited, False)
        assert reports.cache_key(alone, False) == unbranded
    assert before != after and len(after[2]) == len(before[2]) <= 64


def test_the_report_html_without_a_brand_is_as_before(
    app: Flask, consultant: User, branded_round: tuple[int, int]
) -> None:
    _client_id, round_id = branded_round
    with app.app_context(), app.test_request_context():
        from roadmap.models import Round

        round_ = session().get(Round, round_id)
        assert round_ is not None
        disclosure = reports.round_disclosure(session(), round_)
        questionnaire = reports.questionnaire_of_round(round_)

        def page(brand: Brand | None) -> str:
            return report_html.round_report_html(
                questionnaire, disclosure.view, "en", False, {}, organisation="Acme Ltd",
                assessed_on=round_.held_on, round_=round_, consultant=round_.client.consultant,
                disclosure=disclosure, brand=brand,
            )  # fmt: skip

        plain, branded = page(None), page(branding.client_brand(round_.client))
    assert "running-brand" not in plain and "cover-brand" not in plain and "data:image" not in plain
    assert 'class="running-brand"' in branded and 'class="cover-brand"' in branded
    assert "data:image/png;base64," in branded and "#0b4f6c" in branded


@pytest.mark.parametrize(
    ("language", "start"), [("en", "Start the questionnaire"), ("nl", "Aan de vragenlijst beginnen")]
)
def test_the_welcome_page_shows_the_firms_brand(
    app: Flask,
    client: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    language: str,
    start: str,
) -> None:
    round_id = make_round(make_client(consultant, "Acme Ltd"))
    _invitation_id, token = invite(round_id, "hr", "Mila")
    client.post("/language", data={"language": language, "next": "/"})
    set_brand(app, consultant, None, None)
    plain = client.get(f"/a/{token}/welcome").text
    assert "firm-brand" not in plain and start in plain
    set_brand(app, consultant, "Noord Advies", "#0b4f6c", png())
    page = client.get(f"/a/{token}/welcome").text
    assert 'class="firm-brand"' in page and "Noord Advies" in page
    assert 'src="data:image/png;base64,' in page and "--brand: #0b4f6c" in page


def compose(app: Flask, invitation_id: int) -> tuple[mail.EmailMultiAlternatives, Message]:
    """The invitation e-mail, and the message as it is sent."""
    with app.app_context():
        invitation = session().get(Invitation, invitation_id)
        assert invitation is not None
        composed = mail.compose(invitation, "invitation", mail.Links("http://x/a/t", "http://x/stop"), 10)
        return composed, composed.message()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_invitation_email_carries_the_brand(
    app: Flask,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    language: str,
) -> None:
    client_id = make_client(consultant, "Acme Ltd")
    with app.app_context():
        found = session().get(Client, client_id)
        assert found is not None
        found.language = language
        session().commit()
    invitation_id, _token = invite(make_round(client_id), "hr", "Mila")
    set_brand(app, consultant, None, None)
    plain, _sent = compose(app, invitation_id)
    assert plain.body.startswith(("Dear Mila", "Beste Mila")) and plain.mixed_subtype == "mixed"
    set_brand(app, consultant, "Noord Advies", "#0b4f6c", png())
    _composed, message = compose(app, invitation_id)
    html = next(part for part in message.walk() if part.get_content_type() == "text/html").get_payload(decode=True)
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain").get_payload(decode=True)
    image = next(part for part in message.walk() if part.get_content_type() == PNG)
    assert message.get_content_type() == "multipart/related"
    assert b"Noord Advies" in html and b'src="cid:firm-logo@roadmap"' in html and b"#0b4f6c" in html
    assert text.startswith(b"Noord Advies\n\n")
    assert image["Content-ID"] == "<firm-logo@roadmap>" and image.get_payload(decode=True) == png()
    # An SVG logo is not sent (few mail programs show it): the firm's name stands alone.
    set_brand(app, consultant, "Noord Advies", "#0b4f6c", GOOD_SVG)
    _composed, svg_message = compose(app, invitation_id)
    assert not any(part.get_content_maintype() == "image" for part in svg_message.walk())
    assert b"cid:" not in svg_message.as_bytes()


def test_a_firm_without_a_brand_has_none(app: Flask, make_user: Callable[..., User]) -> None:
    user = make_user("solo@example.org")
    with app.app_context():
        firm = session().get(User, user.id).firm  # type: ignore[union-attr]
        assert isinstance(firm, Firm) and branding.firm_brand(firm) is None
