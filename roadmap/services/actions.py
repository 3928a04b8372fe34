"""Action plans: add, change, reorder and delete the actions of an assessment's or a client's plan.

A plan is named by its owner, an `Assessment` (the private link's plan) or a `Client` (the consultant's, carried
across the client's rounds). An action is always looked up within its plan: an id of another plan is not found,
exactly as an id that does not exist. Every change checks the version the person saw (`version`): an edit made on
an older version is refused (`StaleAction`) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap.domain import actions as rules
from roadmap.domain.actions import ActionDraft, PlannedAction, TopicProgress
from roadmap.domain.progress import changes_between
from roadmap.models import Action, Assessment, Client
from roadmap.services.errors import Conflict, Invalid, NotFound
from roadmap.services.portfolio import ClientFigures, RoundFigures

PlanOwner = Assessment | Client


class ActionNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("No action with this id in this plan.")


class StaleAction(Conflict):
    """The action changed since the person loaded it: their change was not saved."""

    def __init__(self, action: Action) -> None:
        super().__init__(
            "The action was changed meanwhile; nothing was saved. Load it again and repeat the change.",
            [f"version: the action is at version {action.version} now"],
        )
        self.action = action


class InvalidAction(Invalid):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("The action was not saved: fix the problems in details.", problems)


def _of(owner: PlanOwner) -> sa.ColumnElement[bool]:
    if isinstance(owner, Client):
        return Action.client_id == owner.id
    return Action.assessment_id == owner.id


def plan_of(session: Session, owner: PlanOwner) -> list[Action]:
    """The plan's actions in their order."""
    return list(session.scalars(sa.select(Action).where(_of(owner)).order_by(Action.position, Action.id)))


def find(session: Session, owner: PlanOwner, action_id: int) -> Action:
    found = session.scalar(sa.select(Action).where(_of(owner), Action.id == action_id))
    if found is None:
        raise ActionNotFound()
    return found


def _checked(action: ActionDraft, topics: Collection[str]) -> ActionDraft:
    problems = rules.problems_of(action, topics)
    if problems:
        raise InvalidAction(problems)
    return action


def _current(session: Session, owner: PlanOwner, action_id: int, version: int | None) -> Action:
    found = find(session, owner, action_id)
    if version is not None and version != found.version:
        raise StaleAction(found)
    return found


def add(session: Session, owner: PlanOwner, action: ActionDraft, topics: Collection[str]) -> Action:
    """A new action at the end of the plan."""
    _checked(action, topics)
    last = session.scalar(sa.select(sa.func.max(Action.position)).where(_of(owner)))
    created = Action(
        assessment_id=owner.id if isinstance(owner, Assessment) else None,
        client_id=owner.id if isinstance(owner, Client) else None,
        position=(last or 0) + 1,
        version=1,
        **_fields(action),
    )
    session.add(created)
    session.commit()
    return created


def _fields(action: ActionDraft) -> dict[str, object]:
    return {
        "title": action.title,
        "topic": action.topic,
        "owner": action.owner,
        "due_on": action.due_on,
        "status": action.status,
        "note": action.note,
    }


def update(
    session: Session,
    owner: PlanOwner,
    action_id: int,
    version: int | None,
    action: ActionDraft,
    topics: Collection[str],
) -> Action:
    """Every field of the action replaced; `version` None (the API without one) skips the stale-edit check."""
    found = _current(session, owner, action_id, version)
    _checked(action, topics)
    for name, value in _fields(action).items():
        setattr(found, name, value)
    found.version += 1
    session.commit()
    return found


def set_status(session: Session, owner: PlanOwner, action_id: int, version: int | None, status: str) -> Action:
    found = _current(session, owner, action_id, version)
    if status not in rules.STATUSES:
        raise InvalidAction([f"status: one of {', '.join(rules.STATUSES)}"])
    if status != found.status:
        found.status = status
        found.version += 1
        session.commit()
    return found


def move(session: Session, owner: PlanOwner, action_id: int, direction: str) -> Action:
    """The action swapped with its neighbour above (`up`) or below (`down`); at either end nothing changes."""
    if direction not in ("up", "down"):
        raise InvalidAction(["direction: up or down"])
    plan = plan_of(session, owner)
    index = next((i for i, a in enumerate(plan) if a.id == action_id), None)
    if index is None:
        raise ActionNotFound()
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(plan):
        plan[index], plan[other] = plan[other], plan[index]
        for position, action in enumerate(plan, start=1):
            action.position = position
        session.commit()
    return plan[other] if 0 <= other < len(plan) else plan[index]


def delete(session: Session, owner: PlanOwner, action_id: int, version: int | None) -> None:
    session.delete(_current(session, owner, action_id, version))
    session.commit()


def planned(session: Session, owner: PlanOwner, today: date | None = None) -> tuple[PlannedAction, ...]:
    """The plan as plain values for reports and exports, overdue as of `today` (default: today)."""
    day = today or date.today()
    return tuple(
        PlannedAction(a.title, a.topic, a.owner, a.due_on, a.status, a.note, rules.is_overdue(a.due_on, a.status, day))
        for a in plan_of(session, owner)
    )


# --- what the pages show -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundActions:
    """A round's view of the client's plan: the actions agreed since the previous round with a result, and per topic
    how many are done with the topic's score change from that round to this one."""

    previous: RoundFigures | None
    actions: list[Action]
    progress: list[TopicProgress]


def _score_changes(
    previous: RoundFigures | None, now: RoundFigures | None, order: Sequence[str]
) -> dict[str, float | None]:
    if previous is None or now is None:
        return {}
    return {c.key: c.change for c in changes_between(previous.group.result, now.group.result, order)}


def progress(plan: Sequence[Action], figures: ClientFigures, order: Sequence[str]) -> list[TopicProgress]:
    """The whole plan per topic, with each topic's change between the client's last two rounds with a result."""
    changes = _score_changes(figures.previous, figures.current, order)
    return rules.progress_by_topic(((a.topic, a.status) for a in plan), changes, order)


def round_actions(plan: Sequence[Action], figures: ClientFigures, round_id: int, order: Sequence[str]) -> RoundActions:
    """The actions agreed after the round before `round_id` that has a result (any, when none) and by its date."""
    rounds = list(figures.rounds)
    this = next((r for r in rounds if r.id == round_id), None)
    if this is None:
        return RoundActions(None, [], [])
    earlier = [r for r in rounds[: rounds.index(this)] if r.has_result]
    previous = earlier[-1] if earlier else None
    after: date | None = previous.held_on if previous else None
    agreed = [a for a in plan if rules.agreed_between(a.created_at, after, this.held_on)]
    changes = _score_changes(previous, this if this.has_result else None, order)
    return RoundActions(
        previous, agreed, rules.progress_by_topic(((a.topic, a.status) for a in agreed), changes, order)
    )
