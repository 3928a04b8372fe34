"""The explanation of a result in the shape the API gives it: `phase_reason`, `to_next_phase`, `topic_advice`.

Plain dictionaries of plain values, to be placed beside the existing fields of a result's JSON. Texts (phase
names, advice) are taken from the questionnaire in the requested language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from roadmap.domain.advice import TopicAdvice, topic_advice
from roadmap.domain.next_phase import NextPhaseConditions, Plan, conditions_for_next_phase, plan_to_next_phase
from roadmap.domain.phase_reason import PhaseReason, phase_reason
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result, assess


@dataclass(frozen=True)
class Explanation:
    """What a result page or report shows beside the score: why this phase, the way to the next, topic advice.

    One respondent has a `plan`; a group (`group` true) has `conditions` instead. Both are None in phase 4."""

    reason: PhaseReason | None
    plan: Plan | None
    conditions: NextPhaseConditions | None
    advice: tuple[TopicAdvice, ...]
    group: bool


def explain(questionnaire: Questionnaire, result: Result, answers: Mapping[str, str]) -> Explanation:
    """One respondent's explanation; `result` is `assess(questionnaire, answers)`."""
    plan = plan_to_next_phase(questionnaire, answers)
    return Explanation(phase_reason(result), plan, None, topic_advice(questionnaire, result), group=False)


def explain_group(questionnaire: Questionnaire, result: Result) -> Explanation:
    """A group's explanation: the conditions for the next phase instead of a plan."""
    conditions = conditions_for_next_phase(result)
    return Explanation(phase_reason(result), None, conditions, topic_advice(questionnaire, result), group=True)


def phase_json(questionnaire: Questionnaire, number: int, language: str) -> dict[str, Any]:
    phase = questionnaire.phase(number)
    return {"number": phase.level, "key": phase.key, "name": phase.name(language)}


def plan_json(questionnaire: Questionnaire, plan: Plan | None, language: str) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {
        "phase": phase_json(questionnaire, plan.phase, language),
        "steps": plan.steps,
        "changes": [
            {"question": c.question, "dimension": c.dimension, "from": c.from_option, "to": c.to_option}
            for c in plan.changes
        ],
    }


def conditions_json(
    questionnaire: Questionnaire, conditions: NextPhaseConditions | None, language: str
) -> dict[str, Any] | None:
    if conditions is None:
        return None
    return {
        "phase": phase_json(questionnaire, conditions.phase, language),
        "overall_score": {"current": conditions.overall_score, "needed": conditions.needed},
        "topics": [{"dimension": t.dimension, "score": t.score, "needed": t.needed} for t in conditions.topics],
    }


def _common_json(questionnaire: Questionnaire, result: Result, language: str) -> dict[str, Any]:
    reason = phase_reason(result)
    return {
        "phase_reason": reason.kind if reason else None,
        "topic_advice": [
            {"dimension": a.dimension, "phase": a.phase, "text": a.step.text(language)}
            for a in topic_advice(questionnaire, result)
        ],
    }


def explanation_json(questionnaire: Questionnaire, answers: Mapping[str, str], language: str) -> dict[str, Any]:
    """One respondent: why this phase, the smallest plan to the next one, and every topic's advice."""
    result = assess(questionnaire, answers)
    plan = plan_to_next_phase(questionnaire, answers)
    return {**_common_json(questionnaire, result, language), "to_next_phase": plan_json(questionnaire, plan, language)}


def group_explanation_json(questionnaire: Questionnaire, result: Result, language: str) -> dict[str, Any]:
    """A group (a round or a department): why this phase, the conditions for the next one, every topic's advice.

    `to_next_phase` is null, or `{"phase", "overall_score": {"current", "needed"}, "topics": [{"dimension",
    "score", "needed"}]}`."""
    conditions = conditions_for_next_phase(result)
    return {
        **_common_json(questionnaire, result, language),
        "to_next_phase": conditions_json(questionnaire, conditions, language),
    }
