"""Demo data: a demo consultant with fictional clients, rounds and respondents (`flask --app wsgi demo load`,
in roadmap/cli.py).

The data is planned by seeded pure functions (same seed, same data) and written with bulk inserts, so 1,000
clients load in seconds. Every row is what the services would store for the same history: an invitation per
respondent whose link token is derived as `services.rounds.invite` does, answers as `save_answers` stores them,
and for a submitted respondent the dimension scores computed by `dimension_scores`, as `submit` does.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap import change_log
from roadmap.domain import vocabulary
from roadmap.domain.questionnaire import PHASE_KEYS, Question, Questionnaire
from roadmap.domain.scoring import dimension_scores
from roadmap.models import Answer, Assessment, Client, Firm, Invitation, Membership, ReportCache, Round, User
from roadmap.services import accounts
from roadmap.services.assessments import token_hash
from roadmap.services.questionnaires import Catalogue
from roadmap.services.rounds import link_token

T = TypeVar("T")
ANSWERS: sa.Table = Answer.__table__  # type: ignore[assignment]
DEMO_EMAIL = "demo@example.org"
DEMO_MARK = "(demo)"
SEED = 2024
# Fictional organisations (any likeness to a real one is chance), each with a sector and a size band.
ORGANISATIONS = [
    ("Harbourview Municipality", "government", "1000-4999"),
    ("Bluefin Insurance", "finance", "250-999"),
    ("Copperleaf College", "education", "250-999"),
    ("Saint Elmo Care Group", "healthcare", "5000+"),
    ("Tinker & Sons Hardware", "retail", "10-49"),
    ("Northstar Rail", "travel", "1000-4999"),
    ("Brightwater Energy", "utilities", "5000+"),
    ("Lanternfish Media", "media", "50-249"),
    ("Quillby Legal Services", "business_services", "10-49"),
    ("Ironbark Machines", "manufacturing", "250-999"),
    ("Open Hands Foundation", "non_profit", "1-9"),
    ("Pebblestone Bakery", "other", "50-249"),
]
DEPARTMENTS = tuple(key for key in vocabulary.DEPARTMENTS if key != vocabulary.OTHER_DEPARTMENT)
FIRST_NAMES = ("Alex", "Bo", "Charlie", "Dani", "Eli", "Femke", "Gijs", "Hana", "Ilse", "Jip", "Kai", "Lotte")
ROUND_DATES = (date(2024, 3, 12), date(2024, 10, 8), date(2025, 4, 15), date(2025, 10, 21), date(2026, 5, 19))


@dataclass
class PlannedRespondent:
    department: str
    name: str | None
    answers: dict[str, str]
    submitted: bool


@dataclass
class PlannedRound:
    name: str
    held_on: date
    closed: bool
    respondents: list[PlannedRespondent] = field(default_factory=list)


@dataclass
class PlannedClient:
    name: str
    sector: str
    size_band: str
    targets: dict[str, int]
    rounds: list[PlannedRound] = field(default_factory=list)


@dataclass(frozen=True)
class Loaded:
    clients: int
    rounds: int
    respondents: int


def client_name(number: int) -> str:
    """The fictional name of the demo's `number`th client (from 0), always marked as demo."""
    base = ORGANISATIONS[number % len(ORGANISATIONS)][0]
    series = number // len(ORGANISATIONS)
    return f"{base} {series + 1} {DEMO_MARK}" if series else f"{base} {DEMO_MARK}"


