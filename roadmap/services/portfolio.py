"""The consultant's figures across rounds and clients, read with a fixed number of queries.

A portfolio of a thousand clients must not cost a query per client or per round: every reader here loads the
rounds in one query, all submitted dimension scores of those rounds in a second (`Assessment.submitted_scores`),
and the few questionnaire versions in a third, then aggregates in memory with the pure domain code. Aggregated
results are cached by exactly what they depend on (the questionnaire content and the respondents' scores), so an
unchanged round is not aggregated again.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from cachetools import LRUCache
from sqlalchemy.orm import Session

from roadmap.domain.aggregation import GroupResult, RoundResult, aggregate
from roadmap.domain.confidentiality import Confidentiality, disclose
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.trend import Trend, trend_between
from roadmap.models import Assessment, Client, Invitation, QuestionnaireVersion, Round
from roadmap.services.questionnaires import parsed_questionnaire, questionnaire_of
from roadmap.services.rounds import submitted_respondents


@dataclass(frozen=True)
class RoundFigures:
    """A round as the client page and the portfolio show it: `group` is the round's result as it may be shown
    (a confidential round below its minimum has no scores, `domain.confidentiality`)."""

    id: int
    client_id: int
    name: str
    held_on: date
    closed_at: datetime | None
    questionnaire: Questionnaire
    group: GroupResult
    # What the group was aggregated from (see `round_figures`): equal signatures, equal figures.
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


def client_figures(session: Session, client: Client) -> ClientFigures:
    """One client's rounds with their figures (the caller has checked the client is visible)."""
    rounds = round_figures(session, sa.select(Round).where(Round.client_id == client.id))
    return by_client([client], rounds)[0]


def earlier_round(session: Session, round_: Round) -> tuple[RoundFigures | None, Trend | None]:
    """The client's latest round with a result held before this one (by date, then creation), if any, and the
    trend from it to this round (None while this round has no result to show)."""
    figures = client_figures(session, round_.client)
    before = [r for r in figures.with_result if (r.held_on, r.id) < (round_.held_on, round_.id)]
    earlier = before[-1] if before else None
    this = next((r for r in figures.with_result if r.id == round_.id), None)
    return earlier, trend_since(earlier, this) if this is not None else None


def trend_since(earlier: RoundFigures | None, later: RoundFigures) -> Trend | None:
    if earlier is None:
        return None
    keys = [d.key for d in later.questionnaire.dimensions]
    return trend_between(earlier.group.result, later.group.result, keys)


def by_client(clients: Sequence[Client], rounds: Iterable[RoundFigures]) -> list[ClientFigures]:
    grouped: dict[int, list[RoundFigures]] = {c.id: [] for c in clients}
    for figures in rounds:
        grouped.setdefault(figures.client_id, []).append(figures)
    return [ClientFigures(c, tuple(sorted(grouped[c.id], key=lambda r: (r.held_on, r.id)))) for c in clients]


def _rows(session: Session, statement: sa.Select) -> list[sa.Row]:
    """A query's rows as plain tuples, without the ORM's row processing (most of the time at thousands of rows)."""
    return list(session.connection().execute(statement).all())


def round_figures(session: Session, rounds_statement: sa.Select) -> list[RoundFigures]:
    rows = _rows(
        session,
        rounds_statement.with_only_columns(
            Round.id,
            Round.client_id,
            Round.name,
            Round.held_on,
            Round.closed_at,
            Round.questionnaire_version_id,
            Round.created_at,
            Round.confidential,
            Round.minimum_group,
        ),
    )
    if not rows:
        return []
    versions = _versions(session, {row.questionnaire_version_id for row in rows})
    submissions = _submissions(session, rounds_statement)
    # The round's creation time and questionnaire too: SQLite may give a deleted round's id to a new one; and its
    # confidentiality, which changes what is shown.
    signature_of = {
        row.id: (
            row.created_at,
            versions[row.questionnaire_version_id][0],
            row.confidential,
            row.minimum_group,
            *submissions.get(row.id, (0,)),
        )
        for row in rows
    }
    settings = {row.id: Confidentiality(row.confidential, row.minimum_group) for row in rows}
    groups = _groups(
        session,
        rounds_statement,
        signature_of,
        settings,
        {row.id: versions[row.questionnaire_version_id][1] for row in rows},
    )
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


def _submissions(session: Session, rounds_statement: sa.Select) -> dict[int, tuple[object, ...]]:
    """What a round's result depends on, read cheaply: which submissions it has and their revisions."""
    return {
        round_id: (*rest,)
        for round_id, *rest in _rows(
            session,
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
            .group_by(Round.id),
        )
    }


def _groups(
    session: Session,
    rounds_statement: sa.Select,
    signature_of: dict[int, tuple[object, ...]],
    settings: dict[int, Confidentiality],
    questionnaires: dict[int, Questionnaire],
) -> dict[int, GroupResult]:
    """Each round's result as it may be shown: from the cache while its signature is unchanged, else aggregated
    and disclosed again (the round's own figures only: the portfolio shows no departments)."""
    groups: dict[int, GroupResult] = {}
    with _cache_lock:
        for round_id, signature in signature_of.items():
            cached = _cache.get(round_id)
            if cached is not None and cached[0] == signature:
                groups[round_id] = cached[1]
    stale = {round_id: questionnaires[round_id] for round_id in signature_of if round_id not in groups}
    if stale:
        among = rounds_statement.with_only_columns(Round.id).scalar_subquery()
        respondents = submitted_respondents(session, stale, among)
        fresh = {
            round_id: disclose(
                stale[round_id], RoundResult(aggregate(stale[round_id], respondents[round_id]), ()), settings[round_id]
            ).view.overall
            for round_id in stale
        }
        with _cache_lock:
            for round_id, group in fresh.items():
                _cache[round_id] = (signature_of[round_id], group)
        groups.update(fresh)
    return groups


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


# Per round id: the signature its result was aggregated for, and that result (per process). Rebuilding even a
# large portfolio takes well under a second, so the least recently used rounds simply drop out.
_cache: LRUCache[int, tuple[tuple[object, ...], GroupResult]] = LRUCache(maxsize=50_000)
_cache_lock = threading.Lock()


def filtered(
    clients: Iterable[ClientFigures],
    sector: str | None,
    size_band: str | None,
    phase: int | None,
    name: str | None = None,
) -> list[ClientFigures]:
    """The clients of a sector, size band and current phase whose name contains `name`, ignoring case (None:
    any)."""
    part = name.casefold() if name else None
    return [
        c
        for c in clients
        if (sector is None or c.client.sector == sector)
        and (size_band is None or c.client.size_band == size_band)
        and (phase is None or (c.current is not None and c.current.group.result.phase == phase))
        and (part is None or part in c.client.name.casefold())
    ]
