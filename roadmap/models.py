"""Tables. Schema changes go through Alembic migrations in migrations/."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from roadmap.db import Base


def utcnow() -> datetime:
    return datetime.now(UTC)


class QuestionnaireVersion(Base):
    """The full content of one questionnaire version, kept so old assessments render and score as before."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (sa.UniqueConstraint("questionnaire_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(sa.String(100))
    version: Mapped[str] = mapped_column(sa.String(50))
    content: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    loaded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Assessment(Base):
    """One respondent's answers for one organisation; reached only through its private token."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Only a SHA-256 of the resume token is stored: a leaked database does not open anyone's assessment.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    questionnaire_version_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaire_versions.id"), index=True)
    organisation_name: Mapped[str] = mapped_column(sa.String(200))
    sector: Mapped[str | None] = mapped_column(sa.String(50))
    size_band: Mapped[str | None] = mapped_column(sa.String(20))
    department: Mapped[str | None] = mapped_column(sa.String(50))
    role: Mapped[str | None] = mapped_column(sa.String(100))
    language: Mapped[str] = mapped_column(sa.String(5), default="en")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Raised on every change of answers: caches of results and reports are keyed by it.
    revision: Mapped[int] = mapped_column(default=1)

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )

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
