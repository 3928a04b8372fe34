"""A firm's members: invite a colleague (a one-time link, 72 hours), accept, change roles, remove; and a client's
lead and assigned members. Who may do each is `services.access`; every refusal changes nothing.

An invitation's link carries a token of 256 random bits; only its SHA-256 is stored (`MemberInvitation`), so a
leaked database opens no link. Re-sending makes a new token (the old link stops working) and a new 72 hours.
The firm's log records each change once it is stored (`web.auditing.firm_changed`).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from roadmap import change_log
from roadmap.db import as_utc
from roadmap.models import FIRM_ROLES, ApiToken, Client, ClientMember, MemberInvitation, Membership, User, utcnow
from roadmap.services import access, accounts
from roadmap.services.assessments import token_hash
from roadmap.services.errors import Conflict, Invalid, NotFound

VALID_FOR = timedelta(hours=72)
# The roles that may lead a client (a viewer may be assigned, never lead).
LEADS = ("admin", "partner", "consultant")


class MemberNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("no such member of your firm")


class InvitationNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("no such invitation of your firm")


class InvitationRefused(Invalid):
    """The invitation's e-mail, name or role cannot be used; `field` says which."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem, [f"{field}: {problem}"])
        self.field = field


class AlreadyMember(Conflict):
    def __init__(self, email: str) -> None:
        super().__init__(f"an account for {email} already exists in a firm")


class AlreadyInvited(Conflict):
    def __init__(self, email: str) -> None:
        super().__init__(f"{email} has an open invitation already: re-send or revoke it")


