"""The workspace API's use cases: clients, rounds (create, close), invitations in bulk (all or none), revoke, and
the round result under its confidentiality, the same as the round's JSON download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import ClientMember, User
from tests.api_tokens.conftest import API, bearer, error_of
from tests.conftest import all_answers, count_rows


@pytest.fixture
def api(client: FlaskClient, auth: dict[str, str]) -> Callable[..., Any]:
    """A request with Anna's token: api("POST", "/clients", json=...)."""

    def send(method: str, path: str, **kwargs: Any) -> Any:
        return client.open(f"{API}{path}", method=method, headers=auth, **kwargs)

    return send


def test_clients_are_created_and_listed(api: Callable[..., Any], questionnaire: Questionnaire) -> None:
    dimension = questionnaire.dimensions[0].key
    response = api("POST", "/clients", json={"name": "  Acme Ltd ", "sector": "retail", "targets": {dimension: 3}})
    assert response.status_code == 201
    made = response.get_json()
    assert made["name"] == "Acme Ltd" and made["sector"] == "retail" and made["size_band"] is None
    assert response.headers["Location"] == made["rounds_url"] == f"{API}/clients/{made['id']}/rounds"
    assert api("GET", "/clients").get_json() == {"clients": [made]}


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({}, "name: required"),
        ({"name": ""}, "name: required"),
        ({"name": "x" * 201}, "name: required"),
        ({"name": "Acme\x00"}, "name: required"),
        ({"name": "Acme", "sector": "mining"}, "sector: one of"),
        ({"name": "Acme", "targets": {"strategy": 5}}, "targets.strategy: a phase from 1 to 4"),
        ({"name": "Acme", "targets": {"no_such_topic": 2}}, "targets.no_such_topic: unknown dimension"),
        ({"name": "Acme", "colour": "red"}, "colour: unknown field"),
    ],
    ids=["no name", "empty name", "long name", "NUL", "sector", "target phase", "target topic", "unknown field"],
)
def test_a_bad_client_is_refused_naming_the_field(
    app: Flask, api: Callable[..., Any], body: dict[str, Any], detail: str
) -> None:
    response = api("POST", "/clients", json=body)
    assert response.status_code == 422
    assert any(line.startswith(detail) for line in error_of(response)["details"]), response.get_json()
    assert count_rows(app, "clients") == 0


@pytest.mark.parametrize(
    ("data", "headers"),
    [("not json", {"Content-Type": "application/json"}), ("[]", {"Content-Type": "application/json"}), ("{}", {})],
    ids=["not JSON", "an array", "no JSON content type"],
)
def test_a_body_that_is_no_json_object_is_a_400(
    app: Flask, client: FlaskClient, auth: dict[str, str], data: str, headers: dict[str, str]
) -> None:
    response = client.post(f"{API}/clients", data=data, headers={**auth, **headers})
    assert response.status_code == 400
    assert error_of(response)["message"] == "The body must be a JSON object."
    assert count_rows(app, "clients") == 0


def test_a_round_is_created_confidential_by_default_and_closed_once(
    api: Callable[..., Any], consultant: User, make_client: Callable[..., int]
) -> None:
    client_id = make_client(consultant)
    response = api("POST", f"/clients/{client_id}/rounds", json={"name": "Baseline", "held_on": "2026-03-01"})
    assert response.status_code == 201
    made = response.get_json()
    assert made["confidential"] is True and made["minimum_group"] == 5 and made["closed"] is False
    assert made["held_on"] == "2026-03-01" and made["client_id"] == client_id
    assert response.headers["Location"] == f"{API}/rounds/{made['id']}"
    assert api("GET", f"/clients/{client_id}/rounds").get_json() == {"rounds": [made]}
    closed = api("POST", f"/rounds/{made['id']}/close")
    assert closed.status_code == 200
    assert closed.get_json()["closed"] is True and closed.get_json()["closed_at"]
    again = api("POST", f"/rounds/{made['id']}/close")
    assert again.status_code == 409
    assert "closed" in error_of(again)["message"]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"name": "R", "held_on": "2026-02-31"}, "held_on: required, a date"),
        ({"name": "R", "held_on": "1 March"}, "held_on: required, a date"),
        ({"name": "R"}, "held_on: required, a date"),
        ({"name": "R", "held_on": "2026-03-01", "minimum_group": 2}, "minimum_group: a whole number from 3"),
        ({"name": "R", "held_on": "2026-03-01", "confidential": "yes"}, "confidential: true or false"),
    ],
    ids=["impossible date", "not a date", "no date", "minimum below 3", "confidential not a boolean"],
)
def test_a_bad_round_is_refused_naming_the_field(
    app: Flask,
    api: Callable[..., Any],
    consultant: User,
    make_client: Callable[..., int],
    body: dict[str, Any],
    detail: str,
) -> None:
    response = api("POST", f"/clients/{make_client(consultant)}/rounds", json=body)
    assert response.status_code == 422
    assert any(line.startswith(detail) for line in error_of(response)["details"]), response.get_json()
    assert count_rows(app, "rounds") == 0


