"""The consultant's pages at scale: /portfolio and a client page with 1,000 clients x 3 rounds x 8 respondents.

Usage: python -m benchmarks.portfolio [--runs N] [--clients N] [--database-url URL] [--demo] [--browser]. Without
--database-url it uses a throw-away SQLite file; with one, it creates the tables, loads the data, measures, and
empties the tables again (give it a database of its own). Data is bulk-inserted (a few seconds), or with --demo
loaded by `flask demo load --clients N` (the demo's own mix of rounds and respondents), then each page is requested
`runs` times after a warm-up; the medians, 95th percentiles and SQL statement counts are printed. "First view after a
change" changes one respondent's submitted scores before each request, so the round's result and the page are made
anew. With --browser the portfolio is also opened in Chromium, served by a threaded Werkzeug server in this process:
the time from navigation until every chart on it is drawn, and the page's size. Targets in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import logging
import platform
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from roadmap import change_log, create_app
from roadmap.db import db, session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Assessment, Client, Invitation, Round, User
from roadmap.services import accounts
from roadmap.services.questionnaires import Catalogue

TARGET_MS = 300
BROWSER_TARGET_MS = 500
PASSWORD = "benchmark password 1"
SECTORS = ("government", "education", "healthcare", "retail", "finance", "media", None)
SIZES = ("1-9", "10-49", "50-249", "250-999", "1000-4999", "5000+", None)
DEPARTMENTS = ("board", "marketing", "service", "communications", "hr", "it", "sales", "other")


def client_rows(consultant: User, clients: int, keys: list[str]) -> list[dict[str, Any]]:
    """The consultant's firm's clients, led by the consultant, of every sector and size, half with targets."""
    return [
        {
            "consultant_id": consultant.id,
            "firm_id": consultant.membership.firm_id if consultant.membership else None,
            "name": f"Client {number:04d}",
            "sector": SECTORS[number % len(SECTORS)],
            "size_band": SIZES[number % len(SIZES)],
            "targets": {keys[0]: 3, keys[1]: 4} if number % 2 else {},
        }
        for number in range(clients)
    ]


def respondent_rows(
    rng: random.Random, round_ids: list[int], respondents: int, version_id: int, keys: list[str]
) -> list[dict[str, Any]]:
    """Submitted assessments for each round, scattered around a level of the round's own."""
    now = datetime.now(UTC)
    rows = []
    for round_id in round_ids:
        base = rng.uniform(1.2, 3.4)
        for number in range(respondents):
            scores = {k: round(min(4.0, max(1.0, base + rng.uniform(-0.8, 0.8))), 2) for k in keys}
            if number == 0:
                scores[keys[-1]] = None  # one respondent without enough answers on a topic
            rows.append(
                {
                    "token_hash": f"{round_id:08d}{number:04d}".ljust(64, "0"),
                    "questionnaire_version_id": version_id,
                    "organisation_name": "benchmark",
                    "department": DEPARTMENTS[number % len(DEPARTMENTS)],
                    "language": "en",
                    "submitted_at": now,
                    "submitted_scores": scores,
                }
            )
    return rows


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
            sa.insert(Client).returning(Client.id, sort_by_parameter_order=True), client_rows(consultant, clients, keys)
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
    assessments = respondent_rows(rng, round_ids, respondents, version.id, keys)
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
    change_log.everything(session)  # bulk inserts: the session events do not see them
    session.commit()
    return client_ids


