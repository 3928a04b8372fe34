"""Inviting many respondents at once, and following a round's progress: answers, activity, e-mails."""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap.db import Base
from roadmap.models import Answer, Assessment, Invitation, Message, Round
from roadmap.services import audit, delivery, invitation_import
from roadmap.services.assessments import token_hash
from roadmap.services.invitation_import import ImportCheck, Respondent
from roadmap.services.rounds import Status, current_token, ensure_round_open, link_token, questionnaire_of_round


def check_import(session: Session, round_: Round, text: str, departments: Mapping[str, Iterable[str]]) -> ImportCheck:
    """Every line of `text` checked against the round's invitations; stores nothing."""
    existing = session.scalars(
        sa.select(Invitation.email).where(Invitation.round_id == round_.id, Invitation.email.is_not(None))
    )
    return invitation_import.check(text, departments, [email for email in existing if email])


def invite_many(
    session: Session,
    secret_key: str,
    round_: Round,
    respondents: Iterable[Respondent],
    language: str,
    send: bool = False,
    *,
    actor: audit.Actor | None = None,
) -> tuple[list[int], list[int]]:
    """An invitation for each checked respondent (`language` where a line gives none) and, with `send`, a queued
    invitation message for each, all in one transaction. Returns the invitations' and the messages' ids.

    The same rows as rounds.invite makes one at a time, inserted in bulk: hundreds answer within a second.
    """
    ensure_round_open(round_)
    respondents = list(respondents)
    if not respondents:
        return [], []
    languages = [respondent.language or language for respondent in respondents]
    assessment_ids = insert_assessments(session, round_, respondents, languages)
    nonces = [secrets.token_hex(16) for _respondent in respondents]
    invitation_ids = insert_ids(
        session,
        Invitation,
        [
            {
                "round_id": round_.id,
                "assessment_id": assessment_id,
                "department": respondent.department,
                "name": respondent.name,
                "email": respondent.email,
                "language": chosen,
                "link_nonce": nonce,
            }
            for respondent, chosen, assessment_id, nonce in zip(
                respondents, languages, assessment_ids, nonces, strict=True
            )
        ],
    )
    links = [
        {"id": assessment_id, "token_hash": token_hash(link_token(secret_key, invitation_id, nonce))}
        for assessment_id, invitation_id, nonce in zip(assessment_ids, invitation_ids, nonces, strict=True)
    ]
    session.execute(sa.update(Assessment), links)
    message_ids = []
    if send:
        rows = [
            {"invitation_id": i, "kind": delivery.Kind.INVITATION, "state": delivery.State.QUEUED}
            for i in invitation_ids
        ]
        message_ids = insert_ids(session, Message, rows)
    if actor is not None:
        record_invitations(session, actor, round_, len(invitation_ids), len(message_ids) if send else None)
    session.commit()
    return invitation_ids, message_ids


def record_invitations(session: Session, actor: audit.Actor, round_: Round, made: int, sent: int | None) -> None:
    """The invitations made (and, when they are e-mailed, sent) in the firm's log, in the transaction."""
    subject, firm_id = audit.round_subject(round_), round_.client.firm_id
    audit.record(session, "invitation_created", actor=actor, firm_id=firm_id, subject=subject, detail={"count": made})
    if sent is not None:
        audit.record(session, "invitation_sent", actor=actor, firm_id=firm_id, subject=subject, detail={"count": sent})


def insert_assessments(
    session: Session, round_: Round, respondents: list[Respondent], languages: list[str]
) -> list[int]:
    """The respondents' assessments on the round's questionnaire version, each with a token nobody knows yet."""
    client = round_.client
    rows = [
        {
            "token_hash": token_hash(secrets.token_urlsafe(32)),  # replaced once the invitation's link is known
            "questionnaire_version_id": round_.questionnaire_version_id,
            "organisation_name": client.name,
            "sector": client.sector,
            "size_band": client.size_band,
            "department": respondent.department,
            "language": chosen,
        }
        for respondent, chosen in zip(respondents, languages, strict=True)
    ]
    return insert_ids(session, Assessment, rows)


def insert_ids(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> list[int]:
    """Insert the rows in bulk; their new ids in the same order."""
    statement = sa.insert(model).returning(model.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
    return list(session.scalars(statement, rows))


@dataclass
class InvitationProgress:
    invitation: Invitation
    status: Status
    token: str | None
    answered: int
    question_count: int
    last_activity: datetime | None
    emails_sent: int
    latest: Message | None  # the latest e-mail and its delivery state

    @property
    def submitted_at(self) -> datetime | None:
        return self.invitation.assessment.submitted_at


@dataclass
class RoundProgress:
    rows: list[InvitationProgress] = field(default_factory=list)
    question_count: int = 0
    days_to_deadline: int | None = None

    @property
    def counts(self) -> Counter[str]:
        return Counter(row.status.value for row in self.rows)

    @property
    def invited(self) -> int:
        """Everyone whose link still works (revoked invitations are not counted)."""
        return sum(1 for row in self.rows if row.status is not Status.REVOKED)

    @property
    def response_rate(self) -> float | None:
        """Submitted respondents as a share of those invited, 0..1; None with nobody invited."""
        return self.counts[Status.SUBMITTED.value] / self.invited if self.invited else None


def progress_of(session: Session, secret_key: str, round_: Round, today: date) -> RoundProgress:
    """Per invitation: answers (x of N), last activity, e-mails; for the round: days to its deadline."""
    ids = [invitation.assessment_id for invitation in round_.invitations]
    counted = sa.select(Answer.assessment_id, sa.func.count()).where(Answer.assessment_id.in_(ids))
    answered: dict[int, int] = {row[0]: row[1] for row in session.execute(counted.group_by(Answer.assessment_id))}
    messages: dict[int, list[Message]] = defaultdict(list)
    statement = sa.select(Message).join(Message.invitation).where(Invitation.round_id == round_.id).order_by(Message.id)
    for message in session.scalars(statement):
        messages[message.invitation_id].append(message)
    question_count = len(questionnaire_of_round(round_).questions)
    progress = RoundProgress(question_count=question_count)
    if round_.deadline is not None:
        progress.days_to_deadline = (round_.deadline - today).days
    for invitation in round_.invitations:
        sent = messages.get(invitation.id, [])
        count = answered.get(invitation.assessment_id, 0)
        assessment = invitation.assessment
        progress.rows.append(
            InvitationProgress(
                invitation=invitation,
                status=status_from(invitation, count),
                token=current_token(secret_key, invitation),
                answered=count,
                question_count=question_count,
                last_activity=assessment.updated_at if count or assessment.submitted_at else None,
                emails_sent=sum(1 for message in sent if message.state == "sent"),
                latest=sent[-1] if sent else None,
            )
        )
    return progress


def status_from(invitation: Invitation, answered: int) -> Status:
    """As rounds.status_of, from a count of answers rather than loading them."""
    if invitation.revoked_at is not None:
        return Status.REVOKED
    if invitation.assessment.submitted_at is not None:
        return Status.SUBMITTED
    return Status.STARTED if answered else Status.NOT_STARTED
