"""Oversize requests are answered by the app, with its security headers, not by gunicorn's bare error page."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.production.server import start_gunicorn

pytestmark = pytest.mark.server


def test_a_long_url_and_a_long_header_get_the_apps_answer(server_database: str, tmp_path: Path) -> None:
    server = start_gunicorn(server_database, tmp_path / "gunicorn.log", WEB_CONCURRENCY="1")
    try:
        answers = {
            "a URL of 6 KB": requests.get(f"{server.url}/{'x' * 6000}", timeout=30),
            "a URL of 20 KB": requests.get(f"{server.url}/start?q={'x' * 20_000}", timeout=30),
            "a header of 12 KB": requests.get(f"{server.url}/", headers={"X-Big": "x" * 12_000}, timeout=30),
        }
    finally:
        server.stop()
    assert {name: response.status_code for name, response in answers.items()} == {
        "a URL of 6 KB": 404,
        "a URL of 20 KB": 414,
        "a header of 12 KB": 431,
    }
    for name, response in answers.items():
        assert "Content-Security-Policy" in response.headers, name
        assert response.headers.get("X-Content-Type-Options") == "nosniff", name