def plan(questionnaire: Questionnaire, clients: int, seed: int = SEED) -> Iterator[PlannedClient]:
    """The demo's clients, deterministic for a seed: maturity grows over rounds; some dimensions split opinion."""
    choices_of = {q.key: _choices(q) for q in questionnaire.questions}
    for number in range(clients):
        rng = random.Random(f"{seed}:{number}")
        _base, sector, size_band = ORGANISATIONS[number % len(ORGANISATIONS)]
        dimension_keys = [d.key for d in questionnaire.dimensions]
        start = {key: rng.uniform(1.0, 2.6) for key in dimension_keys}
        targets = {key: rng.randint(3, len(PHASE_KEYS)) for key in rng.sample(dimension_keys, 4)} if number % 3 else {}
        # One or two dimensions where departments see things differently: the "not aligned" finding.
        contested = set(rng.sample(dimension_keys, rng.randint(1, 2)))
        count = rng.randint(2, 4)
        dates = [*sorted(rng.sample(ROUND_DATES[:-1], count - 1)), ROUND_DATES[-1]]
        client = PlannedClient(client_name(number), sector, size_band, targets)
        for index, held_on in enumerate(dates):
            latest = index == count - 1
            growth = index * rng.uniform(0.25, 0.6)
            planned = PlannedRound(f"{_season(held_on)} {held_on.year}", held_on, closed=not latest)
            for department in rng.sample(DEPARTMENTS, rng.randint(4, 6)) + rng.sample(DEPARTMENTS, rng.randint(0, 2)):
                offset = rng.uniform(-0.4, 0.4)
                levels = {
                    key: start[key] + growth + offset + (rng.choice((-1.2, 1.2)) if key in contested else 0)
                    for key in dimension_keys
                }
                # In the open round some respondents have not started or not finished yet.
                progress = rng.random() if latest else 1.0
                answers = _answers(questionnaire, choices_of, levels, rng) if progress > 0.15 else {}
                if progress < 0.35 and answers:
                    answers = dict(list(answers.items())[: len(answers) // 2])
                name = rng.choice(FIRST_NAMES) if rng.random() < 0.5 else None
                planned.respondents.append(PlannedRespondent(department, name, answers, submitted=progress >= 0.35))
            client.rounds.append(planned)
        yield client


def _season(held_on: date) -> str:
    return "Spring" if held_on.month < 7 else "Autumn"


def _answers(
    questionnaire: Questionnaire, choices_of: dict[str, _Choices], levels: dict[str, float], rng: random.Random
) -> dict[str, str]:
    answers = {}
    for dimension in questionnaire.dimensions:
        level = levels[dimension.key]
        for question in dimension.questions:
            choices = choices_of[question.key]
            if choices.dont_know and rng.random() < 0.04:
                answers[question.key] = choices.dont_know
            else:
                wanted = min(max(round(level + rng.gauss(0, 0.5)), 1), len(PHASE_KEYS))
                answers[question.key] = choices.by_level[wanted - 1]
    return answers


@dataclass(frozen=True)
class _Choices:
    by_level: tuple[str, ...]  # the option nearest to each phase level
    dont_know: str | None


def _choices(question: Question) -> _Choices:
    known = [o for o in question.options if o.level is not None]
    nearest = tuple(
        min(known, key=lambda o: abs((o.level or 0) - level)).key for level in range(1, len(PHASE_KEYS) + 1)
    )
    return _Choices(nearest, next((o.key for o in question.options if o.level is None), None))


def demo_user(session: Session) -> User | None:
    return session.scalar(sa.select(User).filter_by(email=DEMO_EMAIL))


def remove(session: Session) -> bool:
    """Remove the demo consultant with all their clients, rounds and answers; nobody else's data."""
    user = demo_user(session)
    if user is None:
        return False
    clients = sa.select(Client.id).where(Client.consultant_id == user.id)
    rounds = sa.select(Round.id).where(Round.client_id.in_(clients))
    assessments = sa.select(Invitation.assessment_id).where(Invitation.round_id.in_(rounds))
    # Explicit deletes in dependency order: quick for a large demo, and independent of ON DELETE support.
    assessment_ids = list(session.scalars(assessments))
    for chunk in _chunks(assessment_ids, 5000):
        session.execute(sa.delete(Answer).where(Answer.assessment_id.in_(chunk)))
        session.execute(sa.delete(ReportCache).where(ReportCache.assessment_id.in_(chunk)))
        session.execute(sa.delete(Invitation).where(Invitation.assessment_id.in_(chunk)))
        session.execute(sa.delete(Assessment).where(Assessment.id.in_(chunk)))
    session.execute(sa.delete(Round).where(Round.client_id.in_(clients)))
    session.execute(sa.delete(Client).where(Client.consultant_id == user.id))
    firm_id = user.membership.firm_id if user.membership else None
    session.execute(sa.delete(Membership).where(Membership.user_id == user.id))
    session.execute(sa.delete(User).where(User.id == user.id))
    if firm_id is not None and session.scalar(sa.select(Membership.id).filter_by(firm_id=firm_id).limit(1)) is None:
        session.execute(sa.delete(Firm).where(Firm.id == firm_id))
    change_log.everything(session)  # bulk deletes: the session events do not see them
    session.commit()
    return True


def load(
    session: Session, catalogue: Catalogue, secret_key: str, password: str, clients: int = 12, seed: int = SEED
) -> Loaded:
    """Replace the demo data: a fresh demo consultant with `clients` fictional clients."""
    remove(session)
    user = accounts.create_user(
        session, DEMO_EMAIL, password, "consultant", name="Demo Consultant", firm=f"Roadmap Consultancy {DEMO_MARK}"
    )
    version = catalogue.stored_current(session, catalogue.default.id)
    planned = list(plan(catalogue.default, clients, seed))
    client_rows = [
        {
            "consultant_id": user.id,
            "firm_id": user.membership.firm_id if user.membership else None,
            "name": c.name,
            "sector": c.sector,
            "size_band": c.size_band,
            "targets": c.targets,
        }
        for c in planned
    ]
    client_ids = _insert(session, Client, client_rows, key=("consultant_id", "name"))
    round_plans = [
        (client_id, client, r) for client_id, client in zip(client_ids, planned, strict=True) for r in client.rounds
    ]
    round_ids = _insert(
        session, Round, [_round_row(c_id, r, version.id) for c_id, _c, r in round_plans], key=("client_id", "held_on")
    )
    respondents = _insert_respondents(
        session,
        catalogue.default,
        version.id,
        secret_key,
        [(r_id, c, r) for r_id, (_i, c, r) in zip(round_ids, round_plans, strict=True)],
    )
    change_log.everything(session)  # bulk inserts: the session events do not see them
    session.commit()
    return Loaded(len(client_ids), len(round_ids), respondents)


def _round_row(client_id: int, planned_round: PlannedRound, version_id: int) -> dict[str, object]:
    return {
        "client_id": client_id,
        "name": planned_round.name,
        "held_on": planned_round.held_on,
        "questionnaire_version_id": version_id,
        "closed_at": _moment(planned_round.held_on + timedelta(days=21)) if planned_round.closed else None,
        "created_at": _moment(planned_round.held_on - timedelta(days=14)),
        # Named: the demo's rounds of four to eight fictional respondents show their departments and names.
        "confidential": False,
    }


def _insert_respondents(
    session: Session,
    questionnaire: Questionnaire,
    version_id: int,
    secret_key: str,
    rounds: list[tuple[int, PlannedClient, PlannedRound]],
) -> int:
    """Every planned respondent of these rounds (round id, client, plan): assessment, invitation, link, answers."""
    assessment_rows, invitation_rows, respondents = [], [], []
    for round_id, client, planned_round in rounds:
        invited = _moment(planned_round.held_on - timedelta(days=13))
        for offset, respondent in enumerate(planned_round.respondents):
            assessment_rows.append(_assessment_row(questionnaire, version_id, client, respondent, invited, offset))
            invitation_rows.append(
                {
                    "round_id": round_id,
                    "department": respondent.department,
                    "name": respondent.name,
                    "link_nonce": secrets.token_hex(16),
                    "created_at": invited,
                }
            )
            respondents.append(respondent)
    assessment_ids = _insert(session, Assessment, assessment_rows, key=("token_hash",))
    for row, assessment_id in zip(invitation_rows, assessment_ids, strict=True):
        row["assessment_id"] = assessment_id
    invitation_ids = _insert(session, Invitation, invitation_rows, key=("assessment_id",))
    _set_link_tokens(
        session, secret_key, assessment_ids, invitation_ids, [str(r["link_nonce"]) for r in invitation_rows]
    )
    answer_rows = [
        {"assessment_id": assessment_id, "question_key": key, "option_key": option}
        for assessment_id, respondent in zip(assessment_ids, respondents, strict=True)
        for key, option in respondent.answers.items()
    ]
    _insert_answers(session, answer_rows)
    return len(assessment_ids)


def _set_link_tokens(
    session: Session, secret_key: str, assessment_ids: list[int], invitation_ids: list[int], nonces: list[str]
) -> None:
    """The link token depends on the invitation's id, known only now (as in services.rounds.invite)."""
    hashes = [
        (a_id, token_hash(link_token(secret_key, i_id, nonce)))
        for a_id, i_id, nonce in zip(assessment_ids, invitation_ids, nonces, strict=True)
    ]
    table: sa.Table = Assessment.__table__  # type: ignore[assignment]
    update = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("assessment_id"))
        .values(token_hash=sa.bindparam("hash"), updated_at=table.c.updated_at)  # not "now": it is the same row
    )
    for chunk in _chunks(hashes, 5000):
        session.execute(update, [{"assessment_id": a_id, "hash": h} for a_id, h in chunk])


