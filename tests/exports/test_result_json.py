"""The round result as JSON: the documented shape (docs/api.md) with the figures of the round."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from roadmap.domain.questionnaire import Questionnaire
from tests.exports.conftest import CLIENT_NAME, ROUND_NAME, ExportRound

GROUP_KEYS = {
    "respondents",
    "overall_score",
    "phase",
    "weakest_link",
    "lagging",
    "leading",
    "not_aligned",
    "dimensions",
    "next_steps",
    "phase_reason",
    "to_next_phase",
    "topic_advice",
}
DIMENSION_KEYS = {"key", "score", "phase", "respondents", "lowest", "highest", "spread", "not_aligned"}


def round_json(logged_in: FlaskClient, round_id: int) -> Any:
    response = logged_in.get(f"/rounds/{round_id}/result.json?lang=nl")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "no-store" in response.headers["Cache-Control"]
    return response.get_json()


def test_result_json_has_the_documented_shape_and_the_round_figures(
    logged_in: FlaskClient, export_round: ExportRound, questionnaire: Questionnaire
) -> None:
    body = round_json(logged_in, export_round.round_id)
    assert set(body) == {"round", "overall", "departments"}
    assert body["round"] == {
        "id": export_round.round_id,
        "name": ROUND_NAME,  # JSON is not a spreadsheet: names are given as they are
        "held_on": "2026-03-01",
        "closed": False,
        "confidentiality": {
            "confidential": False,
            "minimum_group": 5,
            "scores_withheld": False,
            "breakdown_withheld": False,
        },
        "client": {"id": export_round.client_id, "name": CLIENT_NAME},
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "language": "nl",
    }
    overall = body["overall"]
    assert set(overall) == GROUP_KEYS
    keys = [d.key for d in questionnaire.dimensions]
    assert (overall["respondents"], overall["overall_score"], overall["phase"]) == (2, 2.0, 2)
    assert overall["not_aligned"] == keys and overall["weakest_link"] == [] and overall["lagging"] == []
    assert [d["key"] for d in overall["dimensions"]] == keys
    assert overall["dimensions"][0] == {
        "key": keys[0],
        "score": 2.0,
        "phase": 2,
        "respondents": 2,
        "lowest": 1.0,
        "highest": 3.0,
        "spread": 2.0,
        "not_aligned": True,
    }
    steps = questionnaire.phase(2).next_steps
    assert overall["next_steps"] == [{"phase": 2, "dimension": None, "text": step.text("nl")} for step in steps]
    # The explanation: the whole number of 2.0 sets Dialogue; Engagement needs an overall 3, no topic lags.
    assert overall["phase_reason"] == "score"
    assert overall["to_next_phase"] == {
        "phase": {"number": 3, "key": "engagement", "name": questionnaire.phase(3).name("nl")},
        "overall_score": {"current": 2.0, "needed": 3},
        "topics": [],
    }
    assert [a["dimension"] for a in overall["topic_advice"]] == keys
    assert overall["topic_advice"][0] == {
        "dimension": keys[0],
        "phase": 2,
        "text": questionnaire.dimensions[0].advice["dialogue"].text("nl"),
    }


def test_result_json_has_the_submitted_respondents_per_department(
    logged_in: FlaskClient, export_round: ExportRound
) -> None:
    body = round_json(logged_in, export_round.round_id)
    # Submitted respondents only, per department, sorted by department key.
    assert [d["department"] for d in body["departments"]] == ["board", "marketing"]
    board, marketing = body["departments"]
    assert set(board) == GROUP_KEYS | {"department"}
    assert (board["respondents"], board["overall_score"], board["phase"], board["not_aligned"]) == (1, 1.0, 1, [])
    assert (marketing["overall_score"], marketing["phase"]) == (3.0, 3)
    assert {d["spread"] for d in marketing["dimensions"]} == {0.0}
    assert set(marketing["dimensions"][0]) == DIMENSION_KEYS


def test_result_json_of_a_round_without_respondents_has_no_score(
    logged_in: FlaskClient, export_round: ExportRound, make_round: Callable[..., int]
) -> None:
    new_round = make_round(export_round.client_id, "Empty")
    body = logged_in.get(f"/rounds/{new_round}/result.json").get_json()
    overall = body["overall"]
    assert (overall["respondents"], overall["overall_score"], overall["phase"]) == (0, None, None)
    assert body["departments"] == [] and body["overall"]["next_steps"] == []
    assert (overall["phase_reason"], overall["to_next_phase"], overall["topic_advice"]) == (None, None, [])
    assert {d["score"] for d in body["overall"]["dimensions"]} == {None}
