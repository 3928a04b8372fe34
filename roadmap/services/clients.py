"""Client organisations and who may see them (the rule is services.access).

Every lookup by id goes through `visible_*`, which returns None for what the user may not see; the web layer
turns that into a 404, so another firm's id looks exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap.domain.questionnaire import PHASE_KEYS
from roadmap.domain.vocabulary import LANGUAGES, NAME_MAX
from roadmap.models import Client, Invitation, Round, User
from roadmap.services import access, audit
from roadmap.services.errors import Invalid


class ClientError(Invalid):
    """Client details that cannot be stored; nothing was changed."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem, [problem])


_visible = access.visible


def clients_of(session: Session, user: User) -> list[Client]:
    return list(session.scalars(_visible(sa.select(Client), user).order_by(Client.name, Client.id)))


def visible_client(session: Session, user: User, client_id: int) -> Client | None:
    return session.scalar(_visible(sa.select(Client).where(Client.id == client_id), user))


def visible_rounds(user: User) -> sa.Select:
    """A query for the rounds of the clients the user may see."""
    return _visible(sa.select(Round).join(Round.client), user)


def visible_round(session: Session, user: User, round_id: int) -> Round | None:
    statement = sa.select(Round).join(Round.client).where(Round.id == round_id)
    return session.scalar(_visible(statement, user))


def visible_invitation(session: Session, user: User, invitation_id: int) -> Invitation | None:
    statement = sa.select(Invitation).join(Invitation.round).join(Round.client).where(Invitation.id == invitation_id)
    return session.scalar(_visible(statement, user))


def check_targets(targets: Mapping[str, int], dimension_keys: list[str]) -> dict[str, int]:
    """Targets as stored: known dimensions only, each a phase 1..4."""
    checked = {}
    for key, phase in targets.items():
        if key not in dimension_keys:
            raise ClientError(f"targets.{key}: unknown dimension")
        if not isinstance(phase, int) or isinstance(phase, bool) or not 1 <= phase <= len(PHASE_KEYS):
            raise ClientError(f"targets.{key}: a phase from 1 to {len(PHASE_KEYS)}")
        checked[key] = phase
    return checked


def save_client(
    session: Session,
    consultant: User,
    name: str,
    sector: str | None,
    size_band: str | None,
    targets: Mapping[str, int],
    dimension_keys: list[str],
    client: Client | None = None,
    language: str | None = None,
    *,
    actor: audit.Actor | None = None,
) -> Client:
    """Create a client of the consultant's firm with the consultant as its lead, or update `client`; `language`
    (en or nl) is that of the e-mails to its respondents, unchanged when None (English for a new client). With
    `actor`, the change is recorded in the firm's log."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise ClientError(f"name: between 1 and {NAME_MAX} characters")
    checked = check_targets(targets, dimension_keys)
    if language is not None and language not in LANGUAGES:
        raise ClientError(f"language: one of {', '.join(LANGUAGES)}")
    new = client is None
    if client is None:
        if consultant.membership is None:
            raise ClientError("the account is a member of no firm")
        client = Client(consultant_id=consultant.id, firm_id=consultant.membership.firm_id)
        session.add(client)
    client.name, client.sector, client.size_band, client.targets = name, sector, size_band, checked
    if language is not None:
        client.language = language
    if actor is not None:
        session.flush()  # the new client's id, for the log
        action = "client_created" if new else "client_changed"
        audit.record(session, action, actor=actor, firm_id=client.firm_id, subject=audit.client_subject(client))
    session.commit()
    return client


def delete_client(session: Session, client: Client, *, actor: audit.Actor | None = None) -> None:
    """Remove the client with all its rounds, invitations and answers (recorded with `actor`)."""
    if actor is not None:
        rounds = len(client.rounds)
        subject = audit.client_subject(client)
        audit.record(
            session, "client_deleted", actor=actor, firm_id=client.firm_id, subject=subject, detail={"rounds": rounds}
        )
    # One flush at the end: a flush between rounds (loading the next round's invitations) would delete the earlier
    # assessments before their invitations and try to empty the invitations' NOT NULL assessment_id.
    with session.no_autoflush:
        for round_ in client.rounds:
            for invitation in round_.invitations:
                session.delete(invitation.assessment)
    session.delete(client)
    session.commit()
