"""A confidential round shows the same redacted figures on every surface: the round page, the result page (tables
and the charts' data), the JSON export, the PDF report (read back with pdftotext), the responses and scores CSVs,
the client page and the portfolio. The round has departments of 1, 2, 3 and 6 respondents (docs/scoring.md's
worked example); the same round named shows everything.

Each department answers every question with its own option, so each group's mean is a number of its own: HR 1.0,
IT 2.0, marketing 3.0, sales 4.0; "other departments" (HR, IT, marketing) 14/6 = 2.33; the round 38/12 = 3.17.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Round, User
from roadmap.services import rounds
from tests.conftest import all_answers

GROUPS = {"hr": ("presence", 1), "it": ("dialogue", 2), "marketing": ("engagement", 3), "sales": ("social_business", 6)}
HIDDEN_MEANS = {1.0, 2.0, 3.0}  # HR, IT and marketing: each department's mean on every topic
LABELS = {"hr": "HR", "it": "IT", "marketing": "Marketing and communications", "sales": "Sales and account management"}
ROUND_MEAN = 38 / 12


@dataclass(frozen=True)
class Setup:
    client_id: int
    round_id: int


@pytest.fixture
def confidential_round(
    app: Flask,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> Setup:
    client_id = make_client(consultant, "Acme Ltd")
    round_id = make_round(client_id, "Baseline", confidential=True)
    for department, (option, count) in GROUPS.items():
        for number in range(count):
            _id, token = invite(round_id, department, f"Person {department} {number}")
            respond(token, all_answers(questionnaire, option))
    _id, token = invite(round_id, "board", "Bert Waiting")  # started, never submitted
    respond(token, all_answers(questionnaire, "presence"), submit=False)
    app.extensions["chart_export"] = None  # the PDF with the table of scores: no browser needed
    return Setup(client_id, round_id)


def configure(app: Flask, round_id: int, confidential: bool, minimum: int = 5) -> None:
    with app.app_context():
        round_ = session().get(Round, round_id)
        assert round_ is not None
        rounds.update_round(session(), round_, round_.name, round_.held_on, confidential, minimum)


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def chart_data(html: str, name: str) -> list[dict[str, Any]] | None:
    found = re.search(rf'<script type="application/json" id="{name}-figure">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))["data"] if found else None


def csv_rows(client: FlaskClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def pdf_text(client: FlaskClient, round_id: int) -> str | None:
    response = client.get(f"/rounds/{round_id}/report.pdf")
    if response.status_code == 409:
        return None
    assert response.status_code == 200
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.data, capture_output=True, check=True)
    return done.stdout.decode()


def department_table(text: str) -> str:
    """The PDF's department table as text: from its caption to its last row (the advice text names departments
    too, as examples)."""
    start = text.index("Mean score per department and topic")
    return text[start : text.index("Phase", start)]


def department_scores(export: dict[str, Any]) -> dict[str, tuple[int, set[float]]]:
    return {
        d["department"]: (d["respondents"], {s["score"] for s in d["dimensions"] if s["score"] is not None})
        for d in export["departments"]
    }


def test_minimum_five_shows_sales_and_other_departments_only(
    app: Flask, logged_in: FlaskClient, confidential_round: Setup
) -> None:
    round_id = confidential_round.round_id
    export = logged_in.get(f"/rounds/{round_id}/result.json").get_json()
    shown = department_scores(export)
    assert set(shown) == {"sales", "other_departments"}
    assert shown["sales"] == (6, {4.0}) and shown["other_departments"][0] == 6
    assert not shown["other_departments"][1] & HIDDEN_MEANS
    # The shown groups account for everyone: nothing is left over to work out by subtraction.
    assert sum(count for count, _ in shown.values()) == export["overall"]["respondents"] == 12
    assert export["round"]["confidentiality"] == {
        "confidential": True,
        "minimum_group": 5,
        "scores_withheld": False,
        "breakdown_withheld": False,
    }

    result = page(logged_in, f"/rounds/{round_id}/result")
    heatmap = chart_data(result, "heatmap")
    assert heatmap is not None
    assert heatmap[0]["y"] == ["Sales and account management", "Other departments"]
    assert not {score for row in heatmap[0]["z"] for score in row} & HIDDEN_MEANS
    for key in ("hr", "it", "marketing"):
        assert f'<th scope="row">{LABELS[key]}</th>' not in result
    assert 'id="departments-combined"' in result

    text = pdf_text(logged_in, round_id)
    assert text is not None and "Other departments" in text and "Sales and account management" in text
    breakdown = department_table(text)
    assert "Sales and account management" in breakdown and "Other departments" in breakdown
    assert "Marketing and communications" not in breakdown and not re.search(r"\bHR\b|\bIT\b", breakdown)
    assert set(re.findall(r"\d\.\d", breakdown)) == {"4.0", "2.3"}  # sales and other departments, nothing else

    responses = csv_rows(logged_in, f"/rounds/{round_id}/responses.csv")
    assert set(responses[0]) == {
        "round_id",
        "round",
        "client",
        "respondent_number",
        "department",
        "dimension",
        "question",
        "question_text",
        "option",
        "option_label",
        "option_score",
    }
    numbers = {row["respondent_number"] for row in responses}
    assert numbers == {str(n) for n in range(1, 13)}  # only the 12 who submitted, not the one still answering
    assert {row["department"] for row in responses} == {"sales", "other_departments"}
    body = logged_in.get(f"/rounds/{round_id}/responses.csv").get_data(as_text=True)
    assert "Person" not in body and "Bert" not in body


def test_minimum_seven_withholds_the_breakdown(app: Flask, logged_in: FlaskClient, confidential_round: Setup) -> None:
    """Sales (6) is below 7, so every department is hidden; "other departments" would be the whole round."""
    round_id = confidential_round.round_id
    configure(app, round_id, confidential=True, minimum=7)
    export = logged_in.get(f"/rounds/{round_id}/result.json").get_json()
    assert export["departments"] == []
    assert export["round"]["confidentiality"]["breakdown_withheld"] is True
    assert export["overall"]["overall_score"] == pytest.approx(ROUND_MEAN, abs=0.01)

    result = page(logged_in, f"/rounds/{round_id}/result")
    assert chart_data(result, "heatmap") is None and 'id="breakdown-withheld"' in result
    assert chart_data(result, "spread") is not None  # the round's own figures are shown
    text = pdf_text(logged_in, round_id)
    assert text is not None and "Per department" not in text and "Sales and account management" not in text
    responses = csv_rows(logged_in, f"/rounds/{round_id}/responses.csv")
    assert len({row["respondent_number"] for row in responses}) == 12
    assert {row["department"] for row in responses} == {""}


def test_below_the_minimum_the_round_shows_only_how_many_have_answered(
    app: Flask, logged_in: FlaskClient, confidential_round: Setup
) -> None:
    round_id, client_id = confidential_round.round_id, confidential_round.client_id
    configure(app, round_id, confidential=True, minimum=13)
    round_page = page(logged_in, f"/rounds/{round_id}")
    assert "12 respondents have answered." in round_page and "Scores appear from 13 respondents." in round_page

    export = logged_in.get(f"/rounds/{round_id}/result.json").get_json()
    assert export["departments"] == [] and export["overall"]["overall_score"] is None
    assert export["overall"]["phase"] is None
    assert all(d["score"] is None for d in export["overall"]["dimensions"])
    assert export["round"]["confidentiality"]["scores_withheld"] is True

    result = page(logged_in, f"/rounds/{round_id}/result")
    assert 'id="scores-withheld"' in result
    assert chart_data(result, "spread") is None and chart_data(result, "heatmap") is None
    assert "3.2" not in result
    assert pdf_text(logged_in, round_id) is None
    assert csv_rows(logged_in, f"/rounds/{round_id}/responses.csv") == []

    for url in (f"/clients/{client_id}/scores.csv", "/portfolio/scores.csv"):
        rows = csv_rows(logged_in, url)
        assert rows and all(row["mean_score"] == "" and row["phase"] == "" for row in rows)
    for url in (f"/clients/{client_id}", "/portfolio"):
        html = page(logged_in, url)
        assert "3.2" not in html and chart_data(html, "trend") is None


def test_a_named_round_shows_everything(app: Flask, logged_in: FlaskClient, confidential_round: Setup) -> None:
    round_id, client_id = confidential_round.round_id, confidential_round.client_id
    configure(app, round_id, confidential=False)
    export = logged_in.get(f"/rounds/{round_id}/result.json").get_json()
    shown = department_scores(export)
    assert shown == {"hr": (1, {1.0}), "it": (2, {2.0}), "marketing": (3, {3.0}), "sales": (6, {4.0})}
    assert export["round"]["confidentiality"]["confidential"] is False

    result = page(logged_in, f"/rounds/{round_id}/result")
    heatmap = chart_data(result, "heatmap")
    assert heatmap is not None and set(heatmap[0]["y"]) == set(LABELS.values())
    text = pdf_text(logged_in, round_id)
    assert text is not None and "Other departments" not in text
    assert re.search(r"Tools and integration\s+1\.0\s+2\.0\s+3\.0\s+4\.0", department_table(text))

    responses = csv_rows(logged_in, f"/rounds/{round_id}/responses.csv")
    assert {"invitation_id", "respondent", "submitted_at"} <= set(responses[0])
    assert "Bert Waiting" in {row["respondent"] for row in responses}
    rows = csv_rows(logged_in, f"/clients/{client_id}/scores.csv")
    assert rows and all(float(row["mean_score"]) == pytest.approx(ROUND_MEAN, abs=0.01) for row in rows)
    assert "3.2" in page(logged_in, f"/clients/{client_id}")
