"""Invitation timings: checking and storing 500 pasted lines, queueing 500 messages, and the worker sending them.

Usage: python -m benchmarks.invitations [--respondents N] [--workers N]. A throw-away SQLite database and job
queue (huey's SQLite storage, as on one machine), and a local SMTP server (aiosmtpd) on 127.0.0.1 receiving.
Each request must answer in under 1 s; the worker's rate is printed (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import re
import socket
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

from roadmap import create_app, jobs
from roadmap.db import db, session
from roadmap.models import Message
from roadmap.services import accounts, clients, rounds

PASSWORD = "benchmark password"
LIMIT = 1.0


class Counting:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, smtp_session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def setup(folder: Path, port: int) -> tuple[Flask, list[int]]:
    app = create_app(
        {
            "SECRET_KEY": "benchmark",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,  # plain POSTs
            "JOBS_SQLITE_FILE": str(folder / "jobs.sqlite"),
            "REDIS_URL": None,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
        }
    )
    with app.app_context():
        db.create_all()
        catalogue = app.extensions["questionnaires"]
        catalogue.store_all(session())
        user = accounts.create_user(session(), "bench@example.org", PASSWORD, "consultant", "Bench", "Firm")
        client = clients.save_client(session(), user, "Acme Ltd", None, None, {}, [])
        round_ids = [rounds.create_round(session(), catalogue, client, f"R{n}", date(2026, 3, 1)).id for n in (1, 2)]
    return app, round_ids


def post(client: FlaskClient, url: str, data: dict[str, str], expected: int) -> tuple[float, str]:
    start = time.perf_counter()
    response = client.post(url, data=data)
    seconds = time.perf_counter() - start
    assert response.status_code == expected, (url, response.status_code)
    return seconds, response.get_data(as_text=True)


def requests(client: FlaskClient, round_ids: list[int], count: int) -> dict[str, float]:
    text = "\n".join(f"Respondent {n}, r{n}@example.org, it" for n in range(count))
    timings = {}
    client.post(f"/rounds/{round_ids[0]}/invitations/import", data={"respondents": "x", "action": "preview"})  # warm-up
    for round_id, send in zip(round_ids, ("", "y"), strict=True):
        url = f"/rounds/{round_id}/invitations/import"
        data = {"respondents": text, "language": "en", "send": send}
        seconds, html = post(client, url, {**data, "action": "preview"}, 200)
        previewed = re.search(r'name="previewed" value="([0-9a-f]+)"', html)
        assert previewed
        label = "store and queue invitations" if send else "store"
        timings[f"preview {count} lines"] = seconds
        timings[f"confirm: {label}"] = post(
            client, url, {**data, "action": "confirm", **{"previewed": previewed[1]}}, 302
        )[0]
    timings[f"remind {count} (queue reminders)"] = post(client, f"/rounds/{round_ids[0]}/remind", {}, 302)[0]
    return timings


def deliver(server: Counting, expected: int, workers: int) -> float:
    consumer = jobs.huey.create_consumer(workers=workers, periodic=False, worker_type="thread")
    start = time.perf_counter()
    consumer.start()
    try:
        while server.count < expected and time.perf_counter() - start < 600:
            time.sleep(0.02)
    finally:
        seconds = time.perf_counter() - start
        consumer.stop(graceful=True)
    return seconds


def main(argv: list[str] | None = None) -> bool:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    server, port = Counting(), free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            app, round_ids = setup(Path(folder), port)
            client = app.test_client()
            client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
            timings = requests(client, round_ids, args.respondents)
            for label, seconds in timings.items():
                verdict = "ok" if seconds < LIMIT else f"SLOWER than {LIMIT:.0f} s"
                print(f"  {label:38} {seconds * 1000:8.1f} ms  {verdict}")
            with app.app_context():
                queued = session().scalar(sa.select(sa.func.count()).select_from(Message)) or 0
            seconds = deliver(server, queued, args.workers)
            print(
                f"  worker ({args.workers} threads): {server.count} of {queued} messages in {seconds:.1f} s, "
                f"{server.count / seconds:.0f} messages/s"
            )
            jobs.huey.flush()
    finally:
        controller.stop()
    return all(seconds < LIMIT for seconds in timings.values()) and server.count == queued


if __name__ == "__main__":
    import sys

    sys.exit(0 if main() else 1)
