"""The PDF report: what it says, in both languages, its file name, metadata and tags, and when there is none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import cast

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf.generic import DictionaryObject

from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import assess
from roadmap.render.filenames import slug as file_slug
from roadmap.render.report_html import key_steps
from roadmap.services import reports
from tests.conftest import all_answers
from tests.report.conftest import Pdf, mixed_answers, read_pdf, squash
from tests.web.conftest import parse_html


@pytest.mark.parametrize("language", ["en", "nl"])
def test_report_names_the_organisation_phase_steps_and_every_dimension(
    download: Callable[..., Pdf], make_assessment: Callable[..., str], questionnaire: Questionnaire, language: str
) -> None:
    answers = mixed_answers(questionnaire)
    result = assess(questionnaire, answers)
    assert result.phase == 2 and result.lagging == ("measurement",) and result.dimension("people").score is None
    pdf = download(make_assessment("Acme Ltd", answers=answers), language)

    assert 5 <= len(pdf.pages) <= 12
    assert pdf.contains("Acme Ltd")
    assert pdf.contains(questionnaire.phase(2).name(language))
    for dimension in questionnaire.dimensions:
        assert pdf.contains(dimension.name(language)), dimension.key
    assert len(result.next_steps) == len(questionnaire.phase(2).next_steps) + 1  # the phase's, and one advice
    for next_step in result.next_steps:
        assert pdf.contains(next_step.step.text(language)), next_step
        assert pdf.contains(next_step.step.why(language)), next_step
    for question in questionnaire.questions:  # the appendix: every question with the answer given
        assert pdf.contains(question.text(language)), question.key
        option = question.option(answers[question.key])
        assert option is not None and pdf.contains(option.text(language)), question.key
    other = "nl" if language == "en" else "en"
    assert not any(pdf.contains(d.name(other)) for d in questionnaire.dimensions), "a dimension in the other language"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_executive_summary_fits_on_one_page(
    download: Callable[..., Pdf], make_assessment: Callable[..., str], questionnaire: Questionnaire, language: str
) -> None:
    """The fullest summary: a 200-character name, two topics holding the phase back and one without data."""
    answers = all_answers(questionnaire, "social_business")
    for key, option in (("measurement", "presence"), ("tools", "presence"), ("people", "dont_know")):
        dimension = questionnaire.dimension(key)
        assert dimension is not None
        answers.update({q.key: option for q in dimension.questions})
    result = assess(questionnaire, answers)
    assert result.held_back_by == ("measurement", "tools") and result.phase == 2
    name = ("Stichting Koninklijke Vereniging van Gemeentelijke Samenwerkingsverbanden voor Maatschappelijke " * 3)[
        :200
    ]
    pdf = download(make_assessment(name, answers=answers), language)
    # Page 3 is the plan to the next phase in full (report/_plan.html); then the roadmap.
    summary, position = squash(pdf.pages[1]), squash(pdf.pages[3])
    assert squash(questionnaire.phase(2).description(language)) in summary
    for next_step in key_steps(result):
        assert squash(next_step.step.text(language)) in summary
        assert squash(next_step.step.why(language)) in summary
    assert squash(questionnaire.phase(1).motto(language)) in position


def test_a_phase_four_result_and_a_long_name_lay_out(
    download: Callable[..., Pdf], make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    name = "Koninklijke Vereniging van Samenwerkende Gemeentelijke Diensten voor Duurzame Ontwikkeling " * 2
    pdf = download(make_assessment(name.strip()[:200], answers=all_answers(questionnaire, "social_business")))
    assert pdf.contains(name.strip()[:200])
    assert pdf.contains("Social Business")
    assert pdf.contains("The organisation is in the last phase of the roadmap")
    assert 5 <= len(pdf.pages) <= 12
    footer = pdf.pages[1].strip().splitlines()[-1]
    assert footer.startswith("Koninklijke Vereniging") and footer.endswith("page 2 of " + str(len(pdf.pages)))


def test_download_name_says_organisation_and_date(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment("Café Zoë & Co.", answers=all_answers(questionnaire))
    response = client.get(f"/a/{token}/report.pdf?lang=nl")
    today = datetime.now(UTC).date().isoformat()
    assert response.headers["Content-Disposition"] == f"attachment; filename=roadmap-report-cafe-zoe-co-{today}-nl.pdf"
    assert "private" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Acme Ltd", "acme-ltd"),
        ("Café Zoë & Co.", "cafe-zoe-co"),
        ('<img src="http://127.0.0.1/x">', "img-src-http-127-0-0-1-x"),
        ("日本語", "organisation"),
        ("---", "organisation"),
        ("Stichting " + "Samenwerkende Gemeenten " * 5, "stichting-samenwerkende-gemeenten-samenwerkende-gemeenten"),
    ],
)
def test_slug(name: str, slug: str) -> None:
    assert file_slug(name) == slug
    assert len(file_slug(name)) <= 60


def test_metadata_language_and_tags(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire, "engagement"))
    for language, phase in (("en", "Engagement"), ("nl", "Engagement")):
        pdf = read_pdf(client.get(f"/a/{token}/report.pdf?lang={language}").data)
        metadata = pdf.reader.metadata
        assert metadata is not None
        assert metadata.title and "Acme Ltd" in metadata.title
        assert metadata.author == "Acme Ltd"
        assert metadata.subject and phase in metadata.subject and "3" in metadata.subject
        catalog = cast(DictionaryObject, pdf.reader.trailer["/Root"])
        assert catalog["/Lang"] == language
        assert bool(cast(DictionaryObject, catalog["/MarkInfo"])["/Marked"])
        assert "/StructTreeRoot" in catalog


def test_api_report(client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))
    response = client.get(f"/api/v1/assessments/{token}/report.pdf?lang=nl")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert read_pdf(response.data).contains("Dialoog")
    assert "roadmap-report-acme-ltd-" in response.headers["Content-Disposition"]


def test_api_errors_are_json(client: FlaskClient, make_assessment: Callable[..., str]) -> None:
    missing = client.get("/api/v1/assessments/no-such-token/report.pdf")
    assert missing.status_code == 404 and missing.get_json()["error"]["message"]
    token = make_assessment("Acme Ltd")
    unsubmitted = client.get(f"/api/v1/assessments/{token}/report.pdf")
    assert unsubmitted.status_code == 409
    assert "not been submitted" in unsubmitted.get_json()["error"]["message"]


def test_no_result_gets_a_clear_409_page(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    unsubmitted = client.get(f"/a/{make_assessment('Acme Ltd')}/report.pdf", headers={"Accept-Language": "en"})
    assert unsubmitted.status_code == 409 and unsubmitted.mimetype == "text/html"
    assert "has not been submitted yet" in unsubmitted.get_data(as_text=True)

    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire, "dont_know"))
    no_result = client.get(f"/a/{token}/report.pdf", headers={"Accept-Language": "en"})
    assert no_result.status_code == 409 and no_result.mimetype == "text/html"
    page = parse_html(no_result)
    assert "too many" in page.find("main").text
    assert page.find("a", href=f"/a/{token}/review")
    api = client.get(f"/api/v1/assessments/{token}/report.pdf")
    assert api.status_code == 409 and "too little data" in api.get_json()["error"]["message"]

    assert client.get("/a/no-such-token/report.pdf").status_code == 404


def test_result_page_offers_the_report_in_both_languages(
    client: FlaskClient, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment("Acme Ltd", answers=all_answers(questionnaire))
    page = parse_html(client.get(f"/a/{token}/result", headers={"Accept-Language": "en"}))
    actions = page.find("section", class_="result-actions")
    assert actions.find("a", href=f"/a/{token}/report.pdf?lang=en").text == "Download PDF report"
    assert actions.find("a", href=f"/a/{token}/report.pdf?lang=nl", lang="nl", hreflang="nl")

    no_result = make_assessment("Acme Ltd", answers=all_answers(questionnaire, "dont_know"))
    page = parse_html(client.get(f"/a/{no_result}/result"))
    assert not page.find_all("a", href=f"/a/{no_result}/report.pdf?lang=en")


def test_key_steps_put_the_weakest_link_first(questionnaire: Questionnaire, app: Flask) -> None:
    answers = all_answers(questionnaire, "social_business")
    measurement = questionnaire.dimension("measurement")
    assert measurement is not None
    answers.update({q.key: "presence" for q in measurement.questions})
    result = assess(questionnaire, answers)
    assert result.held_back_by == ("measurement",)
    steps = key_steps(result)
    assert len(steps) == 3
    assert steps[0].dimension == "measurement"
    assert [s.step for s in steps[1:]] == list(questionnaire.phase(result.phase or 0).next_steps[:2])


def test_user_text_is_escaped_in_the_html(
    app: Flask, make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    token = make_assessment('<b class="x">Bold</b> & "quoted"', answers=all_answers(questionnaire))
    with app.test_request_context():
        from roadmap.db import session
        from roadmap.services import assessments as service

        assessment = service.find(session(), token)
        assert assessment is not None
        html = reports.report_html(assessment, questionnaire, service.result_of(assessment), "en", chart=False)
    assert '<b class="x">' not in html
    assert "&lt;b class=&#34;x&#34;&gt;Bold&lt;/b&gt; &amp; &#34;quoted&#34;" in html
