"""`flask --app wsgi demo load|remove`: fictional, marked, deterministic demo data stored as the services store it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from benchmarks.portfolio import counted_statements
from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import dimension_scores
from roadmap.models import Assessment, Client, Invitation, Round, User
from roadmap.services import assessments as assessment_service
from roadmap.services import demo
from roadmap.services import rounds as rounds_service
from tests.conftest import count_rows
from tests.workspace.conftest import login

DEMO_PASSWORD = "demo password 123"


def load(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=["demo", "load", "--password-stdin", *args], input=DEMO_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    return result.output


def demo_clients(app: Flask) -> list[Client]:
    with app.app_context():
        statement = sa.select(Client).join(Client.consultant).where(User.email == demo.DEMO_EMAIL).order_by(Client.id)
        found = list(session().scalars(statement))
        for client in found:
            for round_ in client.rounds:
                for invitation in round_.invitations:
                    invitation.assessment.answers  # noqa: B018 - loaded before the session closes
        session().expunge_all()
        return found


def test_load_makes_a_dozen_marked_clients_and_says_how_to_log_in(
    app: Flask, runner: FlaskCliRunner, client: FlaskClient
) -> None:
    output = load(runner)
    assert "demo@example.org" in output and "/login" in output
    assert "12 clients" in output

    clients = demo_clients(app)
    assert len(clients) == 12
    assert all(c.name.endswith("(demo)") for c in clients)
    assert len({c.sector for c in clients}) >= 8 and len({c.size_band for c in clients}) >= 4
    assert any(c.targets for c in clients) and any(not c.targets for c in clients)
    for found in clients:
        assert 2 <= len(found.rounds) <= 4
        assert [r.is_closed for r in found.rounds] == [True] * (len(found.rounds) - 1) + [False]
        assert all(date(2024, 1, 1) <= r.held_on <= date(2026, 12, 31) for r in found.rounds)
        assert all(4 <= len(r.invitations) <= 8 for r in found.rounds)
        assert len({i.department for r in found.rounds for i in r.invitations}) >= 4

    login(client, demo.DEMO_EMAIL, DEMO_PASSWORD)
    portfolio = client.get("/portfolio").get_data(as_text=True)
    assert "Harbourview Municipality (demo)" in portfolio


def test_the_password_is_printed_when_not_given(app: Flask, runner: FlaskCliRunner, client: FlaskClient) -> None:
    result = runner.invoke(args=["demo", "load", "--clients", "1"])
    assert result.exit_code == 0, result.output
    password = result.output.split("password ")[-1].strip()
    login(client, demo.DEMO_EMAIL, password)


def test_a_too_short_password_is_refused_and_nothing_is_loaded(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["demo", "load", "--password-stdin"], input="short\n")
    assert result.exit_code != 0 and "at least 10 characters" in result.output
    assert count_rows(app, "users") == 0 and count_rows(app, "clients") == 0


def test_rows_are_what_the_services_store(app: Flask, runner: FlaskCliRunner, questionnaire: Questionnaire) -> None:
    load(runner, "--clients", "3")
    secret = app.config["SECRET_KEY"]
    statuses = set()
    with app.app_context():
        invitations = list(session().scalars(sa.select(Invitation)))
        for invitation in invitations:
            assessment = invitation.assessment
            statuses.add(rounds_service.status_of(invitation))
            # The copyable link opens exactly this respondent's assessment.
            token = rounds_service.current_token(secret, invitation)
            assert token is not None
            assert assessment_service.find(session(), token) is assessment
            assert assessment.organisation_name == invitation.round.client.name
            assert assessment.department == invitation.department
            if assessment.submitted_at is not None:
                expected = dimension_scores(questionnaire, assessment.answer_map)
                assert assessment.submitted_scores == expected
                assert questionnaire.unanswered(assessment.answer_map) == []
                assert assessment.revision == 3  # created, answers saved, submitted
            else:
                assert invitation.round.closed_at is None
                assert assessment.revision == (2 if assessment.answers else 1)
        assert statuses == {"not_started", "started", "submitted"}

        # The same answers through the services give the same stored row.
        sample = next(i for i in invitations if i.assessment.submitted_at is not None and i.round.closed_at is None)
        twin = rounds_service.invite(session(), secret, sample.round, sample.department, sample.name)
        assessment_service.save_answers(session(), twin.assessment, sample.assessment.answer_map)
        assessment_service.submit(session(), twin.assessment)
        columns = ["organisation_name", "sector", "size_band", "department", "language", "revision"]
        assert [getattr(twin.assessment, c) for c in columns] == [getattr(sample.assessment, c) for c in columns]
        assert twin.assessment.submitted_scores == sample.assessment.submitted_scores


def test_rounds_show_progress_and_disagreement(app: Flask, runner: FlaskCliRunner) -> None:
    load(runner)
    with app.app_context():
        clients = list(session().scalars(sa.select(Client)))
        grew = not_aligned = 0
        for found in clients:
            results = [rounds_service.round_result(session(), r) for r in found.rounds]
            first, last = results[0].overall.result.overall_score, results[-2].overall.result.overall_score
            assert first is not None and last is not None
            grew += last > first if len(results) > 2 else 0
            not_aligned += sum(bool(r.overall.not_aligned) for r in results)
            assert all(r.overall.respondents >= 1 for r in results)
        assert grew >= 5
        assert not_aligned >= 12


def test_the_plan_is_deterministic(questionnaire: Questionnaire) -> None:
    assert list(demo.plan(questionnaire, 5)) == list(demo.plan(questionnaire, 5))
    assert list(demo.plan(questionnaire, 5)) != list(demo.plan(questionnaire, 5, seed=7))


def test_loading_again_replaces_the_demo_and_remove_leaves_other_data(
    app: Flask,
    runner: FlaskCliRunner,
    consultant: User,
    make_client: Callable[..., int],
    make_round: Callable[..., int],
    invite: Callable[..., tuple[int, str]],
    respond: Callable[..., None],
    questionnaire: Questionnaire,
) -> None:
    own_round = make_round(make_client(consultant, "Real Client"))
    _invitation, token = invite(own_round)
    respond(token, {q.key: "dialogue" for q in questionnaire.questions})
    tables = ["users", "clients", "rounds", "invitations", "assessments", "answers"]
    before = {table: count_rows(app, table) for table in tables}

    load(runner, "--clients", "4")
    loaded = {table: count_rows(app, table) for table in tables}
    load(runner, "--clients", "4")
    assert {table: count_rows(app, table) for table in tables} == loaded
    assert len(demo_clients(app)) == 4

    result = runner.invoke(args=["demo", "remove"])
    assert result.exit_code == 0 and "removed" in result.output
    assert {table: count_rows(app, table) for table in tables} == before
    with app.app_context():
        assert session().scalar(sa.select(Round.name).where(Round.id == own_round)) == "Baseline"
        assessment = assessment_service.find(session(), token)
        assert assessment is not None and assessment.submitted_at is not None
    assert "no demo data" in runner.invoke(args=["demo", "remove"]).output


def test_a_big_load_uses_bulk_inserts(app: Flask, runner: FlaskCliRunner) -> None:
    with counted_statements(app) as statements:
        load(runner, "--clients", "40")
    rows = sum(count_rows(app, t) for t in ["clients", "rounds", "invitations", "assessments", "answers"])
    assert rows > 20_000
    # Row by row would be tens of thousands of statements; in bulk it is a few per thousand rows.
    assert len(statements) < rows / 100
    with app.app_context():
        names = set(session().scalars(sa.select(Client.name)))
        assert len(names) == 40 and all(n.endswith("(demo)") for n in names)
        assert session().scalar(sa.select(sa.func.count()).select_from(Assessment)) == count_rows(app, "invitations")
