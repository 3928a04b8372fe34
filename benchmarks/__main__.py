"""`python -m benchmarks` runs every benchmark; `report`, `prepared`, `chart_browser`, `portfolio`, `invitations`,
`http` or `first_visit` one."""

from __future__ import annotations

import os
import sys

from benchmarks import chart_browser, first_visit, http_load, invitations, portfolio, prepared, report


def main(argv: list[str]) -> int:
    if argv[:1] == ["report"]:
        report.main(argv[1:])
        return 0
    if argv[:1] == ["prepared"]:
        return 0 if prepared.main(argv[1:]) else 1
    if argv[:1] == ["chart_browser"]:
        return 0 if chart_browser.main(argv[1:]) else 1
    if argv[:1] == ["portfolio"]:
        return 0 if portfolio.main(argv[1:]) else 1
    if argv[:1] == ["invitations"]:
        return 0 if invitations.main(argv[1:]) else 1
    if argv[:1] == ["http"]:
        return 0 if http_load.main(argv[1:]) else 1
    if argv[:1] == ["first_visit"]:
        return 0 if first_visit.main(argv[1:]) else 1
    if argv:
        usage = (
            "usage: python -m benchmarks [report [--runs N] | prepared | chart_browser | portfolio | invitations | http"
            " | first_visit] [...]"
        )
        print(usage, file=sys.stderr)
        return 2
    print("== PDF report ==")
    report.main([])
    print("\n== Reports before anyone asks: submission to reports ready, download once ready ==")
    downloads_fast = prepared.main([])
    print("\n== The chart browser: start-up and memory ==")
    chart_browser.main([])
    print("\n== Consultant's pages: /portfolio and a client page, 1,000 clients ==")
    pages_fast = portfolio.main([])
    print("\n== The portfolio of `flask demo load --clients N`, in Chromium too: 1,000 and 10,000 clients ==")
    pages_fast = portfolio.main(["--demo", "--browser", "--clients", "1000"]) and pages_fast
    pages_fast = portfolio.main(["--demo", "--browser", "--clients", "10000", "--runs", "3"]) and pages_fast
    print("\n== A chart page in Chromium: first and repeat visit ==")
    chart_page_fast = first_visit.main([])
    print("\n== Invitations: 500 lines checked and stored, 500 messages queued, the worker sending ==")
    pages_fast = invitations.main([]) and pages_fast
    pages_fast = http_load_everywhere() and pages_fast
    return 0 if pages_fast and chart_page_fast and downloads_fast else 1


def http_load_everywhere() -> bool:
    """The pages under gunicorn's gthread default and 2 sync workers, on SQLite and, when BENCH_DATABASE_URL names
    a PostgreSQL database (emptied first), on it too."""
    settings = [
        ("gthread (2 workers x 4 threads)", []),
        ("2 sync workers", ["--worker-class", "sync", "--workers", "2"]),
    ]
    databases = [("SQLite", [])]
    if os.environ.get("BENCH_DATABASE_URL"):
        databases.append(("PostgreSQL", ["--database-url", os.environ["BENCH_DATABASE_URL"]]))
    met = True
    for database, database_args in databases:
        for setting, setting_args in settings:
            print(f"\n== HTTP load (gunicorn + wrk): {setting}, {database} ==")
            met = http_load.main([*setting_args, *database_args]) and met
    return met


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
