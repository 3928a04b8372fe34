"""Confidential rounds: which of a round's figures may be shown, so that no small group can be picked out.

The rule (docs/scoring.md, "Confidential rounds"), with m the round's minimum group size (default 5, never below 3):

1. In a named round everything is shown.
2. A round with fewer than m submitted respondents shows only how many have answered: no scores, no phase, no
   spread and no departments.
3. A department with fewer than m respondents is hidden.
4. Subtraction: the departments together make up the round, so the round minus the shown departments gives the
   hidden ones. When the hidden departments together have at least one but fewer than m respondents, the smallest
   shown department (by respondents, then by key) is hidden as well. Once is always enough: a shown department
   has at least m respondents itself.
5. The hidden departments are combined into "other departments", shown when it is not the whole round (it then has
   at least m respondents, by rule 4). When every department is hidden, the breakdown is withheld: the round's
   own result is all there is.
6. A group is shown or hidden as a whole: on every topic, and for its overall score, phase and spread alike.

Every figure shown is then the figure of a group of at least m respondents, and every figure that can be worked
out from shown figures (by adding or subtracting them) is too: the shown groups and "other departments" divide
the round into parts of at least m respondents each, and only whole parts can be added or taken away. Per topic
the same parts apply, because each respondent is in exactly one part whichever topics they scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from roadmap.domain.aggregation import GroupResult, RoundResult, Spread, mean
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import DimensionScore, Result, result_of_scores

DEFAULT_MINIMUM = 5
MINIMUM_FLOOR = 3
OTHER_DEPARTMENTS = "other_departments"
"""The key of the combined group of hidden departments (not the department "other" respondents may choose)."""
ROUND = "round"
"""The `group` of a Suppression about the round's own result."""

Reason = Literal["round_below_minimum", "below_minimum", "subtraction", "whole_round"]
"""Why a group is not shown:
- round_below_minimum: the round has fewer than the minimum respondents (group ROUND: scores withheld);
- below_minimum: the department has fewer than the minimum respondents;
- subtraction: shown beside the round's result it would give the hidden departments away;
- whole_round: "other departments" (group OTHER_DEPARTMENTS) would be the whole round: no breakdown.
"""


@dataclass(frozen=True)
class Confidentiality:
    """A round's setting: confidential (figures only for groups of at least `minimum`) or named (everything)."""

    confidential: bool = True
    minimum_group: int = DEFAULT_MINIMUM

    @property
    def minimum(self) -> int:
        """The minimum group size in force: the setting, but never below MINIMUM_FLOOR."""
        return max(MINIMUM_FLOOR, self.minimum_group)


NAMED = Confidentiality(confidential=False)


@dataclass(frozen=True)
class Suppression:
    """A group whose figures are not shown, its size, why, and whether it is part of "other departments"."""

    group: str
    respondents: int
    reason: Reason
    in_other_departments: bool = False


@dataclass(frozen=True)
class Disclosure:
    """What may be shown of a round.

    `view` has the shape of the round's RoundResult, so pages, charts, exports and reports use it unchanged:
    - `view.overall` is the round's result, or, when `scores_withheld`, the same number of respondents with no
      scores (every dimension insufficient, no overall score or phase, empty spreads);
    - `view.departments` holds the shown departments (in the original order), then OTHER_DEPARTMENTS when the
      hidden departments are combined and shown.
    `suppressed` lists every group not shown, with its reason, in the original order (ROUND first).
    """

    settings: Confidentiality
    view: RoundResult
    suppressed: tuple[Suppression, ...]

    @property
    def scores_withheld(self) -> bool:
        """True when the round's own result shows only how many have answered."""
        return any(s.group == ROUND for s in self.suppressed)

    @property
    def breakdown_withheld(self) -> bool:
        """True when there are departments but none of them, nor "other departments", may be shown."""
        return not self.view.departments and any(s.group != ROUND for s in self.suppressed)

    def shown_as(self, department: str | None) -> str | None:
        """Under which group a respondent of `department` may be shown: the department itself, OTHER_DEPARTMENTS,
        or None (no department may be shown). None as a department is the department "other", as in aggregation."""
        key = department or "other"
        if not self.settings.confidential:
            return key
        shown = {group for group, _ in self.view.departments}
        if key in shown:
            return key
        return OTHER_DEPARTMENTS if OTHER_DEPARTMENTS in shown else None


def disclose(questionnaire: Questionnaire, outcome: RoundResult, settings: Confidentiality) -> Disclosure:
    """Apply the confidentiality rule to a round's aggregated result (`aggregation.aggregate_round`)."""
    if not settings.confidential:
        return Disclosure(settings, outcome, ())
    minimum = settings.minimum
    if outcome.overall.respondents < minimum:
        suppressed = (
            Suppression(ROUND, outcome.overall.respondents, "round_below_minimum"),
            *(Suppression(key, group.respondents, "below_minimum") for key, group in outcome.departments),
        )
        return Disclosure(settings, RoundResult(without_scores(outcome.overall), ()), suppressed)

    reasons: dict[str, Reason] = {
        key: "below_minimum" for key, group in outcome.departments if group.respondents < minimum
    }
    shown = [(key, group) for key, group in outcome.departments if key not in reasons]
    # Worked out from the round's total, as someone subtracting would: what the shown departments leave over.
    hidden_respondents = outcome.overall.respondents - sum(group.respondents for _, group in shown)
    if 0 < hidden_respondents < minimum:
        smallest, _ = min(shown, key=lambda item: (item[1].respondents, item[0]))
        reasons[smallest] = "subtraction"
        shown = [(key, group) for key, group in shown if key != smallest]

    hidden = [(key, group) for key, group in outcome.departments if key in reasons]
    combined = bool(hidden) and bool(shown)
    not_shown = [Suppression(key, group.respondents, reasons[key], combined) for key, group in hidden]
    departments = list(shown)
    if combined:
        departments.append((OTHER_DEPARTMENTS, combine(questionnaire, [group for _, group in hidden])))
    elif hidden:
        not_shown.append(Suppression(OTHER_DEPARTMENTS, outcome.overall.respondents, "whole_round"))
    return Disclosure(settings, RoundResult(outcome.overall, tuple(departments)), tuple(not_shown))


def combine(questionnaire: Questionnaire, groups: Sequence[GroupResult]) -> GroupResult:
    """The result of several groups taken together, as `aggregation.aggregate` gives for all their respondents."""
    respondents = sum(group.respondents for group in groups)
    spreads = tuple(
        Spread(d.key, tuple(score for group in groups for score in group.spread(d.key).scores))
        for d in questionnaire.dimensions
    )
    dimensions = tuple(DimensionScore(s.key, mean(s.scores), len(s.scores), respondents) for s in spreads)
    return GroupResult(respondents, result_of_scores(questionnaire, dimensions), spreads)


def without_scores(group: GroupResult) -> GroupResult:
    """The group with its number of respondents (and how many scored each topic) but no score of any kind."""
    dimensions = tuple(DimensionScore(d.key, None, d.answered, d.total) for d in group.result.dimensions)
    return GroupResult(
        group.respondents,
        Result(dimensions, None, None, (), (), (), ()),
        tuple(Spread(s.key, ()) for s in group.spreads),
    )
