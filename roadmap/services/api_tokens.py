"""Personal access tokens: a consultant's key to the workspace API (docs/api.md, "Workspace API").

The secret is shown once, when the token is made: it is `rmp_` and 43 URL-safe characters (256 random bits), and
only its SHA-256 is stored, so a leaked database opens nothing. A token works until it is revoked or its account
is disabled; a new password or logging out ends login sessions, not tokens (an integration keeps running).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap.db import as_utc
from roadmap.models import ApiToken, User, utcnow
from roadmap.services import audit
from roadmap.services.errors import Conflict, Invalid, NotFound

PREFIX = "rmp_"
NAME_MAX = 100
MAX_ACTIVE = 20
# The last use is written at most once a minute per token: an integration's burst is not a write per request.
LAST_USE_PRECISION = timedelta(minutes=1)
# What a bearer value must look like before the database is asked: the prefix and token_urlsafe(32).
SHAPE = re.compile(rf"{PREFIX}[A-Za-z0-9_-]{{43}}")
UNSTORABLE = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


class TokenNameInvalid(Invalid):
    """The name cannot be stored; nothing was changed."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem, [f"name: {problem}"])


class TooManyTokens(Conflict):
    """The account has MAX_ACTIVE tokens that work; one must be revoked first."""

    def __init__(self) -> None:
        super().__init__(f"at most {MAX_ACTIVE} tokens can be in use at a time; revoke one first")


class TokenNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("no such token")


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def checked_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise TokenNameInvalid("give the token a name")
    if len(name) > NAME_MAX:
        raise TokenNameInvalid(f"at most {NAME_MAX} characters")
    if UNSTORABLE.search(name):
        raise TokenNameInvalid("contains a control character or a character that reverses text")
    return name


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, those in use first, newest first."""
    statement = (
        sa.select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(session.scalars(statement))


def create(session: Session, user: User, name: str) -> tuple[str, ApiToken]:
    """A new token for the user: its secret (to show once) and the stored row."""
    name = checked_name(name)
    active = session.scalar(
        sa.select(sa.func.count()).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    )
    if (active or 0) >= MAX_ACTIVE:
        raise TooManyTokens()
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=secret_hash(secret))
    session.add(token)
    session.commit()
    return secret, token


def own_token(session: Session, user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens (another user's id: the same as one that does not exist)."""
    token = session.scalar(sa.select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    if token is None:
        raise TokenNotFound()
    return token


def revoke(session: Session, token: ApiToken) -> None:
    """The token stops working at once; it stays listed, as revoked."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.commit()


def user_of_secret(
    session: Session, secret: str, now: datetime | None = None, address: str | None = None
) -> User | None:
    """The user a bearer secret opens the API for, noting its use; None for an unknown or revoked token, or a
    disabled account. The use is written (and recorded in the firm's log, from `address`) once a minute at most."""
    if not SHAPE.fullmatch(secret):
        return None
    token = session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == secret_hash(secret), ApiToken.revoked_at.is_(None))
    )
    if token is None or not token.user.is_active:
        return None
    now = now or utcnow()
    if token.last_used_at is None or now - as_utc(token.last_used_at) >= LAST_USE_PRECISION:
        token.last_used_at = now
        user = token.user
        audit.record(
            session,
            "token_used",
            actor=audit.Actor.of(user, address),
            firm_id=user.membership.firm_id if user.membership else None,
            subject=f"token {token.id} {token.name}",
        )
        session.commit()
    return token.user
