"""Read and validate questionnaire files.

Every problem is reported with the file, the path inside it (``dimensions[3].questions[2].options``) and what is
wrong; a file with any problem yields no questionnaire.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from roadmap.domain.problems import Problem, QuestionnaireError
from roadmap.domain.questionnaire import (
    DONT_KNOW,
    DONT_KNOW_TEXT,
    PHASE_KEYS,
    Dimension,
    Option,
    Phase,
    Question,
    Questionnaire,
    Step,
    Text,
)
from roadmap.domain.vocabulary import LANGUAGES
from roadmap.domain.yaml_reader import read_yaml

__all__ = ["Problem", "QuestionnaireError", "load_file", "load_folder", "parse", "read_yaml"]

T = TypeVar("T")

KEY = re.compile(r"^[a-z][a-z0-9_]*$")
ID = re.compile(r"^[a-z][a-z0-9_-]*$")
MIN_NEXT_STEPS = 5
MIN_DIMENSIONS = 8
QUESTIONS_PER_DIMENSION = range(3, 6)


class _Invalid(Exception):
    """Raised inside the validator to abandon a node that cannot be read further."""


def load_file(path: Path) -> tuple[Questionnaire, dict[str, Any]]:
    """Read, parse and validate one questionnaire file; returns the questionnaire and its raw content."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionnaireError([Problem(source, "", f"cannot be read: {error}")]) from None
    raw = read_yaml(text, source)
    return parse(raw, source), raw


def load_folder(folder: Path) -> list[tuple[Questionnaire, dict[str, Any]]]:
    """Load every ``*.yaml`` file in a folder, reporting the problems of all files together."""
    problems: list[Problem] = []
    loaded: list[tuple[Questionnaire, dict[str, Any]]] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            questionnaire, raw = load_file(path)
        except QuestionnaireError as error:
            problems.extend(error.problems)
            continue
        if questionnaire.id in seen:
            problems.append(
                Problem(str(path), "id", f"{questionnaire.id!r} is also the id of {seen[questionnaire.id]}")
            )
            continue
        seen[questionnaire.id] = str(path)
        loaded.append((questionnaire, raw))
    if problems:
        raise QuestionnaireError(problems)
    if not loaded:
        raise QuestionnaireError([Problem(str(folder), "", "contains no questionnaire (*.yaml) file")])
    return loaded


def parse(raw: Any, source: str) -> Questionnaire:
    """Validate raw content (as read from YAML or stored as JSON) and build the questionnaire."""
    reader = _Reader(source)
    questionnaire = reader.questionnaire(raw)
    if reader.problems or questionnaire is None:
        raise QuestionnaireError(reader.problems)
    return questionnaire


