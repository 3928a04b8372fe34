"""The round page as the rounds and invitations blueprints both render it (after a form error, too)."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import get_locale
from flask_login import current_user

from roadmap.db import session
from roadmap.models import Round
from roadmap.services import access, rounds
from roadmap.web.confidentiality import confidentiality_in_words, confidentiality_setting
from roadmap.web.forms import ConfirmForm, InvitationForm
from roadmap.web.invitation_progress import round_context


def secret_key() -> str:
    return str(current_app.config["SECRET_KEY"])


def show(found: Round, form: InvitationForm, status: int = 200, **parts: Any) -> str:
    invitations = [
        (invitation, rounds.status_of(invitation), rounds.current_token(secret_key(), invitation))
        for invitation in found.invitations
    ]
    return render_template(
        "rounds/round.html",
        round=found,
        invitations=invitations,
        form=form,
        confirm=ConfirmForm(),
        language=str(get_locale()),
        disclosure=rounds.round_disclosure(session(), found),
        confidentiality=confidentiality_setting(found.confidentiality),
        told_respondents=confidentiality_in_words(found.confidentiality),
        can_reopen=access.in_firm(current_user, found.client) and access.may_change(current_user),
        **round_context(found, **parts),
    )
