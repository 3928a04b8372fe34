"""Rounds and invitations: invite respondents, revoke and re-issue links, close a round, aggregate its result."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import date
from enum import StrEnum

from sqlalchemy.orm import Session

from roadmap.domain.aggregation import Respondent, RoundResult, aggregate_round
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import score_dimensions
from roadmap.models import Assessment, Client, Invitation, Round, utcnow
from roadmap.services.assessments import RoundClosed, token_hash
from roadmap.services.questionnaires import Catalogue, questionnaire_of

__all__ = ["RoundClosed"]


class RoundError(ValueError):
    """Round or invitation details that cannot be stored; nothing was changed."""


class Status(StrEnum):
    NOT_STARTED = "not_started"
    STARTED = "started"
    SUBMITTED = "submitted"
    REVOKED = "revoked"


def questionnaire_of_round(round_: Round) -> Questionnaire:
    return questionnaire_of(round_.questionnaire_version)


def create_round(session: Session, catalogue: Catalogue, client: Client, name: str, held_on: date) -> Round:
    """A new round on the current version of the default questionnaire."""
    name = name.strip()
    if not name or len(name) > 200:
        raise RoundError("name: between 1 and 200 characters")
    version = catalogue.stored_current(session, catalogue.default.id)
    round_ = Round(client=client, name=name, held_on=held_on, questionnaire_version=version)
    session.add(round_)
    session.commit()
    return round_


def ensure_round_open(round_: Round) -> None:
    if round_.is_closed:
        raise RoundClosed()


def close(session: Session, round_: Round) -> None:
    """Close the round: no more answers, submissions or invitations; its result no longer changes."""
    ensure_round_open(round_)
    round_.closed_at = utcnow()
    session.commit()


def invitation_token(secret_key: str, invitation: Invitation) -> str:
    """The invitation's link token, derived from the secret key so it can be shown again but is never stored."""
    return link_token(secret_key, invitation.id, invitation.link_nonce)


def link_token(secret_key: str, invitation_id: int, link_nonce: str) -> str:
    """The link token of an invitation's id and nonce (the demo loader derives it for rows inserted in bulk)."""
    message = f"invitation:{invitation_id}:{link_nonce}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def current_token(secret_key: str, invitation: Invitation) -> str | None:
    """The token to show, or None when it no longer opens the assessment (revoked, or the secret key changed)."""
    if invitation.revoked_at is not None:
        return None
    token = invitation_token(secret_key, invitation)
    return token if hmac.compare_digest(token_hash(token), invitation.assessment.token_hash) else None


def invite(session: Session, secret_key: str, round_: Round, department: str, name: str | None) -> Invitation:
    """Add a respondent to the round: an assessment on the round's questionnaire version, reached by a new link."""
    ensure_round_open(round_)
    name = (name or "").strip() or None
    if name is not None and len(name) > 200:
        raise RoundError("name: at most 200 characters")
    client = round_.client
    assessment = Assessment(
        token_hash=token_hash(secrets.token_urlsafe(32)),  # replaced below, once the invitation has its id
        questionnaire_version=round_.questionnaire_version,
        organisation_name=client.name,
        sector=client.sector,
        size_band=client.size_band,
        department=department,
        language="en",
    )
    invitation = Invitation(round=round_, department=department, name=name, link_nonce=secrets.token_hex(16))
    invitation.assessment = assessment
    session.add(invitation)
    session.flush()
    assessment.token_hash = token_hash(invitation_token(secret_key, invitation))
    session.commit()
    return invitation


def revoke(session: Session, invitation: Invitation) -> None:
    """The link stops working at once; answers given so far stay with the round."""
    ensure_round_open(invitation.round)
    invitation.revoked_at = utcnow()
    invitation.assessment.token_hash = token_hash(secrets.token_urlsafe(32))  # a token nobody knows
    session.commit()


def reissue(session: Session, secret_key: str, invitation: Invitation) -> None:
    """A new link for the same respondent and answers; the old link stops working."""
    ensure_round_open(invitation.round)
    invitation.link_nonce = secrets.token_hex(16)
    invitation.revoked_at = None
    invitation.assessment.token_hash = token_hash(invitation_token(secret_key, invitation))
    session.commit()


def status_of(invitation: Invitation) -> Status:
    if invitation.revoked_at is not None:
        return Status.REVOKED
    if invitation.assessment.submitted_at is not None:
        return Status.SUBMITTED
    return Status.STARTED if invitation.assessment.answers else Status.NOT_STARTED


def scores_as_submitted(questionnaire: Questionnaire, assessment: Assessment) -> dict[str, float | None]:
    """The dimension scores stored at submission (computed from the answers for older assessments)."""
    if assessment.submitted_scores is not None:
        return assessment.submitted_scores
    return {d.key: d.score for d in score_dimensions(questionnaire, assessment.answer_map)}


def respondents_of(round_: Round) -> list[Respondent]:
    """The submitted respondents of a round, each once."""
    questionnaire = questionnaire_of_round(round_)
    return [
        Respondent(invitation.department, scores_as_submitted(questionnaire, invitation.assessment))
        for invitation in round_.invitations
        if invitation.assessment.submitted_at is not None
    ]


def round_result(round_: Round) -> RoundResult:
    return aggregate_round(questionnaire_of_round(round_), respondents_of(round_))
