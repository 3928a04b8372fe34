"""Anonymous respondent numbers for the responses export of a confidential round."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.domain.anonymity import anonymous_respondents
from roadmap.domain.confidentiality import NAMED, OTHER_DEPARTMENTS, Confidentiality, Disclosure, disclose
from tests.domain.test_confidentiality import EXAMPLE, QUESTIONNAIRE, round_of

SECRET = "a-secret-key-for-the-tests"


def submitted(sizes: dict[str, int], first_key: int = 101) -> list[tuple[int, str | None]]:
    """(key, department) per respondent, keys in invitation order."""
    departments = [key for key, size in sizes.items() for _ in range(size)]
    return [(first_key + i, department) for i, department in enumerate(departments)]


def disclosure_of(sizes: dict[str, int], setting: Confidentiality | None = None) -> Disclosure:
    return disclose(QUESTIONNAIRE, round_of(sizes), setting or Confidentiality())


def test_respondents_are_numbered_from_one_with_their_shown_department() -> None:
    numbered = anonymous_respondents(submitted(EXAMPLE), disclosure_of(EXAMPLE), SECRET, round_id=7)

    assert [r.number for r in numbered] == list(range(1, 13))
    assert sorted(r.key for r in numbered) == list(range(101, 113))
    departments = {r.key: r.department for r in numbered}
    # 101: hr (1), 102-103: it (2), 104-106: marketing (3), 107-112: sales (6); the three small ones are combined.
    assert [departments[key] for key in range(101, 113)] == [OTHER_DEPARTMENTS] * 6 + ["sales"] * 6


def test_no_department_where_the_round_shows_no_breakdown() -> None:
    sizes = {"hr": 1, "sales": 6}
    numbered = anonymous_respondents(submitted(sizes), disclosure_of(sizes), SECRET, round_id=7)
    assert len(numbered) == 7 and {r.department for r in numbered} == {None}


@pytest.mark.parametrize("sizes", [{"hr": 1}, {"marketing": 3, "hr": 1}])
def test_no_one_is_listed_while_the_round_withholds_its_scores(sizes: dict[str, int]) -> None:
    assert anonymous_respondents(submitted(sizes), disclosure_of(sizes), SECRET, round_id=7) == []


def test_a_named_round_keeps_every_department() -> None:
    sizes = {"hr": 1, "sales": 6}
    numbered = anonymous_respondents(submitted(sizes), disclosure_of(sizes, NAMED), SECRET, round_id=7)
    assert sorted((r.key, r.department) for r in numbered) == submitted(sizes)


def test_the_numbers_do_not_follow_the_invitation_order() -> None:
    sizes = {"sales": 40}
    numbered = anonymous_respondents(submitted(sizes), disclosure_of(sizes), SECRET, round_id=7)
    by_number = [r.key for r in numbered]
    assert by_number != sorted(by_number) and by_number != sorted(by_number, reverse=True)


def test_the_numbers_depend_on_the_secret_key_and_the_round() -> None:
    sizes = {"sales": 20}
    order = [r.key for r in anonymous_respondents(submitted(sizes), disclosure_of(sizes), SECRET, round_id=7)]
    other_key = [r.key for r in anonymous_respondents(submitted(sizes), disclosure_of(sizes), "other", round_id=7)]
    other_round = [r.key for r in anonymous_respondents(submitted(sizes), disclosure_of(sizes), SECRET, round_id=8)]
    assert order != other_key and order != other_round


@settings(max_examples=100, deadline=None)
@given(st.permutations(range(101, 113)))
def test_the_numbers_are_stable_whatever_order_respondents_come_in(keys: list[int]) -> None:
    """The order the caller lists respondents in (invitation order, submission order) makes no difference."""
    departments = dict(submitted(EXAMPLE))
    disclosure = disclosure_of(EXAMPLE)
    expected = anonymous_respondents(submitted(EXAMPLE), disclosure, SECRET, round_id=7)
    shuffled = anonymous_respondents([(key, departments[key]) for key in keys], disclosure, SECRET, round_id=7)
    assert shuffled == expected


@pytest.mark.parametrize(
    ("respondents", "secret", "message"),
    [
        ([(1, "sales"), (1, "sales")], SECRET, "every respondent's key must be different"),
        ([(1, "sales")], "", "a secret key is needed"),
    ],
)
def test_refuses_what_would_give_numbers_away(
    respondents: list[tuple[int, str | None]], secret: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        anonymous_respondents(respondents, disclosure_of({"sales": 6}), secret, round_id=7)
