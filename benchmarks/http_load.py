"""HTTP load: requests per second and p99 latency of the busiest pages under gunicorn, measured with wrk.

Usage: python -m benchmarks http [--duration S] [--connections N] [--workers N] [--worker-class K] ...
    [--database-url postgresql://...]
Serves benchmarks.wsgi (the real app plus /hello) with gunicorn on 127.0.0.1 and a throw-away SQLite database (or
the PostgreSQL database given, emptied first), prepares assessments through the site itself, then runs wrk on each
page in turn. Targets: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

from roadmap.config import PROJECT_ROOT

HOST = "127.0.0.1"
LUA_SCRIPT = Path(__file__).with_name("wrk_request.lua")
# Share of hello-world's requests per second each page must reach, the p99 ceiling, and errors allowed.
SHARE_TARGETS = {"questionnaire page": 0.20, "save a page": 0.10, "result page": 0.20}  # issue 16
P99_TARGET_MS = 100.0
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class Load:
    """What one wrk run sends: a path, a method, the session cookie and form bodies, and the expected status."""

    name: str
    path: str
    expect: int = 200
    method: str = "GET"
    cookie: str = ""
    bodies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measurement:
    name: str
    requests: int
    requests_per_second: float
    p99_ms: float
    socket_errors: int
    non_2xx_3xx: int
    unexpected_status: int

    @property
    def errors(self) -> int:
        return self.socket_errors + self.non_2xx_3xx + self.unexpected_status


def parse_wrk(name: str, output: str) -> Measurement:
    """The figures of `wrk --latency` output, plus the count of unexpected statuses the Lua script prints."""

    def number(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output)
        if match is None:
            if default is None:
                raise ValueError(f"wrk output without {pattern!r}:\n{output}")
            return default
        return match.group(1)

    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    if p99 is None:
        raise ValueError(f"wrk output without a 99% latency:\n{output}")
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return Measurement(
        name=name,
        requests=int(number(r"(\d+) requests in")),
        requests_per_second=float(number(r"Requests/sec:\s+([\d.]+)")),
        p99_ms=float(p99.group(1)) * UNIT_MS[p99.group(2)],
        socket_errors=sum(int(value) for value in socket.groups()) if socket else 0,
        non_2xx_3xx=int(number(r"Non-2xx or 3xx responses: (\d+)", "0")),
        unexpected_status=int(number(r"unexpected statuses: (\d+)")),
    )


class Site:
    """Plain HTTP against the server under test, with one session cookie kept like a browser keeps it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, json_body: object = None
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Accept-Language": "en"}
        body = None
        if form is not None:
            body, headers["Content-Type"] = urlencode(form), "application/x-www-form-urlencoded"
        elif json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body), "application/json"
        if self.cookie:
            headers["Cookie"] = self.cookie
        connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            if (set_cookie := response.getheader("Set-Cookie")) and set_cookie.startswith("session="):
                self.cookie = set_cookie.split(";", 1)[0]
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()

    def csrf_token(self, path: str) -> str:
        status, _headers, text = self.request("GET", path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text)
        assert status == 200 and match, (path, status)
        return match.group(1)


def page_forms(csrf_token: str, keys: list[str]) -> list[dict[str, str]]:
    """Two full sets of answers for one page, sent in turn, so every save changes what is stored."""
    return [
        {"csrf_token": csrf_token, "action": "next", **dict.fromkeys(keys, option)}
        for option in ("dialogue", "engagement")
    ]


def prepare(site: Site) -> list[Load]:
    """Assessments made through the site: one in progress (page 1 answered) and one submitted (via the API)."""
    _status, _headers, listing = site.request("GET", "/api/v1/questionnaires")
    questionnaire_url = json.loads(listing)["questionnaires"][0]["url"]
    questionnaire = json.loads(site.request("GET", questionnaire_url)[2])
    pages = [[question["key"] for question in dimension["questions"]] for dimension in questionnaire["dimensions"]]

    token = site.csrf_token("/start")
    status, headers, _text = site.request("POST", "/start", form={"csrf_token": token, "organisation_name": "Bench"})
    match = re.search(r"/a/([^/]+)/link", headers.get("location", ""))
    assert status == 302 and match, (status, headers)
    started = match.group(1)
    page = f"/a/{started}/page/1"
    csrf = site.csrf_token(page)
    forms = page_forms(csrf, pages[0])
    for form in forms:  # the answers are stored and the save redirects to the next page, as wrk will expect
        status, headers, _text = site.request("POST", page, form=form)
        assert status == 302 and headers["location"].endswith(f"/a/{started}/page/2"), (status, headers)

    answers = {key: "engagement" for keys in pages for key in keys}
    created = {"questionnaire": questionnaire["id"], "organisation": {"name": "Bench"}, "answers": answers}
    status, _headers, text = site.request("POST", "/api/v1/assessments", json_body=created)
    assert status == 201, text
    submitted = json.loads(text)["token"]
    assert site.request("GET", f"/a/{submitted}/result")[0] == 200

    return [
        Load("hello-world", "/hello"),
        Load("questionnaire page", page, cookie=site.cookie),
        Load(
            "save a page",
            page,
            expect=302,
            method="POST",
            cookie=site.cookie,
            bodies=tuple(urlencode(form) for form in forms),
        ),
        Load("result page", f"/a/{submitted}/result", cookie=site.cookie),
    ]


