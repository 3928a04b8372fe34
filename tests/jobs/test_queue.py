"""The job queue itself: a queued delivery waits in the storage until a consumer runs it, on SQLite and on Redis.

Everywhere else the tests run jobs at once (JOBS_IMMEDIATE); here the real huey consumer works the queue.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from huey.storage import RedisStorage, SqliteStorage

from roadmap import jobs
from roadmap.db import session
from roadmap.models import Message
from roadmap.services import delivery, rounds
from tests.conftest import empty_database, make_app

REDIS_URL = os.environ.get("REDIS_URL")


def queue_app(database_url: str, tmp_path: Path, **config: object) -> Iterator[Flask]:
    app = make_app(
        database_url, tmp_path, JOBS_IMMEDIATE=False, JOBS_SQLITE_FILE=str(tmp_path / "jobs.sqlite"), **config
    )
    with empty_database(app):
        jobs.huey.flush()
        yield app
    jobs.huey.flush()


@pytest.fixture
def sqlite_queue(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    yield from queue_app(database_url, tmp_path, REDIS_URL=None)


@pytest.fixture
def redis_queue(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set: no Redis server to put the queue in")
    yield from queue_app(database_url, tmp_path, REDIS_URL=REDIS_URL)


def queued_invitation(app: Flask) -> int:
    """A respondent with an e-mail address and a queued invitation message; returns the message id."""
    from roadmap.services import accounts, clients

    with app.app_context():
        app.extensions["questionnaires"].store_all(session())
        user = accounts.create_user(session(), "anna@example.org", "correct horse battery", "consultant", "Anna", None)
        client = clients.save_client(session(), user, "Acme", None, None, {}, [])
        round_ = rounds.create_round(session(), app.extensions["questionnaires"], client, "Baseline", date(2026, 3, 1))
        invitation = rounds.invite(session(), app.config["SECRET_KEY"], round_, "it", "Mila")
        invitation.email = "mila@example.org"
        session().commit()
        (message_id,) = delivery.queue(session(), [invitation], delivery.Kind.INVITATION)
        return message_id


def state_of(app: Flask, message_id: int) -> str:
    with app.app_context():
        message = session().get(Message, message_id)
        assert message is not None
        return message.state


def work_until(app: Flask, done: Callable[[], bool], seconds: float = 15) -> None:
    consumer = jobs.huey.create_consumer(workers=1, periodic=False, worker_type="thread")
    consumer.start()
    try:
        deadline = time.monotonic() + seconds
        while not done() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        consumer.stop(graceful=True)


def check_queue_delivers(app: Flask, tmp_path: Path) -> None:
    message_id = queued_invitation(app)
    jobs.deliver(message_id)
    assert jobs.huey.pending_count() == 1, "the job waits in the queue until a worker takes it"
    assert state_of(app, message_id) == "queued"
    work_until(app, lambda: state_of(app, message_id) != "queued")
    assert state_of(app, message_id) == "sent"
    assert jobs.huey.pending_count() == 0
    (eml,) = (tmp_path / "instance" / "mail").glob("*.eml")
    assert b"mila@example.org" in eml.read_bytes()


def test_the_queue_on_sqlite_in_the_instance_folder(sqlite_queue: Flask, tmp_path: Path) -> None:
    assert isinstance(jobs.huey.storage, SqliteStorage)
    check_queue_delivers(sqlite_queue, tmp_path)


@pytest.mark.redis
def test_the_queue_on_redis(redis_queue: Flask, tmp_path: Path) -> None:
    assert isinstance(jobs.huey.storage, RedisStorage)
    check_queue_delivers(redis_queue, tmp_path)


def test_redis_is_chosen_by_redis_url(database_url: str, tmp_path: Path) -> None:
    app = make_app(database_url, tmp_path, JOBS_IMMEDIATE=False, REDIS_URL="redis://127.0.0.1:6379/4")
    assert isinstance(jobs.storage_for(app), RedisStorage)
    app = make_app(database_url, tmp_path, JOBS_IMMEDIATE=False, REDIS_URL=None)
    assert isinstance(jobs.storage_for(app), SqliteStorage)


def test_a_job_for_a_message_already_sent_does_nothing(sqlite_queue: Flask, tmp_path: Path) -> None:
    message_id = queued_invitation(sqlite_queue)
    with sqlite_queue.app_context():
        assert delivery.deliver(session(), message_id) is None
        assert delivery.deliver(session(), message_id) is None  # a job run twice sends once
    assert state_of(sqlite_queue, message_id) == "sent"
    assert len(list((tmp_path / "instance" / "mail").glob("*.eml"))) == 1


def test_the_worker_command_is_there(sqlite_queue: Flask) -> None:
    result = sqlite_queue.test_cli_runner().invoke(args=["jobs", "worker", "--help"])
    assert result.exit_code == 0
    assert "--no-periodic" in result.output


def test_the_worker_starts_the_chart_browser_in_the_background(
    sqlite_queue: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job worker makes the reports: its browser starts as it starts, in a thread, while the queue runs."""
    from roadmap.render import svg

    started: list[str] = []
    browser_ready = threading.Event()

    class Browser:
        def start(self) -> None:
            started.append(threading.current_thread().name)
            browser_ready.set()

    class Consumer:
        def run(self) -> None:
            assert browser_ready.wait(5), "the browser was not started"

    sqlite_queue.extensions["chart_export"] = Browser()
    monkeypatch.setattr(jobs.huey, "create_consumer", lambda **options: Consumer())
    result = sqlite_queue.test_cli_runner().invoke(args=["jobs", "worker", "--no-periodic"])
    assert result.exit_code == 0, result.output
    assert started == ["chart-browser-start"]
    assert svg.start_in_background(None) is None  # charts off or no Chromium: nothing to start


def test_a_browser_that_fails_to_start_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    from roadmap.render import svg

    exporter = svg.ChartExporter(Path("/nonexistent/chromium"), timeout=1)
    thread = svg.start_in_background(exporter)
    assert thread is not None
    thread.join(70)
    assert not exporter.running
    assert "the chart browser did not start" in caplog.text
