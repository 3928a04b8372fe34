"""Scores as pages show them: one decimal, in the page's number format (3.2 or 3,2)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal

from flask import g
from flask_babel import format_decimal

_ONE_DECIMAL = Decimal("0.1")


def score_formatter() -> Callable[[float], str]:
    """A formatter for the current request's language, for pages that format thousands of scores."""
    symbol = g.get("decimal_symbol")
    if symbol is None:
        symbol = g.decimal_symbol = str(format_decimal(0.5, format="0.0"))[1]

    def format_score(score: float) -> str:
        # What Babel's format_decimal(score, format="0.0") gives (half-even rounding of the shortest repr), without
        # its per-call locale lookup and pattern parsing.
        return str(Decimal(repr(score)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_EVEN)).replace(".", symbol)

    return format_score


def format_score(score: float) -> str:
    return score_formatter()(score)
