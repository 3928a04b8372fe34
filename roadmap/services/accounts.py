"""Consultant and admin accounts: create, authenticate, change password, end sessions, disable and enable."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from roadmap.config import Config
from roadmap.domain.vocabulary import DIRECTION_CONTROLS
from roadmap.models import FIRM_ROLES, Firm, Membership, User, utcnow
from roadmap.services import audit
from roadmap.services.errors import Invalid

ROLES = ("consultant", "admin")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
# The rules of the site's forms for a name (roadmap.web.forms): at most 200 characters, no control characters.
MAX_NAME_LENGTH = 200
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
DIRECTION_CHARACTERS = re.compile(f"[{DIRECTION_CONTROLS}]")
DEFAULT_HASH_METHOD = Config.PASSWORD_HASH_METHOD  # outside an app (and when set empty)


class AccountError(Invalid):
    """A request about an account that cannot be carried out; nothing was changed."""


def hash_method() -> str:
    """The app's PASSWORD_HASH_METHOD (scrypt unless set: only the tests set a faster one)."""
    configured = current_app.config.get("PASSWORD_HASH_METHOD") if has_app_context() else None
    return str(configured or DEFAULT_HASH_METHOD)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=hash_method())


@lru_cache(maxsize=4)
def unknown_user_hash(method: str) -> str:
    """Checked against when the e-mail is unknown, so a login takes as long whether or not the account exists.

    Made with the method of the real accounts' hashes at the first login of a process, whoever logs in (not at
    import: a process that serves no login, such as a test run or a command, pays no scrypt for it)."""
    return generate_password_hash("no such user", method=method)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must be at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"the password can be at most {MAX_PASSWORD_LENGTH} characters"
    return None


def name_text(label: str, value: str | None) -> str | None:
    """A name or firm as the forms accept it, trimmed (None when empty); AccountError saying what is wrong."""
    value = (value or "").strip()
    if len(value) > MAX_NAME_LENGTH:
        raise AccountError(f"the {label} can be at most {MAX_NAME_LENGTH} characters (it has {len(value)})")
    if CONTROL_CHARACTERS.search(value):
        raise AccountError(f"the {label} contains a line break or another control character")
    if DIRECTION_CHARACTERS.search(value):
        raise AccountError(f"the {label} contains a character that reverses text (U+202A-U+202E, U+2066-U+2069)")
    return value or None


def create_user(
    session: Session,
    email: str,
    password: str,
    role: str,
    name: str | None = None,
    firm: str | None = None,
    *,
    join: Firm | None = None,
    firm_role: str = "admin",
) -> User:
    """An account in the firm `join` with `firm_role`, or (without `join`) the admin of a new firm named `firm`
    (a firm of one; its name may be empty). `role` is the site role: consultant, or admin of the site."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254 or CONTROL_CHARACTERS.search(email):
        raise AccountError(f"{email!r} is not an e-mail address")
    name, firm = name_text("name", name), name_text("firm", firm)
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    if firm_role not in FIRM_ROLES:
        raise AccountError(f"unknown firm role {firm_role!r} (one of {', '.join(FIRM_ROLES)})")
    if problem := password_problem(password):
        raise AccountError(problem)
    if session.scalar(sa.select(User.id).filter_by(email=email)) is not None:
        raise AccountError(f"an account for {email} already exists")
    user = User(email=email, password_hash=hash_password(password), role=role, name=name)
    user.membership = Membership(firm=join or Firm(name=firm), role=firm_role)
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, email: str, password: str, address: str | None = None) -> User | None:
    """The user with this e-mail and password, or None; the same work is done whether the e-mail exists or not.

    With `address` (a sign-in on the site) the attempt is recorded in the log of the account's firm, a failed one
    too (with the e-mail address typed; an address no account has is kept without a firm)."""
    unknown = unknown_user_hash(hash_method())  # first, for every login: its first making tells nothing either
    user = session.scalar(sa.select(User).filter_by(email=normalise_email(email)))
    valid = check_password_hash(user.password_hash if user else unknown, password)
    signed_in = user if user is not None and valid and user.is_active else None
    if address is not None:
        record_sign_in(session, normalise_email(email), user, signed_in is not None, address)
    return signed_in


def record_sign_in(session: Session, email: str, user: User | None, signed_in: bool, address: str) -> None:
    """A sign-in, or a failed one with why (the e-mail typed is kept as who tried), in the firm's log."""
    if signed_in and user is not None:
        actor = audit.Actor.of(user, address)
        audit.note(session, "sign_in", actor=actor, firm_id=actor.firm_id, subject=None)
        return
    if user is None:
        actor, reason = audit.Actor.anonymous(email, address), "unknown account"
    else:
        actor = replace(audit.Actor.of(user, address), label=email)
        reason = "wrong password" if user.is_active else "disabled"
    audit.note(session, "sign_in_failed", actor=actor, firm_id=actor.firm_id, subject=None, detail={"reason": reason})


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Set a new password; every other login session of the user ends."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("the current password is not correct")
    if problem := password_problem(new):
        raise AccountError(problem)
    user.password_hash = hash_password(new)
    end_sessions(session, user)


def end_sessions(session: Session, user: User) -> None:
    """End every login session of the user (logging out, a new password, disabling): their ids no longer match."""
    user.session_version = User.session_version + 1
    session.commit()
    session.refresh(user)


def set_disabled(session: Session, email: str, disabled: bool) -> User:
    """Disable an account (it cannot log in, and its sessions end at once) or enable it again."""
    user = session.scalar(sa.select(User).filter_by(email=normalise_email(email)))
    if user is None:
        raise AccountError(f"there is no account for {normalise_email(email)}")
    if disabled and user.disabled_at is None:
        user.disabled_at = utcnow()
    elif not disabled:
        user.disabled_at = None
    end_sessions(session, user)
    return user


def user_of_session(session: Session, value: str) -> User | None:
    """The user of a login session's id (`User.get_id`); None once its sessions ended or the account is disabled."""
    user_id, _, version = value.partition(".")
    if not (user_id.isdecimal() and version.isdecimal() and len(user_id) < 10 and len(version) < 10):
        return None
    user = session.get(User, int(user_id))
    valid = user is not None and user.is_active and user.session_version == int(version)
    return user if valid else None