class _Reader:
    """Walks raw content, collecting every problem instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.source, path, message))

    def fields(self, node: Any, path: str, required: set[str], optional: frozenset[str] = frozenset()) -> dict:
        if not isinstance(node, Mapping):
            self.problem(path, f"must be a mapping with the fields {', '.join(sorted(required))}")
            raise _Invalid
        for name in node:
            if name not in required and name not in optional:
                allowed = ", ".join(sorted(required | optional))
                self.problem(_join(path, str(name)), f"unknown field (allowed here: {allowed})")
        missing = [name for name in sorted(required) if name not in node]
        for name in missing:
            self.problem(_join(path, name), "is missing")
        if missing:
            raise _Invalid
        return dict(node)

    def guarded(self, read: Callable[..., T], *args: Any) -> T | None:
        """Run one reader; its problems are already recorded, so a node that cannot be read becomes None."""
        try:
            return read(*args)
        except _Invalid:
            return None

    def text(self, node: Any, path: str) -> Text:
        if not isinstance(node, Mapping):
            self.problem(path, "must be a mapping of languages to text: {en: ..., nl: ...}")
            raise _Invalid
        for language in node:
            if language not in LANGUAGES:
                self.problem(_join(path, str(language)), f"unknown language (expected {' and '.join(LANGUAGES)})")
        values = {}
        for language in LANGUAGES:
            value = node.get(language)
            if value is None:
                self.problem(_join(path, language), "translation is missing")
            elif not isinstance(value, str) or not value.strip():
                self.problem(_join(path, language), "must be a non-empty text")
            else:
                values[language] = value.strip()
        if len(values) != len(LANGUAGES):
            raise _Invalid
        return Text(**values)

    def texts(self, node: Any, path: str, minimum: int = 1) -> tuple[Text, ...]:
        items = self.items(node, path, minimum)
        read = [self.guarded(self.text, item, f"{path}[{i}]") for i, item in enumerate(items)]
        return tuple(t for t in read if t is not None)

    def items(self, node: Any, path: str, minimum: int, maximum: int | None = None) -> list[Any]:
        if not isinstance(node, list):
            self.problem(path, "must be a list")
            raise _Invalid
        if len(node) < minimum or (maximum is not None and len(node) > maximum):
            expected = f"at least {minimum}" if maximum is None else f"{minimum} to {maximum}"
            self.problem(path, f"has {len(node)} entries; expected {expected}")
        return node

    def step(self, node: Any, path: str) -> Step:
        data = self.fields(node, path, {"text", "why"})
        text = self.guarded(self.text, data["text"], _join(path, "text"))
        why = self.guarded(self.text, data["why"], _join(path, "why"))
        if text is None or why is None:
            raise _Invalid
        return Step(text=text, why=why)

    def key(self, node: Any, path: str, pattern: re.Pattern[str] = KEY) -> str:
        if not isinstance(node, str) or not pattern.match(node):
            self.problem(path, f"{node!r} is not a valid key (lower case letters, digits and _)")
            raise _Invalid
        return node

    def weight(self, data: Mapping[str, Any], path: str) -> float:
        value = data.get("weight", 1)
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            self.problem(_join(path, "weight"), f"{value!r} is not a positive number")
            return 1.0
        return float(value)

    def questionnaire(self, raw: Any) -> Questionnaire | None:
        try:
            data = self.fields(raw, "", {"id", "version", "title", "introduction", "phases", "dimensions"})
        except _Invalid:
            return None
        identifier = self.guarded(self.key, data["id"], "id", ID)
        version = data["version"]
        if isinstance(version, bool) or not isinstance(version, str | int) or not str(version).strip():
            self.problem("version", f'{version!r} must be a text such as "2026.1" (quote it)')
        title = self.guarded(self.text, data["title"], "title")
        introduction = self.guarded(self.text, data["introduction"], "introduction")
        phases = self.guarded(self.phases, data["phases"])
        dimensions = self.guarded(self.dimensions, data["dimensions"])
        if self.problems:
            return None
        return Questionnaire(
            id=_required(identifier),
            version=str(version),
            title=_required(title),
            introduction=_required(introduction),
            phases=_required(phases),
            dimensions=_required(dimensions),
        )

    def phases(self, node: Any) -> tuple[Phase, ...]:
        items = self.items(node, "phases", len(PHASE_KEYS), len(PHASE_KEYS))
        phases = []
        for index, item in enumerate(items[: len(PHASE_KEYS)]):
            phase = self.guarded(self.phase, item, index)
            if phase is not None:
                phases.append(phase)
        return tuple(phases)

    def phase(self, node: Any, index: int) -> Phase:
        path = f"phases[{index}]"
        data = self.fields(
            node,
            path,
            {"key", "name", "motto", "description", "customers_notice", "obstacles", "opportunities", "next_steps"},
        )
        expected = PHASE_KEYS[index]
        if data["key"] != expected:
            self.problem(_join(path, "key"), f"{data['key']!r}: phase {index + 1} must have the key {expected!r}")
        fields = {
            name: self.guarded(self.text, data[name], _join(path, name)) for name in ("name", "motto", "description")
        }
        lists = {
            name: self.guarded(self.texts, data[name], _join(path, name))
            for name in ("customers_notice", "obstacles", "opportunities")
        }
        steps_path = _join(path, "next_steps")
        steps = self.guarded(self.items, data["next_steps"], steps_path, MIN_NEXT_STEPS) or []
        next_steps = [self.guarded(self.step, s, f"{steps_path}[{i}]") for i, s in enumerate(steps)]
        return Phase(
            level=index + 1,
            key=expected,
            name=_required(fields["name"]),
            motto=_required(fields["motto"]),
            description=_required(fields["description"]),
            customers_notice=_required(lists["customers_notice"]),
            obstacles=_required(lists["obstacles"]),
            opportunities=_required(lists["opportunities"]),
            next_steps=tuple(_required(step) for step in next_steps),
        )

    def dimensions(self, node: Any) -> tuple[Dimension, ...]:
        items = self.items(node, "dimensions", MIN_DIMENSIONS)
        dimensions: list[Dimension] = []
        question_paths: dict[str, str] = {}
        dimension_paths: dict[str, str] = {}
        for index, item in enumerate(items):
            path = f"dimensions[{index}]"
            # Duplicates are checked on the raw keys, so they are reported even when the entry has other problems.
            self.unique(item, path, dimension_paths, "dimension")
            questions = item.get("questions") if isinstance(item, Mapping) else None
            for q_index, question in enumerate(questions if isinstance(questions, list) else []):
                self.unique(question, f"{path}.questions[{q_index}]", question_paths, "question")
            dimension = self.guarded(self.dimension, item, path)
            if dimension is not None:
                dimensions.append(dimension)
        return tuple(dimensions)

    def unique(self, node: Any, path: str, seen: dict[str, str], kind: str) -> None:
        key = node.get("key") if isinstance(node, Mapping) else None
        if not isinstance(key, str):
            return
        if key in seen:
            self.problem(_join(path, "key"), f"duplicate {kind} key {key!r} (first at {seen[key]})")
        else:
            seen[key] = _join(path, "key")

    def dimension(self, node: Any, path: str) -> Dimension:
        data = self.fields(node, path, {"key", "name", "description", "advice", "questions"}, frozenset({"weight"}))
        key = self.guarded(self.key, data["key"], _join(path, "key"))
        name = self.guarded(self.text, data["name"], _join(path, "name"))
        description = self.guarded(self.text, data["description"], _join(path, "description"))
        advice = self.guarded(self.advice, data["advice"], _join(path, "advice"))
        weight = self.weight(data, path)
        questions_path = _join(path, "questions")
        items = (
            self.guarded(
                self.items,
                data["questions"],
                questions_path,
                QUESTIONS_PER_DIMENSION.start,
                QUESTIONS_PER_DIMENSION.stop - 1,
            )
            or []
        )
        questions = [self.guarded(self.question, q, f"{questions_path}[{i}]") for i, q in enumerate(items)]
        return Dimension(
            key=_required(key),
            name=_required(name),
            description=_required(description),
            advice=_required(advice),
            questions=tuple(_required(question) for question in questions),
            weight=weight,
        )

    def advice(self, node: Any, path: str) -> dict[str, Step]:
        data = self.fields(node, path, set(PHASE_KEYS))
        steps = {key: self.guarded(self.step, data[key], _join(path, key)) for key in PHASE_KEYS}
        return {key: _required(step) for key, step in steps.items()}

    def question(self, node: Any, path: str) -> Question:
        data = self.fields(node, path, {"key", "text", "options"}, frozenset({"help", "weight"}))
        key = self.guarded(self.key, data["key"], _join(path, "key"))
        text = self.guarded(self.text, data["text"], _join(path, "text"))
        help_text = None
        if "help" in data:
            help_text = _required(self.guarded(self.text, data["help"], _join(path, "help")))
        weight = self.weight(data, path)
        options = self.guarded(self.options, data["options"], _join(path, "options"))
        return Question(
            key=_required(key), text=_required(text), options=_required(options), help=help_text, weight=weight
        )

    def options(self, node: Any, path: str) -> tuple[Option, ...]:
        items = self.items(node, path, 0)
        by_level: dict[int, Option] = {}
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            try:
                data = self.fields(item, item_path, {"level", "text"})
            except _Invalid:
                continue
            level = data["level"]
            if isinstance(level, bool) or not isinstance(level, int):
                self.problem(_join(item_path, "level"), f"{level!r} is not a whole number from 1 to {len(PHASE_KEYS)}")
                continue
            if not 1 <= level <= len(PHASE_KEYS):
                self.problem(_join(item_path, "level"), f"{level!r} is outside 1..{len(PHASE_KEYS)}")
                continue
            if level in by_level:
                self.problem(_join(item_path, "level"), f"a second option for level {level}")
                continue
            text = self.guarded(self.text, data["text"], _join(item_path, "text"))
            if text is not None:
                by_level[level] = Option(key=PHASE_KEYS[level - 1], level=level, text=text)
        for level, phase_key in enumerate(PHASE_KEYS, start=1):
            if level not in by_level and not any(isinstance(i, Mapping) and i.get("level") == level for i in items):
                self.problem(path, f"no option for level {level} ({phase_key})")
        if len(by_level) != len(PHASE_KEYS):
            raise _Invalid
        ordered = [by_level[level] for level in sorted(by_level)]
        return (*ordered, Option(key=DONT_KNOW, level=None, text=DONT_KNOW_TEXT))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _required(value: T | None) -> T:
    """A part that could not be read (its problem is already recorded) makes the whole node unreadable."""
    if value is None:
        raise _Invalid
    return value
