"""Rounds and invitations: invite respondents, revoke and re-issue links, close a round, aggregate its result."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap.domain.aggregation import Respondent, RoundResult, aggregate_round
from roadmap.domain.confidentiality import DEFAULT_MINIMUM, MINIMUM_FLOOR, Disclosure, disclose
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import dimension_scores
from roadmap.domain.vocabulary import NAME_MAX
from roadmap.models import Answer, Assessment, Client, Invitation, Round, User, utcnow
from roadmap.services import audit
from roadmap.services.assessments import RoundClosed, token_hash
from roadmap.services.errors import Conflict, Invalid
from roadmap.services.questionnaires import Catalogue, questionnaire_of

__all__ = ["RoundClosed"]


class RoundError(Invalid):
    """Round or invitation details that cannot be stored; nothing was changed."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem, [problem])


class Status(StrEnum):
    NOT_STARTED = "not_started"
    STARTED = "started"
    SUBMITTED = "submitted"
    REVOKED = "revoked"


def questionnaire_of_round(round_: Round) -> Questionnaire:
    return questionnaire_of(round_.questionnaire_version)


MINIMUM_MAX = 1000
"""The highest minimum group size a round may have (a round that large needs no higher one)."""


def create_round(
    session: Session,
    catalogue: Catalogue,
    client: Client,
    name: str,
    held_on: date,
    confidential: bool = True,
    minimum_group: int = DEFAULT_MINIMUM,
    *,
    actor: audit.Actor | None = None,
) -> Round:
    """A new round on the current version of the default questionnaire; confidential unless asked otherwise."""
    name = _checked_name(name)
    _check_minimum(minimum_group)
    version = catalogue.stored_current(session, catalogue.default.id)
    round_ = Round(
        client=client,
        name=name,
        held_on=held_on,
        questionnaire_version=version,
        confidential=confidential,
        minimum_group=minimum_group,
    )
    session.add(round_)
    if actor is not None:
        session.flush()
        _log(session, actor, "round_created", round_)
    session.commit()
    return round_


def _log(
    session: Session, actor: audit.Actor | None, action: str, round_: Round, invitation: Invitation | None = None
) -> None:
    """Record a change of the round or one of its invitations in the firm's log (nothing without an actor)."""
    if actor is not None:
        subject = audit.invitation_subject(invitation) if invitation else audit.round_subject(round_)
        audit.record(session, action, actor=actor, firm_id=round_.client.firm_id, subject=subject)


def update_round(
    session: Session,
    round_: Round,
    name: str,
    held_on: date,
    confidential: bool,
    minimum_group: int,
    *,
    actor: audit.Actor | None = None,
) -> None:
    """Change a round's name, date and confidentiality (also once it is closed: its answers do not change)."""
    name = _checked_name(name)
    _check_minimum(minimum_group)
    round_.name, round_.held_on = name, held_on
    round_.confidential, round_.minimum_group = confidential, minimum_group
    _log(session, actor, "round_changed", round_)
    session.commit()


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise RoundError(f"name: between 1 and {NAME_MAX} characters")
    return name


def _check_minimum(minimum_group: int) -> None:
    if not MINIMUM_FLOOR <= minimum_group <= MINIMUM_MAX:
        raise RoundError(f"minimum_group: a whole number from {MINIMUM_FLOOR} to {MINIMUM_MAX}")


def ensure_round_open(round_: Round) -> None:
    if round_.is_closed:
        raise RoundClosed()


def close(session: Session, round_: Round, *, actor: audit.Actor | None = None) -> None:
    """Close the round: no more answers, submissions or invitations; its result no longer changes."""
    ensure_round_open(round_)
    round_.closed_at = utcnow()
    _log(session, actor, "round_closed", round_)
    session.commit()


class RoundOpen(Conflict):
    """Only a closed round can be reopened."""

    def __init__(self) -> None:
        super().__init__("the round is open")


def reopen(session: Session, round_: Round, by: User, *, actor: audit.Actor | None = None) -> None:
    """Open a closed round again: respondents can answer and submit again; who reopened it and when is kept."""
    if not round_.is_closed:
        raise RoundOpen()
    round_.closed_at = None
    round_.reopened_at = utcnow()
    round_.reopened_by = by.name or by.email
    _log(session, actor, "round_reopened", round_)
    session.commit()


def started_unsubmitted(round_: Round) -> int:
    """How many respondents have started without submitting (with a working link): closing leaves them out."""
    return sum(1 for invitation in round_.invitations if status_of(invitation) is Status.STARTED)


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


