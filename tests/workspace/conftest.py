"""Fixtures for the consultant workspace: accounts, logged-in clients, clients, rounds and invited respondents."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from roadmap.db import session
from roadmap.domain.actions import draft
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Assessment, Client, Invitation, Round, User
from roadmap.services import accounts, actions, clients, rounds
from roadmap.services import assessments as assessment_service
from roadmap.services.assessments import token_hash
from tests.workspace.pages import Scores, every

PASSWORD = "correct horse battery"


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    def make(
        email: str = "anna@example.org",
        role: str = "consultant",
        colleague_of: User | None = None,
        firm_role: str = "admin",
        **details: str,
    ) -> User:
        """An account; the admin of a firm of its own, or with `colleague_of` a member of that user's firm."""
        with app.app_context():
            join = None
            if colleague_of is not None:
                colleague = session().get(User, colleague_of.id)
                assert colleague is not None and colleague.firm is not None
                join = colleague.firm
            user = accounts.create_user(session(), email, PASSWORD, role, join=join, firm_role=firm_role, **details)
            session().refresh(user)
            session().expunge(user)
            return user

    return make


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.data


@pytest.fixture
def consultant(make_user: Callable[..., User]) -> User:
    return make_user("anna@example.org", name="Anna de Vries", firm="Social Inc.")


@pytest.fixture
def logged_in(client: FlaskClient, consultant: User) -> FlaskClient:
    """The test client, logged in as `consultant`."""
    login(client, consultant.email)
    return client


@pytest.fixture
def make_client(app: Flask, questionnaire: Questionnaire) -> Callable[..., int]:
    def make(owner: User, name: str = "Acme Ltd", targets: dict[str, int] | None = None, **details: str) -> int:
        with app.app_context():
            user = session().get(User, owner.id)
            assert user is not None
            keys = [d.key for d in questionnaire.dimensions]
            sector, size = details.get("sector"), details.get("size_band")
            return clients.save_client(session(), user, name, sector, size, targets or {}, keys).id

    return make


@pytest.fixture
def make_round(app: Flask) -> Callable[..., int]:
    """A round; named unless asked otherwise (the tests of figures and exports are about what a named round
    shows; confidential rounds have tests of their own, which ask for one)."""

    def make(
        client_id: int,
        name: str = "Baseline",
        held_on: date = date(2026, 3, 1),
        confidential: bool = False,
        minimum_group: int = 5,
    ) -> int:
        with app.app_context():
            client = session().get(Client, client_id)
            assert client is not None
            catalogue = app.extensions["questionnaires"]
            made = rounds.create_round(session(), catalogue, client, name, held_on, confidential, minimum_group)
            return made.id

    return make


@pytest.fixture
def invite(app: Flask) -> Callable[..., tuple[int, str]]:
    """Invite a respondent to a round; returns the invitation id and its link token."""

    def make(round_id: int, department: str = "marketing", name: str | None = None) -> tuple[int, str]:
        with app.app_context():
            round_ = session().get(Round, round_id)
            assert round_ is not None
            invitation = rounds.invite(session(), app.config["SECRET_KEY"], round_, department, name)
            token = rounds.current_token(app.config["SECRET_KEY"], invitation)
            assert token is not None
            return invitation.id, token

    return make


@pytest.fixture
def respond(app: Flask) -> Callable[..., None]:
    """Answer (and by default submit) an invited respondent's assessment through the services."""

    def answer(token: str, answers: dict[str, str], submit: bool = True) -> None:
        with app.app_context():
            assessment = assessment_service.find(session(), token)
            assert assessment is not None
            assessment_service.save_answers(session(), assessment, answers)
            if submit:
                assessment_service.submit(session(), assessment)

    return answer


def invitation_of(app: Flask, invitation_id: int) -> Invitation:
    with app.app_context():
        invitation = session().get(Invitation, invitation_id)
        assert invitation is not None
        session().refresh(invitation)
        session().expunge(invitation)
        return invitation


def link_tokens(html: str) -> list[str]:
    """The invitation tokens in a round page's copyable links."""
    return re.findall(r'value="http://localhost/a/([A-Za-z0-9_-]+)"', html)


@pytest.fixture
def keys(questionnaire: Questionnaire) -> list[str]:
    return [d.key for d in questionnaire.dimensions]


@pytest.fixture
def add_round(app: Flask, make_round: Callable[..., int]) -> Callable[..., int]:
    """A round whose respondents submitted these scores: [(department, {dimension: score})]."""
    made = iter(range(1, 10_000))

    def add(client_id: int, name: str, held_on: date, respondents: list[tuple[str, Scores]]) -> int:
        round_id = make_round(client_id, name, held_on)
        with app.app_context():
            round_ = session().get(Round, round_id)
            assert round_ is not None
            for department, scores in respondents:
                assessment = Assessment(
                    token_hash=token_hash(f"{round_id}-{next(made)}"),
                    questionnaire_version_id=round_.questionnaire_version_id,
                    organisation_name="x",
                    department=department,
                    submitted_at=datetime.now(UTC),
                    submitted_scores=scores,
                )
                session().add(Invitation(round=round_, department=department, link_nonce="n", assessment=assessment))
            session().commit()
        return round_id

    return add


@pytest.fixture
def portfolio(
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    keys: list[str],
) -> dict[str, int]:
    """Four clients: three with a result (scores 1.5, 3.5, 2.5), one without any round."""
    ids = {}
    for name, sector, size, score in (
        ("Alpha", "government", "1-9", 1.5),
        ("Bravo", "education", "10-49", 3.5),
        ("Charlie", "government", "10-49", 2.5),
    ):
        ids[name] = make_client(consultant, name, sector=sector, size_band=size)
        add_round(ids[name], "R1", date(2025, 1, 1), [("board", every(keys, 1.0))])
        add_round(ids[name], "R2", date(2025, 5, 1), [("board", every(keys, score)), ("it", every(keys, score))])
    ids["Delta"] = make_client(consultant, "Delta", sector="education")
    return ids


def owner_of(app: Flask, client_id: int | None = None, token: str | None = None) -> Client | Assessment:
    found = (
        session().get(Client, client_id) if client_id is not None else assessment_service.find(session(), token or "")
    )
    assert found is not None
    return found


@pytest.fixture
def add_action(app: Flask, questionnaire: Questionnaire) -> Callable[..., int]:
    """An action in a client's (client_id) or an assessment's (token) plan; `created_at` to date it."""

    def add(
        title: str = "Set up a webcare team",
        client_id: int | None = None,
        token: str | None = None,
        created_at: datetime | None = None,
        **fields: object,
    ) -> int:
        with app.app_context():
            topics = [d.key for d in questionnaire.dimensions]
            made = actions.add(session(), owner_of(app, client_id, token), draft(title, **fields), topics)  # type: ignore[arg-type]
            if created_at is not None:
                made.created_at = created_at.astimezone(UTC)
                session().commit()
            return made.id

    return add
