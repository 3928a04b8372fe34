"""The questionnaire model: phases, dimensions, questions and their options."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

PHASE_KEYS: Final = ("presence", "dialogue", "engagement", "social_business")
DONT_KNOW: Final = "dont_know"


@dataclass(frozen=True)
class Text:
    """A human text in every supported language."""

    en: str
    nl: str

    def __call__(self, language: str) -> str:
        return self.nl if language == "nl" else self.en


DONT_KNOW_TEXT: Final = Text(en="Don't know", nl="Weet ik niet")


@dataclass(frozen=True)
class Step:
    """Something to do, with one sentence on why it matters."""

    text: Text
    why: Text


@dataclass(frozen=True)
class Phase:
    level: int
    key: str
    name: Text
    motto: Text
    description: Text
    customers_notice: tuple[Text, ...]
    obstacles: tuple[Text, ...]
    opportunities: tuple[Text, ...]
    next_steps: tuple[Step, ...]


@dataclass(frozen=True)
class Option:
    """One answer to a question; `level` is the phase it describes, None for "don't know"."""

    key: str
    level: int | None
    text: Text


@dataclass(frozen=True)
class Question:
    key: str
    text: Text
    options: tuple[Option, ...]
    help: Text | None = None
    weight: float = 1.0

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)


@dataclass(frozen=True)
class Dimension:
    key: str
    name: Text
    description: Text
    advice: dict[str, Step]
    questions: tuple[Question, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: Text
    introduction: Text
    phases: tuple[Phase, ...]
    dimensions: tuple[Dimension, ...]
    _questions: dict[str, tuple[Dimension, Question]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for dimension in self.dimensions:
            for question in dimension.questions:
                self._questions[question.key] = (dimension, question)

    def phase(self, level: int) -> Phase:
        return self.phases[level - 1]

    def dimension(self, key: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.key == key), None)

    def question(self, key: str) -> Question | None:
        found = self._questions.get(key)
        return found[1] if found else None

    def level_of(self, question_key: str, option_key: str) -> int | None:
        """The level of an answer, or None for "don't know" and unknown keys."""
        question = self.question(question_key)
        option = question.option(option_key) if question else None
        return option.level if option else None

    @property
    def questions(self) -> list[Question]:
        return [q for d in self.dimensions for q in d.questions]

    def unanswered(self, answers: Mapping[str, str]) -> list[Question]:
        """Questions without a valid answer ("don't know" counts as an answer)."""
        return [q for q in self.questions if q.option(answers.get(q.key, "")) is None]
