"""The order in which a question shows its options: fixed per question, never the order of the levels.

The questionnaire file keeps options by level (Presence first); showing them that way would tell a respondent
that the last answer is the "best" one. The shown order is a permutation of the levelled options taken from a
SHA-256 hash of the questionnaire id and the question key, so it is the same for every respondent, on every page
and in every report, and changes only when the question's key does. The level order and its reverse are never
chosen; "don't know" always comes last.
"""

from __future__ import annotations

import hashlib
from itertools import permutations

from roadmap.domain.questionnaire import Option, Question


def display_options(questionnaire_id: str, question: Question) -> tuple[Option, ...]:
    """The question's options in the order a respondent sees them."""
    levelled = sorted((o for o in question.options if o.level is not None), key=lambda o: o.level or 0)
    unlevelled = tuple(o for o in question.options if o.level is None)
    by_level = tuple(levelled)
    candidates = [p for p in permutations(by_level) if p not in (by_level, by_level[::-1])]
    if not candidates:  # fewer than three levelled options: every order is the level order or its reverse
        return by_level + unlevelled
    digest = hashlib.sha256(f"{questionnaire_id}\n{question.key}".encode()).digest()
    return candidates[int.from_bytes(digest[:8], "big") % len(candidates)] + unlevelled
