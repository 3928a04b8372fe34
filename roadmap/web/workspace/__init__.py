"""The consultant's workspace: clients, rounds, invitations, downloads and the portfolio, under one login rule.

Every blueprint here is registered on `bp`, so its endpoints are named `workspace.<blueprint>.<view>` (for example
`workspace.clients.portfolio`) and its URLs stay where they were (the parent has no URL prefix). The ownership of
what an id points at is looked up in one place, `access`; the blueprints do not import each other.
"""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user, login_required

from roadmap.services.access import may_change
from roadmap.web.workspace import actions, clients, exports, invitations, logo, rounds, team

bp = Blueprint("workspace", __name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@bp.before_request
@login_required
def require_login() -> None:
    """Every page and download of the workspace is for logged-in members of a firm; a viewer's change is a 403
    whatever it is (services.access)."""
    if request.method not in SAFE_METHODS and not may_change(current_user):
        abort(403)


bp.register_blueprint(clients.bp)
bp.register_blueprint(rounds.bp)
bp.register_blueprint(exports.bp)
bp.register_blueprint(invitations.bp)
bp.register_blueprint(actions.bp)
bp.register_blueprint(team.bp)
bp.register_blueprint(logo.bp)
