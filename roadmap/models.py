"""Tables. Schema changes go through Alembic migrations in migrations/."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from roadmap.db import Base, utcnow
from roadmap.domain.actions import DEFAULT_STATUS, NOTE_MAX, OWNER_MAX, TITLE_MAX
from roadmap.domain.confidentiality import DEFAULT_MINIMUM, MINIMUM_FLOOR, Confidentiality
from roadmap.domain.vocabulary import NAME_MAX, ROLE_MAX


class QuestionnaireVersion(Base):
    """The full content of one questionnaire version, kept so old assessments render and score as before."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (sa.UniqueConstraint("questionnaire_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(sa.String(100))
    version: Mapped[str] = mapped_column(sa.String(50))
    # Deferred: pages find the parsed questionnaire by content_hash (services.questionnaires) and need not load
    # and decode the whole document with every assessment.
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON, deferred=True)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    loaded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Assessment(Base):
    """One respondent's answers for one organisation; reached only through its private token."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only a SHA-256 of the resume token is stored: a leaked database does not open anyone's assessment.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    questionnaire_version_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaire_versions.id"), index=True)
    organisation_name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    sector: Mapped[str | None] = mapped_column(sa.String(50))
    size_band: Mapped[str | None] = mapped_column(sa.String(20))
    department: Mapped[str | None] = mapped_column(sa.String(50))
    role: Mapped[str | None] = mapped_column(sa.String(ROLE_MAX))
    language: Mapped[str] = mapped_column(sa.String(5), default="en")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Raised on every change of answers: caches of results and reports are keyed by it.
    revision: Mapped[int] = mapped_column(default=1)
    # The dimension scores as submitted ({dimension key: score or null}); rounds aggregate these.
    submitted_scores: Mapped[dict[str, float | None] | None] = mapped_column(sa.JSON)
    # The read-only share link (services.sharing): only its SHA-256, like the private link; null when none.
    share_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True, index=True)
    shared_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")
    invitation: Mapped[Invitation | None] = relationship(back_populates="assessment", lazy="joined")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )
    # Its own action plan in order, for reading (services.actions changes it): the result page joins it into the
    # query that finds the assessment.
    plan: Mapped[list[Action]] = relationship(order_by=lambda: (Action.position, Action.id), viewonly=True)

    @property
    def answer_map(self) -> dict[str, str]:
        return {answer.question_key: answer.option_key for answer in self.answers}


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(sa.ForeignKey("assessments.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(sa.String(100))
    option_key: Mapped[str] = mapped_column(sa.String(50))

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class ReportCache(Base):
    """The last PDF report of an assessment per language, served again while its key still matches."""

    __tablename__ = "report_cache"
    __table_args__ = (sa.UniqueConstraint("assessment_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(sa.ForeignKey("assessments.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(sa.String(5))
    # The key: the assessment's revision, its questionnaire version and the report layout (templates, styles,
    # translations, chart or table). Any change to one of them makes a new report.
    revision: Mapped[int]
    questionnaire_version: Mapped[str] = mapped_column(sa.String(160))
    layout: Mapped[str] = mapped_column(sa.String(64))
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class RoundReportCache(Base):
    """The last PDF report of a round per language, shared by every process, served while its key still matches."""

    __tablename__ = "round_report_cache"
    __table_args__ = (sa.UniqueConstraint("round_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(sa.String(5))
    # A hash of everything the report shows (services.reports.round_cache_key), also its ETag.
    key: Mapped[str] = mapped_column(sa.String(64))
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class ReportRender(Base):
    """A report being made now: whoever inserted the row makes it, a download of the same report waits for it."""

    __tablename__ = "report_renders"
    __table_args__ = (sa.UniqueConstraint("subject", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Which report: "assessment:<id>:<language>" or "round:<id>:<language>"; key: the version of it being made.
    subject: Mapped[str] = mapped_column(sa.String(64))
    key: Mapped[str] = mapped_column(sa.String(64))
    started_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class User(Base):
    """An account: a member of one firm (its role says which clients it sees), and a site admin sees all."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20), default="consultant")
    name: Mapped[str | None] = mapped_column(sa.String(NAME_MAX))
    # Part of the login session's id: raising it (a new password) ends every other session of the user.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # Set by `flask users disable`: the account cannot log in and its sessions have ended.
    disabled_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    membership: Mapped[Membership | None] = relationship(lazy="joined")

    @property
    def is_admin(self) -> bool:
        """The site admin (the `role` column), not a firm's admin (`firm_role`)."""
        return self.role == "admin"

    @property
    def firm(self) -> Firm | None:
        return self.membership.firm if self.membership else None

    @property
    def firm_role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def firm_name(self) -> str | None:
        return self.membership.firm.name if self.membership else None

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    # What Flask-Login asks of a user. The id in the session includes the session version (services.accounts).
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"


