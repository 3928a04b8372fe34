"""Hostile input for the fuzz tests: any text (NUL, control characters, every plane of unicode), huge strings,
JSON of any shape."""

from __future__ import annotations

from typing import Any

from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse

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


def too_large(app: Flask, response: TestResponse) -> bool:
    """Whether the request was refused as too large (413), which only a body over the app's limits may be.

    Several huge texts in one form (each up to 50,000 characters of up to 12 bytes form-encoded) can pass
    MAX_CONTENT_LENGTH; such a request is refused before any handler reads it, so it changes nothing.
    """
    if response.status_code != 413:
        return False
    limits = [limit for limit in (app.config["MAX_CONTENT_LENGTH"], app.config["MAX_FORM_MEMORY_SIZE"]) if limit]
    assert len(response.request.get_data()) > min(limits), "a 413 for a body inside the limits"
    return True
