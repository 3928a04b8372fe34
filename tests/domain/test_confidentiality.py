"""The confidentiality rule of a round, case by case (docs/scoring.md, "Confidential rounds")."""

from __future__ import annotations

import pytest

from roadmap.domain.aggregation import Respondent, RoundResult, aggregate, aggregate_round
from roadmap.domain.confidentiality import (
    NAMED,
    OTHER_DEPARTMENTS,
    ROUND,
    Confidentiality,
    Suppression,
    disclose,
)
from roadmap.domain.loader import parse
from roadmap.domain.questionnaire import Questionnaire
from tests.domain.minimal import DIMENSION_KEYS, raw_questionnaire

QUESTIONNAIRE = parse(raw_questionnaire(), "test")


def respondents(sizes: dict[str, int]) -> list[Respondent]:
    """`sizes[key]` respondents per department; every respondent has their own scores, none repeated."""
    made = []
    for key, size in sizes.items():
        for _ in range(size):
            n = len(made)
            made.append(Respondent(key, {d: 1 + ((n * 7 + i * 3) % 31) / 10 for i, d in enumerate(DIMENSION_KEYS)}))
    return made


def round_of(sizes: dict[str, int], questionnaire: Questionnaire = QUESTIONNAIRE) -> RoundResult:
    return aggregate_round(questionnaire, respondents(sizes))


# 1, 2, 3 and 6 respondents: the example round.
EXAMPLE = {"hr": 1, "it": 2, "marketing": 3, "sales": 6}


@pytest.mark.parametrize(
    ("sizes", "minimum", "shown", "suppressed"),
    [
        pytest.param(
            EXAMPLE,
            5,
            ["sales", OTHER_DEPARTMENTS],
            [("hr", "below_minimum", True), ("it", "below_minimum", True), ("marketing", "below_minimum", True)],
            id="1-2-3-6: the small three combined (6) beside sales",
        ),
        pytest.param(
            EXAMPLE,
            3,
            ["marketing", "sales", OTHER_DEPARTMENTS],
            [("hr", "below_minimum", True), ("it", "below_minimum", True)],
            id="1-2-3-6 minimum 3: hr and it combined (3)",
        ),
        pytest.param(
            EXAMPLE,
            1,
            ["marketing", "sales", OTHER_DEPARTMENTS],
            [("hr", "below_minimum", True), ("it", "below_minimum", True)],
            id="minimum 1 counts as 3",
        ),
        pytest.param(
            EXAMPLE,
            7,
            [],
            [(d, "below_minimum", False) for d in ("hr", "it", "marketing", "sales")]
            + [(OTHER_DEPARTMENTS, "whole_round", False)],
            id="1-2-3-6 minimum 7: no department reaches it, no breakdown",
        ),
        pytest.param(
            {"hr": 1, "sales": 6},
            5,
            [],
            [
                ("hr", "below_minimum", False),
                ("sales", "subtraction", False),
                (OTHER_DEPARTMENTS, "whole_round", False),
            ],
            id="one hidden beside the total: sales hidden too, no breakdown",
        ),
        pytest.param(
            {"hr": 1, "marketing": 6, "sales": 6},
            5,
            ["sales", OTHER_DEPARTMENTS],
            [("hr", "below_minimum", True), ("marketing", "subtraction", True)],
            id="one hidden: the smallest shown (first by key on a tie) joins other departments",
        ),
        pytest.param(
            {"hr": 2, "marketing": 9, "sales": 5},
            5,
            ["marketing", OTHER_DEPARTMENTS],
            [("hr", "below_minimum", True), ("sales", "subtraction", True)],
            id="two hidden: the smallest shown (5) joins them",
        ),
        pytest.param(
            {"hr": 1, "it": 2, "marketing": 3},
            5,
            [],
            [(d, "below_minimum", False) for d in ("hr", "it", "marketing")]
            + [(OTHER_DEPARTMENTS, "whole_round", False)],
            id="every department small, the round 6: the round's result only",
        ),
        pytest.param({"marketing": 5, "sales": 6}, 5, ["marketing", "sales"], [], id="all large enough"),
        pytest.param({"sales": 6}, 5, ["sales"], [], id="one department, the whole round"),
    ],
)
def test_which_departments_are_shown(
    sizes: dict[str, int], minimum: int, shown: list[str], suppressed: list[tuple[str, str, bool]]
) -> None:
    outcome = round_of(sizes)
    disclosure = disclose(QUESTIONNAIRE, outcome, Confidentiality(minimum_group=minimum))

    assert [key for key, _ in disclosure.view.departments] == shown
    assert [(s.group, s.reason, s.in_other_departments) for s in disclosure.suppressed] == suppressed
    assert [s.respondents for s in disclosure.suppressed if s.group in sizes] == [
        sizes[s.group] for s in disclosure.suppressed if s.group in sizes
    ]
    assert disclosure.view.overall == outcome.overall
    assert not disclosure.scores_withheld
    assert disclosure.breakdown_withheld == (not shown)


