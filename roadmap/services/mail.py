"""E-mail to respondents: compose invitations and reminders in their language, send them through Flask-Mailman.

Without MAIL_SERVER every message is written as an .eml file under instance/mail/ (EmlFileBackend), so a fresh
machine runs everything without an SMTP server. Header values are made one line first: a CR or LF in a name can
never start a header of its own.
"""

from __future__ import annotations

import math
import smtplib
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from email.mime.image import MIMEImage
from email.utils import formataddr, parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mailman import EmailMultiAlternatives, Mail
from flask_mailman.backends.base import BaseEmailBackend

from roadmap.domain.brand import PNG, Brand
from roadmap.models import Invitation
from roadmap.services import branding

mail = Mail()
SECONDS_PER_QUESTION = 30
# The firm's PNG logo travels inside the message (multipart/related) and the HTML shows it by this Content-ID: mail
# programs block data: URIs and remote images. An SVG logo is left out (few mail programs show SVG): the firm's
# name stands alone, as it does in the plain text.
LOGO_CONTENT_ID = "firm-logo@roadmap"


def init_app(app: Flask) -> None:
    # Flask-Mailman would pick its in-memory backend when TESTING; the tests talk to a real SMTP server.
    if app.config.get("MAIL_SERVER"):
        app.config.setdefault("MAIL_BACKEND", "smtp")
    else:
        app.config.setdefault("MAIL_BACKEND", EmlFileBackend)
    mail.init_app(app)


def configured() -> bool:
    """Whether messages really go out (an SMTP server is set), rather than into files."""
    return bool(current_app.config.get("MAIL_SERVER"))


class EmlFileBackend(BaseEmailBackend):
    """Each message as its own .eml file in MAIL_FILE_PATH (default instance/mail/), to open in any mail program."""

    def send_messages(self, email_messages: Any) -> int:
        folder = Path(current_app.config.get("MAIL_FILE_PATH") or Path(current_app.instance_path) / "mail")
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        for number, message in enumerate(email_messages):
            (folder / f"{stamp}-{number}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)


def one_line(value: str | None) -> str:
    """The value with every run of white space (CR, LF, tabs...) and control character made a single space."""
    text = "".join(" " if ord(character) < 32 or ord(character) == 127 else character for character in value or "")
    return " ".join(text.split())


def site_url(endpoint: str, **values: Any) -> str:
    """An absolute link to the site (SITE_URL), built without a request: the worker has none."""
    base = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def minutes_to_answer(question_count: int) -> int:
    return max(1, math.ceil(question_count * SECONDS_PER_QUESTION / 60))


def language_of(invitation: Invitation) -> str:
    return invitation.language or invitation.round.client.language or "en"


@dataclass(frozen=True)
class Links:
    answer: str
    stop_reminders: str


def compose(invitation: Invitation, kind: str, links: Links, question_count: int) -> EmailMultiAlternatives:
    """The invitation or reminder (kind) to one respondent, as plain text and HTML, in the invitation's language."""
    round_ = invitation.round
    consultant = round_.client.consultant
    sender_name = one_line(consultant.name or consultant.email)
    if consultant.firm_name:
        sender_name = f"{sender_name} ({one_line(consultant.firm_name)})"
    _site_name, site_address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    brand = branding.firm_brand(round_.client.firm)
    with force_locale(language_of(invitation)):
        context = {
            "kind": kind,
            "invitation": invitation,
            "round": round_,
            "client": round_.client,
            "consultant": consultant,
            "minutes": minutes_to_answer(question_count),
            "links": links,
            "brand": brand,
            "logo_src": f"cid:{LOGO_CONTENT_ID}" if brand and brand.logo and brand.logo_type == PNG else None,
        }
        subject = (
            _("Invitation: %(round)s for %(client)s", round=round_.name, client=round_.client.name)
            if kind == "invitation"
            else _("Reminder: %(round)s for %(client)s", round=round_.name, client=round_.client.name)
        )
        text = render_template("mail/message.txt", **context)
        html = render_template("mail/message.html", **context)
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=text,
        from_email=formataddr((sender_name, site_address)),
        to=[formataddr((one_line(invitation.name), one_line(invitation.email)))],
        reply_to=[formataddr((sender_name, one_line(consultant.email)))],
        headers={"List-Unsubscribe": f"<{links.stop_reminders}>", "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    if context["logo_src"] and brand is not None:
        attach_logo(message, brand)
    return message


def attach_logo(message: EmailMultiAlternatives, brand: Brand) -> None:
    """The PNG logo as an inline part the HTML refers to (cid:), the message made multipart/related."""
    assert brand.logo is not None
    image = MIMEImage(brand.logo, "png")
    image.add_header("Content-ID", f"<{LOGO_CONTENT_ID}>")
    image.add_header("Content-Disposition", "inline", filename="logo.png")
    message.mixed_subtype = "related"
    message.attach(image)


def send(message: EmailMultiAlternatives) -> None:
    """Send now; raises what the SMTP server or the connection raised (see `is_temporary`)."""
    with mail.get_connection(fail_silently=False) as connection:
        connection.send_messages([message])


def is_temporary(error: BaseException) -> bool:
    """Worth another try later: a 4xx reply, a dropped or refused connection, a timeout."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError | socket.timeout | TimeoutError)


def describe(error: BaseException) -> str:
    """What went wrong, in the server's words where it gave any."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}"[:500]
