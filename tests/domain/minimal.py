"""A small but complete questionnaire, built in code, for domain tests that must not depend on the real content."""

from __future__ import annotations

import copy
from typing import Any

from roadmap.domain.questionnaire import DONT_KNOW, PHASE_KEYS


def text(label: str) -> dict[str, str]:
    return {"en": label, "nl": f"{label} (nl)"}


def step(label: str) -> dict[str, Any]:
    return {"text": text(label), "why": text(f"why {label}")}


def question(key: str, weight: float | None = None) -> dict[str, Any]:
    q: dict[str, Any] = {
        "key": key,
        "text": text(f"question {key}"),
        "options": [{"level": level, "text": text(f"{key} level {level}")} for level in range(1, 5)],
    }
    if weight is not None:
        q["weight"] = weight
    return q


def dimension(key: str, questions: int = 4, weight: float | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {
        "key": key,
        "name": text(f"dimension {key}"),
        "description": text(f"about {key}"),
        "advice": {phase: step(f"advice {key} {phase}") for phase in PHASE_KEYS},
        "questions": [question(f"{key}_q{i}") for i in range(1, questions + 1)],
    }
    if weight is not None:
        d["weight"] = weight
    return d


DIMENSION_KEYS = ("strategy", "ownership", "webcare", "content", "co_creation", "governance", "measurement", "people")


def raw_questionnaire(**overrides: Any) -> dict[str, Any]:
    """Raw content as a YAML file would give it: eight dimensions of four questions each."""
    raw: dict[str, Any] = {
        "id": "test-roadmap",
        "version": "1",
        "title": text("Test roadmap"),
        "introduction": text("An introduction"),
        "phases": [
            {
                "key": key,
                "name": text(key.title()),
                "motto": text(f"motto {key}"),
                "description": text(f"description {key}"),
                "customers_notice": [text(f"notice {key}")],
                "obstacles": [text(f"obstacle {key}")],
                "opportunities": [text(f"opportunity {key}")],
                "next_steps": [step(f"step {key} {i}") for i in range(1, 6)],
            }
            for key in PHASE_KEYS
        ],
        "dimensions": [dimension(key) for key in DIMENSION_KEYS],
    }
    raw.update(overrides)
    return copy.deepcopy(raw)


def answers(levels: dict[str, list[int | None]]) -> dict[str, str]:
    """Answers for `raw_questionnaire`-style keys: {"strategy": [4, None, 2]} answers strategy_q1 with level 4,
    strategy_q2 with "don't know" and strategy_q3 with level 2; questions beyond the list stay unanswered."""
    return {
        f"{dimension_key}_q{i}": DONT_KNOW if level is None else PHASE_KEYS[level - 1]
        for dimension_key, dimension_levels in levels.items()
        for i, level in enumerate(dimension_levels, start=1)
    }


def weighted(raw: dict[str, Any], weights: dict[str, float]) -> dict[str, Any]:
    """Set weights by key on dimensions and questions: weighted(raw, {"strategy": 2, "strategy_q1": 3})."""
    nodes = {d["key"]: d for d in raw["dimensions"]} | {q["key"]: q for d in raw["dimensions"] for q in d["questions"]}
    unknown = set(weights) - set(nodes)
    if unknown:
        raise KeyError(f"no dimension or question with the key(s) {sorted(unknown)}")
    for key, weight in weights.items():
        nodes[key]["weight"] = weight
    return raw
