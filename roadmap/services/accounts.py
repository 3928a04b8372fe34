"""Consultant and admin accounts: create, authenticate, change password."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from roadmap.models import User
from roadmap.services.errors import Invalid

ROLES = ("consultant", "admin")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
# Checked against when the e-mail is unknown, so a login takes as long whether or not the account exists.
_UNKNOWN_USER_HASH = generate_password_hash("no such user")


class AccountError(Invalid):
    """A request about an account that cannot be carried out; nothing was changed."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must be at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"the password can be at most {MAX_PASSWORD_LENGTH} characters"
    return None


def create_user(
    session: Session, email: str, password: str, role: str, name: str | None = None, firm: str | None = None
) -> User:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(f"{email!r} is not an e-mail address")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    if problem := password_problem(password):
        raise AccountError(problem)
    if session.scalar(sa.select(User.id).filter_by(email=email)) is not None:
        raise AccountError(f"an account for {email} already exists")
    # Werkzeug's default is scrypt, a memory-hard algorithm.
    user = User(email=email, password_hash=generate_password_hash(password), role=role, name=name, firm=firm)
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user with this e-mail and password, or None; the same work is done whether the e-mail exists or not."""
    user = session.scalar(sa.select(User).filter_by(email=normalise_email(email)))
    valid = check_password_hash(user.password_hash if user else _UNKNOWN_USER_HASH, password)
    return user if user is not None and valid else None


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Set a new password; every other login session of the user ends."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("the current password is not correct")
    if problem := password_problem(new):
        raise AccountError(problem)
    user.password_hash = generate_password_hash(new)
    user.session_version = User.session_version + 1
    session.commit()
    session.refresh(user)


def user_of_session(session: Session, value: str) -> User | None:
    """The user of a login session's id (`User.get_id`); None once the password has changed."""
    user_id, _, version = value.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = session.get(User, int(user_id))
    return user if user is not None and user.session_version == int(version) else None
