"""A plan as CSV (codes, ISO dates, formulas neutralised) and XLSX (in the chosen language), for both kinds of plan."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from flask.testing import FlaskClient
from openpyxl import load_workbook

from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import User
from tests.conftest import all_answers


def test_an_assessments_plan_as_csv_and_xlsx(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire, add_action
) -> None:
    token = make_assessment("Acme & Zoë", answers=all_answers(questionnaire))
    add_action("=HYPERLINK(1)", token=token, topic="webcare", owner="Zoë", due_on=date(2020, 1, 31))
    add_action("Train the team", token=token, status="done")
    csv = client.get(f"/a/{token}/plan/actions.csv?lang=en")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert "attachment" in csv.headers["Content-Disposition"] and "no-store" in csv.headers["Cache-Control"]
    lines = csv.data.decode("utf-8-sig").splitlines()
    assert lines == [
        "position,title,topic,owner,due_on,status,overdue,note",
        "1,'=HYPERLINK(1),webcare,Zoë,2020-01-31,planned,true,",
        "2,Train the team,,,,done,false,",
    ]
    xlsx = client.get(f"/a/{token}/plan/actions.xlsx?lang=nl")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Actie", "Onderwerp", "Wie doet het", "Uiterste datum", "Status", "Te laat", "Notitie"]
    assert rows[1][0] == "=HYPERLINK(1)" and rows[1][1] == questionnaire.dimension("webcare").name("nl")
    assert rows[1][4:6] == ["Gepland", True] and rows[2][4] == "Klaar"


def test_a_clients_plan_as_csv(
    logged_in: FlaskClient, consultant: User, make_client: Callable[..., int], add_action
) -> None:
    client_id = make_client(consultant, "Acme")
    add_action("Webcare rota", client_id=client_id, status="in_progress")
    csv = logged_in.get(f"/clients/{client_id}/plan/actions.csv")
    assert csv.data.decode("utf-8-sig").splitlines()[1] == "1,Webcare rota,,,,in_progress,false,"
    assert logged_in.get(f"/clients/{client_id}/plan/actions.xlsx").status_code == 200
