"""With REDIS_URL, rate limits hold in total: two gunicorn instances of three workers each process at most the
configured number of wrong logins together (in memory, each worker would allow the limit on its own)."""

from __future__ import annotations

import os
import secrets
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.production.server import csrf_token, expect, start_gunicorn

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = [
    pytest.mark.server,
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server: set REDIS_URL, e.g. redis://127.0.0.1:6379/3"),
]
LIMIT = 10
ATTEMPTS = 40


def test_two_instances_of_three_workers_process_at_most_the_limit_of_wrong_logins(
    server_database: str, tmp_path: Path
) -> None:
    settings = {
        "WEB_CONCURRENCY": "3",
        "GUNICORN_THREADS": "2",
        "SECRET_KEY": "shared-by-both-instances",
        "REDIS_URL": str(REDIS_URL),
        "ROADMAP_LOGIN_RATE_LIMIT": f"{LIMIT} per minute",
        "ROADMAP_RATELIMIT_KEY_PREFIX": f"test-{secrets.token_hex(4)}",  # no counts left from an earlier run
    }
    a = start_gunicorn(server_database, tmp_path / "a.log", **settings)
    try:
        b = start_gunicorn(server_database, tmp_path / "b.log", **settings)
    except BaseException:
        a.stop()
        raise
    try:
        with requests.Session() as http:
            csrf = csrf_token(expect(http.get(f"{a.url}/login"), 200).text)
            form = {"csrf_token": csrf, "email": "nobody@example.org", "password": "wrong wrong wrong"}

            def attempt(number: int) -> int:
                base = (a, b)[number % 2].url
                return requests.post(f"{base}/login", data=form, cookies=http.cookies, timeout=60).status_code

            with ThreadPoolExecutor(max_workers=8) as pool:
                statuses = list(pool.map(attempt, range(ATTEMPTS)))
    finally:
        a.stop()
        b.stop()
    assert sorted(set(statuses)) == [400, 429]
    assert statuses.count(400) == LIMIT, statuses  # processed: the wrong password was checked
    assert statuses.count(429) == ATTEMPTS - LIMIT
    assert "Rate limits: counted in a shared store" in a.log()
