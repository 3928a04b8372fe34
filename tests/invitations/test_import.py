"""Inviting many respondents: each bad line named by line and field in a preview; nothing stored before confirming."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook

from roadmap.db import session
from roadmap.models import Invitation
from roadmap.services.invitation_import import check, rows_of
from roadmap.web.invitation_forms import department_names
from tests.conftest import count_rows
from tests.invitations.conftest import Handler, import_lines

GOOD = "Mila Jansen, mila@example.org, it"


def preview(client: FlaskClient, round_id: int, text: str = "", **data: object) -> tuple[int, str]:
    response = client.post(
        f"/rounds/{round_id}/invitations/import", data={"respondents": text, "action": "preview", **data}
    )
    return response.status_code, response.get_data(as_text=True)


def problems(html: str) -> list[str]:
    """The error summary's lines."""
    summary = html.split('id="error-summary-title"', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", summary, re.S)]


BAD_LINES = [
    ("Mila, mila@, it", "Line 1, e-mail address: mila@ is not a valid e-mail address."),
    ("Mila, , it", "Line 1, e-mail address: Give the e-mail address."),
    ("Mila, mila@example.org, finance", "Line 1, department: Unknown department finance; use one of: board, hr, it,"),
    ("Mila, mila@example.org, ", "Line 1, department: Give the department, one of: board,"),
    ("Mila, mila@example.org, it, fr", "Line 1, language: Unknown language fr; use en or nl, or leave it empty."),
    (
        "Mila, mila@example.org",
        "Line 1, line: Expected name, e-mail, department and optionally language. Found 2 fields.",
    ),
    ("a, b@example.org, it, en, x", "Line 1, line: Expected name, e-mail, department and optionally language. Found 5"),
    ("M" * 201 + ", mila@example.org, it", "Line 1, name: The name can be at most 200 characters."),
    ("Mila, " + "m" * 250 + "@example.org, it", "Line 1, e-mail address: The e-mail address can be at most 254"),
    ("Mi\x00la, mila@example.org, it", "Line 1, name: This text contains characters that cannot be stored."),
    ("Mila, mila@example.org, i\x1bt", "Line 1, department: This text contains characters that cannot be stored."),
]


@pytest.mark.parametrize(("line", "expected"), BAD_LINES)
def test_each_kind_of_bad_line_is_named_by_line_and_field(
    app: Flask, logged_in: FlaskClient, open_round: int, line: str, expected: str
) -> None:
    status, html = preview(logged_in, open_round, f"{line}\n")
    assert status == 400
    (problem,) = problems(html)
    assert problem.startswith(expected.replace("'", "&#39;")), problem
    assert 'name="action" value="confirm"' not in html, "no way to confirm a list with problems"
    assert count_rows(app, "invitations") == 0


def test_every_problem_of_every_line_is_listed_and_the_text_is_kept(
    app: Flask, logged_in: FlaskClient, open_round: int
) -> None:
    text = "\n".join(
        [GOOD, "Joe, joe@example, legal", "Ann, MILA@example.org, hr", "", "Ben, ben@example.org, marketing, de"]
    )
    status, html = preview(logged_in, open_round, text)
    assert status == 400
    assert problems(html) == [
        "Line 2, e-mail address: joe@example is not a valid e-mail address.",
        "Line 3, e-mail address: This address is also on line 1.",
        "Line 5, language: Unknown language de; use en or nl, or leave it empty.",
    ]
    assert "Nothing has been stored: 3 problems must be put right first." in html
    assert "Ann, MILA@example.org, hr" in html, "the pasted text is shown again, to put right"
    assert count_rows(app, "invitations") == 0


def test_an_address_already_invited_to_the_round(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    assert import_lines(logged_in, open_round, GOOD).status_code == 302
    status, html = preview(logged_in, open_round, "Mila J., Mila@Example.org, hr")
    assert status == 400
    assert problems(html) == ["Line 1, e-mail address: This address has already been invited to this round."]
    assert count_rows(app, "invitations") == 1


def test_an_empty_list(logged_in: FlaskClient, open_round: int) -> None:
    for text in ("", "\n  \n", "name, e-mail, department\n"):
        status, html = preview(logged_in, open_round, text)
        assert status == 400
        assert problems(html) == ["There are no lines with respondents."]


def test_nothing_is_stored_until_confirmed(app: Flask, logged_in: FlaskClient, open_round: int) -> None:
    status, html = preview(logged_in, open_round, GOOD)
    assert status == 200
    assert "1 respondent, all lines are correct. Nothing is stored until you confirm." in html
    assert "mila@example.org" in html and 'name="action" value="confirm"' in html
    assert count_rows(app, "invitations") == 0


def test_a_list_changed_after_its_preview_is_checked_and_shown_again(
    app: Flask, logged_in: FlaskClient, open_round: int
) -> None:
    _status, html = preview(logged_in, open_round, GOOD)
    previewed = re.search(r'name="previewed" value="([0-9a-f]+)"', html)
    assert previewed
    changed = {"respondents": GOOD + "\nJoe, joe@example.org, hr", "action": "confirm", "previewed": previewed[1]}
    response = logged_in.post(f"/rounds/{open_round}/invitations/import", data=changed)
    assert response.status_code == 200 and "2 respondents, all lines are correct" in response.get_data(as_text=True)
    assert count_rows(app, "invitations") == 0


def test_confirming_stores_every_line_with_its_details(
    app: Flask, logged_in: FlaskClient, open_round: int, smtp: Handler
) -> None:
    text = (
        "Name;E-mail;Department;Language\nMila Jansen;mila@example.org;IT;nl\nJoe;joe@example.org;Customer service;\n"
    )
    response = import_lines(logged_in, open_round, text, send=False)
    assert response.status_code == 302
    with app.app_context():
        stored = {(i.name, i.email, i.department, i.language) for i in session().scalars(sa.select(Invitation))}
    assert stored == {("Mila Jansen", "mila@example.org", "it", "nl"), ("Joe", "joe@example.org", "service", "en")}
    assert smtp.received == [], "not sent when the box is not ticked"
    page = logged_in.get(f"/rounds/{open_round}").get_data(as_text=True)
    assert "mila@example.org" in page and "0 of" in page


def test_department_names_in_dutch_are_known(app: Flask, logged_in: FlaskClient, open_round: int) -> None:
    status, html = preview(logged_in, open_round, "Mila, mila@example.org, Klantenservice")
    assert status == 200, problems(html)


def upload(client: FlaskClient, round_id: int, name: str, content: bytes) -> tuple[int, str]:
    data = {"upload": (io.BytesIO(content), name), "action": "preview", "respondents": ""}
    response = client.post(f"/rounds/{round_id}/invitations/import", data=data, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def test_a_csv_file_with_a_bom_and_semicolons(logged_in: FlaskClient, open_round: int) -> None:
    content = "\ufeffnaam;e-mail;afdeling\r\nZoë;zoe@example.org;hr\r\n".encode()
    status, html = upload(logged_in, open_round, "lijst.csv", content)
    assert status == 200, problems(html)
    assert "zoe@example.org" in html and "Zoë" in html


def test_an_excel_workbook(logged_in: FlaskClient, open_round: int) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Name", "E-mail", "Department"])
    sheet.append(["Mila", "mila@example.org", "it"])
    sheet.append(["Joe", "joe@", "it"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    status, html = upload(logged_in, open_round, "list.xlsx", buffer.getvalue())
    assert status == 400
    assert problems(html) == ["Line 3, e-mail address: joe@ is not a valid e-mail address."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.csv", "Zoë, zoe@example.org, hr".encode("latin-1"), "The file is not UTF-8 text"),
        ("list.xlsx", b"not a workbook", "The file is not an Excel workbook (.xlsx) that can be read."),
        ("list.pdf", b"%PDF", "Upload a CSV file (.csv, .txt) or an Excel workbook (.xlsx)."),
    ],
)
def test_a_file_that_cannot_be_read(
    app: Flask, logged_in: FlaskClient, open_round: int, name: str, content: bytes, message: str
) -> None:
    status, html = upload(logged_in, open_round, name, content)
    assert status == 400
    assert message in html
    assert count_rows(app, "invitations") == 0


def test_the_preview_in_dutch(logged_in: FlaskClient, open_round: int) -> None:
    logged_in.post("/language", data={"language": "nl"})
    status, html = preview(logged_in, open_round, "Mila, mila@, it")
    assert status == 400
    assert problems(html) == ["Regel 1, e-mailadres: mila@ is geen geldig e-mailadres."]


def test_rows_keep_the_line_numbers_the_consultant_sees(app: Flask) -> None:
    assert rows_of('\n"Jansen, Mila", mila@example.org, it\n\nJoe, joe@example.org, hr') == [
        (2, ["Jansen, Mila", "mila@example.org", "it"]),
        (4, ["Joe", "joe@example.org", "hr"]),
    ]


def test_a_thousand_lines_at_most(app: Flask) -> None:
    with app.test_request_context():
        text = "\n".join(f"P{n}, p{n}@example.org, it" for n in range(1001))
        result = check(text, department_names(), [])
        assert [p.message for p in result.problems] == ["At most 1000 respondents at a time; split the list."]
