"""Fifty respondents going through the whole assessment at the same moment, over HTTP, against gunicorn."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from roadmap.domain.questionnaire import Questionnaire
from roadmap.services.assessments import token_hash
from tests.production.server import csrf_token, expect, start_gunicorn
from tests.web.conftest import token_of

pytestmark = pytest.mark.server

RESPONDENTS = 50
TIMEOUT = 60  # seconds for one request; the whole test stays well under that


def respond(base: str, number: int, questionnaire: Questionnaire, barrier: threading.Barrier) -> tuple[str, dict]:
    """Start, answer every page, submit; returns the token and the answers given."""
    with requests.Session() as http:
        barrier.wait()
        csrf = csrf_token(expect(http.get(f"{base}/start", timeout=TIMEOUT), 200).text)
        profile = {"csrf_token": csrf, "organisation_name": f"Respondent {number}"}
        started = expect(http.post(f"{base}/start", data=profile, allow_redirects=False, timeout=TIMEOUT), 302)
        token = token_of(started.headers["Location"])
        answers: dict[str, str] = {}
        for page, dimension in enumerate(questionnaire.dimensions, start=1):
            chosen = {q.key: q.options[(number + i) % len(q.options)].key for i, q in enumerate(dimension.questions)}
            data = {"csrf_token": csrf, "action": "next", **chosen}
            expect(http.post(f"{base}/a/{token}/page/{page}", data=data, allow_redirects=False, timeout=TIMEOUT), 302)
            answers |= chosen
        submit = {"csrf_token": csrf}
        expect(http.post(f"{base}/a/{token}/submit", data=submit, allow_redirects=False, timeout=TIMEOUT), 302)
        return token, answers


def test_fifty_respondents_submitting_at_once_are_all_stored_completely(
    server_database: str, served_questionnaire: Questionnaire, tmp_path: Path
) -> None:
    server = start_gunicorn(
        server_database,
        tmp_path / "gunicorn.log",
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="4",
        ROADMAP_RATELIMIT_ENABLED="false",  # fifty starts from one address: this test is about concurrency
        ROADMAP_REPORT_CHARTS="false",
    )
    barrier = threading.Barrier(RESPONDENTS)
    try:
        with ThreadPoolExecutor(max_workers=RESPONDENTS) as pool:
            futures = [
                pool.submit(respond, server.url, number, served_questionnaire, barrier) for number in range(RESPONDENTS)
            ]
            outcomes = [future.exception() or future.result() for future in futures]
    finally:
        server.stop()
    errors = [repr(outcome) for outcome in outcomes if isinstance(outcome, BaseException)]
    assert errors == []
    given = {token_hash(token): answers for token, answers in outcomes}  # type: ignore[misc]

    engine = sa.create_engine(server_database)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT id, token_hash, submitted_at FROM assessments")).all()
            stored = connection.execute(sa.text("SELECT assessment_id, question_key, option_key FROM answers")).all()
            if engine.dialect.name == "sqlite":  # several processes write to one file: WAL lets readers go on
                assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        engine.dispose()
    assert len(rows) == RESPONDENTS
    assert all(row.submitted_at is not None for row in rows)
    by_id = {row.id: row.token_hash for row in rows}
    answers: dict[str, dict[str, str]] = {}
    for assessment_id, question_key, option_key in stored:
        answers.setdefault(by_id[assessment_id], {})[question_key] = option_key
    assert answers == given
    assert len(stored) == RESPONDENTS * len(served_questionnaire.questions)

    log = server.log()
    assert log.count("/a/[token]/submit") == RESPONDENTS
    assert not any(token in log for token, _answers in outcomes)  # type: ignore[misc]
    assert "Traceback" not in log
