"""The words a profile is described in: sectors, sizes, departments, languages, and how long a name may be.

Only the keys live here (they are stored, sent through the API and exported); their translated labels live at the
web edge, in `roadmap.web.forms`, which refuses to load when a key here has no label there.
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("en", "nl")
DEFAULT_LANGUAGE: Final = LANGUAGES[0]

SECTORS: Final = (
    "government",
    "education",
    "healthcare",
    "finance",
    "retail",
    "travel",
    "utilities",
    "media",
    "business_services",
    "manufacturing",
    "non_profit",
    "other",
)
SIZE_BANDS: Final = ("1-9", "10-49", "50-249", "250-999", "1000-4999", "5000+")  # smallest first
OTHER_DEPARTMENT: Final = "other"
DEPARTMENTS: Final = (
    "board",
    "marketing",
    "service",
    "press",
    "sales",
    "hr",
    "it",
    "legal",
    "online",
    OTHER_DEPARTMENT,
)

NAME_MAX: Final = 200  # organisations, clients, rounds, respondents and consultants (the columns are as wide)
ROLE_MAX: Final = 100
# Characters that reorder the text around them (embeddings, overrides, isolates; a regular expression class): refused
# in every stored text, so "rtl\u202egpj.exe" cannot show as "rtlexe.jpg" nor turn the page's own words after it.
# Marks (U+200E, U+200F, U+061C) are allowed: each acts as one letter of its direction, which any name may hold.
DIRECTION_CONTROLS: Final = "\u202a-\u202e\u2066-\u2069"
