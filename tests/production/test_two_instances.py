"""Two gunicorn instances on one PostgreSQL database serve the same assessment interchangeably."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from roadmap.domain.questionnaire import Questionnaire
from tests.conftest import POSTGRES_URL
from tests.production.server import csrf_token, expect, start_gunicorn
from tests.web.conftest import token_of

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(not POSTGRES_URL, reason="instances share a database only on PostgreSQL: set TEST_DATABASE_URL"),
]


def test_an_assessment_moves_between_two_instances_with_one_cookie_session(
    server_database: str, served_questionnaire: Questionnaire, tmp_path: Path
) -> None:
    settings = {"WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2", "SECRET_KEY": "shared-by-both-instances"}
    a = start_gunicorn(server_database, tmp_path / "a.log", **settings)
    try:
        b = start_gunicorn(server_database, tmp_path / "b.log", **settings)
    except BaseException:
        a.stop()
        raise
    try:
        with requests.Session() as http:  # one cookie jar: the same browser, whichever instance answers
            csrf = csrf_token(expect(http.get(f"{a.url}/start"), 200).text)
            started = expect(
                http.post(f"{a.url}/start", data={"csrf_token": csrf, "organisation_name": "Two Instances BV"}), 200
            )
            token = token_of(started.url)
            # The language chosen on A is in the session cookie, which B reads with the shared SECRET_KEY.
            expect(http.post(f"{a.url}/language", data={"csrf_token": csrf, "language": "nl", "next": "/"}), 200)
            for number, dimension in enumerate(served_questionnaire.dimensions, start=1):
                page = expect(http.get(f"{b.url}/a/{token}/page/{number}"), 200)
                assert '<html lang="nl"' in page.text
                answers = {q.key: "social_business" for q in dimension.questions}
                data = {"csrf_token": csrf_token(page.text), "action": "next", **answers}
                expect(http.post(f"{b.url}/a/{token}/page/{number}", data=data, allow_redirects=False), 302)
            expect(http.post(f"{a.url}/a/{token}/submit", data={"csrf_token": csrf}, allow_redirects=False), 302)
            result = expect(http.get(f"{b.url}/a/{token}/result"), 200)
    finally:
        a.stop()
        b.stop()
    assert '<html lang="nl"' in result.text
    assert "Two Instances BV" in result.text
    assert 'id="phase-title">Fase 4' in result.text
    assert token not in a.log() + b.log()
    assert "POST /a/[token]/page/1" in b.log() and "POST /a/[token]/submit" in a.log()
