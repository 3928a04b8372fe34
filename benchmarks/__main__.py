"""`python -m benchmarks` runs every benchmark; `report` or `http` runs one (each takes its own --help)."""

from __future__ import annotations

import sys

from benchmarks import http_load, report


def main(argv: list[str]) -> int:
    if argv[:1] == ["report"]:
        report.main(argv[1:])
        return 0
    if argv[:1] == ["http"]:
        return 0 if http_load.main(argv[1:]) else 1
    if argv:
        print("usage: python -m benchmarks [report [--runs N] | http [options]]", file=sys.stderr)
        return 2
    print("== PDF report ==")
    report.main([])
    print("\n== HTTP load (gunicorn + wrk) ==")
    return 0 if http_load.main([]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
