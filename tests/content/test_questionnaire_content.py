"""Content checks on the current questionnaire: one construct per question, advice and next steps that read well.

Each check is also run on version 2026.1, whose flaws the content review named, to show that it can fail.
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import Any

import pytest

from roadmap.domain.questionnaire import PHASE_KEYS
from tests.content.texts import VERSION_1, load, questions, runs, similarity, texts

# Two questions measure the same thing when their options, level by level, share this many content words.
SAME_CONSTRUCT = 0.12
# Or when the options of one level are near-duplicates.
SAME_OPTION = 0.3
# Advice of two topics may not share a run of this many words: all topics' advice is shown together.
SHARED_RUN = 5
ACTORS = {
    "en": (
        "The online team", "Customer service", "The customer service manager", "Management", "HR", "The heads of",
        "The communication manager", "Marketing", "The social team", "The board", "IT", "Product and process owners",
        "Department heads", "The crisis team",
    ),
    "nl": (
        "Het onlineteam", "De klantenservice", "De manager klantenservice", "Het management", "HR", "De hoofden van",
        "De communicatiemanager", "Marketing", "Het social team", "De directie", "IT", "Product- en proceseigenaren",
        "Afdelingshoofden", "Het crisisteam",
    ),
}  # fmt: skip


def by_level(question: dict[str, Any]) -> list[str]:
    return [option["text"]["en"] for option in sorted(question["options"], key=lambda option: option["level"])]


def repeated_constructs(content: dict[str, Any]) -> set[tuple[str, str]]:
    """Pairs of questions whose options at the same level overlap too much, on average or at one level."""
    found = set()
    for first, second in combinations(questions(content), 2):
        scores = [similarity(a, b) for a, b in zip(by_level(first), by_level(second), strict=True)]
        if sum(scores) / len(scores) >= SAME_CONSTRUCT or max(scores) >= SAME_OPTION:
            found.add((first["key"], second["key"]))
    return found


def shared_advice(content: dict[str, Any], language: str) -> set[tuple[str, str, str]]:
    """Word runs that the advice of two different topics has in common."""
    seen: dict[tuple[str, ...], str] = {}
    found = set()
    for dimension in content["dimensions"]:
        for step in dimension["advice"].values():
            for part in ("text", "why"):
                for run in runs(step[part][language], SHARED_RUN):
                    first = seen.setdefault(run, dimension["key"])
                    if first != dimension["key"]:
                        found.add((first, dimension["key"], " ".join(run)))
    return found


def without_actor(content: dict[str, Any], language: str) -> list[str]:
    steps = [step["text"][language] for phase in content["phases"] for step in phase["next_steps"]]
    return [step for step in steps if not any(re.match(rf"{re.escape(a)}\b", step) for a in ACTORS[language])]


def test_no_two_questions_measure_the_same_thing() -> None:
    assert repeated_constructs(load()) == set()


def test_the_construct_check_finds_the_double_measurement_the_review_named_in_2026_1() -> None:
    found = repeated_constructs(load(VERSION_1))
    assert {
        ("strategy_insights", "measurement_insights"),
        ("strategy_goals", "measurement_kpis"),
        ("ownership_collaboration", "tools_collaboration"),
        ("ownership_management", "people_leadership"),
    } <= found


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_advice_repeats_across_topics(language: str) -> None:
    assert shared_advice(load(), language) == set()


def test_the_advice_check_finds_the_repeated_budget_argument_of_2026_1() -> None:
    assert {(a, b) for a, b, _run in shared_advice(load(VERSION_1), "en")} >= {("strategy", "measurement")}


def test_every_topic_has_its_own_advice_for_every_phase() -> None:
    for dimension in load()["dimensions"]:
        advice = dimension["advice"]
        assert list(advice) == list(PHASE_KEYS), dimension["key"]
        for language in ("en", "nl"):
            given = [advice[phase]["text"][language] for phase in PHASE_KEYS]
            assert len(set(given)) == len(PHASE_KEYS), (dimension["key"], language)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_next_step_names_who_acts(language: str) -> None:
    assert without_actor(load(), language) == []


def test_the_actor_check_fails_on_the_imperative_steps_of_2026_1() -> None:
    assert len(without_actor(load(VERSION_1), "en")) > 20


def test_dialogue_has_steps_for_evening_cover_and_customers_involved_structurally() -> None:
    dialogue = next(phase for phase in load()["phases"] if phase["key"] == "dialogue")
    steps = " ".join(step["text"]["en"] for step in dialogue["next_steps"])
    assert "evenings and weekends" in steps
    assert "NPS" in steps
    assert "structurally" in steps


def test_every_text_has_english_and_dutch() -> None:
    names = {"title"} | {f"phases[{i}].name" for i in range(len(PHASE_KEYS))}
    for path, text in texts(load()):
        assert set(text) == {"en", "nl"}, path
        assert text["en"].strip() and text["nl"].strip(), path
        if path not in names:
            assert text["en"] != text["nl"], f"{path} is not translated"
