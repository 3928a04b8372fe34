"""The read-only share link of an assessment: its result and PDF for a director or colleague, nothing else.

The owner (whoever holds the private link) creates, replaces and revokes it. Only a SHA-256 of its token is
stored, as for the private link, so the link is shown once, when it is made; a new link replaces the old one.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap.models import Assessment, utcnow
from roadmap.services.assessments import TOKEN_BYTES, token_hash


def create(session: Session, assessment: Assessment) -> str:
    """A new share link for the assessment (an earlier one stops working); returns its token once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    assessment.share_token_hash = token_hash(token)
    assessment.shared_at = utcnow()
    session.commit()
    return token


def revoke(session: Session, assessment: Assessment) -> None:
    """The share link stops working at once; the private link and the assessment are untouched."""
    assessment.share_token_hash = None
    assessment.shared_at = None
    session.commit()


def find(session: Session, token: str) -> Assessment | None:
    """The assessment a share token shows, or None (revoked, replaced, deleted, mistyped)."""
    if not token or len(token) > 100:
        return None
    return session.scalar(sa.select(Assessment).filter_by(share_token_hash=token_hash(token)))
