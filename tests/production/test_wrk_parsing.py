"""The HTTP benchmark reads wrk's report right: throughput, p99 in any unit, and every kind of error."""

from __future__ import annotations

import pytest

from benchmarks.http_load import Measurement, parse_wrk, verdicts

REPORT = """Running 10s test @ http://127.0.0.1:8200/a/x/page/1
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    41.52ms   12.03ms 180.22ms   80.12%
    Req/Sec   386.44     40.12   480.00     70.00%
  Latency Distribution
     50%   40.01ms
     75%   47.33ms
     90%   55.80ms
     99%  {p99}
  7702 requests in 10.01s, 61.23MB read
{extra}Requests/sec:    769.42
Transfer/sec:      6.12MB
unexpected statuses: {unexpected}
"""


@pytest.mark.parametrize(
    ("p99", "extra", "unexpected", "p99_ms", "errors"),
    [
        ("88.20ms", "", 0, 88.2, (0, 0, 0)),
        ("1.27s", "", 0, 1270.0, (0, 0, 0)),
        ("950.00us", "", 0, 0.95, (0, 0, 0)),
        ("88.20ms", "  Non-2xx or 3xx responses: 12\n", 12, 88.2, (0, 12, 12)),
        ("88.20ms", "  Socket errors: connect 1, read 2, write 0, timeout 4\n", 3, 88.2, (7, 0, 3)),
    ],
)
def test_parse_wrk(p99: str, extra: str, unexpected: int, p99_ms: float, errors: tuple[int, int, int]) -> None:
    measured = parse_wrk("page", REPORT.format(p99=p99, extra=extra, unexpected=unexpected))
    assert measured.requests == 7702
    assert measured.requests_per_second == 769.42
    assert measured.p99_ms == pytest.approx(p99_ms)
    assert (measured.socket_errors, measured.non_2xx_3xx, measured.unexpected_status) == errors
    assert measured.errors == sum(errors)


def test_a_report_without_the_scripts_count_is_refused() -> None:
    with pytest.raises(ValueError, match="unexpected statuses"):
        parse_wrk("page", "  7702 requests in 10.01s\nRequests/sec: 1\n     99%   1ms\n")


@pytest.mark.parametrize(
    ("name", "rps", "p99", "errors", "met"),
    [
        ("questionnaire page", 200.0, 50.0, 0, [True, True, True]),
        ("questionnaire page", 199.0, 50.0, 0, [False, True, True]),
        ("save a page", 100.0, 100.0, 0, [True, False, True]),
        ("result page", 200.0, 10.0, 1, [True, True, False]),
        ("result page", 199.0, 10.0, 0, [False, True, True]),
        ("hello-world", 1000.0, 10.0, 0, [True, True]),
    ],
)
def test_verdicts(name: str, rps: float, p99: float, errors: int, met: list[bool]) -> None:
    measurement = Measurement(name, 100, rps, p99, 0, errors, 0)
    assert ["NOT met" not in verdict for verdict in verdicts(measurement, hello=1000.0)] == met
