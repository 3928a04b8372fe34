"""Every UI string has a Dutch translation, and the compiled catalogue matches the source catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "roadmap" / "translations" / "nl" / "LC_MESSAGES"


def ui_strings() -> set[str]:
    """Every message id in the code and the templates, found the way `make translations` finds them."""
    method_map = [("roadmap/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.do"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    ids: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options, keywords=keywords
    ):
        ids.update([message] if isinstance(message, str) else [m for m in message if m])
    return ids


def dutch() -> dict[str, str]:
    with (CATALOGUE / "messages.po").open("rb") as file:
        catalogue = read_po(file)
    translations: dict[str, str] = {}
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, str):
            translations[message.id] = message.string
        else:  # a plural: singular and plural id each need their Dutch form
            for index, form in enumerate(message.id):
                translations[form] = message.string[index] if len(message.string) > index else ""
    return translations


def test_the_extractor_finds_the_ui_strings() -> None:
    # Guards the test below: an extractor that found nothing would make it pass vacuously.
    strings = ui_strings()
    assert "Start the assessment" in strings
    assert "Choose an answer to this question." in strings
    assert len(strings) > 100


@pytest.mark.parametrize("message", sorted(ui_strings()))
def test_every_ui_string_has_a_dutch_translation(message: str) -> None:
    translation = dutch().get(message)
    assert translation, f"no Dutch translation for {message!r}: run `make translations` and translate it"


def frozen(value: object) -> object:
    """Plural ids and strings come back as lists from one reader and tuples from the other."""
    return tuple(value) if isinstance(value, list | tuple) else value


def test_compiled_catalogue_matches_the_source() -> None:
    with (CATALOGUE / "messages.mo").open("rb") as file:
        compiled = {frozen(m.id): frozen(m.string) for m in read_mo(file) if m.id}
    with (CATALOGUE / "messages.po").open("rb") as file:
        source = {frozen(m.id): frozen(m.string) for m in read_po(file) if m.id and not m.fuzzy}
    assert compiled == source, "messages.mo is out of date: run `make translations`"
