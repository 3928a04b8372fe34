"""Extensions, created unbound and attached to the app in create_app()."""

from flask_babel import Babel
from flask_limiter import Limiter
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

__all__ = ["babel", "csrf", "db", "limiter", "login_manager", "migrate"]
