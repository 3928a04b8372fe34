"""The vocabulary is defined once (roadmap/domain/vocabulary.py) and every user of it follows."""

from __future__ import annotations

import pytest

from roadmap import models
from roadmap.config import Config
from roadmap.domain import vocabulary
from roadmap.services import demo
from roadmap.web import forms
from roadmap.web.api.schemas import NEW_ASSESSMENT, PROFILE_CHOICES


def test_a_key_without_a_label_or_a_label_without_a_key_stops_the_forms_from_loading() -> None:
    assert forms.labelled(("a", "b"), {"b": "B", "a": "A"}) == [("a", "A"), ("b", "B")]
    with pytest.raises(LookupError, match="'b'"):
        forms.labelled(("a", "b"), {"a": "A"})
    with pytest.raises(LookupError, match="'c'"):
        forms.labelled(("a",), {"a": "A", "c": "C"})


def test_forms_offer_the_vocabulary_in_its_order() -> None:
    assert [key for key, _label in forms.SECTORS] == list(vocabulary.SECTORS)
    assert [key for key, _label in forms.SIZE_BANDS] == list(vocabulary.SIZE_BANDS)
    assert [key for key, _label in forms.DEPARTMENTS] == list(vocabulary.DEPARTMENTS)


def test_the_api_accepts_the_vocabulary() -> None:
    assert {
        "sector": list(vocabulary.SECTORS),
        "size_band": list(vocabulary.SIZE_BANDS),
        "department": list(vocabulary.DEPARTMENTS),
    } == PROFILE_CHOICES
    assert NEW_ASSESSMENT["properties"]["language"]["enum"] == list(vocabulary.LANGUAGES) == list(Config.LANGUAGES)


def test_the_demo_uses_the_named_departments() -> None:
    assert set(demo.DEPARTMENTS) == set(vocabulary.DEPARTMENTS) - {vocabulary.OTHER_DEPARTMENT}


@pytest.mark.parametrize(
    ("column", "width"),
    [
        (models.Assessment.organisation_name, vocabulary.NAME_MAX),
        (models.Assessment.role, vocabulary.ROLE_MAX),
        (models.Client.name, vocabulary.NAME_MAX),
        (models.Round.name, vocabulary.NAME_MAX),
        (models.Invitation.name, vocabulary.NAME_MAX),
    ],
)
def test_the_columns_are_as_wide_as_the_limits(column: object, width: int) -> None:
    assert column.type.length == width  # type: ignore[attr-defined]