def _assessment_row(
    questionnaire: Questionnaire,
    version_id: int,
    client: PlannedClient,
    respondent: PlannedRespondent,
    invited: datetime,
    offset: int,
) -> dict[str, object]:
    answered_at = invited + timedelta(days=1 + offset % 9, hours=offset)
    submitted = respondent.submitted and bool(respondent.answers)
    # The revision as the services leave it: 1 at creation, +1 for the saved answers, +1 for submitting.
    revision = 1 + bool(respondent.answers) + submitted
    return {
        "token_hash": token_hash(secrets.token_urlsafe(32)),  # replaced once the invitation has its id
        "questionnaire_version_id": version_id,
        "organisation_name": client.name,
        "sector": client.sector,
        "size_band": client.size_band,
        "department": respondent.department,
        "language": "en",
        "created_at": invited,
        "updated_at": answered_at if respondent.answers else invited,
        "submitted_at": answered_at if submitted else None,
        "submitted_scores": dimension_scores(questionnaire, respondent.answers) if submitted else None,
        "revision": revision,
    }


def _insert(session: Session, model: Any, rows: list[dict[str, Any]], key: tuple[str, ...]) -> list[int]:
    """Insert rows in bulk; their new ids, in the order of the rows.

    The ids come back by `key`, columns that tell the new rows apart: batched INSERT ... RETURNING is quick on
    both databases, but asking it to keep the rows' order is slow on SQLite.
    """
    table = model.__table__
    columns = [table.c[name] for name in key]
    found = {}
    for chunk in _chunks(rows, 5000):
        for row in session.execute(sa.insert(table).returning(table.c.id, *columns), chunk):
            found[tuple(row[1:])] = row[0]
    return [found[tuple(row[name] for name in key)] for row in rows]


def _insert_answers(session: Session, rows: list[dict[str, Any]]) -> None:
    """The answers, by far the most rows: COPY on PostgreSQL, batched multi-row INSERTs elsewhere."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection  # psycopg 3, in this session's transaction
        assert driver is not None
        with (
            driver.cursor() as cursor,
            cursor.copy("COPY answers (assessment_id, question_key, option_key) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row((row["assessment_id"], row["question_key"], row["option_key"]))
        return
    for chunk in _chunks(rows, 20000):
        # RETURNING lets SQLAlchemy batch the rows into multi-row INSERTs ("insertmanyvalues").
        session.execute(sa.insert(ANSWERS).returning(ANSWERS.c.id), chunk).all()


def _chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)
