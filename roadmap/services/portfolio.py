"""The consultant's figures across rounds and clients, read with a fixed number of queries.

A portfolio of a thousand clients must not cost a query per client or per round: every reader here loads the
rounds in one query, all submitted dimension scores of those rounds in a second (`Assessment.submitted_scores`),
and the few questionnaire versions in a third, then aggregates in memory with the pure domain code. Aggregated
results are cached by exactly what they depend on (the questionnaire content and the respondents' scores), so an
unchanged round is not aggregated again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap.domain.aggregation import GroupResult, Respondent, aggregate
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import score_dimensions
from roadmap.models import Answer, Assessment, Client, Invitation, QuestionnaireVersion, Round, User
from roadmap.services.questionnaires import parsed_questionnaire, questionnaire_of

# One respondent as a cache key: department and (dimension key, score) pairs in questionnaire order.
_Scores = tuple[tuple[str, float | None], ...]


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

    @property
    def with_result(self) -> tuple[RoundFigures, ...]:
        return tuple(r for r in self.rounds if r.has_result)

    @property
    def current(self) -> RoundFigures | None:
        found = self.with_result
        return found[-1] if found else None

    @property
    def previous(self) -> RoundFigures | None:
        found = self.with_result
        return found[-2] if len(found) >= 2 else None


def _visible(statement: sa.Select, user: User) -> sa.Select:
    return statement if user.is_admin else statement.where(Client.consultant_id == user.id)


def portfolio_of(session: Session, user: User) -> list[ClientFigures]:
    """Every client the user may see, with its rounds' figures, ordered by name."""
    clients = list(session.scalars(_visible(sa.select(Client), user).order_by(Client.name, Client.id)))
    rounds = _round_figures(session, _visible(sa.select(Round).join(Round.client), user))
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
            Round.id, Round.client_id, Round.name, Round.held_on, Round.closed_at, Round.questionnaire_version_id
        )
    ).all()
    if not rows:
        return []
    round_ids = rounds_statement.with_only_columns(Round.id).scalar_subquery()
    respondents = session.execute(
        sa.select(Invitation.round_id, Invitation.department, Assessment.id, Assessment.submitted_scores)
        .join(Invitation.assessment)
        .where(Invitation.round_id.in_(round_ids), Assessment.submitted_at.is_not(None))
        .order_by(Invitation.round_id, Invitation.id)
    ).all()
    versions = _versions(session, {row.questionnaire_version_id for row in rows})
    version_of_round = {row.id: row.questionnaire_version_id for row in rows}
    unscored = _scores_from_answers(session, respondents, versions, version_of_round)
    by_round: dict[int, list[tuple[str, _Scores]]] = {}
    for round_id, department, assessment_id, stored in respondents:
        questionnaire = versions[version_of_round[round_id]][1]
        scores = stored if stored is not None else unscored[assessment_id]
        ordered = tuple((d.key, scores.get(d.key)) for d in questionnaire.dimensions)
        by_round.setdefault(round_id, []).append((department, ordered))
    figures = []
    for row in rows:
        content_hash, questionnaire = versions[row.questionnaire_version_id]
        group = _aggregate(content_hash, questionnaire, tuple(by_round.get(row.id, ())))
        figures.append(RoundFigures(row.id, row.client_id, row.name, row.held_on, row.closed_at, questionnaire, group))
    return figures


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


_cache: dict[tuple[str, tuple[tuple[str, _Scores], ...]], GroupResult] = {}
_CACHE_SIZE = 20_000


def _aggregate(
    content_hash: str, questionnaire: Questionnaire, respondents: tuple[tuple[str, _Scores], ...]
) -> GroupResult:
    # Keyed by the questionnaire's content and every respondent's department and scores: the result depends on
    # nothing else, so an entry can never be stale; a changed or added submission is simply a new key.
    key = (content_hash, respondents)
    found = _cache.get(key)
    if found is None:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()  # crude but bounded; a full rebuild of a large portfolio is well under a second
        found = _cache[key] = aggregate(questionnaire, (Respondent(d, dict(s)) for d, s in respondents))
    return found


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
