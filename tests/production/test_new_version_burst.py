"""The first respondents of a new questionnaire version arrive at once: every worker stores the version's snapshot
on first use, and all of them must succeed (`db upgrade` done, `questionnaires load` not, as right after a release)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from roadmap.domain.questionnaire import Questionnaire
from tests.production.server import start_gunicorn

pytestmark = pytest.mark.server

RESPONDENTS = 50


def submit(base: str, body: dict[str, object], barrier: threading.Barrier) -> int:
    barrier.wait()
    return requests.post(f"{base}/api/v1/assessments", json=body, timeout=60).status_code


def test_fifty_first_submissions_of_a_new_version_are_all_stored(
    upgraded_database: str, served_questionnaire: Questionnaire, tmp_path: Path
) -> None:
    server = start_gunicorn(
        upgraded_database,
        tmp_path / "gunicorn.log",
        WEB_CONCURRENCY="4",
        GUNICORN_THREADS="4",
        ROADMAP_RATELIMIT_ENABLED="false",  # fifty from one address: this test is about the race
    )
    answers = {q.key: q.options[-1].key for q in served_questionnaire.questions}
    body = {"questionnaire": served_questionnaire.id, "organisation": {"name": "Burst BV"}, "answers": answers}
    barrier = threading.Barrier(RESPONDENTS)
    try:
        with ThreadPoolExecutor(max_workers=RESPONDENTS) as pool:
            statuses = list(pool.map(lambda _n: submit(server.url, body, barrier), range(RESPONDENTS)))
    finally:
        server.stop()
    assert statuses == [201] * RESPONDENTS, server.log()[-3000:]
    engine = sa.create_engine(upgraded_database)
    try:
        with engine.connect() as connection:
            versions = connection.execute(sa.text("SELECT questionnaire_id, version FROM questionnaire_versions")).all()
            assessments = connection.execute(sa.text("SELECT count(*) FROM assessments")).scalar()
    finally:
        engine.dispose()
    assert [tuple(row) for row in versions] == [(served_questionnaire.id, served_questionnaire.version)]
    assert assessments == RESPONDENTS
    assert "Traceback" not in server.log()
