"""/firm/log and its downloads: firm admins only, their firm's events only, filtered, paged, formula-safe files;
nothing edits or deletes an event."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.models import AuditEvent, User
from roadmap.services import audit
from tests.web.conftest import parse_html
from tests.workspace.conftest import login

PAGES = ("/firm/log", "/firm/log.csv", "/firm/log.xlsx")
# Role in the firm (None: a member of another firm) and whether the log opens.
ROLES = {"admin": 200, "partner": 403, "consultant": 403, "viewer": 403}


def add_events(app: Flask, user: User, count: int, **values: object) -> None:
    """`count` events of the user's firm, one a minute back from now (newest first as numbered)."""
    with app.app_context():
        found = session().get(User, user.id)
        assert found is not None and found.membership is not None
        now = datetime.now(UTC)
        for number in range(count):
            fields: dict[str, object] = {
                "firm_id": found.membership.firm_id,
                "actor_id": found.id,
                "actor": found.name or found.email,
                "action": "client_changed",
                "subject": f"client {number} Client {number}",
                "address": "192.0.2.1",
                "at": now - timedelta(minutes=number),
            }
            fields.update(values)
            session().add(AuditEvent(**fields))
        session().commit()


@pytest.fixture
def admin(make_user: Callable[..., User]) -> User:
    return make_user("boss@example.org", name="Boss")


@pytest.mark.parametrize("role", ROLES)
def test_the_log_and_its_downloads_are_for_firm_admins_only(
    app: Flask, client: FlaskClient, admin: User, make_user: Callable[..., User], role: str
) -> None:
    member = admin if role == "admin" else make_user(f"{role}@example.org", colleague_of=admin, firm_role=role)
    login(client, member.email)
    for page in PAGES:
        assert client.get(page).status_code == ROLES[role], (role, page)


def test_logged_out_is_sent_to_the_login_page(client: FlaskClient) -> None:
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302 and "/login" in response.location


def test_a_firm_admin_never_sees_another_firm_s_events(
    app: Flask, client: FlaskClient, admin: User, make_user: Callable[..., User]
) -> None:
    other = make_user("carla@example.org", name="Carla")  # the admin of a firm of her own
    add_events(app, admin, 2, subject="client 1 Ours")
    add_events(app, other, 3, subject="client 2 Theirs")
    login(client, other.email)
    page = client.get("/firm/log").get_data(as_text=True)
    assert "Theirs" in page and "Ours" not in page
    assert "Ours" not in client.get("/firm/log.csv").get_data(as_text=True)
    assert client.get(f"/firm/log?member={admin.id}").status_code in (200, 400)
    assert "Ours" not in client.get(f"/firm/log?member={admin.id}").get_data(as_text=True)


def test_the_header_links_to_the_log_for_firm_admins_only(
    client: FlaskClient, admin: User, make_user: Callable[..., User]
) -> None:
    login(client, admin.email)
    assert 'href="/firm/log"' in client.get("/").get_data(as_text=True)
    partner = make_user("partner@example.org", colleague_of=admin, firm_role="partner")
    other = client.application.test_client()
    login(other, partner.email)
    assert 'href="/firm/log"' not in other.get("/").get_data(as_text=True)


def test_the_log_is_newest_first_in_pages_of_50(app: Flask, client: FlaskClient, admin: User) -> None:
    add_events(app, admin, 60)
    login(client, admin.email)  # one more event: the sign-in
    rows = parse_html(client.get("/firm/log")).find("tbody").find_all("tr")
    assert len(rows) == 50
    assert rows[0].find_all("td")[2].get("data-action") == "sign_in"
    assert rows[1].find_all("td")[3].text == "client 0 Client 0"
    rows = parse_html(client.get("/firm/log?page=2")).find("tbody").find_all("tr")
    assert len(rows) == 11
    assert rows[-1].find_all("td")[3].text == "client 59 Client 59"


