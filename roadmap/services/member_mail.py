"""The e-mail inviting a colleague to a firm: composed in the language the inviter chose and sent through the
site's one mail path (`services.mail`: SMTP, or .eml files under instance/mail/ without MAIL_SERVER), by a job
(`roadmap.jobs.deliver_member_invitation`).

The link's token is not stored (only its SHA-256 is), so the job is handed it; the job sends nothing once the
invitation no longer opens with that token (used, revoked, re-sent with a new link, expired).
"""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import formataddr, parseaddr
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from roadmap.db import as_utc
from roadmap.i18n import format_datetime
from roadmap.models import MemberInvitation, User
from roadmap.services import firms, mail
from roadmap.services.assessments import token_hash

LANGUAGES = ("en", "nl")
RETRY_DELAYS = (60, 300, 1800, 7200)


def compose(
    invitation: MemberInvitation, inviter: User | None, token: str, language: str, role_labels: Mapping[str, Any]
) -> mail.EmailMultiAlternatives:
    """The invitation to one colleague, as plain text and HTML; `role_labels` are the web's (lazy) role names."""
    inviter_name = mail.one_line(inviter.name or inviter.email) if inviter else ""
    firm_name = mail.one_line(invitation.firm.name) if invitation.firm.name else None
    site_name, site_address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    sender_name = f"{inviter_name} ({firm_name})" if inviter_name and firm_name else inviter_name or site_name
    with force_locale(language if language in LANGUAGES else "en"):
        context = {
            "invitation": invitation,
            "inviter": inviter_name,
            "firm_name": firm_name,
            "role": role_labels.get(invitation.role, invitation.role),
            "link": mail.site_url("firm_members.join", token=token),
            "expires": format_datetime(as_utc(invitation.expires_at), "d MMMM y, HH:mm z"),
        }
        subject = (
            _("%(inviter)s invites you to %(firm)s", inviter=inviter_name, firm=firm_name)
            if firm_name
            else _("%(inviter)s invites you to the Social Business Roadmap", inviter=inviter_name)
        )
        text = render_template("mail/member_invitation.txt", **context)
        html = render_template("mail/member_invitation.html", **context)
    message = mail.EmailMultiAlternatives(
        subject=mail.one_line(subject),
        body=text,
        from_email=formataddr((sender_name, site_address)),
        to=[formataddr((mail.one_line(invitation.name), mail.one_line(invitation.email)))],
        reply_to=[formataddr((inviter_name, mail.one_line(inviter.email)))] if inviter else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def deliver(
    session: Session, invitation_id: int, token: str, language: str, role_labels: Mapping[str, Any], attempt: int = 1
) -> int | None:
    """Send the invitation if its link still opens it. Returns the seconds to wait before trying again after a
    temporary failure, or None when it is done (sent, no longer to send, or failed for good)."""
    invitation = session.get(MemberInvitation, invitation_id)
    if invitation is None or invitation.token_hash != token_hash(token) or firms.state_of(invitation) != "open":
        return None
    inviter = session.get(User, invitation.invited_by_id) if invitation.invited_by_id else None
    try:
        mail.send(compose(invitation, inviter, token, language, role_labels))
    except Exception as error:  # the SMTP client raises many kinds
        current_app.logger.warning("member invitation %s not sent: %s", invitation_id, mail.describe(error))
        delays = current_app.config.get("MAIL_RETRY_DELAYS", RETRY_DELAYS)
        if mail.is_temporary(error) and attempt <= len(delays):
            return int(delays[attempt - 1])
        return None
    return None
