"""An action plan: who does what by when, its rules, the ready-made actions a result offers, and progress per topic.

Plain values only: the service stores actions, the web edge translates the statuses and the messages. An action
belongs to one plan (an assessment's, through its private link, or a client's, carried across its rounds).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from roadmap.domain.explanation import Explanation
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result
from roadmap.domain.vocabulary import DIRECTION_CONTROLS

STATUSES = ("planned", "in_progress", "done", "dropped")
DEFAULT_STATUS = STATUSES[0]
CLOSED_STATUSES = frozenset({"done", "dropped"})  # never overdue
TITLE_MAX = 200
OWNER_MAX = 200
NOTE_MAX = 2000

# A line's control characters (a note may hold line breaks and tabs, nothing else), and those reversing text.
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_NOTE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DIRECTION = re.compile(f"[{DIRECTION_CONTROLS}]")


@dataclass(frozen=True)
class ActionDraft:
    """What a person enters for an action, trimmed: empty optional fields are None."""

    title: str
    topic: str | None = None
    owner: str | None = None
    due_on: date | None = None
    status: str = DEFAULT_STATUS
    note: str | None = None


def draft(
    title: str,
    topic: str | None = None,
    owner: str | None = None,
    due_on: date | None = None,
    status: str = DEFAULT_STATUS,
    note: str | None = None,
) -> ActionDraft:
    """A draft with surrounding white space trimmed, blank optional texts as None and line breaks as "\\n"."""
    clean_note = (note or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return ActionDraft(
        title=(title or "").strip(),
        topic=(topic or "").strip() or None,
        owner=(owner or "").strip() or None,
        due_on=due_on,
        status=status,
        note=clean_note or None,
    )


def text_problem(value: str | None, limit: int, multiline: bool = False) -> str | None:
    """Why a text cannot be stored (too long, control or direction characters), in English, or None."""
    if value is None:
        return None
    if len(value) > limit:
        return f"at most {limit} characters"
    if (_CONTROL_IN_NOTE if multiline else _CONTROL_IN_LINE).search(value):
        return "contains control characters"
    if _DIRECTION.search(value):
        return "contains a character that reverses text (U+202A-U+202E, U+2066-U+2069)"
    return None


def problems_of(action: ActionDraft, topics: Collection[str]) -> list[str]:
    """One English line per field that breaks the rules ("field: why"); empty when the draft can be stored."""
    problems = []
    if not action.title:
        problems.append("title: required, a non-empty text")
    for field, value, limit, multiline in (
        ("title", action.title or None, TITLE_MAX, False),
        ("owner", action.owner, OWNER_MAX, False),
        ("note", action.note, NOTE_MAX, True),
    ):
        problem = text_problem(value, limit, multiline)
        if problem:
            problems.append(f"{field}: {problem}")
    if action.topic is not None and action.topic not in topics:
        problems.append(f"topic: one of {', '.join(topics)}, or none")
    if action.status not in STATUSES:
        problems.append(f"status: one of {', '.join(STATUSES)}")
    return problems


def is_overdue(due_on: date | None, status: str, today: date) -> bool:
    """Past its due date and neither done nor dropped."""
    return due_on is not None and due_on < today and status not in CLOSED_STATUSES


def agreed_between(created_at: datetime, after: date | None, until: date) -> bool:
    """Whether an action made at `created_at` was agreed after the round held on `after` (none: any time) and by the
    round held on `until`: the actions a round's result can show the effect of."""
    made = created_at.date()
    return (after is None or made > after) and made <= until


@dataclass(frozen=True)
class PlannedAction:
    """An action as reports and exports show it: plain values, `overdue` as of the day it was read."""

    title: str
    topic: str | None
    owner: str | None
    due_on: date | None
    status: str
    note: str | None
    overdue: bool


def plan_fingerprint(plan: Sequence[PlannedAction]) -> str:
    """Changes whenever anything a report shows of the plan changes, overdue marks included."""
    return hashlib.sha256(repr(tuple(plan)).encode()).hexdigest()[:16]


# --- ready-made actions ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A ready-made action: a next step, a topic's advice, or a change of the plan to the next phase."""

    source: str  # next_step, topic_advice, change
    title: str
    topic: str | None
    note: str | None


def shortened(text: str, limit: int = TITLE_MAX) -> str:
    """The text, cut at a word before `limit` characters with an ellipsis when it is longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…"


def suggestions_for(
    questionnaire: Questionnaire, result: Result, explanation: Explanation, language: str
) -> list[Suggestion]:
    """The ready-made actions a result offers, without repeats: next steps, every topic's advice, then the changes
    of the plan to the next phase (the practice to aim for, its question as the note)."""
    found: list[Suggestion] = []
    for next_step in result.next_steps:
        if next_step.dimension is None:
            found.append(Suggestion("next_step", shortened(next_step.step.text(language)), None, None))
    for advice in explanation.advice:
        found.append(Suggestion("topic_advice", shortened(advice.step.text(language)), advice.dimension, None))
    for change in explanation.plan.changes if explanation.plan else ():
        question = questionnaire.question(change.question)
        option = question.option(change.to_option) if question else None
        if question is None or option is None:
            continue
        note = shortened(question.text(language), NOTE_MAX)
        found.append(Suggestion("change", shortened(option.text(language)), change.dimension, note))
    unique: dict[tuple[str, str | None], Suggestion] = {}
    for suggestion in found:
        unique.setdefault((suggestion.title, suggestion.topic), suggestion)
    return list(unique.values())


# --- progress ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicProgress:
    """A topic's actions: how many are done of those not dropped, and its score change between two rounds."""

    topic: str | None
    done: int
    total: int
    change: float | None


def progress_by_topic(
    actions: Iterable[tuple[str | None, str]], changes: Mapping[str, float | None], order: Sequence[str]
) -> list[TopicProgress]:
    """Per topic (in `order`, then actions without a topic), from (topic, status) pairs; dropped ones do not count."""
    counts: dict[str | None, list[int]] = {}
    for topic, status in actions:
        if status == "dropped":
            continue
        done_total = counts.setdefault(topic, [0, 0])
        done_total[0] += status == "done"
        done_total[1] += 1
    keys: list[str | None] = [key for key in order if key in counts]
    if None in counts:
        keys.append(None)
    return [
        TopicProgress(key, counts[key][0], counts[key][1], changes.get(key) if key is not None else None)
        for key in keys
    ]
