"""Gunicorn in a subprocess for tests: a migrated database, free ports, start, wait for /healthz, stop, read the log."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from roadmap.config import PROJECT_ROOT

START_TIMEOUT = 90.0  # a shared, loaded CI machine boots several workers slowly


def free_port() -> int:
    """A free TCP port: from TEST_SERVER_PORTS ("8100-8199") when set, else one the system picks."""
    if ports := os.environ.get("TEST_SERVER_PORTS"):
        first, last = (int(part) for part in ports.split("-"))
        candidates = list(range(first, last + 1))
        secrets.SystemRandom().shuffle(candidates)
    else:
        candidates = [0]
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise RuntimeError(f"no free port in {ports}")


def flask(database_url: str, *args: str) -> None:
    """Run a `flask --app wsgi` command against a database, as `make serve` does before starting."""
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def prepare_database(database_url: str) -> None:
    flask(database_url, "db", "upgrade")
    flask(database_url, "questionnaires", "load")


@dataclass
class Server:
    """One running gunicorn; its stdout and stderr go to a file read by `log()`."""

    process: subprocess.Popen[bytes]
    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_gunicorn(database_url: str, log_path: Path, **env: str) -> Server:
    """gunicorn -c python:roadmap.gunicorn_conf wsgi:app on a free port; returns once /healthz says ok."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "SECRET_KEY": "server-test-secret",
        **env,
    }
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:roadmap.gunicorn_conf", "wsgi:app"],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log_path)
    try:
        wait_until_healthy(server)
    except BaseException:
        server.stop()
        raise
    return server


def wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}:\n{server.log()}")
        try:
            if requests.get(f"{server.url}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or no worker booted yet
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on /healthz within {START_TIMEOUT} s:\n{server.log()}")


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def expect(response: requests.Response, status: int) -> requests.Response:
    """The response when its status is the expected one; else an error naming what was asked (no token)."""
    if response.status_code != status:
        raise AssertionError(f"{response.request.method} -> {response.status_code}, expected {status}")
    return response
