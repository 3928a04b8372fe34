"""Properties of the confidentiality rule, checked with hypothesis on generated rounds.

The central one: nothing that can be worked out from the shown figures by adding and subtracting them describes
fewer than the minimum respondents. A figure (a sum of scores, a count) is a sum over its group's respondents, so
the sum over a set of respondents can be worked out exactly when the set's indicator vector is a combination of the
shown groups' indicator vectors; the tests check that with exact arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.domain.aggregation import Respondent, aggregate, aggregate_round
from roadmap.domain.confidentiality import OTHER_DEPARTMENTS, Confidentiality, Disclosure, disclose
from tests.domain.minimal import DIMENSION_KEYS
from tests.domain.test_confidentiality import QUESTIONNAIRE

PROPERTIES = settings(max_examples=200, deadline=None)
DEPARTMENTS = ("board", "hr", "it", "marketing", "other", "sales", "service")
SCORE = st.none() | st.sampled_from([1.0, 1.5, 2.0, 2.25, 3.0, 3.5, 4.0])


@st.composite
def rounds(draw: st.DrawFn) -> tuple[list[Respondent], Confidentiality]:
    """Respondents in up to seven departments of 1 to 8 each (some not scoring some topics), and a setting."""
    sizes = draw(st.dictionaries(st.sampled_from(DEPARTMENTS), st.integers(1, 8), min_size=1))
    made = [
        Respondent(department, {key: draw(SCORE) for key in DIMENSION_KEYS})
        for department, size in sizes.items()
        for _ in range(size)
    ]
    return made, Confidentiality(minimum_group=draw(st.integers(-1, 9)))


def shown_groups(disclosure: Disclosure, everyone: Sequence[Respondent]) -> dict[str, list[int]]:
    """The shown figures' groups, as indices into `everyone`: the round (if it shows scores) and the departments."""
    groups = {} if disclosure.scores_withheld else {"round": list(range(len(everyone)))}
    for key, _ in disclosure.view.departments:
        groups[key] = [i for i, r in enumerate(everyone) if disclosure.shown_as(r.department) == key]
    return groups


def rank(rows: list[list[Fraction]]) -> int:
    """The rank of a matrix, by Gaussian elimination on exact fractions."""
    rows = [row[:] for row in rows]
    found = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((r for r in range(found, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for r in range(len(rows)):
            if r != found and rows[r][column] != 0:
                factor = rows[r][column] / rows[found][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[found], strict=True)]
        found += 1
    return found


def indicator(members: Sequence[int], size: int) -> list[Fraction]:
    chosen = set(members)
    return [Fraction(1 if i in chosen else 0) for i in range(size)]


def derivable(members: Sequence[int], groups: dict[str, list[int]], size: int) -> bool:
    """Whether the sum over `members` follows from the shown groups' sums (its indicator is in their span)."""
    matrix = [indicator(group, size) for group in groups.values()]
    return bool(matrix) and rank(matrix) == rank([*matrix, indicator(members, size)])


@PROPERTIES
@given(rounds())
def test_no_hidden_department_can_be_worked_out_from_the_shown_figures(
    case: tuple[list[Respondent], Confidentiality],
) -> None:
    everyone, setting = case
    disclosure = disclose(QUESTIONNAIRE, aggregate_round(QUESTIONNAIRE, everyone), setting)
    groups = shown_groups(disclosure, everyone)
    shown = {key for key, _ in disclosure.view.departments}
    for department in {r.department for r in everyone} - shown:
        members = [i for i, r in enumerate(everyone) if r.department == department]
        assert not derivable(members, groups, len(everyone)), department


@PROPERTIES
@given(rounds())
def test_whatever_can_be_worked_out_covers_at_least_the_minimum(case: tuple[list[Respondent], Confidentiality]) -> None:
    """Respondents who are in the same shown groups cannot be told apart: each such part must reach the minimum."""
    everyone, setting = case
    disclosure = disclose(QUESTIONNAIRE, aggregate_round(QUESTIONNAIRE, everyone), setting)
    groups = shown_groups(disclosure, everyone)
    parts: dict[tuple[bool, ...], int] = {}
    for i in range(len(everyone)):
        signature = tuple(i in group for group in groups.values())
        parts[signature] = parts.get(signature, 0) + 1
    for signature, size in parts.items():
        assert not any(signature) or size >= setting.minimum


@PROPERTIES
@given(rounds())
def test_shown_counts_leave_nothing_or_at_least_the_minimum(case: tuple[list[Respondent], Confidentiality]) -> None:
    """Every shown group reaches the minimum, and the round minus any shown departments is 0 or at least the minimum."""
    everyone, setting = case
    disclosure = disclose(QUESTIONNAIRE, aggregate_round(QUESTIONNAIRE, everyone), setting)
    counts = [group.respondents for _, group in disclosure.view.departments]
    assert all(count >= setting.minimum for count in counts)
    if disclosure.scores_withheld:
        assert len(everyone) < setting.minimum and counts == []
        return
    for size in range(1, len(counts) + 1):
        for chosen in combinations(counts, size):
            left = len(everyone) - sum(chosen)
            assert left == 0 or left >= setting.minimum
    assert counts == [] or sum(counts) == len(everyone)


@PROPERTIES
@given(rounds())
def test_every_topic_adds_up_over_the_shown_groups(case: tuple[list[Respondent], Confidentiality]) -> None:
    """Per topic the shown groups hold every respondent who scored it: no topic leaves a remainder to work out."""
    everyone, setting = case
    disclosure = disclose(QUESTIONNAIRE, aggregate_round(QUESTIONNAIRE, everyone), setting)
    if not disclosure.view.departments:
        return
    for dimension in disclosure.view.overall.result.dimensions:
        shown = [group.result.dimension(dimension.key).answered for _, group in disclosure.view.departments]
        assert sum(shown) == dimension.answered


@PROPERTIES
@given(rounds())
def test_shown_figures_are_the_true_figures_of_their_groups(case: tuple[list[Respondent], Confidentiality]) -> None:
    everyone, setting = case
    outcome = aggregate_round(QUESTIONNAIRE, everyone)
    disclosure = disclose(QUESTIONNAIRE, outcome, setting)
    original = dict(outcome.departments)
    for key, group in disclosure.view.departments:
        if key == OTHER_DEPARTMENTS:
            expected = aggregate(QUESTIONNAIRE, [r for r in everyone if disclosure.shown_as(r.department) == key])
            assert group.respondents == expected.respondents
            assert group.result.phase == expected.result.phase
            assert [sorted(s.scores) for s in group.spreads] == [sorted(s.scores) for s in expected.spreads]
        else:
            assert group == original[key]
    # Every department is shown or listed as suppressed, once.
    shown = [key for key, _ in disclosure.view.departments if key != OTHER_DEPARTMENTS]
    suppressed = [s.group for s in disclosure.suppressed if s.group in original]
    assert sorted(shown + suppressed) == sorted(original)


@PROPERTIES
@given(rounds())
def test_a_named_round_shows_everything(case: tuple[list[Respondent], Confidentiality]) -> None:
    everyone, setting = case
    outcome = aggregate_round(QUESTIONNAIRE, everyone)
    named = Confidentiality(confidential=False, minimum_group=setting.minimum_group)
    disclosure = disclose(QUESTIONNAIRE, outcome, named)
    assert disclosure.view == outcome and disclosure.suppressed == ()
