"""Who may see what in the workspace: the client, round or invitation behind an id, or 404.

Another consultant's id gives the same 404 as an id that does not exist (tests/workspace/test_access.py checks
every route that takes one); an admin sees everyone's.
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from flask_login import current_user

from roadmap.db import session
from roadmap.models import Client, Invitation, Round
from roadmap.services import clients

T = TypeVar("T")


def found_or_404(found: T | None) -> T:
    if found is None:
        abort(404)
    return found


def own_client(client_id: int) -> Client:
    """The client, if the current user may see it."""
    return found_or_404(clients.visible_client(session(), current_user, client_id))


def own_round(round_id: int) -> Round:
    """The round, if the current user may see its client."""
    return found_or_404(clients.visible_round(session(), current_user, round_id))


def own_invitation(invitation_id: int) -> Invitation:
    """The invitation, if the current user may see its round's client."""
    return found_or_404(clients.visible_invitation(session(), current_user, invitation_id))