@contextmanager
def counted_statements(
    app: Flask, describe: Callable[[sa.Connection, str], Any] = lambda _connection, statement: statement
) -> Iterator[list[Any]]:
    """The SQL statements run inside the block (or what `describe` makes of each, with its connection)."""
    statements: list[Any] = []

    def count(connection: sa.Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(describe(connection, statement))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def measure(
    app: Flask, email: str, url: str, runs: int, before: Callable[[int], None] | None = None
) -> tuple[list[float], int]:
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    for number in range(2):  # warm: templates compiled, questionnaire parsed, caches filled
        assert client.get(url.format(run=f"w{number}")).status_code == 200
    if before is not None:
        before(-1)  # not counted: the change's own statements (its commit logs it) are not the view's
    with counted_statements(app) as statements:
        assert client.get(url.format(run="count")).status_code == 200
    times = []
    for number in range(runs):
        if before is not None:
            before(number)  # not timed
        start = time.perf_counter()
        response = client.get(url.format(run=number))
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return times, len(statements)


def forget(_number: int) -> None:
    """Before each request: this process forgets what it kept, as a process that has just started."""
    from roadmap.services import portfolio, portfolio_kept
    from roadmap.web.workspace import portfolio_view

    with portfolio._cache_lock, portfolio_kept._lock:
        portfolio._cache.clear()
        portfolio_kept._kept.clear()
    portfolio_view.page_cache = portfolio_view.PageCache()


def warmed(app: Flask) -> Callable[[int], None]:
    """Before each request: forgotten, then warmed up as a new gunicorn worker does (its time printed once)."""
    from roadmap.services.portfolio_kept import warm_in_background

    def warm(number: int) -> None:
        forget(number)
        start = time.perf_counter()
        warm_in_background(app).join()
        if number == 0:
            print(f"{'  (the warm-up, in the background)':<38} {(time.perf_counter() - start) * 1000:6.0f} ms")

    return warm


def changer(app: Flask, email: str) -> Callable[[int], None]:
    """Before each request: one respondent of the consultant's latest round submits changed scores."""
    with app.app_context():
        assessment_id = session().scalar(
            sa.select(Assessment.id)
            .join(Invitation, Invitation.assessment_id == Assessment.id)
            .join(Round, Round.id == Invitation.round_id)
            .join(Client, Client.id == Round.client_id)
            .join(User, User.id == Client.consultant_id)
            .where(User.email == email, Assessment.submitted_at.is_not(None))
            .order_by(Round.held_on.desc(), Assessment.id)
            .limit(1)
        )
        assessment = session().get(Assessment, assessment_id)
        assert assessment is not None and assessment.submitted_scores
        scores = dict(assessment.submitted_scores)

    def change(number: int) -> None:
        with app.app_context():
            changed = {key: 1.0 + (number + 10) % 30 / 10 for key in scores}
            assessment = session().get(Assessment, assessment_id)
            assert assessment is not None
            assessment.submitted_scores = changed  # as a resubmission does, through the ORM: the change is logged
            assessment.revision = Assessment.revision + 1
            session().commit()

    return change


def load_demo(app: Flask, clients: int) -> tuple[str, list[int]]:
    """`flask demo load --clients N`, the command itself; returns the demo account's e-mail and its client ids."""
    from roadmap.services.demo import DEMO_EMAIL

    with app.app_context():
        app.extensions["questionnaires"].store_all(session())
    command = ["demo", "load", "--clients", str(clients), "--password-stdin"]
    result = app.test_cli_runner().invoke(args=command, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        ids = session().scalars(
            sa.select(Client.id).join(User, User.id == Client.consultant_id).where(User.email == DEMO_EMAIL)
        )
        return DEMO_EMAIL, sorted(ids)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def run(app: Flask, runs: int, clients: int, demo: bool, browser: bool) -> bool:
    start = time.perf_counter()
    with app.app_context():
        db.create_all()
        if demo:
            email, client_ids = load_demo(app, clients)
            shape = f"{clients} clients of `flask demo load --clients {clients}`"
        else:
            email = "bench@example.org"
            user = accounts.create_user(session(), email, PASSWORD, "consultant")
            client_ids = load_portfolio(session(), app.extensions["questionnaires"], user, clients)
            shape = f"{clients} clients x 3 rounds x 8 submitted respondents"
    loaded = time.perf_counter() - start
    print(f"machine: {platform.node()}, {platform.machine()}, Python {platform.python_version()}")
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}")
    print(f"data: {shape}, loaded in {loaded:.1f} s; {runs} runs")
    ok = True
    pages: tuple[tuple[str, str, Callable[[int], None] | None], ...] = (
        ("/portfolio", "/portfolio", None),
        # A query parameter of its own per run: the page's kept content never matches, it is built every time.
        ("/portfolio, content rebuilt", "/portfolio?run={run}", None),
        ("/portfolio, first view after a change", "/portfolio", changer(app, email)),
        # Nothing kept: every client and round read and aggregated (a new process, or a change of unknown clients).
        ("/portfolio, a new process's first view", "/portfolio", forget),
        # gunicorn_conf.post_worker_init: a new worker reads the portfolios in the background before anyone asks.
        ("/portfolio, a new worker's first view", "/portfolio", warmed(app)),
        ("/portfolio?q=, a search", "/portfolio?q=1{run}", None),
        ("client page", f"/clients/{client_ids[len(client_ids) // 2]}", None),
    )
    for label, url, before in pages:
        times, statements = measure(app, email, url, runs, before)
        median, high = statistics.median(times) * 1000, p95(times) * 1000
        ok = ok and median < TARGET_MS
        print(
            f"{label:<38} median {median:6.0f} ms   p95 {high:6.0f} ms   {statements:3} SQL statements"
            f"   target median < {TARGET_MS} ms"
        )
    hello = [timed_get(app.test_client(), "/hello") for _ in range(runs)]
    print(f"{'hello-world, same client (floor)':<38} median {statistics.median(hello) * 1000:6.1f} ms")
    if browser:
        ok = in_chromium(app, email, runs) and ok
    return ok


def timed_get(client: FlaskClient, url: str) -> float:
    start = time.perf_counter()
    assert client.get(url).status_code == 200
    return time.perf_counter() - start


def in_chromium(app: Flask, email: str, runs: int) -> bool:
    """The portfolio in Chromium: navigation until every chart is drawn, after a warm-up visit (scripts cached)."""
    from playwright.sync_api import sync_playwright

    from benchmarks.first_visit import CHROMIUM, CHROMIUM_ARGS, main_thread_seconds

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    drawn = "[...document.querySelectorAll('.chart-area')].every(c => c.dataset.rendered === 'true')"
    times, sizes, served, cpu = [], [], [], []
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = chromium.new_page()
            page.goto(base + "/login")
            page.fill("input[name=email]", email)
            page.fill("input[name=password]", PASSWORD)
            page.locator("main button[type=submit]").click()
            page.wait_for_load_state()
            devtools = page.context.new_cdp_session(page)
            devtools.send("Performance.enable")
            for number in range(runs + 1):
                before = main_thread_seconds(devtools)
                page.goto(base + "/portfolio", wait_until="load")
                page.wait_for_function(drawn, timeout=30_000)
                if number:  # the first visit fetches and compiles plotly.js: a warm-up
                    times.append(float(page.evaluate("performance.now()")))
                    cpu.append((main_thread_seconds(devtools) - before) * 1000)
                    served.append(float(page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd")))
                    sizes.append(len(page.content().encode()))
            chromium.close()
    finally:
        server.shutdown()
        thread.join(5)
    shown, size = statistics.median(times), statistics.median(sizes) / 1000
    verdict = "met" if shown < BROWSER_TARGET_MS else "NOT met"
    label = "/portfolio in Chromium, charts drawn"
    print(f"{label:<38} median {shown:6.0f} ms   page {size:.0f} kB   target < {BROWSER_TARGET_MS} ms: {verdict}")
    print(f"{'  of which: the page received':<38} median {statistics.median(served):6.0f} ms")
    print(f"{'  the tab main thread busy (CPU)':<38} median {statistics.median(cpu):6.0f} ms")
    return shown < BROWSER_TARGET_MS


def main(argv: list[str] | None = None) -> bool:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.portfolio", description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--database-url", help="SQLAlchemy URL of a database of its own (emptied afterwards)")
    parser.add_argument("--demo", action="store_true", help="load the clients with `flask demo load --clients N`")
    parser.add_argument("--browser", action="store_true", help="also open the portfolio in Chromium")
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
        app.add_url_rule("/hello", "hello", lambda: "Hello, World!")  # the floor, as in benchmarks/wsgi.py
        try:
            return run(app, arguments.runs, arguments.clients, arguments.demo, arguments.browser)
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
