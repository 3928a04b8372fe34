"""Dutch: every msgstr filled (plural forms too), and one word for each concept in the questionnaire and the UI."""

from __future__ import annotations

import re

import pytest

from tests.content.texts import dutch_messages, load, msgstrs, texts

# A word we do not use, and the word we use for that concept instead.
NOT_OUR_WORDS = {
    r"\bplatformen\b": "platforms",
    r"\bscan\b": "assessment",
    r"\bmetingen?\b": "assessment",
    r"\badviseurs?\b": "consultant",
    r"\balgehele\b": "totaalscore, or the fase van de organisatie",
    r"\b(ingeleverd|inleveren|ingediend|indienen|verstuurd|versturen|verstuur)\b": "insturen, ingestuurd",
    r"\bPDF-": "pdf-rapport",
    r"\b[Bb]ack office\b|\bhet backoffice\b": "de backoffice",
    r"\b[Ff]ront office\b": "de frontoffice",
    r"\b[Ll]egal\b": "juridische zaken",
    r"\bpersvoorlichting\b": "woordvoering",
    r"1-op-1|één-op-één": "persoonlijke coaching",
    r"\b\w+-fase\b|\bfase Social\b": "dialoogfase, presencefase, engagementfase, social-businessfase",
    r"\bsocial-(doelen|contacten)|\bsocial contacten|\bsociale (platforms|media|netwerken)": "social media",
    r"\btot 4\b": "tot en met 4",
}
# Where such a word means something else: a sent form is not a submitted assessment; a baseline is a round's name.
ALLOWED = ("vanaf een andere website verstuurd", "Wat je hebt verstuurd, is te groot", "Nulmeting 2026")


def dutch_texts() -> list[tuple[str, str]]:
    questionnaire = [(path, text["nl"]) for path, text in texts(load())]
    return questionnaire + [(f"msgid {msgid!r}", text) for msgid, text in msgstrs()]


def test_every_msgstr_is_filled_and_not_fuzzy() -> None:
    messages = dutch_messages()
    assert len(messages) > 300
    assert [m.id for m in messages if m.fuzzy] == []
    empty = [m.id for m in messages if not all(m.string if isinstance(m.string, tuple | list) else [m.string])]
    assert empty == []


def test_plural_messages_have_both_dutch_forms() -> None:
    plurals = [m for m in dutch_messages() if isinstance(m.id, tuple | list)]
    assert len(plurals) >= 5
    for message in plurals:
        assert len(message.string) == 2 and all(message.string), message.id
        if message.id[0] != message.id[1]:  # "%(num)d sent" is the same word for one and many, in both languages
            assert message.string[0] != message.string[1], message.id


@pytest.mark.parametrize("pattern", sorted(NOT_OUR_WORDS))
def test_one_word_for_each_concept(pattern: str) -> None:
    found = [
        (where, text)
        for where, text in dutch_texts()
        if re.search(pattern, text) and not any(allowed in text for allowed in ALLOWED)
    ]
    assert found == [], f"use {NOT_OUR_WORDS[pattern]!r}"


def test_the_term_check_finds_the_words_the_review_named() -> None:
    samples = ["In deze scan", "Je adviseur beheert deze meting", "Pdf-rapport of PDF-rapport", "het back office"]
    assert all(any(re.search(p, sample) for p in NOT_OUR_WORDS) for sample in samples)
