"""Characters that reverse the text around them are refused in every stored text: forms, API and CLI.

A client named "rtl\u202egpj.exe" would show as "rtlexe.jpg" and turn the site's own words after it around, on pages
and on the round report's cover. Marks (U+200F and the like) act as one letter and stay allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from roadmap.render.filenames import responses_filename, round_report_filename
from tests.conftest import all_answers, count_rows
from tests.workspace.conftest import PASSWORD

# One per character refused: the override of the review, an embedding, an isolate and its end.
HOSTILE = ["rtl\u202egpj.exe", "a\u202bb", "\u2067name", "x\u2069"]
FORM_MESSAGE = "This text contains an invisible character that reverses the text around it."


@pytest.mark.parametrize("name", HOSTILE)
def test_the_start_form_refuses_a_name_that_reverses_text(app: Flask, client: FlaskClient, name: str) -> None:
    response = client.post("/start", data={"organisation_name": name})
    assert response.status_code == 200
    assert FORM_MESSAGE in response.get_data(as_text=True)
    assert count_rows(app, "assessments") == 0


def test_the_client_and_round_forms_refuse_it_and_say_so_in_dutch(
    app: Flask, logged_in: FlaskClient, consultant: User, make_client: Callable[..., int]
) -> None:
    response = logged_in.post("/clients/new", data={"name": HOSTILE[0]})
    assert FORM_MESSAGE in response.get_data(as_text=True)
    assert count_rows(app, "clients") == 0
    client_id = make_client(consultant)
    logged_in.post("/language", data={"language": "nl", "next": "/"})
    response = logged_in.post(f"/clients/{client_id}/rounds/new", data={"name": HOSTILE[0], "held_on": "2026-03-01"})
    assert "Deze tekst bevat een onzichtbaar teken dat de tekst eromheen omdraait." in response.get_data(as_text=True)
    assert count_rows(app, "rounds") == 0


def test_the_api_refuses_it_with_a_detail_line(app: Flask, client: FlaskClient, questionnaire: Questionnaire) -> None:
    for organisation in ({"name": HOSTILE[0]}, {"name": "Acme", "role": "CEO\u202e"}):
        body = {"questionnaire": questionnaire.id, "organisation": organisation, "answers": all_answers(questionnaire)}
        response = client.post("/api/v1/assessments", json=body)
        assert response.status_code in (400, 422), response.get_json()
        assert "characters that reverse text" in " ".join(response.get_json()["error"]["details"])
    assert count_rows(app, "assessments") == 0


def test_the_cli_refuses_it_in_one_line(app: Flask) -> None:
    args = ["users", "create", "--email", "anna@example.org", "--firm", HOSTILE[0]]
    result = app.test_cli_runner().invoke(args=args, input=f"{PASSWORD}\n")
    assert (result.exit_code, result.output) == (
        1,
        "Error: the firm contains a character that reverses text (U+202A-U+202E, U+2066-U+2069)\n",
    )
    assert count_rows(app, "users") == 0


def test_a_right_to_left_name_with_a_mark_is_still_welcome(app: Flask, client: FlaskClient) -> None:
    response = client.post("/start", data={"organisation_name": "\u05e9\u05dc\u05d5\u05dd\u200f Acme"})
    assert response.status_code == 302
    assert count_rows(app, "assessments") == 1


def test_file_names_never_carry_the_characters() -> None:
    for name in HOSTILE:  # names stored before the check: downloads are named in plain ASCII
        for filename in (
            responses_filename(name, name, "en", "csv"),
            round_report_filename(name, name, date(2026, 1, 1), "en"),
        ):
            assert filename.isascii(), filename
