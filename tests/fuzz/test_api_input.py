"""The JSON API under hostile input: never a 500, a refused body stores nothing, one detail line per field."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from roadmap.domain.questionnaire import Questionnaire
from roadmap.security import MAX_URL_LENGTH
from tests.conftest import all_answers, count_rows
from tests.fuzz.strategies import FUZZ, hostile_text, json_value

PATHS = [
    ("questionnaire",),
    ("language",),
    ("organisation",),
    ("organisation", "name"),
    ("organisation", "sector"),
    ("organisation", "role"),
    ("answers",),
    ("answers", "strategy_goals"),
    ("extra",),
    ("organisation", "extra"),
]


@st.composite
def changed_bodies(draw: st.DrawFn, questionnaire: Questionnaire) -> dict[str, Any]:
    """A valid body with some fields removed or replaced by any JSON at all."""
    body: dict[str, Any] = {
        "questionnaire": questionnaire.id,
        "language": "en",
        "organisation": {"name": "Acme", "sector": "retail", "role": "director"},
        "answers": all_answers(questionnaire),
    }
    for path in draw(st.lists(st.sampled_from(PATHS), max_size=4, unique=True)):
        parent = body
        for key in path[:-1]:
            parent = parent[key] if isinstance(parent.get(key), dict) else {}
        if draw(st.booleans()):
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = draw(json_value)
    return body


def test_any_change_to_a_body_is_stored_whole_or_refused_with_one_line_per_field(
    app: Flask, client: FlaskClient, questionnaire: Questionnaire
) -> None:
    @FUZZ
    @given(body=changed_bodies(questionnaire))
    def create(body: dict[str, Any]) -> None:
        before = count_rows(app, "assessments"), count_rows(app, "answers")
        response = client.post("/api/v1/assessments", json=body)
        if response.status_code == 201:
            assert (count_rows(app, "assessments"), count_rows(app, "answers")) == (
                before[0] + 1,
                before[1] + len(questionnaire.questions),
            )
            assert response.get_json()["result"]["organisation"]["name"] == body["organisation"]["name"].strip()
        elif response.status_code == 413:  # several huge texts together exceed MAX_CONTENT_LENGTH (1 MB)
            assert len(response.request.get_data()) > app.config["MAX_CONTENT_LENGTH"]
            assert (count_rows(app, "assessments"), count_rows(app, "answers")) == before
            assert response.get_json()["error"]["message"]
        else:
            assert response.status_code == 422
            assert (count_rows(app, "assessments"), count_rows(app, "answers")) == before
            details = response.get_json()["error"]["details"]
            fields = [line.split(":", 1)[0] for line in details]
            assert details and len(fields) == len(set(fields)), details

    create()


def test_any_json_value_as_a_body_is_refused(app: Flask, client: FlaskClient) -> None:
    @FUZZ
    @given(body=json_value)
    def create(body: Any) -> None:
        response = client.post("/api/v1/assessments", json=body)
        assert response.status_code == (422 if isinstance(body, dict) else 400)
        assert response.get_json()["error"]["message"]
        assert count_rows(app, "assessments") == 0

    create()


def test_any_bytes_as_a_body_are_refused(app: Flask, client: FlaskClient) -> None:
    @FUZZ
    @given(
        data=st.binary(max_size=2000) | hostile_text.map(json.dumps),
        content_type=st.sampled_from(
            ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
        ),
    )
    def create(data: bytes | str, content_type: str) -> None:
        response = client.post("/api/v1/assessments", data=data, content_type=content_type)
        assert response.status_code in (400, 422)
        assert response.is_json
        assert count_rows(app, "assessments") == 0

    create()


def test_reading_with_any_id_token_or_language_is_json(client: FlaskClient) -> None:
    @FUZZ
    # An empty name is another URL; so is one with "/" (Werkzeug merges the "//" it makes with a redirect).
    @given(name=hostile_text.filter(lambda name: bool(name) and "/" not in name), lang=hostile_text)
    def read(name: str, lang: str) -> None:
        segment = quote(name, safe="")
        for url in [
            f"/api/v1/questionnaires/{segment}",
            f"/api/v1/assessments/{segment}",
            f"/api/v1/assessments/{segment}/report.pdf",
        ]:
            # A URL over MAX_URL_LENGTH is refused before routing (roadmap.security).
            response = client.get(url, query_string={"lang": lang})
            too_long = len(response.request.environ["RAW_URI"]) > MAX_URL_LENGTH
            assert response.status_code == (414 if too_long else 404)
            assert response.is_json
        listing = client.get("/api/v1/questionnaires", query_string={"lang": lang})
        assert listing.status_code == (414 if len(listing.request.environ["RAW_URI"]) > MAX_URL_LENGTH else 200)

    read()