@pytest.fixture
def round_id(consultant: User, make_client: Callable[..., int], make_round: Callable[..., int]) -> int:
    return make_round(make_client(consultant, "Acme Ltd"), "Baseline")


def people(*lines: tuple[str | None, str, str]) -> dict[str, Any]:
    return {
        "respondents": [{"name": name, "email": email, "department": department} for name, email, department in lines]
    }


def test_respondents_are_invited_in_bulk_with_their_progress(api: Callable[..., Any], round_id: int) -> None:
    body = people(("Mila Jansen", "mila@example.org", "it"), (None, "joe@example.org", "Customer service"))
    body["respondents"][1]["language"] = "nl"
    response = api("POST", f"/rounds/{round_id}/invitations", json=body)
    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    assert made["queued"] == 0  # send was not asked for
    assert [(i["name"], i["email"], i["department"], i["language"]) for i in made["invitations"]] == [
        ("Mila Jansen", "mila@example.org", "it", "en"),
        (None, "joe@example.org", "service", "nl"),
    ]
    first = made["invitations"][0]
    assert first["status"] == "not_started" and first["answered"] == 0 and first["questions"] > 0
    assert first["link"].startswith("http://127.0.0.1:5000/a/") and first["delivery"] is None  # SITE_URL
    listed = api("GET", f"/rounds/{round_id}/invitations").get_json()
    assert listed["invitations"] == made["invitations"]
    assert listed["round"] == {
        "id": round_id,
        "invited": 2,
        "submitted": 0,
        "response_rate": 0.0,
        "days_to_deadline": None,
    }


def test_one_bad_respondent_stores_none_and_every_problem_is_named(
    app: Flask, api: Callable[..., Any], round_id: int
) -> None:
    body = people(
        ("Mila", "mila@example.org", "it"),
        ("Joe", "joe@", "it"),
        ("Kim", "kim@example.org", "finance"),
        ("Mila again", "MILA@example.org", "hr"),
    )
    response = api("POST", f"/rounds/{round_id}/invitations", json=body)
    assert response.status_code == 422
    details = error_of(response)["details"]
    assert [line.split(":")[0] for line in details] == [
        "respondents.1.email",
        "respondents.2.department",
        "respondents.3.email",
    ]
    assert "Unknown department finance" in details[1] and "marketing" in details[1]
    assert "also on line" in details[2]
    assert count_rows(app, "invitations") == count_rows(app, "assessments") == 0


def test_an_address_already_invited_is_refused(app: Flask, api: Callable[..., Any], round_id: int) -> None:
    assert (
        api("POST", f"/rounds/{round_id}/invitations", json=people(("Mila", "mila@example.org", "it"))).status_code
        == 201
    )
    again = api("POST", f"/rounds/{round_id}/invitations", json=people(("Mila", "Mila@Example.org", "hr")))
    assert again.status_code == 422
    assert error_of(again)["details"] == ["respondents.0.email: This address has already been invited to this round."]
    assert count_rows(app, "invitations") == 1


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"respondents": []}, "respondents: required"),
        ({"respondents": [{"email": "a@example.org"}]}, "respondents.0.department: required"),
        ({"respondents": [{"email": "a@example.org", "department": "it", "name": "A\nB"}]}, "respondents.0.name:"),
        (
            {"respondents": [{"email": "a@example.org", "department": "it", "language": "de"}]},
            "respondents.0.language:",
        ),
        ({"respondents": [{"email": "a@example.org", "department": "it"}], "send": "yes"}, "send: true or false"),
    ],
    ids=["empty list", "no department", "line break in a name", "unknown language", "send not a boolean"],
)
def test_a_bad_list_is_refused_by_its_shape(
    app: Flask, api: Callable[..., Any], round_id: int, body: dict[str, Any], detail: str
) -> None:
    response = api("POST", f"/rounds/{round_id}/invitations", json=body)
    assert response.status_code == 422
    assert any(line.startswith(detail) for line in error_of(response)["details"]), response.get_json()
    assert count_rows(app, "invitations") == 0


