"""Our own words: no run of eight consecutive words from a seed in any questionnaire text or Dutch msgstr."""

from __future__ import annotations

import pytest

from tests.content.texts import (
    FINGERPRINT,
    RUN,
    fingerprint_of,
    load,
    msgstrs,
    run_hash,
    runs,
    seed_fingerprint,
    seed_folder,
    texts,
    words,
)


def copied(text: str, fingerprint: set[str]) -> list[str]:
    return [" ".join(run) for run in runs(text) if run_hash(run) in fingerprint]


def test_the_fingerprint_holds_the_seeds_word_runs() -> None:
    fingerprint = seed_fingerprint()
    assert len(fingerprint) > 5000  # five seeds of 300 to 1,300 words each
    folder = seed_folder()
    if folder is None:
        pytest.skip(f"seeds not on this machine (set ROADMAP_SEEDS); {FINGERPRINT.name} is checked without them")
    assert fingerprint == fingerprint_of(folder), "the seeds changed: run `python -m tests.content.texts`"
    # The check finds a copied sentence: the first eight words of every seed are in the fingerprint.
    for path in sorted(folder.glob("*.txt")):
        opening = " ".join(path.read_text(encoding="utf-8").split()[:40])
        assert copied(opening, fingerprint), path.name


def test_runs_are_compared_word_by_word_ignoring_case_and_punctuation() -> None:
    fingerprint = {run_hash(tuple(words("een twee drie vier vijf zes zeven acht")))}
    assert copied("Een, twee; drie vier (vijf) zes zeven ACHT!", fingerprint)
    assert not copied("een twee drie vier vijf zes zeven", fingerprint)  # seven words are allowed
    assert RUN == 8


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_questionnaire_text_copies_eight_words_from_a_seed(language: str) -> None:
    fingerprint = seed_fingerprint()
    found = {path: hits for path, text in texts(load()) if (hits := copied(text[language], fingerprint))}
    assert not found


def test_no_dutch_msgstr_copies_eight_words_from_a_seed() -> None:
    fingerprint = seed_fingerprint()
    found = {msgid: hits for msgid, text in msgstrs() if (hits := copied(text, fingerprint))}
    assert not found
