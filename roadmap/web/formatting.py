"""Scores as pages show them: one decimal, in the page's number format (3.2 or 3,2)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

import pyphen
from flask_babel import format_decimal, get_locale

_ONE_DECIMAL = Decimal("0.1")
_symbols: dict[str, str] = {}  # the decimal symbol per locale


def score_formatter() -> Callable[[float], str]:
    """A formatter for the current request's language, for pages that format thousands of scores."""
    locale = str(get_locale())
    symbol = _symbols.get(locale)
    if symbol is None:
        symbol = _symbols[locale] = str(format_decimal(0.5, format="0.0"))[1]

    def format_score(score: float) -> str:
        # What Babel's format_decimal(score, format="0.0") gives (half-even rounding of the shortest repr), without
        # its per-call locale lookup and pattern parsing. Python's own rounding of the binary value agrees except on
        # a tie in the shortest repr (2.45 is a tie for Babel, 2.4500000000000001776 is not for Python).
        text = repr(score)
        if text[-1] == "5" and text.find(".") == len(text) - 3:
            text = str(Decimal(text).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_EVEN))
        else:
            text = f"{score:.1f}"
        return text.replace(".", symbol)

    return format_score


def format_score(score: float) -> str:
    return score_formatter()(score)


def signed_score(change: float) -> str:
    """A change of score with its sign, one decimal: +0.8, -0.3 (written with a true minus sign, U+2212), ±0.0."""
    shown = format_score(abs(change))
    if shown == format_score(0.0):
        return "±" + shown
    return ("+" if change > 0 else "\u2212") + shown


def format_score_against(score: float, threshold: float | None) -> str:
    """A score beside a threshold it is compared with: one decimal, or as many more (up to three) as it takes not
    to look equal to a threshold it has not reached (2.95 beside 3.0, not 3.0 beside 3.0)."""
    shown = format_score(score)
    if threshold is None or score >= threshold or shown != format_score(threshold):
        return shown
    for pattern in ("0.00", "0.000"):
        shown = str(format_decimal(score, format=pattern))
        if shown != str(format_decimal(threshold, format=pattern)):
            break
    return shown


NO_VALUE = "\u2013"  # an en dash: a score that is missing (too little data, no such topic, no round yet)


def score_or_dash(score: float | None) -> str:
    """The `score` filter of the templates: `{{ value|score }}`."""
    return NO_VALUE if score is None else format_score(score)


SOFT_HYPHEN = "\u00ad"
_LONG_WORD = re.compile(r"[^\W\d_]{8,}")  # letters only: "co-creatie" keeps its own hyphen
_DICTIONARIES = {"en": "en_GB", "nl": "nl_NL"}


@lru_cache(maxsize=8)
def _hyphenator(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=_DICTIONARIES.get(language, "en_GB"))


def hyphenated(text: str) -> str:
    """`text` with soft hyphens in its long words, by the page language's rules, for narrow table headers: the
    browser breaks a word there only where it must, and shows a hyphen where it does (no dictionary needed)."""
    hyphenator = _hyphenator(str(get_locale()))
    return _LONG_WORD.sub(lambda word: hyphenator.inserted(word.group(), hyphen=SOFT_HYPHEN), text)
