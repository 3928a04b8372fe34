"""What the content checks read: the questionnaire's texts, the Dutch catalogue, and word runs of the seeds."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from babel.messages.pofile import read_po

from roadmap.config import PROJECT_ROOT

QUESTIONNAIRE = PROJECT_ROOT / "questionnaires" / "social-business-roadmap.yaml"
VERSION_1 = PROJECT_ROOT / "tests" / "fixtures" / "questionnaires" / "social-business-roadmap-2026.1.yaml"
CATALOGUE = PROJECT_ROOT / "roadmap" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
FINGERPRINT = Path(__file__).with_name("seed_runs.txt")
RUN = 8  # "no eight consecutive words from a seed"
# Words that say nothing about what a question measures: function words, and the subject of every question.
_STOP_WORDS = (
    "a an and the of to in on or for with by at as is are be it its we our us they their them this that what who"
    " how when which from not no nor but so than then there only also each every all any some more most one two"
    " own into about up out very can may will would should has have had do does did was were been you your"
    " social media"
)
STOP_WORDS = frozenset(_STOP_WORDS.split())


def load(path: Path = QUESTIONNAIRE) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def texts(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """Every human text of a questionnaire file: (path, {language: text})."""
    if isinstance(node, dict) and {"en", "nl"} & set(node):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, f"{path}[{index}]")


def questions(content: dict[str, Any]) -> list[dict[str, Any]]:
    return [question for dimension in content["dimensions"] for question in dimension["questions"]]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def runs(text: str, length: int = RUN) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + length]) for i in range(len(found) - length + 1)}


def similarity(first: str, second: str) -> float:
    """Jaccard similarity of the content words of two texts (0: nothing shared, 1: the same words)."""
    a, b = ({w for w in words(t) if w not in STOP_WORDS and len(w) > 2} for t in (first, second))
    return len(a & b) / len(a | b) if a | b else 0.0


def run_hash(run: tuple[str, ...]) -> str:
    """The seeds stay outside the repository: only a short hash of each of their word runs is kept here."""
    return hashlib.blake2b(" ".join(run).encode(), digest_size=8).hexdigest()


def seed_fingerprint() -> set[str]:
    return set(FINGERPRINT.read_text(encoding="utf-8").split())


def seed_folder() -> Path | None:
    """The seeds, where the content brief keeps them (or ROADMAP_SEEDS), when they are on this machine."""
    candidates = [Path(os.environ["ROADMAP_SEEDS"])] if "ROADMAP_SEEDS" in os.environ else []
    candidates += [parent / "shared" / "seeds" for parent in PROJECT_ROOT.parents]
    return next((folder for folder in candidates if sorted(folder.glob("*.txt"))), None)


def fingerprint_of(folder: Path) -> set[str]:
    return {run_hash(run) for path in sorted(folder.glob("*.txt")) for run in runs(path.read_text(encoding="utf-8"))}


def dutch_messages() -> list[Any]:
    with CATALOGUE.open("rb") as file:
        return [message for message in read_po(file) if message.id]


def msgstrs() -> Iterator[tuple[str, str]]:
    """(msgid, Dutch text) for every form of every message."""
    for message in dutch_messages():
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        for index, string in enumerate(strings):
            yield ids[min(index, len(ids) - 1)], string


if __name__ == "__main__":  # python -m tests.content.texts: rewrite the fingerprint from the seeds
    folder = seed_folder()
    assert folder is not None, "seeds not found: set ROADMAP_SEEDS to their folder"
    FINGERPRINT.write_text("\n".join(sorted(fingerprint_of(folder))) + "\n", encoding="utf-8")
    print(f"{FINGERPRINT}: {len(fingerprint_of(folder))} runs of {RUN} words from {folder}")