class InvitationClosed(Conflict):
    """The link was used, has expired or was revoked (`reason`: used, expired, revoked)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the invitation was {reason}" if reason != "expired" else "the invitation has expired")
        self.reason = reason


class PasswordRefused(Invalid):
    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem, [f"{field}: {problem}"])
        self.field = field


class LastAdmin(Conflict):
    def __init__(self) -> None:
        super().__init__("the firm must keep at least one admin")


class CannotRemoveSelf(Conflict):
    def __init__(self) -> None:
        super().__init__("you cannot remove yourself from the firm")


class NotAllowed(Conflict):
    def __init__(self) -> None:
        super().__init__("you may not change this")


class TeamRefused(Invalid):
    """A lead or an assigned member that cannot be one (not of the client's firm, or a viewer as lead)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem, [f"{field}: {problem}"])
        self.field = field


def state_of(invitation: MemberInvitation, now: datetime | None = None) -> str:
    """open, used, revoked or expired."""
    if invitation.used_at is not None:
        return "used"
    if invitation.revoked_at is not None:
        return "revoked"
    if (now or utcnow()) >= as_utc(invitation.expires_at):
        return "expired"
    return "open"


def require_admin(actor: User) -> int:
    """The actor's firm id, if they are its admin."""
    if not access.may_manage_firm(actor) or actor.membership is None:
        raise NotAllowed()
    return actor.membership.firm_id


# -- members -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    user: User
    role: str
    since: datetime


def members_of(session: Session, firm_id: int) -> list[Member]:
    """The firm's members, admins first, then by name or e-mail."""
    rows = session.execute(
        sa.select(User, Membership).join(Membership, Membership.user_id == User.id).where(Membership.firm_id == firm_id)
    ).all()
    order = {role: number for number, role in enumerate(FIRM_ROLES)}
    members = [Member(user, membership.role, membership.created_at) for user, membership in rows]
    return sorted(members, key=lambda m: (order[m.role], (m.user.name or m.user.email).casefold()))


def member_of_firm(session: Session, firm_id: int, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.membership is None or user.membership.firm_id != firm_id:
        raise MemberNotFound()
    return user


def admin_count(session: Session, firm_id: int) -> int:
    statement = sa.select(sa.func.count()).where(Membership.firm_id == firm_id, Membership.role == "admin")
    return int(session.scalar(statement) or 0)


def change_role(session: Session, actor: User, user_id: int, role: str) -> User:
    """A member's new role. The firm keeps an admin; a member made viewer hands the clients they lead to the actor
    (and stays assigned to them, to read)."""
    firm_id = require_admin(actor)
    member = member_of_firm(session, firm_id, user_id)
    if role not in FIRM_ROLES:
        raise Invalid(f"unknown role {role!r}", [f"role: one of {', '.join(FIRM_ROLES)}"])
    membership = member.membership
    assert membership is not None
    if membership.role == "admin" and role != "admin" and admin_count(session, firm_id) <= 1:
        raise LastAdmin()
    if role == "viewer":
        for client in led_clients(session, member):
            client.consultant_id = actor.id
            if not any(m.user_id == member.id for m in client.members):
                client.members.append(ClientMember(user_id=member.id))
    membership.role = role
    session.commit()
    return member


def led_clients(session: Session, user: User) -> list[Client]:
    return list(session.scalars(sa.select(Client).where(Client.consultant_id == user.id)))


def remove_member(session: Session, actor: User, user_id: int) -> User:
    """The member leaves the firm at once: membership gone, account disabled, every login session and API token
    ended. The clients they led stay with the firm, led by the actor; their assignments go."""
    firm_id = require_admin(actor)
    member = member_of_firm(session, firm_id, user_id)
    if member.id == actor.id:
        raise CannotRemoveSelf()
    now = utcnow()
    for client in led_clients(session, member):
        client.consultant_id = actor.id
    assigned = session.scalars(sa.select(ClientMember.client_id).where(ClientMember.user_id == member.id))
    change_log.touched(session, list(assigned))  # their assignments go in one bulk delete
    session.execute(sa.delete(ClientMember).where(ClientMember.user_id == member.id))
    session.execute(
        sa.update(ApiToken).where(ApiToken.user_id == member.id, ApiToken.revoked_at.is_(None)).values(revoked_at=now)
    )
    session.delete(member.membership)
    member.disabled_at = now
    member.session_version = User.session_version + 1
    session.commit()
    session.refresh(member)
    return member


# -- invitations ---------------------------------------------------------------------------------------------


def open_invitations(session: Session, firm_id: int, now: datetime | None = None) -> list[MemberInvitation]:
    """The firm's invitations that still work, the soonest to expire first."""
    now = now or utcnow()
    statement = (
        sa.select(MemberInvitation)
        .where(MemberInvitation.firm_id == firm_id, MemberInvitation.used_at.is_(None))
        .where(MemberInvitation.revoked_at.is_(None), MemberInvitation.expires_at > now)
        .order_by(MemberInvitation.expires_at, MemberInvitation.id)
    )
    return list(session.scalars(statement))


def checked_invitee(email: str, name: str | None, role: str) -> tuple[str, str | None]:
    email = accounts.normalise_email(email)
    if "@" not in email or len(email) > 254 or accounts.CONTROL_CHARACTERS.search(email):
        raise InvitationRefused("email", f"{email!r} is not an e-mail address")
    try:
        name = accounts.name_text("name", name)
    except accounts.AccountError as error:
        raise InvitationRefused("name", error.message) from None
    if role not in FIRM_ROLES:
        raise InvitationRefused("role", f"unknown role {role!r} (one of {', '.join(FIRM_ROLES)})")
    return email, name


def invite(
    session: Session, actor: User, email: str, name: str | None, role: str, now: datetime | None = None
) -> tuple[MemberInvitation, str]:
    """An invitation to the actor's firm and the token of its link (to send; it is not stored)."""
    firm_id = require_admin(actor)
    email, name = checked_invitee(email, name, role)
    existing = session.scalar(sa.select(User).filter_by(email=email))
    if existing is not None and existing.membership is not None:
        raise AlreadyMember(email)
    if any(invitation.email == email for invitation in open_invitations(session, firm_id, now)):
        raise AlreadyInvited(email)
    token, now = secrets.token_urlsafe(32), now or utcnow()
    invitation = MemberInvitation(
        firm_id=firm_id,
        email=email,
        name=name,
        role=role,
        token_hash=token_hash(token),
        invited_by_id=actor.id,
        created_at=now,
        expires_at=now + VALID_FOR,
    )
    session.add(invitation)
    session.commit()
    return invitation, token


def invitation_of_firm(session: Session, actor: User, invitation_id: int) -> MemberInvitation:
    firm_id = require_admin(actor)
    invitation = session.get(MemberInvitation, invitation_id)
    if invitation is None or invitation.firm_id != firm_id:
        raise InvitationNotFound()
    return invitation


def revoke(session: Session, actor: User, invitation_id: int) -> MemberInvitation:
    """The link stops working at once."""
    invitation = invitation_of_firm(session, actor, invitation_id)
    if (state := state_of(invitation)) in ("used", "revoked"):
        raise InvitationClosed(state)
    invitation.revoked_at = utcnow()
    session.commit()
    return invitation


def resend(
    session: Session, actor: User, invitation_id: int, now: datetime | None = None
) -> tuple[MemberInvitation, str]:
    """A new link for an invitation not yet used or revoked (expired is fine): 72 hours from now; the old one
    stops working."""
    invitation = invitation_of_firm(session, actor, invitation_id)
    if (state := state_of(invitation, now)) in ("used", "revoked"):
        raise InvitationClosed(state)
    token, now = secrets.token_urlsafe(32), now or utcnow()
    invitation.token_hash = token_hash(token)
    invitation.expires_at = now + VALID_FOR
    invitation.invited_by_id = actor.id
    session.commit()
    return invitation, token


def invitation_of_token(session: Session, token: str) -> MemberInvitation | None:
    """The invitation a link's token belongs to, whatever its state (None: no such link, or it was replaced)."""
    if not 20 <= len(token) <= 100:
        return None
    return session.scalar(sa.select(MemberInvitation).filter_by(token_hash=token_hash(token)))


def open_invitation(session: Session, token: str, now: datetime | None = None) -> MemberInvitation:
    invitation = invitation_of_token(session, token)
    if invitation is None:
        raise InvitationNotFound()
    if (state := state_of(invitation, now)) != "open":
        raise InvitationClosed(state)
    return invitation


def accept(
    session: Session, token: str, name: str | None, password: str, repeated: str, now: datetime | None = None
) -> User:
    """Join the firm through the link: the account is made (or, for a removed member, given back) with this
    password. The link works once; nothing is changed when it is refused."""
    invitation = open_invitation(session, token, now)
    try:
        name = accounts.name_text("name", name) or invitation.name
    except accounts.AccountError as error:
        raise PasswordRefused("name", error.message) from None
    if problem := accounts.password_problem(password):
        raise PasswordRefused("password", problem)
    if password != repeated:
        raise PasswordRefused("repeated", "the two passwords are not the same")
    existing = session.scalar(sa.select(User).filter_by(email=invitation.email))
    if existing is not None and existing.membership is not None:
        raise AlreadyMember(invitation.email)
    invitation.used_at = now or utcnow()
    try:
        if existing is None:
            return accounts.create_user(
                session, invitation.email, password, "consultant", name, join=invitation.firm, firm_role=invitation.role
            )
        return rejoin(session, existing, invitation, name, password)
    except (accounts.AccountError, IntegrityError):  # an account made meanwhile, by another request
        session.rollback()
        raise InvitationClosed("used") from None


def rejoin(session: Session, user: User, invitation: MemberInvitation, name: str | None, password: str) -> User:
    """A removed member invited again: their account, enabled, with the new password and role."""
    user.password_hash = accounts.hash_password(password)
    user.name = name
    user.disabled_at = None
    user.membership = Membership(firm=invitation.firm, role=invitation.role)
    user.session_version = User.session_version + 1
    session.commit()
    session.refresh(user)
    return user


# -- a client's team -----------------------------------------------------------------------------------------


def require_assign(actor: User, client: Client) -> None:
    if not (access.may_assign(actor, client) and access.in_firm(actor, client)):
        raise NotAllowed()


def colleague(session: Session, client: Client, user_id: int, field: str) -> User:
    user = session.get(User, user_id)
    if user is None or user.membership is None or user.membership.firm_id != client.firm_id:
        raise TeamRefused(field, "not a member of the client's firm")
    return user


def change_lead(session: Session, actor: User, client: Client, user_id: int) -> None:
    """The client's new lead: a consultant, partner or admin of its firm."""
    set_team(session, actor, client, user_id, [m.user_id for m in client.members])


def assign(session: Session, actor: User, client: Client, user_id: int) -> None:
    set_team(session, actor, client, client.consultant_id, [*(m.user_id for m in client.members), user_id])


def unassign(session: Session, actor: User, client: Client, user_id: int) -> None:
    kept = [m.user_id for m in client.members if m.user_id != user_id]
    set_team(session, actor, client, client.consultant_id, kept)


def set_team(session: Session, actor: User, client: Client, lead_id: int, assigned: Iterable[int]) -> None:
    """The client's lead and exactly these assigned members (the lead need not be assigned as well)."""
    require_assign(actor, client)
    lead = colleague(session, client, lead_id, "lead")
    if lead.firm_role not in LEADS:
        raise TeamRefused("lead", "a viewer cannot lead a client")
    wanted = {colleague(session, client, user_id, "members").id for user_id in assigned} - {lead.id}
    client.consultant_id = lead.id
    for member in list(client.members):
        if member.user_id not in wanted:
            client.members.remove(member)
    for user_id in sorted(wanted - {m.user_id for m in client.members}):
        client.members.append(ClientMember(user_id=user_id))
    session.commit()
