from flask.testing import FlaskClient

from tests.conftest import all_answers


def test_home_page_shows_the_four_phases(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for name in ("Presence", "Dialogue", "Engagement", "Social Business"):
        assert name in page
    assert "Start the assessment" in page


def test_submitted_assessment_has_a_result(client: FlaskClient, make_assessment, questionnaire) -> None:
    token = make_assessment(answers=all_answers(questionnaire, "engagement"))
    data = client.get(f"/api/v1/assessments/{token}").get_json()
    assert data["phase"]["key"] == "engagement"
    assert data["overall_score"] == 3.0