def invite(
    session: Session,
    secret_key: str,
    round_: Round,
    department: str,
    name: str | None,
    *,
    actor: audit.Actor | None = None,
) -> Invitation:
    """Add a respondent to the round: an assessment on the round's questionnaire version, reached by a new link."""
    ensure_round_open(round_)
    name = (name or "").strip() or None
    if name is not None and len(name) > NAME_MAX:
        raise RoundError(f"name: at most {NAME_MAX} characters")
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
    _log(session, actor, "invitation_created", round_, invitation)
    session.commit()
    return invitation


def revoke(session: Session, invitation: Invitation, *, actor: audit.Actor | None = None) -> None:
    """The link stops working at once; answers given so far stay with the round."""
    ensure_round_open(invitation.round)
    invitation.revoked_at = utcnow()
    invitation.assessment.token_hash = token_hash(secrets.token_urlsafe(32))  # a token nobody knows
    _log(session, actor, "invitation_revoked", invitation.round, invitation)
    session.commit()


def reissue(session: Session, secret_key: str, invitation: Invitation, *, actor: audit.Actor | None = None) -> None:
    """A new link for the same respondent and answers; the old link stops working."""
    ensure_round_open(invitation.round)
    invitation.link_nonce = secrets.token_hex(16)
    invitation.revoked_at = None
    invitation.assessment.token_hash = token_hash(invitation_token(secret_key, invitation))
    _log(session, actor, "invitation_reissued", invitation.round, invitation)
    session.commit()


def status_of(invitation: Invitation) -> Status:
    if invitation.revoked_at is not None:
        return Status.REVOKED
    if invitation.assessment.submitted_at is not None:
        return Status.SUBMITTED
    return Status.STARTED if invitation.assessment.answers else Status.NOT_STARTED


def submitted_respondents(
    session: Session,
    questionnaires: Mapping[int, Questionnaire],
    among: sa.ScalarSelect[int] | None = None,
) -> dict[int, list[Respondent]]:
    """The submitted respondents of rounds ({round id: its questionnaire}), each once, in invitation order.

    One query for the scores stored at submission, and one more for the answers of any assessment submitted before
    scores were stored. `among`, a query of round ids that includes the wanted ones, replaces a long IN list.
    """
    wanted = set(questionnaires)
    which = Invitation.round_id.in_(among if among is not None and len(wanted) > 500 else wanted)
    rows = [
        row
        for row in session.execute(
            sa.select(Invitation.round_id, Invitation.department, Assessment.id, Assessment.submitted_scores)
            .join(Invitation.assessment)
            .where(which, Assessment.submitted_at.is_not(None))
            .order_by(Invitation.round_id, Invitation.id)
        )
        if row.round_id in wanted
    ]
    missing = {row.id: questionnaires[row.round_id] for row in rows if row.submitted_scores is None}
    unscored = _scores_from_answers(session, missing)
    found: dict[int, list[Respondent]] = {round_id: [] for round_id in wanted}
    for round_id, department, assessment_id, stored in rows:
        found[round_id].append(Respondent(department, stored if stored is not None else unscored[assessment_id]))
    return found


def _scores_from_answers(session: Session, missing: Mapping[int, Questionnaire]) -> dict[int, dict[str, float | None]]:
    """Scores of assessments ({id: questionnaire}) from their stored answers, in one query (usually none)."""
    if not missing:
        return {}
    answers: dict[int, dict[str, str]] = {key: {} for key in missing}
    statement = sa.select(Answer.assessment_id, Answer.question_key, Answer.option_key).where(
        Answer.assessment_id.in_(missing)
    )
    for assessment_id, question, option in session.execute(statement):
        answers[assessment_id][question] = option
    return {key: dimension_scores(questionnaire, answers[key]) for key, questionnaire in missing.items()}


def round_disclosure(session: Session, round_: Round) -> Disclosure:
    """What may be shown of the round's result under its confidentiality (docs/scoring.md, "Confidential rounds").

    The one place a round's result is aggregated: every page, chart, report and export of a round reads its
    figures from here (or from `round_result`, the same view), so they all show the same.
    """
    questionnaire = questionnaire_of_round(round_)
    respondents = submitted_respondents(session, {round_.id: questionnaire})[round_.id]
    return disclose(questionnaire, aggregate_round(questionnaire, respondents), round_.confidentiality)


def round_result(session: Session, round_: Round) -> RoundResult:
    """The round's result as it may be shown: its submitted respondents aggregated, as a whole and per department
    (in a confidential round: small departments combined, scores withheld below the minimum)."""
    return round_disclosure(session, round_).view
