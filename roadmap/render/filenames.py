"""The names of downloaded files: reports and exports, with the organisation's name in a file-name-safe form."""

from __future__ import annotations

import re
import unicodedata
from datetime import date


def slug(name: str, limit: int = 60) -> str:
    """A file-name-safe form of a name: ASCII letters and digits joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(words) > limit:  # cut between words when there is a word break to cut at
        cut = words[: limit + 1].rfind("-")
        words = words[: cut if cut > 0 else limit]
    return words.rstrip("-") or "organisation"


# Every name carries the language of what is in it (the English and Dutch files of one thing differ by name).


def report_filename(organisation: str, day: date, language: str) -> str:
    return f"roadmap-report-{slug(organisation)}-{day.isoformat()}-{language}.pdf"


def round_report_filename(client: str, round_name: str, held_on: date, language: str) -> str:
    return f"roadmap-report-{slug(client)}-{slug(round_name, 40)}-{held_on.isoformat()}-{language}.pdf"


def round_deck_filename(client: str, round_name: str, held_on: date, language: str) -> str:
    """A round's slide deck (PowerPoint)."""
    return f"roadmap-slides-{slug(client)}-{slug(round_name, 40)}-{held_on.isoformat()}-{language}.pptx"


def client_report_filename(client: str, latest: date, language: str) -> str:
    """A client report: every round up to the latest one (its date)."""
    return f"roadmap-client-report-{slug(client)}-{latest.isoformat()}-{language}.pdf"


def responses_filename(client: str, round_name: str, language: str, extension: str) -> str:
    return f"roadmap-{slug(client)}-{slug(round_name, 40)}-responses-{language}.{extension}"


def scores_filename(client: str | None, language: str, extension: str) -> str:
    """The scores of one client, or (None) of the whole portfolio."""
    name = slug(client) if client is not None else "portfolio"
    return f"roadmap-{name}-scores-{language}.{extension}"
