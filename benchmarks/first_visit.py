"""A chart page in Chromium: bytes transferred and time until the chart shows, on a first and on a repeat visit.

Usage: python -m benchmarks first_visit [--runs N] [--port P]. Serves benchmarks.wsgi with gunicorn (2 gthread
workers) on 127.0.0.1 and a throw-away SQLite database, submits an assessment through the JSON API, then opens its
result page (the radar chart) in Playwright's Chromium (/usr/bin/chromium, or CHROMIUM_PATH): each run in a new
browser context, so the first visit starts with an empty cache, then the same page again in a new tab of that
context (the repeat visit). Bytes are what came over the network (headers and bodies, as sent: compressed), from
Chromium's DevTools protocol. "Shown" is the time from the start of navigation until plotly.js has drawn the chart
(static/js/charts.js sets data-rendered); "CPU" the time the tab's main thread ran in that while, which is what the
wait would be on an idle machine: other work on a shared one stretches "shown". Medians of the runs; /hello, a
page of one word, is the floor. Targets: first visit at most 1.5 MB and the chart within 1.5 s, no script
transferred on a repeat visit (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import BrowserContext, CDPSession, sync_playwright

from benchmarks.http_load import Site, gunicorn, prepare, prepared_database

TARGET_BYTES = 1_500_000
TARGET_MS = 1500.0
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# Records when the chart has been drawn, in ms since the navigation started (performance.now()'s origin).
CHART_SHOWN = """
new MutationObserver((changes, observer) => {
  if (document.querySelector(".chart-area[data-rendered=true]")) {
    window.chartShownAt = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-rendered"]});
"""


@dataclass(frozen=True)
class Visit:
    """One page load: bytes over the network by resource type, scripts that came over the network, and timing."""

    bytes_by_type: dict[str, int]
    scripts_transferred: int
    shown_ms: float
    cpu_ms: float  # the tab's main thread, from navigation to chart: what the wait would be on an idle machine

    @property
    def total_bytes(self) -> int:
        return sum(self.bytes_by_type.values())


class NetworkLog:
    """What Chromium fetched over the network for one tab (DevTools protocol), cache hits left out."""

    def __init__(self) -> None:
        self.types: dict[str, str] = {}
        self.cached: set[str] = set()
        self.bytes_by_type: dict[str, int] = defaultdict(int)
        self.scripts = 0

    def sent(self, event: dict[str, Any]) -> None:
        self.types[event["requestId"]] = event.get("type", "Other")

    def received(self, event: dict[str, Any]) -> None:
        if event["response"].get("fromDiskCache") or event["response"].get("fromPrefetchCache"):
            self.cached.add(event["requestId"])

    def from_cache(self, event: dict[str, Any]) -> None:
        self.cached.add(event["requestId"])

    def finished(self, event: dict[str, Any]) -> None:
        request, size = event["requestId"], int(event["encodedDataLength"])
        if request in self.cached or size == 0:
            return
        kind = self.types.get(request, "Other")
        self.bytes_by_type[kind] += size
        self.scripts += kind == "Script"


def visit(context: BrowserContext, url: str, chart: bool = True) -> Visit:
    """Open `url` in a new tab of `context`; with `chart`, wait until the chart is drawn, else until `load`."""
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    log = NetworkLog()
    devtools.on("Network.requestWillBeSent", log.sent)
    devtools.on("Network.responseReceived", log.received)
    devtools.on("Network.requestServedFromCache", log.from_cache)
    devtools.on("Network.loadingFinished", log.finished)
    devtools.send("Network.enable")
    devtools.send("Performance.enable")
    cpu_before = main_thread_seconds(devtools)
    page.goto(url, wait_until="load")
    if chart:
        page.wait_for_function("window.chartShownAt !== undefined", timeout=30_000)
        shown = float(page.evaluate("window.chartShownAt"))
    else:
        shown = float(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
    cpu_ms = (main_thread_seconds(devtools) - cpu_before) * 1000
    page.wait_for_timeout(300)  # the favicon and the last loadingFinished events
    page.close()
    return Visit(dict(log.bytes_by_type), log.scripts, shown, cpu_ms)


def main_thread_seconds(devtools: CDPSession) -> float:
    metrics = devtools.send("Performance.getMetrics")["metrics"]
    return float(next(metric["value"] for metric in metrics if metric["name"] == "ThreadTime"))


def summary(name: str, visits: list[Visit]) -> str:
    kinds = sorted({kind for v in visits for kind in v.bytes_by_type})
    parts = ", ".join(f"{kind} {statistics.median(v.bytes_by_type.get(kind, 0) for v in visits) / 1000:.0f} kB"
                      for kind in kinds)  # fmt: skip
    total = statistics.median(v.total_bytes for v in visits)
    scripts = max(v.scripts_transferred for v in visits)
    shown = statistics.median(v.shown_ms for v in visits)
    cpu = statistics.median(v.cpu_ms for v in visits)
    return f"{name:<22} {total / 1000:>8.1f} kB {shown:>8.0f} ms {cpu:>8.0f} ms {scripts:>8}   ({parts or 'nothing'})"


def verdicts(first: list[Visit], repeat: list[Visit]) -> list[str]:
    total = statistics.median(v.total_bytes for v in first)
    shown = statistics.median(v.shown_ms for v in first)
    scripts = max(v.scripts_transferred for v in repeat)
    return [
        f"first visit {total / 1e6:.2f} MB <= {TARGET_BYTES / 1e6:.1f} MB: "
        + ("met" if total <= TARGET_BYTES else "NOT met"),
        f"chart shown in {shown:.0f} ms <= {TARGET_MS:.0f} ms: {'met' if shown <= TARGET_MS else 'NOT met'}",
        f"repeat visit transfers {scripts} scripts (0): {'met' if scripts == 0 else 'NOT met'}",
    ]


def measure(base: str, result_page: str, runs: int) -> tuple[list[Visit], list[Visit], list[Visit]]:
    first, repeat, hello = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for run in range(runs + 1):  # the first run warms the server: its workers, templates, caches
                context = browser.new_context(locale="en-GB")
                context.add_init_script(CHART_SHOWN)
                visits = (visit(context, base + result_page), visit(context, base + result_page))
                hello_visit = visit(context, base + "/hello", chart=False)
                context.close()
                if run:
                    first.append(visits[0])
                    repeat.append(visits[1])
                    hello.append(hello_visit)
        finally:
            browser.close()
    return first, repeat, hello


def main(argv: list[str] | None = None) -> bool:
    parser = argparse.ArgumentParser(prog="python -m benchmarks first_visit", description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8210)
    arguments = parser.parse_args(argv)
    server = argparse.Namespace(port=arguments.port, workers=2, worker_class="gthread", worker_threads=4)
    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder, gunicorn(server, prepared_database(folder)) as command:
        result_page = next(load.path for load in prepare(Site(arguments.port)) if load.name == "result page")
        first, repeat, hello = measure(f"http://127.0.0.1:{arguments.port}", result_page, arguments.runs)
    print(f"server: {command}; browser: {CHROMIUM}; medians of {arguments.runs} runs after one warm-up")
    print(f"load average before/after: {load_before:.1f} / {os.getloadavg()[0]:.1f} (other work on the machine)")
    print(f"{'visit':<22} {'transferred':>11} {'shown':>11} {'CPU':>11} {'scripts':>8}   (bytes by type)")
    print(summary("result page, first", first))
    print(summary("result page, repeat", repeat))
    print(summary("hello-world, first", hello))
    checks = verdicts(first, repeat)
    for check in checks:
        print(check)
    return not any("NOT" in check for check in checks)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