@pytest.mark.parametrize(
    ("sizes", "minimum"), [({"marketing": 3, "hr": 1}, 5), ({"hr": 1}, 3), ({"hr": 1, "it": 1}, 3), (EXAMPLE, 13)]
)
def test_a_round_below_the_minimum_shows_how_many_answered_and_no_scores(sizes: dict[str, int], minimum: int) -> None:
    outcome = round_of(sizes)
    assert outcome.overall.result.has_result

    disclosure = disclose(QUESTIONNAIRE, outcome, Confidentiality(minimum_group=minimum))

    overall = disclosure.view.overall
    assert disclosure.scores_withheld and disclosure.breakdown_withheld
    assert overall.respondents == sum(sizes.values())
    assert overall.result.overall_score is None and overall.result.phase is None and not overall.result.has_result
    assert all(d.score is None for d in overall.result.dimensions)
    assert [d.answered for d in overall.result.dimensions] == [d.answered for d in outcome.overall.result.dimensions]
    assert all(s.scores == () for s in overall.spreads) and overall.not_aligned == ()
    assert overall.result.next_steps == () and overall.result.held_back_by == ()
    assert disclosure.view.departments == ()
    assert disclosure.suppressed[0] == Suppression(ROUND, sum(sizes.values()), "round_below_minimum")
    assert [(s.group, s.reason) for s in disclosure.suppressed[1:]] == [(key, "below_minimum") for key in sorted(sizes)]


def test_other_departments_has_the_figures_of_the_hidden_respondents_together() -> None:
    everyone = respondents(EXAMPLE)
    outcome = aggregate_round(QUESTIONNAIRE, everyone)

    combined = dict(disclose(QUESTIONNAIRE, outcome, Confidentiality()).view.departments)[OTHER_DEPARTMENTS]

    expected = aggregate(QUESTIONNAIRE, [r for r in everyone if r.department != "sales"])
    assert combined.respondents == expected.respondents == 6
    assert combined.result.overall_score == pytest.approx(expected.result.overall_score)
    assert combined.result.phase == expected.result.phase
    for got, want in zip(combined.result.dimensions, expected.result.dimensions, strict=True):
        assert (got.key, got.answered, got.total) == (want.key, want.answered, want.total)
        assert got.score == pytest.approx(want.score)
    assert [sorted(s.scores) for s in combined.spreads] == [sorted(s.scores) for s in expected.spreads]
    assert combined.not_aligned == expected.not_aligned


def test_a_shown_department_keeps_its_own_figures() -> None:
    outcome = round_of(EXAMPLE)
    view = dict(disclose(QUESTIONNAIRE, outcome, Confidentiality()).view.departments)
    assert view["sales"] == dict(outcome.departments)["sales"]


@pytest.mark.parametrize("sizes", [EXAMPLE, {"hr": 1}, {"hr": 1, "sales": 6}])
def test_a_named_round_shows_everything(sizes: dict[str, int]) -> None:
    outcome = round_of(sizes)
    disclosure = disclose(QUESTIONNAIRE, outcome, NAMED)
    assert disclosure.view is outcome
    assert disclosure.suppressed == ()
    assert not disclosure.scores_withheld and not disclosure.breakdown_withheld


@pytest.mark.parametrize(("setting", "minimum"), [(-1, 3), (0, 3), (2, 3), (3, 3), (5, 5), (12, 12)])
def test_the_minimum_is_never_below_three(setting: int, minimum: int) -> None:
    assert Confidentiality(minimum_group=setting).minimum == minimum


def test_rounds_are_confidential_with_a_minimum_of_five_by_default() -> None:
    assert Confidentiality() == Confidentiality(confidential=True, minimum_group=5)
    assert NAMED.confidential is False


@pytest.mark.parametrize(
    ("sizes", "department", "shown_as"),
    [
        (EXAMPLE, "sales", "sales"),
        (EXAMPLE, "hr", OTHER_DEPARTMENTS),
        (EXAMPLE, "marketing", OTHER_DEPARTMENTS),
        (EXAMPLE, "legal", OTHER_DEPARTMENTS),  # not in the round (no submission): never under its own name
        ({"hr": 1, "sales": 6}, "sales", None),
        ({"hr": 1, "sales": 6}, "hr", None),
        ({"other": 5, "sales": 6}, None, "other"),  # no department given: the department "other"
        ({"hr": 3}, "hr", None),
    ],
)
def test_under_which_group_a_respondent_may_be_shown(
    sizes: dict[str, int], department: str | None, shown_as: str | None
) -> None:
    disclosure = disclose(QUESTIONNAIRE, round_of(sizes), Confidentiality())
    assert disclosure.shown_as(department) == shown_as


def test_a_named_round_shows_every_respondent_under_their_department() -> None:
    disclosure = disclose(QUESTIONNAIRE, round_of({"hr": 1, "sales": 6}), NAMED)
    assert disclosure.shown_as("hr") == "hr"