def run_wrk(load: Load, port: int, duration: int, connections: int, threads: int) -> Measurement:
    environment = {
        **os.environ,
        "WRK_METHOD": load.method,
        "WRK_COOKIE": load.cookie,
        "WRK_BODIES": "\n".join(load.bodies),
        "WRK_EXPECT": str(load.expect),
    }
    command = [
        "wrk", "--latency", f"--threads={threads}", f"--connections={connections}", f"--duration={duration}s",
        "--timeout=5s", f"--script={LUA_SCRIPT}", f"http://{HOST}:{port}{load.path}",
    ]  # fmt: skip
    output = subprocess.run(command, env=environment, capture_output=True, text=True, check=True).stdout
    return parse_wrk(load.name, output)


@contextmanager
def gunicorn(arguments: argparse.Namespace, environment: dict[str, str]) -> Iterator[str]:
    """gunicorn serving benchmarks.wsgi until the block ends; yields its command line."""
    # gunicorn turns a sync worker with --threads above 1 into gthread: threads only for gthread.
    threads = [f"--threads={arguments.worker_threads}"] if arguments.worker_class == "gthread" else []
    command = [
        sys.executable, "-m", "gunicorn", f"--bind={HOST}:{arguments.port}", f"--workers={arguments.workers}",
        f"--worker-class={arguments.worker_class}", *threads, "--log-level=warning", "benchmarks.wsgi:app",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=environment, cwd=PROJECT_ROOT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if Site(arguments.port).request("GET", "/hello")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: {' '.join(command)}")
            time.sleep(0.2)
        yield " ".join(command[2:])
    finally:
        server.terminate()
        server.wait(timeout=30)


def prepared_database(folder: str, database_url: str | None = None) -> dict[str, str]:
    """The environment of a fresh database, migrated and with the questionnaires loaded: a SQLite file in `folder`,
    or `database_url` with every table in it dropped first."""
    if database_url:
        engine = sa.create_engine(database_url)
        tables = sa.MetaData()
        tables.reflect(engine)
        tables.drop_all(engine)
        engine.dispose()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{folder}/bench.sqlite",
        "SECRET_KEY": "benchmark",
        "ROADMAP_REPORT_CHARTS": "false",
    }
    for command in (["db", "upgrade"], ["questionnaires", "load"]):
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *command],
            env=environment, cwd=PROJECT_ROOT, check=True, capture_output=True,
        )  # fmt: skip
    return environment


def verdicts(measurement: Measurement, hello: float) -> list[str]:
    """Each target of one page, met or not."""
    results = []
    if share := SHARE_TARGETS.get(measurement.name):
        achieved = measurement.requests_per_second / hello
        results.append(f"{achieved:.0%} of hello >= {share:.0%}: {'met' if achieved >= share else 'NOT met'}")
    met = measurement.p99_ms < P99_TARGET_MS
    results.append(f"p99 < {P99_TARGET_MS:.0f} ms: {'met' if met else 'NOT met'}")
    results.append(f"0 errors: {'met' if measurement.errors == 0 else 'NOT met'}")
    return results


def report(measurements: list[Measurement], hello: float) -> bool:
    print(f"{'page':<20} {'requests':>9} {'req/s':>8} {'p99':>9} {'errors':>7}  targets")
    all_met = True
    for m in measurements:
        checks = verdicts(m, hello)
        all_met = all_met and not any("NOT" in check for check in checks)
        errors = f"{m.errors}" + (f" ({m.socket_errors}s/{m.non_2xx_3xx}h/{m.unexpected_status}u)" if m.errors else "")
        print(
            f"{m.name:<20} {m.requests:>9} {m.requests_per_second:>8.0f} {m.p99_ms:>6.1f} ms {errors:>7}  "
            + "; ".join(checks)
        )
    print(f"hello-world baseline (mean of the runs before and after): {hello:.0f} req/s")
    print("all targets met" if all_met else "some targets NOT met")
    return all_met


def main(argv: list[str] | None = None) -> bool:
    parser = argparse.ArgumentParser(prog="python -m benchmarks http", description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page (default 10)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    # One process per core, threads to overlap the database waits; best of sync 2/3/4 and gthread 2x4/3x2 here.
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--worker-threads", type=int, default=4, help="threads per worker (gthread)")
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--database-url", help="a PostgreSQL database to use, emptied first (default: SQLite)")
    arguments = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        environment = prepared_database(folder, arguments.database_url)
        with gunicorn(arguments, environment) as command:
            loads = prepare(Site(arguments.port))
            for load in loads:  # warm every worker: imports, templates, the questionnaire parsed once
                run_wrk(load, arguments.port, 2, arguments.connections, arguments.threads)
            measurements = [run_wrk(load, arguments.port, arguments.duration, arguments.connections, arguments.threads)
                            for load in [*loads, loads[0]]]  # fmt: skip
    print(f"server: {command}")
    print(f"database: {'PostgreSQL' if arguments.database_url else 'SQLite'}")
    print(f"load average before/after: {load_before:.1f} / {os.getloadavg()[0]:.1f} (other work on the machine)")
    print(
        f"wrk: --latency --threads={arguments.threads} --connections={arguments.connections} "
        f"--duration={arguments.duration}s; {os.cpu_count()} CPUs"
    )
    before, *pages, after = measurements
    hello = (before.requests_per_second + after.requests_per_second) / 2
    return report([before, *pages, after], hello)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
