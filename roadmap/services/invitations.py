"""Inviting many respondents at once, and following a round's progress: answers, activity, e-mails."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap.models import Answer, Invitation, Message, Round
from roadmap.services import invitation_import
from roadmap.services.invitation_import import ImportCheck, Respondent
from roadmap.services.rounds import (
    Status,
    assign_link,
    current_token,
    ensure_round_open,
    new_invitation,
    questionnaire_of_round,
)


def check_import(session: Session, round_: Round, text: str, departments: Mapping[str, Iterable[str]]) -> ImportCheck:
    """Every line of `text` checked against the round's invitations; stores nothing."""
    existing = session.scalars(
        sa.select(Invitation.email).where(Invitation.round_id == round_.id, Invitation.email.is_not(None))
    )
    return invitation_import.check(text, departments, [email for email in existing if email])


def invite_many(
    session: Session, secret_key: str, round_: Round, respondents: Iterable[Respondent], language: str
) -> list[Invitation]:
    """An invitation for each checked respondent, all in one transaction; `language` where a line gives none."""
    ensure_round_open(round_)
    invitations = []
    for respondent in respondents:
        invitation = new_invitation(round_, respondent.department, respondent.name)
        invitation.email = respondent.email
        invitation.language = respondent.language or language
        invitation.assessment.language = invitation.language
        invitations.append(invitation)
    session.add_all(invitations)
    session.flush()
    for invitation in invitations:
        assign_link(secret_key, invitation)
    session.commit()
    return invitations


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