def test_a_closed_round_takes_no_invitations(app: Flask, api: Callable[..., Any], round_id: int) -> None:
    api("POST", f"/rounds/{round_id}/close")
    response = api("POST", f"/rounds/{round_id}/invitations", json=people(("Mila", "mila@example.org", "it")))
    assert response.status_code == 409
    assert count_rows(app, "invitations") == 0
    assert api("POST", f"/rounds/{round_id}/remind").status_code == 409


def test_a_revoked_invitation_s_link_stops_working(
    client: FlaskClient, api: Callable[..., Any], round_id: int, invite: Callable[..., tuple[int, str]]
) -> None:
    invitation_id, token = invite(round_id, "it", "Mila")
    assert client.get(f"/a/{token}").status_code == 302
    response = api("POST", f"/invitations/{invitation_id}/revoke")
    assert response.status_code == 200
    assert response.get_json()["status"] == "revoked" and response.get_json()["link"] is None
    assert client.get(f"/a/{token}").status_code == 404
    assert api("POST", f"/invitations/{invitation_id}/revoke").get_json()["status"] == "revoked"


def submitted_round(
    make_round: Callable[..., int],
    client_id: int,
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    answers: dict[str, str],
    departments: list[str],
    **settings: Any,
) -> int:
    round_id = make_round(client_id, **settings)
    for department in departments:
        respond(invite(round_id, department)[1], answers)
    return round_id


def test_the_round_result_is_the_json_download_in_a_named_round(
    api: Callable[..., Any],
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> None:
    round_id = submitted_round(
        make_round, make_client(consultant), invite, respond, all_answers(questionnaire), ["it", "hr"]
    )
    result = api("GET", f"/rounds/{round_id}/result?lang=nl")
    assert result.status_code == 200
    assert result.get_json() == logged_in.get(f"/rounds/{round_id}/result.json?lang=nl").get_json()
    assert {entry["department"] for entry in result.get_json()["departments"]} == {"it", "hr"}


def test_a_confidential_round_s_result_hides_small_groups(
    api: Callable[..., Any],
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> None:
    client_id = make_client(consultant)
    answers = all_answers(questionnaire)
    departments = ["marketing", "marketing", "marketing", "it"]
    small = submitted_round(
        make_round, client_id, invite, respond, answers, departments, confidential=True, minimum_group=3
    )
    shown = api("GET", f"/rounds/{small}/result").get_json()
    assert shown == logged_in.get(f"/rounds/{small}/result.json").get_json()
    assert shown["round"]["confidentiality"]["breakdown_withheld"] is True
    assert shown["departments"] == []  # "it" alone would be the total minus marketing
    assert shown["overall"]["respondents"] == 4 and shown["overall"]["overall_score"] is not None
    few = submitted_round(make_round, client_id, invite, respond, answers, ["it", "hr"], confidential=True)
    withheld = api("GET", f"/rounds/{few}/result").get_json()
    assert withheld["round"]["confidentiality"]["scores_withheld"] is True
    assert withheld["overall"]["respondents"] == 2
    assert withheld["overall"]["overall_score"] is None and withheld["departments"] == []


def test_a_viewers_token_reads_the_assigned_clients_and_changes_nothing(
    app: Flask,
    client: FlaskClient,
    consultant: User,
    make_user: Callable[..., User],
    make_client: Callable[..., int],
    make_token: Callable[..., str],
) -> None:
    viewer = make_user("vera@example.org", colleague_of=consultant, firm_role="viewer")
    assigned = make_client(consultant, "Assigned Ltd")
    make_client(consultant, "Not assigned Ltd")
    with app.app_context():
        session().add(ClientMember(client_id=assigned, user_id=viewer.id))
        session().commit()
    headers = bearer(make_token(viewer))
    listed = client.get(f"{API}/clients", headers=headers)
    assert [found["name"] for found in listed.get_json()["clients"]] == ["Assigned Ltd"]
    before = count_rows(app, "clients"), count_rows(app, "rounds")
    for path, body in ((f"{API}/clients", {"name": "Mine"}), (f"{API}/clients/{assigned}/rounds", {"name": "R1"})):
        refused = client.post(path, json=body, headers=headers)
        assert refused.status_code == 403, path
        assert error_of(refused)["message"] == "This account is a viewer: it reads its clients and changes nothing."
    assert (count_rows(app, "clients"), count_rows(app, "rounds")) == before
