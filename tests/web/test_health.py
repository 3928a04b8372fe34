"""GET /healthz: 200 when the database answers, 503 when it does not, and nothing else said or set."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap.db import db
from tests.conftest import make_app

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-folder/roadmap-secret-name.sqlite",
    # Port 1 refuses at once: no waiting for a timeout.
    "postgresql": "postgresql+psycopg://roadmap:secret-password@127.0.0.1:1/roadmap-secret-name",
}


def test_healthz_says_ok_when_the_database_answers_with_no_csrf_token_and_no_session(
    database_url: str, tmp_path: Path
) -> None:
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()  # the check writes (nothing) to a table: a database before `db upgrade` is not healthy
    response = app.test_client().get("/healthz")
    with app.app_context():
        db.engine.dispose()
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("url", UNREACHABLE.values(), ids=UNREACHABLE.keys())
def test_healthz_says_unavailable_and_nothing_more_when_the_database_does_not_answer(
    url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(url, tmp_path, WTF_CSRF_ENABLED=True)
    response = app.test_client().get("/healthz")
    with app.app_context():
        db.engine.dispose()
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}
    assert "Set-Cookie" not in response.headers
    assert "secret" not in response.get_data(as_text=True)
    assert "the database does not answer or take writes (OperationalError)" in caplog.text
