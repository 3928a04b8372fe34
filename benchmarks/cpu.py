"""CPU time per request in-process (Flask test client): where the HTTP benchmark's shares come from.

    .venv/bin/python -m benchmarks.cpu [--requests 200] [--repeat 5] [--profile "questionnaire page"]
        [--database-url postgresql://roadmap:roadmap@127.0.0.1:5432/roadmap_bench]

The same four requests as `benchmarks http` (hello-world, a questionnaire page, saving it, the result page) on a
throw-away SQLite database (or the PostgreSQL database given, emptied first), each measured with
`time.process_time()` over N requests after a warm-up, so the figures do not depend on wrk, gunicorn or the
machine's other load as much as the HTTP ones do. With --repeat N each is measured N times and the fastest and the
median are printed: on a shared machine the fastest is the steadiest figure (the others include time taken by
neighbours). The CPU time is this process's only: a PostgreSQL server's own work is not in it.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import tempfile
import time
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from benchmarks.portfolio import counted_statements
from roadmap import create_app
from roadmap.db import db

WARM_UP = 20


def prepared(folder: str, database_url: str | None = None) -> tuple[FlaskClient, dict[str, Callable[[], TestResponse]]]:
    """The four requests on a fresh database: a SQLite file in `folder`, or `database_url` emptied first."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder}/cpu.sqlite",
            "SECRET_KEY": "benchmark",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    app.add_url_rule("/hello", "hello", lambda: "Hello")
    with app.app_context():
        db.drop_all()
        db.create_all()
        app.extensions["questionnaires"].store_all(db.session)
    client = app.test_client()
    started = client.post("/start", data={"organisation_name": "Bench"})
    match = re.search(r"/a/([^/]+)/link", started.headers["Location"])
    assert match, started.headers
    token = match.group(1)
    questionnaire = app.extensions["questionnaires"].default
    keys = [question.key for question in questionnaire.dimensions[0].questions]
    forms = [{"action": "next", **dict.fromkeys(keys, option)} for option in ("dialogue", "engagement")]
    answers = {q.key: "engagement" for q in questionnaire.questions}
    created = client.post(
        "/api/v1/assessments",
        json={"questionnaire": questionnaire.id, "organisation": {"name": "Bench"}, "answers": answers},
    )
    submitted = created.get_json()["token"]
    page = f"/a/{token}/page/1"
    turn = iter(range(10**9))
    requests: dict[str, Callable[[], TestResponse]] = {
        "hello-world": lambda: client.get("/hello"),
        "questionnaire page": lambda: client.get(page),
        "save a page": lambda: client.post(page, data=forms[next(turn) % 2]),
        "result page": lambda: client.get(f"/a/{submitted}/result"),
    }
    return client, requests


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1, help="measure each N times: the fastest and the median")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key (cumulative, tottime)")
    parser.add_argument("--database-url", help="a PostgreSQL database to use (emptied first) instead of SQLite")
    parser.add_argument("--profile", help="profile this request instead and print the top functions")
    parser.add_argument("--statements", action="store_true", help="print the database round trips of each request")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        client, requests = prepared(folder, arguments.database_url)
        for name, request in requests.items():
            if arguments.profile and name != arguments.profile:
                continue
            for _ in range(WARM_UP):
                assert request().status_code in (200, 302)
            if arguments.statements:
                print(f"{name:20} {round_trips(client.application, request)}")
                continue
            if arguments.profile:
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(arguments.requests):
                    request()
                profile.disable()
                pstats.Stats(profile).sort_stats(arguments.sort).print_stats(40)
                continue
            times = sorted(cpu_per_request(request, arguments.requests) for _ in range(arguments.repeat))
            print(f"{name:20} {times[0]:6.2f} ms CPU per request (median {times[len(times) // 2]:.2f} of {len(times)})")


def round_trips(app: Flask, request: Callable[[], TestResponse]) -> str:
    """What one request asks of the database: pings, statements, commits and rollbacks, each a round trip.

    (On PostgreSQL the first statement of a transaction is preceded by psycopg's BEGIN: one more.)"""
    with app.app_context():
        engine = db.engine
    with counted_statements(app, lambda _connection, text: " ".join(text.split())[:60]) as seen:

        def ping(_dbapi_connection: object) -> bool:
            seen.append("(ping)")
            return True

        listeners = {"commit": lambda _c: seen.append("(commit)"), "rollback": lambda _c: seen.append("(rollback)")}
        for event, listener in listeners.items():
            sa.event.listen(engine, event, listener)
        real_ping = engine.dialect.do_ping
        engine.dialect.do_ping = ping  # type: ignore[method-assign]
        try:
            request()
        finally:
            engine.dialect.do_ping = real_ping  # type: ignore[method-assign]
            for event, listener in listeners.items():
                sa.event.remove(engine, event, listener)
    return f"{len(seen)}: " + "; ".join(seen)


def cpu_per_request(request: Callable[[], TestResponse], requests: int) -> float:
    start = time.process_time()
    for _ in range(requests):
        request()
    return (time.process_time() - start) / requests * 1000


if __name__ == "__main__":
    main()
