"""The firm's tables: firms, their members by role, invitations of colleagues, a client's assigned members, the
firm's audit log. `roadmap.models` imports them, so every table is named there; the access rule is
services/access.py."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from roadmap.db import Base, utcnow
from roadmap.domain.vocabulary import NAME_MAX

if TYPE_CHECKING:
    from roadmap.models import User

FIRM_ROLES = ("admin", "partner", "consultant", "viewer")


class Firm(Base):
    """A consultancy: its members share its clients by role (services.access), and its brand is on what it sends."""

    __tablename__ = "firms"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Shown on reports and e-mails beside the consultant's name; empty for a firm of one that gave none.
    name: Mapped[str | None] = mapped_column(sa.String(NAME_MAX))
    # The brand (services.branding): an accent colour "#rrggbb" and a logo (PNG or SVG); empty: the site's own look.
    accent: Mapped[str | None] = mapped_column(sa.String(7))
    logo: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    logo_type: Mapped[str | None] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Membership(Base):
    """A user's place in a firm: one firm per user, one role (FIRM_ROLES)."""

    __tablename__ = "memberships"
    __table_args__ = (sa.CheckConstraint("role IN ('admin', 'partner', 'consultant', 'viewer')", name="known_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    firm: Mapped[Firm] = relationship(lazy="joined")


class MemberInvitation(Base):
    """A firm admin's invitation of a colleague: a one-time link to set a password; only a SHA-256 of it is kept."""

    __tablename__ = "member_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    name: Mapped[str | None] = mapped_column(sa.String(NAME_MAX))
    role: Mapped[str] = mapped_column(sa.String(20))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    firm: Mapped[Firm] = relationship()


class ClientMember(Base):
    """A member of the client's firm assigned to it (besides its lead): a consultant works on it, a viewer reads it."""

    __tablename__ = "client_members"
    __table_args__ = (sa.UniqueConstraint("client_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship()


class AuditEvent(Base):
    """One line of a firm's log (services.audit): who did what, when, from which address. Never changed."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)
    # None for a failed sign-in of an e-mail address no account has.
    firm_id: Mapped[int | None] = mapped_column(sa.ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The actor's name or e-mail at that moment: kept when the account goes.
    actor: Mapped[str | None] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    subject: Mapped[str | None] = mapped_column(sa.String(300))
    detail: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    address: Mapped[str | None] = mapped_column(sa.String(45))
