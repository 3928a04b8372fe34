"""The web layer: blueprints, error pages and response headers."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response
from flask_babel import get_locale
from flask_login import current_user

from roadmap.i18n import format_date
from roadmap.services.access import in_firm, may_assign, may_change, may_manage_firm
from roadmap.web import (
    accounts,
    api,
    api_tokens,
    assessment,
    errors,
    firm_brand,
    firm_log,
    firm_members,
    health,
    main,
    plan,
    reminders,
    report,
    share,
    workspace,
)
from roadmap.web.action_forms import status_labels
from roadmap.web.action_pages import overdue
from roadmap.web.api import actions as actions_api
from roadmap.web.api import workspace as workspace_api
from roadmap.web.api import workspace_actions as workspace_actions_api
from roadmap.web.confidentiality import confidentiality_in_words
from roadmap.web.formatting import format_score, format_score_against, hyphenated, score_or_dash, signed_score
from roadmap.web.forms import vocabulary_labels

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["score"] = score_or_dash
    app.jinja_env.filters["hyphenated"] = hyphenated
    app.context_processor(template_globals)
    app.register_blueprint(main.bp)
    app.register_blueprint(assessment.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(workspace_api.bp)
    app.register_blueprint(actions_api.bp)
    app.register_blueprint(workspace_actions_api.bp)
    app.register_blueprint(report.bp)
    app.register_blueprint(report.api_bp)
    app.register_blueprint(share.bp)
    app.register_blueprint(plan.bp)
    accounts.init_app(app)
    app.register_blueprint(api_tokens.bp)
    app.register_blueprint(firm_brand.bp)
    app.register_blueprint(workspace.bp)
    app.register_blueprint(firm_members.bp)
    app.register_blueprint(reminders.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(firm_log.bp)
    errors.init_app(app)
    app.after_request(security_headers)


def template_globals() -> dict[str, Any]:
    return {
        "current_language": str(get_locale()),
        "format_score": format_score,
        "format_score_against": format_score_against,
        "signed_score": signed_score,
        "format_date": format_date,
        "confidentiality_in_words": confidentiality_in_words,
        "labels": vocabulary_labels(),
        "status_labels": status_labels(),
        "overdue": overdue,
        # Whether the current user may change what the workspace shows, or manage the firm (services.access).
        "can_change": lambda: current_user.is_authenticated and may_change(current_user),
        "can_manage_firm": lambda: current_user.is_authenticated and may_manage_firm(current_user),
        "can_assign": lambda client: (
            current_user.is_authenticated and may_assign(current_user, client) and in_firm(current_user, client)
        ),
    }


def security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
