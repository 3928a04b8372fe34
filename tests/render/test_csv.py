"""CSV encoding: the file format (BOM, CRLF, commas, dot decimals) and safety against formula injection."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from roadmap.render.csv import csv_bytes, csv_cell
from tests.exports.test_csv import parse

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        *[(f"{start}1+1", f"'{start}1+1") for start in FORMULA_STARTS],
        ("-1.5", "'-1.5"),  # text that looks like a number is still text
        ("plain text", "plain text"),
        ("a = b", "a = b"),  # only the first character matters
        ("", ""),
        (None, ""),
        (-1.5, -1.5),  # a real number stays a number
        (-2, -2),
        (0, 0),
        (True, "true"),
        (False, "false"),
        (date(2026, 3, 1), "2026-03-01"),
        (datetime(2026, 3, 1, 9, 30, tzinfo=UTC), "2026-03-01T09:30:00+00:00"),
    ],
)
def test_csv_cell_neutralises_text_that_starts_a_formula_and_leaves_numbers(value: object, written: object) -> None:
    assert csv_cell(value) == written  # type: ignore[arg-type]


def test_csv_bytes_is_utf8_with_bom_crlf_and_dot_decimals() -> None:
    content = csv_bytes(("text", "number"), [('Zoë, "quoted"\nsecond line', -1.25), ("=SUM(A1)", 3.5)])
    assert content.count(b"\r\n") == 3  # the header and both rows; the newline inside a cell stays a bare \n
    assert b"-1.25" in content and b"3.5" in content and b"3,5" not in content
    assert parse(content) == [
        ["text", "number"],
        ['Zoë, "quoted"\nsecond line', "-1.25"],
        ["'=SUM(A1)", "3.5"],
    ]
