"""The consultant's pages at scale: /portfolio and a client page with 1,000 clients x 3 rounds x 8 respondents.

Usage: python -m benchmarks.portfolio [--runs N] [--clients N] [--database-url URL]. Without --database-url it uses a
throw-away SQLite file; with one, it creates the tables, loads the data, measures, and empties the tables again
(give it a database of its own). Data is bulk-inserted (a few seconds), then each page is requested `runs` times
after a warm-up; the medians, 95th percentiles and SQL statement counts are printed. Targets in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from roadmap import create_app
from roadmap.db import db, session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Assessment, Client, Invitation, Round, User
from roadmap.services import accounts
from roadmap.services.questionnaires import Catalogue

TARGET_MS = 300
PASSWORD = "benchmark password 1"
SECTORS = ("government", "education", "healthcare", "retail", "finance", "media", None)
SIZES = ("1-9", "10-49", "50-249", "250-999", "1000-4999", "5000+", None)
DEPARTMENTS = ("board", "marketing", "service", "communications", "hr", "it", "sales", "other")


def load_portfolio(
    session: Session,
    catalogue: Catalogue,
    consultant: User,
    clients: int,
    rounds: int = 3,
    respondents: int = 8,
    seed: int = 1,
) -> list[int]:
    """Bulk-insert clients with submitted rounds for a consultant; returns the client ids."""
    rng = random.Random(seed)
    version = catalogue.stored_current(session, catalogue.default.id)
    questionnaire: Questionnaire = catalogue.default
    keys = [d.key for d in questionnaire.dimensions]
    client_ids = list(
        session.scalars(
            sa.insert(Client).returning(Client.id, sort_by_parameter_order=True),
            [
                {
                    "consultant_id": consultant.id,
                    "name": f"Client {number:04d}",
                    "sector": SECTORS[number % len(SECTORS)],
                    "size_band": SIZES[number % len(SIZES)],
                    "targets": {keys[0]: 3, keys[1]: 4} if number % 2 else {},
                }
                for number in range(clients)
            ],
        )
    )
    round_ids = list(
        session.scalars(
            sa.insert(Round).returning(Round.id, sort_by_parameter_order=True),
            [
                {
                    "client_id": client_id,
                    "name": f"Round {number + 1}",
                    "held_on": date(2024 + number, 3, 1),
                    "questionnaire_version_id": version.id,
                    "closed_at": datetime(2024 + number, 4, 1, tzinfo=UTC) if number < rounds - 1 else None,
                }
                for client_id in client_ids
                for number in range(rounds)
            ],
        )
    )
    now = datetime.now(UTC)
    assessments = []
    for round_id in round_ids:
        base = rng.uniform(1.2, 3.4)
        for number in range(respondents):
            scores = {k: round(min(4.0, max(1.0, base + rng.uniform(-0.8, 0.8))), 2) for k in keys}
            if number == 0:
                scores[keys[-1]] = None  # one respondent without enough answers on a topic
            assessments.append(
                {
                    "token_hash": f"{round_id:08d}{number:04d}".ljust(64, "0"),
                    "questionnaire_version_id": version.id,
                    "organisation_name": "benchmark",
                    "department": DEPARTMENTS[number % len(DEPARTMENTS)],
                    "language": "en",
                    "submitted_at": now,
                    "submitted_scores": scores,
                }
            )
    assessment_ids = list(
        session.scalars(sa.insert(Assessment).returning(Assessment.id, sort_by_parameter_order=True), assessments)
    )
    session.execute(
        sa.insert(Invitation),
        [
            {
                "round_id": round_ids[index // respondents],
                "assessment_id": assessment_id,
                "department": assessments[index]["department"],
                "link_nonce": f"{assessment_id:032x}",
            }
            for index, assessment_id in enumerate(assessment_ids)
        ],
    )
    session.commit()
    return client_ids


@contextmanager
def counted_statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run inside the block."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def measure(app: Flask, url: str, runs: int) -> tuple[list[float], int]:
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
    for number in range(2):  # warm: templates compiled, questionnaire parsed, caches filled
        assert client.get(url.format(run=f"w{number}")).status_code == 200
    with counted_statements(app) as statements:
        assert client.get(url.format(run="count")).status_code == 200
    times = []
    for number in range(runs):
        start = time.perf_counter()
        response = client.get(url.format(run=number))
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return times, len(statements)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def run(app: Flask, runs: int, clients: int) -> bool:
    with app.app_context():
        db.create_all()
        user = accounts.create_user(session(), "bench@example.org", PASSWORD, "consultant")
        start = time.perf_counter()
        client_ids = load_portfolio(session(), app.extensions["questionnaires"], user, clients)
        loaded = time.perf_counter() - start
    print(f"machine: {platform.node()}, {platform.machine()}, Python {platform.python_version()}")
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")
    print(f"data: {clients} clients x 3 rounds x 8 submitted respondents, bulk-loaded in {loaded:.1f} s; {runs} runs")
    ok = True
    pages = (
        ("/portfolio", "/portfolio"),
        # A query parameter of its own per run: the page's kept content never matches, it is built every time.
        ("/portfolio, content rebuilt", "/portfolio?run={run}"),
        ("client page", f"/clients/{client_ids[clients // 2]}"),
    )
    for label, url in pages:
        times, statements = measure(app, url, runs)
        median, high = statistics.median(times) * 1000, p95(times) * 1000
        ok = ok and median < TARGET_MS
        print(
            f"{label:<12} median {median:6.0f} ms   p95 {high:6.0f} ms   {statements} SQL statements"
            f"   target median < {TARGET_MS} ms"
        )
    return ok


def main(argv: list[str] | None = None) -> bool:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.portfolio", description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--database-url", help="SQLAlchemy URL of a database of its own (emptied afterwards)")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite:///{folder}/bench.sqlite"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
                "WTF_CSRF_ENABLED": False,
            }
        )
        app.instance_path = folder
        try:
            return run(app, arguments.runs, arguments.clients)
        finally:
            with app.app_context():
                db.session.remove()
                with db.engine.begin() as connection:
                    for table in reversed(db.metadata.sorted_tables):
                        connection.execute(table.delete())
                db.engine.dispose()


if __name__ == "__main__":
    import sys

    sys.exit(0 if main() else 1)
