"""Extensions, created unbound and attached to the app in create_app()."""

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter, RouteLimit
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from roadmap.db import db

babel = Babel()
csrf = CSRFProtect()
migrate = Migrate()
login_manager = LoginManager()
# Limits are declared on the routes that need them (login, starting assessments). The storage is set by
# RATELIMIT_STORAGE_URI: memory by default, a shared store (Redis, Memcached) when several instances run.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def limit_creating_assessments(success_status: int) -> RouteLimit:
    """START_RATE_LIMIT per client address, shared by the site's start form and the API.

    Only a request that created an assessment (answered with `success_status`) counts, so a form sent back with
    a mistake costs nothing; once the limit is reached every POST gets 429 before anything is stored.
    """
    return limiter.shared_limit(
        lambda: str(current_app.config["START_RATE_LIMIT"]),
        scope="create-assessment",
        methods=["POST"],
        deduct_when=lambda response: response.status_code == success_status,
    )


__all__ = ["babel", "csrf", "db", "limit_creating_assessments", "limiter", "login_manager", "migrate"]
