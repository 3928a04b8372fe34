"""Respondents of a confidential round as an export of answers shows them: a number, never a name.

The responses export of a confidential round (docs/scoring.md, "Confidential rounds"):
- lists only submitted respondents, and none at all while the round's result withholds its scores (fewer than
  the minimum have submitted): their answers would give the scores away;
- numbers them 1, 2, 3, ... in an order that only the server can compute: by a keyed hash (HMAC-SHA256 with the
  app's secret key) of the round and the respondent's key. Not the order of invitation, which the round page
  shows, nor the order of submission, which someone watching the round page's "Submitted" could note down; the
  numbers stay the same as long as the same respondents have submitted (so, once the round is closed, for good);
- shows a respondent's department only where the round's figures show it (`Disclosure.shown_as`): the department,
  "other departments", or nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from roadmap.domain.confidentiality import Disclosure


@dataclass(frozen=True)
class AnonymousRespondent:
    """A respondent in an export: `key` is the caller's reference (e.g. the invitation id), for finding their
    answers, and must not be written out; `department` is a department key, OTHER_DEPARTMENTS, or None (blank)."""

    key: int
    number: int
    department: str | None


def anonymous_respondents(
    submitted: Iterable[tuple[int, str | None]], disclosure: Disclosure, secret_key: str, round_id: int
) -> list[AnonymousRespondent]:
    """The submitted respondents ((key, department) pairs) of a round, numbered from 1, in number order.

    `disclosure` is the round's `confidentiality.disclose(...)`; `secret_key` the app's secret key (a changed key
    renumbers). Raises ValueError for an empty secret key (the order would be public) or a key given twice.
    """
    respondents = list(submitted)
    if not secret_key:
        raise ValueError("a secret key is needed: without one anyone could compute the numbers")
    if len({key for key, _ in respondents}) != len(respondents):
        raise ValueError("every respondent's key must be different")
    if disclosure.scores_withheld:
        return []
    ordered = sorted(respondents, key=lambda respondent: _rank(secret_key, round_id, respondent[0]))
    return [
        AnonymousRespondent(key, number, disclosure.shown_as(department))
        for number, (key, department) in enumerate(ordered, start=1)
    ]


def _rank(secret_key: str, round_id: int, key: int) -> bytes:
    message = f"respondent-number:{round_id}:{key}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
