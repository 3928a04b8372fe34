"""The rules of an action plan: what may be stored, overdue, agreed between rounds, ready-made actions, progress."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from roadmap.domain import actions
from roadmap.domain.actions import draft, is_overdue, problems_of, progress_by_topic, shortened

TOPICS = ("webcare", "tools")


@pytest.mark.parametrize(
    ("entered", "expected"),
    [
        (draft("Set up a webcare team", "webcare", "Anna", date(2020, 1, 1), "done", "Line 1\nLine 2"), []),
        (draft("   "), ["title: required, a non-empty text"]),
        (draft("x" * 201), ["title: at most 200 characters"]),
        (draft("x" * 200, owner="o" * 200, note="n" * 2000), []),
        (draft("ok", owner="o" * 201), ["owner: at most 200 characters"]),
        (draft("ok", note="n" * 2001), ["note: at most 2000 characters"]),
        (draft("bell\x07"), ["title: contains control characters"]),
        (draft("two\nlines"), ["title: contains control characters"]),
        (draft("ok", note="nul\x00"), ["note: contains control characters"]),
        (draft("rtl\u202egpj.exe"), ["title: contains a character that reverses text (U+202A-U+202E, U+2066-U+2069)"]),
        (
            draft("ok", owner="\u2067x"),
            ["owner: contains a character that reverses text (U+202A-U+202E, U+2066-U+2069)"],
        ),
        (draft("ok", topic="nonsense"), ["topic: one of webcare, tools, or none"]),
        (draft("ok", status="finished"), ["status: one of planned, in_progress, done, dropped"]),
    ],
)
def test_problems_of_a_draft(entered: actions.ActionDraft, expected: list[str]) -> None:
    assert problems_of(entered, TOPICS) == expected


def test_a_draft_is_trimmed_and_blank_fields_are_none() -> None:
    assert draft("  Title  ", " ", "  ", None, "planned", " a\r\nb \r") == actions.ActionDraft(
        "Title", None, None, None, "planned", "a\nb"
    )


@pytest.mark.parametrize(
    ("due_on", "status", "overdue"),
    [
        (date(2026, 5, 31), "planned", True),
        (date(2026, 5, 31), "in_progress", True),
        (date(2026, 5, 31), "done", False),
        (date(2026, 5, 31), "dropped", False),
        (date(2026, 6, 1), "planned", False),
        (None, "planned", False),
    ],
)
def test_overdue(due_on: date | None, status: str, overdue: bool) -> None:
    assert is_overdue(due_on, status, today=date(2026, 6, 1)) is overdue


@pytest.mark.parametrize(
    ("made", "after", "until", "agreed"),
    [
        (date(2026, 2, 1), date(2026, 1, 10), date(2026, 6, 1), True),
        (date(2026, 1, 10), date(2026, 1, 10), date(2026, 6, 1), False),
        (date(2026, 6, 1), date(2026, 1, 10), date(2026, 6, 1), True),
        (date(2026, 6, 2), date(2026, 1, 10), date(2026, 6, 1), False),
        (date(2025, 1, 1), None, date(2026, 6, 1), True),
    ],
)
def test_agreed_between_rounds(made: date, after: date | None, until: date, agreed: bool) -> None:
    created_at = datetime(made.year, made.month, made.day, 12, tzinfo=UTC)
    assert actions.agreed_between(created_at, after, until) is agreed


def test_shortened_cuts_at_a_word() -> None:
    assert shortened("short") == "short"
    long = "word " * 60
    cut = shortened(long)
    assert len(cut) <= 200 and cut.endswith("word…")


def test_progress_per_topic_leaves_dropped_actions_out() -> None:
    pairs = [("webcare", "done"), ("webcare", "planned"), ("webcare", "dropped"), (None, "done"), ("tools", "done")]
    found = progress_by_topic(pairs, {"webcare": 0.8, "tools": None}, TOPICS)
    assert [(p.topic, p.done, p.total, p.change) for p in found] == [
        ("webcare", 1, 2, 0.8),
        ("tools", 1, 1, None),
        (None, 1, 1, None),
    ]
