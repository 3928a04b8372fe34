"""Resume tokens never reach a log: not gunicorn's access or error log, not the development server's request log,
not Flask's exception log."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from flask import Flask
from gunicorn.config import Config
from werkzeug.serving import make_server

from roadmap.gunicorn_conf import RedactingLogger
from roadmap.redaction import redact_tokens
from tests.production.server import free_port

TOKEN = "Zm9vYmFyLXNlY3JldC10b2tlbi0xMjM0NTY3ODkwYWJjZGVm"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"/a/{TOKEN}", "/a/[token]"),
        (f"/a/{TOKEN}/page/3", "/a/[token]/page/3"),
        (f"GET /a/{TOKEN}/report.pdf?lang=nl HTTP/1.1", "GET /a/[token]/report.pdf?lang=nl HTTP/1.1"),
        (f"/api/v1/assessments/{TOKEN}", "/api/v1/assessments/[token]"),
        (f"/s/{TOKEN}", "/s/[token]"),
        (f"GET /s/{TOKEN}/report.pdf?lang=nl HTTP/1.1", "GET /s/[token]/report.pdf?lang=nl HTTP/1.1"),
        ("/static/js/site.js", "/static/js/site.js"),
        (f"/api/v1/assessments/{TOKEN}/report.pdf", "/api/v1/assessments/[token]/report.pdf"),
        (f"https://example.org/a/{TOKEN}/review#top", "https://example.org/a/[token]/review#top"),
        (f"/a%2F{TOKEN}%2Flink", "/a%2F[token]"),
        (f'"POST /a/{TOKEN}/submit HTTP/1.1" 302 -', '"POST /a/[token]/submit HTTP/1.1" 302 -'),
        ("/api/v1/assessments", "/api/v1/assessments"),
        ("/start", "/start"),
        ("/static/app.css", "/static/app.css"),
    ],
)
def test_redact_tokens_replaces_the_token_and_keeps_the_rest(text: str, expected: str) -> None:
    assert redact_tokens(text) == expected


def test_every_route_with_a_token_is_redacted(app: Flask) -> None:
    rules = [rule for rule in app.url_map.iter_rules() if "token" in rule.arguments]
    assert len(rules) >= 9  # the site's pages, the report and the API
    adapter = app.url_map.bind("localhost")
    for rule in rules:
        values = {"token": TOKEN, "number": 1, "action_id": 1}
        url = adapter.build(rule.endpoint, values, method=next(iter(rule.methods or ["GET"])))
        assert TOKEN in url
        assert TOKEN not in redact_tokens(url), rule.rule


def test_the_development_server_logs_requests_without_the_token(
    app: Flask, make_assessment: Callable[..., str], caplog: pytest.LogCaptureFixture
) -> None:
    token = make_assessment(submit=False)
    server = make_server("127.0.0.1", free_port(), app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    caplog.set_level(logging.INFO, logger="werkzeug")
    try:
        base = f"http://127.0.0.1:{server.port}"
        assert requests.get(f"{base}/a/{token}/link", timeout=10).status_code == 200
        assert requests.get(f"{base}/api/v1/assessments/{token}", timeout=10).status_code in (200, 409)
    finally:
        server.shutdown()
        thread.join()
    assert "GET /a/[token]/link HTTP/1.1" in caplog.text
    assert "GET /api/v1/assessments/[token] HTTP/1.1" in caplog.text
    assert token not in caplog.text


def test_flask_logs_an_exception_on_a_token_path_without_the_token(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    @app.get("/a/<token>/fails")
    def fails(token: str) -> str:
        raise RuntimeError("broken")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert app.test_client().get(f"/a/{TOKEN}/fails").status_code == 500
    assert "Exception on /a/[token]/fails [GET]" in caplog.text
    assert TOKEN not in caplog.text


def gunicorn_logger(tmp_path: Path) -> RedactingLogger:
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    return RedactingLogger(cfg)


def test_gunicorn_logs_requests_and_errors_without_the_token(tmp_path: Path) -> None:
    logger = gunicorn_logger(tmp_path)
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"/a/{TOKEN}/page/2?review=1",
        "PATH_INFO": f"/a/{TOKEN}/page/2",
        "QUERY_STRING": "review=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://example.org/a/{TOKEN}/page/2",
        "HTTP_USER_AGENT": "test",
    }
    response = SimpleNamespace(status="302 FOUND", sent=0, headers=[("Location", f"/a/{TOKEN}/page/3")])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    logger.exception("Error handling request %s", environ["RAW_URI"])
    access, error = (tmp_path / "access.log").read_text(), (tmp_path / "error.log").read_text()
    assert '"POST /a/[token]/page/2?review=1 HTTP/1.1" 302' in access
    assert '"https://example.org/a/[token]/page/2"' in access
    assert "Error handling request /a/[token]/page/2?review=1" in error
    assert TOKEN not in access + error
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=12))
    assert all(TOKEN not in value for value in atoms.values() if isinstance(value, str))
