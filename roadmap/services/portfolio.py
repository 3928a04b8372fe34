"""The consultant's figures across rounds and clients, read with a fixed number of queries.

A portfolio of a thousand clients must not cost a query per client or per round: every reader here loads the
rounds in one query, all submitted dimension scores of those rounds in a second (`Assessment.submitted_scores`),
and the few questionnaire versions in a third, then aggregates in memory with the pure domain code. Aggregated
results are cached by exactly what they depend on (the questionnaire content and the respondents' scores), so an
unchanged round is not aggregated again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap.domain.aggregation import GroupResult, Respondent, aggregate
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import score_dimensions
from roadmap.models import Answer, Assessment, Client, Invitation, QuestionnaireVersion, Round, User
from roadmap.services import clients as clients_service
from roadmap.services.questionnaires import parsed_questionnaire, questionnaire_of


@dataclass(frozen=True)
class RoundFigures:
    """A round as the client page and the portfolio show it."""

    id: int
    client_id: int
    name: str
    held_on: date
    closed_at: datetime | None
    questionnaire: Questionnaire
    group: GroupResult
    # What the group was aggregated from (see `_round_figures`): equal signatures, equal figures.
    signature: tuple[object, ...]

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def has_result(self) -> bool:
        return self.group.result.has_result


@dataclass(frozen=True)
class ClientFigures:
    """A client and its rounds (oldest first); `current` is the latest round with a result."""

    client: Client
    rounds: tuple[RoundFigures, ...]

    @functools.cached_property
    def with_result(self) -> tuple[RoundFigures, ...]:
        return tuple(r for r in self.rounds if r.has_result)

    @functools.cached_property
    def current(self) -> RoundFigures | None:
        found = self.with_result
        return found[-1] if found else None

    @functools.cached_property
    def previous(self) -> RoundFigures | None:
        found = self.with_result
        return found[-2] if len(found) >= 2 else None


def fingerprint(clients: Iterable[ClientFigures]) -> int:
    """Changes whenever anything the portfolio shows changes: clients' details, rounds, submissions."""
    return hash(
        tuple(
            (
                c.client.id,
                c.client.name,
                c.client.sector,
                c.client.size_band,
                tuple((r.id, r.name, r.held_on, r.closed_at, r.signature) for r in c.rounds),
            )
            for c in clients
        )
    )


def portfolio_of(session: Session, user: User) -> list[ClientFigures]:
    """Every client the user may see, with its rounds' figures, ordered by name."""
    clients = clients_service.clients_of(session, user)
    rounds = _round_figures(session, clients_service.visible_rounds(user))
    return _by_client(clients, rounds)


def client_figures(session: Session, client: Client) -> ClientFigures:
    """One client's rounds with their figures (the caller has checked the client is visible)."""
    rounds = _round_figures(session, sa.select(Round).where(Round.client_id == client.id))
    return _by_client([client], rounds)[0]


def _by_client(clients: Sequence[Client], rounds: Iterable[RoundFigures]) -> list[ClientFigures]:
    grouped: dict[int, list[RoundFigures]] = {c.id: [] for c in clients}
    for figures in rounds:
        grouped.setdefault(figures.client_id, []).append(figures)
    return [ClientFigures(c, tuple(sorted(grouped[c.id], key=lambda r: (r.held_on, r.id)))) for c in clients]


def _round_figures(session: Session, rounds_statement: sa.Select) -> list[RoundFigures]:
    rows = session.execute(
        rounds_statement.with_only_columns(
            Round.id,
            Round.client_id,
            Round.name,
            Round.held_on,
            Round.closed_at,
            Round.questionnaire_version_id,
            Round.created_at,
        )
    ).all()
    if not rows:
        return []
    round_ids = rounds_statement.with_only_columns(Round.id).scalar_subquery()
    versions = _versions(session, {row.questionnaire_version_id for row in rows})
    version_of_round = {row.id: row.questionnaire_version_id for row in rows}
    # What a round's result depends on, read cheaply: which submissions it has and their revisions. Only rounds
    # whose signature changed since this process last aggregated them have their scores loaded again.
    signatures = {
        round_id: (*rest,)
        for round_id, *rest in session.execute(
            # Joined to the rounds' own query rather than `IN (subquery)`: PostgreSQL plans the join far better.
            rounds_statement.with_only_columns(
                Round.id,
                sa.func.count(Assessment.id),
                sa.func.sum(Assessment.id),
                sa.func.sum(Assessment.revision),
                sa.func.max(Assessment.submitted_at),
            )
            .join(Invitation, Invitation.round_id == Round.id)
            .join(Assessment, Assessment.id == Invitation.assessment_id)
            .where(Assessment.submitted_at.is_not(None))
            .group_by(Round.id)
        )
    }
    groups: dict[int, GroupResult] = {}
    stale = []
    signature_of = {}
    for row in rows:
        # The round's creation time and questionnaire too: SQLite may give a deleted round's id to a new one.
        signature = (row.created_at, versions[row.questionnaire_version_id][0], *signatures.get(row.id, (0,)))
        signature_of[row.id] = signature
        cached = _cache.get(row.id)
        if cached is not None and cached[0] == signature:
            groups[row.id] = cached[1]
        else:
            stale.append((row.id, signature))
    if stale:
        fresh = _aggregate_rounds(session, round_ids, {i for i, _s in stale}, versions, version_of_round)
        if len(_cache) + len(stale) > _CACHE_SIZE:
            _cache.clear()  # crude but bounded: rebuilding even a large portfolio takes well under a second
        for round_id, signature in stale:
            groups[round_id] = fresh[round_id]
            _cache[round_id] = (signature, fresh[round_id])
    return [
        RoundFigures(
            row.id,
            row.client_id,
            row.name,
            row.held_on,
            row.closed_at,
            versions[row.questionnaire_version_id][1],
            groups[row.id],
            signature_of[row.id],
        )
        for row in rows
    ]


