"""Background jobs on huey: e-mail deliveries with back-off, the daily reminders before a round's deadline, the
reports of a result that changed, made before anyone asks for them, and the daily pruning of the audit log.

The queue is in `instance/jobs.sqlite` (huey's SQLite storage: nothing else to run on one machine), or in Redis
when `REDIS_URL` is set, so that workers on several machines share it. Tasks are thin wrappers around services
and run inside an app context. `flask --app wsgi jobs worker` runs the consumer (docs/deploy.md); with
`JOBS_IMMEDIATE` (the tests) a task runs at once in the caller.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click
from flask import Flask
from flask.cli import with_appcontext
from huey import Huey, crontab
from huey.storage import BaseStorage, MemoryStorage, RedisStorage, SqliteStorage

log = logging.getLogger(__name__)
QUEUE_NAME = "roadmap"
# Messages per job: few enqueues for a round of hundreds (each is a write to the queue), yet several jobs for
# the worker threads to share.
BATCH = 25
# An idle worker looks for new jobs at least this often (huey's default backs off to 10 s): a report prepared after
# a submission should not wait seconds for the worker to wake.
IDLE_POLL_SECONDS = 0.5

# One queue per process, configured by init_app (storage and immediate mode come from the app's settings).
huey = Huey(QUEUE_NAME, results=False, utc=True, storage_class=MemoryStorage)
_app: Flask | None = None

F = TypeVar("F", bound=Callable[..., Any])


def storage_for(app: Flask) -> BaseStorage:
    """Redis when REDIS_URL is set, else a SQLite file in the instance folder."""
    if url := app.config.get("REDIS_URL"):
        return RedisStorage(QUEUE_NAME, url=url)
    path = Path(app.config.get("JOBS_SQLITE_FILE") or Path(app.instance_path) / "jobs.sqlite")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteStorage(QUEUE_NAME, filename=str(path))


def init_app(app: Flask) -> None:
    global _app
    _app = app
    huey.immediate = False  # gives back the real storage if an earlier app had switched to immediate mode
    if not app.config["JOBS_IMMEDIATE"]:
        huey.storage = storage_for(app)
    huey.immediate = bool(app.config["JOBS_IMMEDIATE"])
    app.extensions["huey"] = huey
    app.cli.add_command(jobs)


def in_app_context(function: F) -> F:
    """Run the task inside an app context of the configured app, with its own database session."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        if _app is None:
            raise RuntimeError("roadmap.jobs.init_app has not been called")
        with _app.app_context():
            return function(*args, **kwargs)

    return run  # type: ignore[return-value]


@huey.task()
@in_app_context
def deliver(message_id: int) -> None:
    """Send one message; a temporary SMTP failure schedules another try later (services.delivery)."""
    from roadmap.db import session
    from roadmap.services import delivery

    retry_in = delivery.deliver(session(), message_id)
    if retry_in is not None:
        deliver.schedule((message_id,), delay=retry_in)


@huey.periodic_task(crontab(minute="0"))
@in_app_context
def send_due_reminders() -> None:
    """Every hour: queue the reminders that are due before rounds' deadlines."""
    from roadmap.db import session
    from roadmap.services import delivery

    queue_deliveries(delivery.due_reminders(session()))


@huey.periodic_task(crontab(minute="17", hour="3"))
@in_app_context
def prune_audit_log() -> None:
    """Every day: remove the log's events older than AUDIT_RETENTION_DAYS."""
    from flask import current_app

    from roadmap.db import session
    from roadmap.services import audit

    removed = audit.remove_older_than(session(), int(current_app.config["AUDIT_RETENTION_DAYS"]))
    log.info("audit log: %d event(s) older than the retention removed", removed)


@huey.task()
@in_app_context
def deliver_batch(message_ids: list[int]) -> None:
    """Send several messages, one after the other; each temporary failure is tried again on its own."""
    from roadmap.db import session
    from roadmap.services import delivery

    for message_id in message_ids:
        retry_in = delivery.deliver(session(), message_id)
        if retry_in is not None:
            deliver.schedule((message_id,), delay=retry_in)


@huey.task()
@in_app_context
def deliver_member_invitation(invitation_id: int, token: str, language: str, attempt: int = 1) -> None:
    """Send a colleague's invitation to a firm; a temporary SMTP failure tries again later (services.member_mail).
    The link's token travels with the job: only its hash is stored, and the job is gone once it has run."""
    from roadmap.db import session
    from roadmap.services import member_mail
    from roadmap.web.firm_forms import ROLE_LABELS

    retry_in = member_mail.deliver(session(), invitation_id, token, language, ROLE_LABELS, attempt)
    if retry_in is not None:
        deliver_member_invitation.schedule((invitation_id, token, language, attempt + 1), delay=retry_in)


@huey.task()
@in_app_context
def prepare_reports(assessment_id: int) -> None:
    """Make an assessment's reports, and its round's, into the report caches (services.report_preparation)."""
    from roadmap.db import session
    from roadmap.render.svg import exporter
    from roadmap.services import report_preparation
    from roadmap.web.forms import department_labels

    report_preparation.prepare_reports(session(), assessment_id, exporter(), department_labels())


def queue_reports(assessment_id: int) -> None:
    """After a result changed: have its reports made in the background (unless PREPARE_REPORTS is off)."""
    if _app is not None and _app.config["PREPARE_REPORTS"]:
        prepare_reports(assessment_id)


def queue_deliveries(message_ids: Iterable[int]) -> None:
    """Hand messages (stored as queued, committed) to the workers, in jobs of BATCH (one enqueue each)."""
    ids = list(message_ids)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        if len(batch) == 1:
            deliver(batch[0])
        else:
            deliver_batch(batch)


@click.group("jobs")
def jobs() -> None:
    """The background job queue (e-mail, reports)."""


@jobs.command("worker")
@click.option("--workers", default=2, show_default=True, help="Threads sending at the same time.")
@click.option(
    "--periodic/--no-periodic",
    default=True,
    show_default=True,
    help="Also run the periodic tasks (reminders, log pruning); give --no-periodic to every worker but one.",
)
@with_appcontext
def worker(workers: int, periodic: bool) -> None:
    """Run the jobs as they come (until stopped with Ctrl+C or SIGTERM)."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    where = "Redis" if _app is not None and _app.config.get("REDIS_URL") else "SQLite"
    click.echo(f"jobs worker: {workers} thread(s), queue in {where}, periodic tasks {'on' if periodic else 'off'}")
    from roadmap.render import svg

    svg.start_in_background(svg.exporter())  # the reports' chart browser, ready before the first job needs it
    consumer = huey.create_consumer(
        workers=workers, periodic=periodic, worker_type="thread", max_delay=IDLE_POLL_SECONDS
    )
    consumer.run()
