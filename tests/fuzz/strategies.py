"""Hostile input for the fuzz tests: any text (NUL, control characters, every plane of unicode), huge strings,
JSON of any shape."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Function-scoped fixtures (the app and its database) are shared by all examples of a test on purpose: each
# example compares the rows before and after its own request.
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

huge_text = st.builds(lambda character, times: character * times, st.characters(codec="utf-8"), st.integers(0, 50_000))
hostile_text = st.one_of(
    st.text(),
    st.text(st.characters(codec="utf-8", max_codepoint=0x7F)),  # ASCII, control characters and NUL included
    st.sampled_from(["", " ", "\x00", "a\x00b", "\r\n", "\u202e", "🎉", "<script>alert(1)</script>", "' OR 1=1 --"]),
    huge_text,
)
# JSON has no NaN or Infinity (json.dumps writes them anyway): tests/web/test_hostile_json.py sees them refused.
json_value: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | hostile_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(hostile_text, children, max_size=4),
    max_leaves=12,
)