def _aggregate_rounds(
    session: Session,
    round_ids: sa.ScalarSelect[int],
    wanted: set[int],
    versions: dict[int, tuple[str, Questionnaire]],
    version_of_round: dict[int, int],
) -> dict[int, GroupResult]:
    """Aggregate the submitted respondents of the wanted rounds (one query for all their scores)."""
    # A long IN list for a few rounds; the rounds' own query as a subquery when most of them are wanted.
    which = Invitation.round_id.in_(wanted) if len(wanted) <= 500 else Invitation.round_id.in_(round_ids)
    respondents = [
        row
        for row in session.execute(
            sa.select(Invitation.round_id, Invitation.department, Assessment.id, Assessment.submitted_scores)
            .join(Invitation.assessment)
            .where(which, Assessment.submitted_at.is_not(None))
            .order_by(Invitation.round_id, Invitation.id)
        )
        if row.round_id in wanted
    ]
    unscored = _scores_from_answers(session, respondents, versions, version_of_round)
    by_round: dict[int, list[Respondent]] = {round_id: [] for round_id in wanted}
    for round_id, department, assessment_id, stored in respondents:
        scores = stored if stored is not None else unscored[assessment_id]
        by_round[round_id].append(Respondent(department, scores))
    return {round_id: aggregate(versions[version_of_round[round_id]][1], group) for round_id, group in by_round.items()}


def _versions(session: Session, version_ids: set[int]) -> dict[int, tuple[str, Questionnaire]]:
    """Content hash and parsed questionnaire of each version id."""
    rows = session.execute(
        sa.select(QuestionnaireVersion.id, QuestionnaireVersion.content_hash).where(
            QuestionnaireVersion.id.in_(version_ids)
        )
    ).all()
    found = {}
    for version_id, content_hash in rows:
        questionnaire = parsed_questionnaire(content_hash)
        if questionnaire is None:  # not parsed in this process yet: load the stored content once
            version = session.get(QuestionnaireVersion, version_id)
            assert version is not None
            questionnaire = questionnaire_of(version)
        found[version_id] = (content_hash, questionnaire)
    return found


def _scores_from_answers(
    session: Session,
    respondents: Sequence[sa.Row],
    versions: dict[int, tuple[str, Questionnaire]],
    version_of_round: dict[int, int],
) -> dict[int, dict[str, float | None]]:
    """Scores for assessments submitted before scores were stored at submission (one query, usually none)."""
    missing = {row.id: row.round_id for row in respondents if row.submitted_scores is None}
    if not missing:
        return {}
    answers: dict[int, dict[str, str]] = {key: {} for key in missing}
    statement = sa.select(Answer.assessment_id, Answer.question_key, Answer.option_key).where(
        Answer.assessment_id.in_(missing)
    )
    for assessment_id, question, option in session.execute(statement):
        answers[assessment_id][question] = option
    scores = {}
    for key, round_id in missing.items():
        questionnaire = versions[version_of_round[round_id]][1]
        scores[key] = {d.key: d.score for d in score_dimensions(questionnaire, answers[key])}
    return scores


# Per round id: the signature its result was aggregated for, and that result (per process).
_cache: dict[int, tuple[tuple[object, ...], GroupResult]] = {}
_CACHE_SIZE = 50_000


SORT_KEYS = ("name", "sector", "size", "phase", "score", "date", "respondents")


def filtered(
    clients: Iterable[ClientFigures], sector: str | None, size_band: str | None, phase: int | None
) -> list[ClientFigures]:
    """The clients of a sector, size band and current phase (None: any)."""
    return [
        c
        for c in clients
        if (sector is None or c.client.sector == sector)
        and (size_band is None or c.client.size_band == size_band)
        and (phase is None or (c.current is not None and c.current.group.result.phase == phase))
    ]


def sorted_by(
    clients: Iterable[ClientFigures], key: str, descending: bool, size_order: Sequence[str]
) -> list[ClientFigures]:
    """Clients sorted by a column of the portfolio table; clients without a value come last either way."""

    def value(c: ClientFigures) -> object:
        current = c.current
        if key == "name":
            return c.client.name.casefold()
        if key == "sector":
            return c.client.sector
        if key == "size":
            return size_order.index(c.client.size_band) if c.client.size_band in size_order else None
        if key == "phase":
            return current.group.result.phase if current else None
        if key == "score":
            return current.group.result.overall_score if current else None
        if key == "date":
            return current.held_on if current else None
        if key == "respondents":
            return current.group.respondents if current else None
        raise ValueError(key)

    by_name = sorted(clients, key=lambda c: (c.client.name.casefold(), c.client.id))
    present = [c for c in by_name if value(c) is not None]
    absent = [c for c in by_name if value(c) is None]
    return sorted(present, key=value, reverse=descending) + absent  # type: ignore[arg-type]
