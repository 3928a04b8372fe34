"""The log's view of a request: who acts (`actor_of`) from which address, and the record of a download. No
blueprint: pages, downloads and the workspace API call these and pass the `Actor` into the services."""

from __future__ import annotations

from typing import Any

from flask_limiter.util import get_remote_address

from roadmap.db import session
from roadmap.models import Assessment, Client, Round, User
from roadmap.services import audit

# Files that are reports (downloads); every other file is data (an export).
REPORTS = (".pdf", ".pptx")


def address() -> str:
    """The client address as the app sees it: the rate limiter's, after ProxyFix (PROXY_FIX) where it is on."""
    return str(get_remote_address())


def actor_of(user: User) -> audit.Actor:
    return audit.Actor.of(user, address())


def downloaded(
    user: User, what: str, *, client: Client | None = None, round_: Round | None = None, **detail: Any
) -> None:
    """Record a download (`what`: "responses.csv", "report.pdf", ...) of a round's, a client's or the user's
    portfolio data; reports (PDF) are downloads, data files exports."""
    action = "download" if what.endswith(REPORTS) else "export"
    firm_id: int | None
    if round_ is not None:
        firm_id, subject = round_.client.firm_id, audit.round_subject(round_)
    elif client is not None:
        firm_id, subject = client.firm_id, audit.client_subject(client)
    else:
        firm_id, subject = (user.membership.firm_id if user.membership else None), "portfolio"
    audit.note(
        session(), action, actor=actor_of(user), firm_id=firm_id, subject=subject, detail={"file": what, **detail}
    )


def respondent_downloaded(assessment: Assessment, via: str) -> None:
    """A respondent's report of a firm's round, downloaded through the private link (`via` "link") or a read-only
    share link ("share"): recorded in the client's firm's log. Assessments started on the site belong to no firm."""
    invitation = assessment.invitation
    if invitation is None:
        return
    actor = audit.Actor.anonymous("share link holder" if via == "share" else "respondent", address())
    firm_id, subject = invitation.round.client.firm_id, audit.invitation_subject(invitation)
    audit.note(
        session(), "download", actor=actor, firm_id=firm_id, subject=subject, detail={"file": "report.pdf", "via": via}
    )


def firm_changed(user: User, action: str, subject: str, client: Client | None = None, **detail: Any) -> None:
    """A change to the user's firm (members, roles, invitations of colleagues, the brand) or to a client's team or
    logo, just made by `user`: recorded in the firm's (the client's firm's) log once the change is stored."""
    firm_id = client.firm_id if client else user.membership.firm_id if user.membership else None
    audit.note(session(), action, actor=actor_of(user), firm_id=firm_id, subject=subject, detail=detail or None)