def test_filters_by_kind_member_dates_and_text(
    app: Flask, client: FlaskClient, admin: User, make_user: Callable[..., User]
) -> None:
    bo = make_user("bo@example.org", colleague_of=admin, firm_role="consultant", name="Bo")
    add_events(app, admin, 3)
    add_events(app, bo, 2, action="round_closed", subject="round 7 Spring (client 3 Acme 100%)")
    add_events(app, bo, 1, action="export", subject="portfolio", at=datetime(2026, 1, 15, 12, tzinfo=UTC))
    login(client, admin.email)

    def subjects(query: str) -> list[str]:
        response = client.get(f"/firm/log?{query}")
        assert response.status_code == 200, response.data
        page = parse_html(response)
        if not page.find_all("tbody"):
            return []
        return [row.find_all("td")[3].text for row in page.find("tbody").find_all("tr")]

    assert len(subjects("kind=round_closed")) == 2
    assert len(subjects(f"member={bo.id}")) == 3
    assert subjects("since=2026-01-15&until=2026-01-15") == ["portfolio"]
    assert subjects("until=2026-01-14") == []
    assert len(subjects("q=acme+100%25")) == 2  # % is a character, not a wildcard
    assert subjects("q=100_") == []
    assert len(subjects(f"kind=client_changed&member={admin.id}&q=Client+1")) == 1
    # The downloads carry the same filter.
    rows = list(csv.reader(io.StringIO(client.get("/firm/log.csv?kind=round_closed").get_data(as_text=True))))
    assert len(rows) == 3 and {row[2] for row in rows[1:]} == {"round_closed"}


@pytest.mark.parametrize(
    "query, message",
    [
        ("since=yesterday", "Enter the start date as a date"),
        ("until=2026-13-01", "Enter the end date as a date"),
        ("since=2026-02-01&until=2026-01-01", "The end date is before the start date."),
    ],
)
def test_a_bad_filter_is_refused_with_a_message_keeping_what_was_typed(
    client: FlaskClient, admin: User, query: str, message: str
) -> None:
    login(client, admin.email)
    response = client.get(f"/firm/log?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and query.split("=")[1].split("&")[0] in page
    assert client.get(f"/firm/log.csv?{query}").status_code == 400
    with client.session_transaction() as chosen:
        chosen["language"] = "nl"
    assert "Vul de" in client.get(f"/firm/log?{query}").get_data(as_text=True) or "einddatum ligt" in (
        client.get(f"/firm/log?{query}").get_data(as_text=True)
    )


def test_csv_and_xlsx_hold_the_events_formula_safe(app: Flask, client: FlaskClient, admin: User) -> None:
    add_events(app, admin, 1, subject='=HYPERLINK("http://evil")', actor="+Boss", detail={"file": "@x"})
    login(client, admin.email)
    response = client.get("/firm/log.csv?kind=client_changed")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    header, row = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert header == list(audit.EXPORT_COLUMNS)
    assert row[1:] == ["'+Boss", "client_changed", '\'=HYPERLINK("http://evil")', '{"file": "@x"}', "192.0.2.1"]
    assert datetime.fromisoformat(row[0]).tzinfo is not None
    book = openpyxl.load_workbook(io.BytesIO(client.get("/firm/log.xlsx?kind=client_changed").data))
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["When (UTC)", "Who", "What happened", "What", "Details", "Address"]
    values = sheet[2]
    assert values[2].value == "Client changed" and values[3].value == '=HYPERLINK("http://evil")'
    assert values[3].data_type == "s" and values[3].quotePrefix
    assert isinstance(values[0].value, datetime)


def test_downloading_the_log_is_recorded_and_nothing_edits_or_deletes_an_event(
    app: Flask, client: FlaskClient, admin: User
) -> None:
    add_events(app, admin, 1)
    login(client, admin.email)
    client.get("/firm/log.csv")
    with app.app_context():
        exported = session().query(AuditEvent).filter_by(action="export").one()
        assert exported.detail == {"file": "log.csv", "events": 2} and exported.subject == "audit log"
    for method in ("post", "put", "patch", "delete"):
        for page in ("/firm/log", "/firm/log/1", "/firm/log.csv"):
            assert getattr(client, method)(page).status_code in (400, 404, 405), (method, page)
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/firm/log")]
    assert {method for rule in rules for method in rule.methods or ()} <= {"GET", "HEAD", "OPTIONS"}


def test_the_page_speaks_dutch(app: Flask, client: FlaskClient, admin: User) -> None:
    add_events(app, admin, 1, at=datetime(2026, 3, 5, 9, 30, tzinfo=UTC))
    login(client, admin.email)
    with client.session_transaction() as chosen:
        chosen["language"] = "nl"
    page = client.get("/firm/log").get_data(as_text=True)
    assert "Auditlog" in page and "Klant gewijzigd" in page and "05-03-2026" in page