class Client(Base):
    """A client organisation of a firm, led by one member (`consultant`), with any number of assigned members."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The lead. Clients belong to the firm: a lead who leaves the firm hands them on (services.firms).
    consultant_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Set for every client; nullable in the schema only because SQLite cannot add a NOT NULL reference.
    firm_id: Mapped[int] = mapped_column(sa.ForeignKey("firms.id", ondelete="CASCADE"), index=True, nullable=True)
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    sector: Mapped[str | None] = mapped_column(sa.String(50))
    size_band: Mapped[str | None] = mapped_column(sa.String(20))
    # Target phase per dimension ({dimension key: 1..4}); dimensions without a target are absent.
    targets: Mapped[dict[str, int]] = mapped_column(sa.JSON, default=dict)
    # The language of e-mails to its respondents when an invitation names none.
    language: Mapped[str] = mapped_column(sa.String(5), default="en", server_default="en")
    # The client's own logo on its own reports (services.branding), instead of the firm's.
    logo: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    logo_type: Mapped[str | None] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    consultant: Mapped[User] = relationship()
    firm: Mapped[Firm] = relationship()
    members: Mapped[list[ClientMember]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    rounds: Mapped[list[Round]] = relationship(
        back_populates="client", cascade="all, delete-orphan", passive_deletes=True, order_by="Round.held_on, Round.id"
    )


class Round(Base):
    """One assessment moment of a client: several respondents on one questionnaire version."""

    __tablename__ = "rounds"
    __table_args__ = (sa.CheckConstraint(f"minimum_group >= {MINIMUM_FLOOR}", name="minimum_group_at_least_3"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    held_on: Mapped[date] = mapped_column(sa.Date)
    questionnaire_version_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaire_versions.id"))
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # The last reopening of a closed round: when, and who (their name, or e-mail address, as it was then: a record,
    # not a link to the account).
    reopened_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    reopened_by: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # Confidential: figures only for groups of at least minimum_group respondents (domain.confidentiality);
    # named: everything. Rounds from before the setting existed were made named by their migration.
    confidential: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    minimum_group: Mapped[int] = mapped_column(default=DEFAULT_MINIMUM, server_default=str(DEFAULT_MINIMUM))
    # Optional: automatic reminders go out the given numbers of days before it (null: the default days).
    deadline: Mapped[date | None] = mapped_column(sa.Date)
    reminder_days: Mapped[list[int] | None] = mapped_column(sa.JSON)

    client: Mapped[Client] = relationship(back_populates="rounds")
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="round", cascade="all, delete-orphan", passive_deletes=True, order_by="Invitation.id"
    )

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def confidentiality(self) -> Confidentiality:
        return Confidentiality(self.confidential, self.minimum_group)


class Invitation(Base):
    """A respondent's way into a round: a department, an optional name, and an assessment reached by its link.

    The link's token is derived from the app's secret key and `link_nonce` (see services.rounds), so the
    consultant can copy it again later while the database holds only its SHA-256 (on the assessment).
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int] = mapped_column(sa.ForeignKey("assessments.id", ondelete="CASCADE"), unique=True)
    department: Mapped[str] = mapped_column(sa.String(50))
    name: Mapped[str | None] = mapped_column(sa.String(NAME_MAX))
    link_nonce: Mapped[str] = mapped_column(sa.String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # E-mail (services.invitations): where to send it, in which language (null: the client's), reminders stopped.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    language: Mapped[str | None] = mapped_column(sa.String(5))
    reminders_stopped_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    round: Mapped[Round] = relationship(back_populates="invitations")
    assessment: Mapped[Assessment] = relationship(back_populates="invitation", lazy="joined")
    messages: Mapped[list[Message]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", passive_deletes=True, order_by="Message.id"
    )


class Message(Base):
    """One e-mail to a respondent (an invitation or a reminder) and how its delivery went."""

    __tablename__ = "invitation_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(sa.ForeignKey("invitations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # invitation, reminder
    state: Mapped[str] = mapped_column(sa.String(20), default="queued")  # queued, sent, failed, cancelled
    error: Mapped[str | None] = mapped_column(sa.String(500))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    invitation: Mapped[Invitation] = relationship(back_populates="messages")


class ApiToken(Base):
    """A consultant's personal access token for the workspace API; only a SHA-256 of the secret is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # Kept to the minute (services.api_tokens): not a write with every request.
    last_used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[User] = relationship()


class Action(Base):
    """One action of a plan: an assessment's (its private link) or a client's (carried across its rounds)."""

    __tablename__ = "actions"
    __table_args__ = (
        sa.CheckConstraint("(assessment_id IS NULL) <> (client_id IS NULL)", name="one_plan"),
        sa.CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    topic: Mapped[str | None] = mapped_column(sa.String(100))  # a dimension key
    owner: Mapped[str | None] = mapped_column(sa.String(OWNER_MAX))
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20), default=DEFAULT_STATUS)
    note: Mapped[str | None] = mapped_column(sa.String(NOTE_MAX))
    # The order of the plan, smallest first; moving an action swaps it with its neighbour.
    position: Mapped[int] = mapped_column(default=0)
    # Raised on every change: an edit made on an older version is refused (services.actions.StaleAction).
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)


# The firm's tables and the portfolio's change log (with the session events that fill it, so that every process
# using the models logs its changes), in modules of their own; imported here so that `roadmap.models` names every
# table.
from roadmap.change_log import PortfolioChange, PortfolioStamp  # noqa: E402
from roadmap.firm_models import FIRM_ROLES, AuditEvent, ClientMember, Firm, MemberInvitation, Membership  # noqa: E402

__all__ = [
    "FIRM_ROLES",
    "AuditEvent",
    "ClientMember",
    "Firm",
    "MemberInvitation",
    "Membership",
    "PortfolioChange",
    "PortfolioStamp",
    "utcnow",
]
