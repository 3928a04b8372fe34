"""Extensions, created unbound and attached to the app in create_app()."""

from flask_babel import Babel
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from roadmap.db import db

babel = Babel()
csrf = CSRFProtect()
migrate = Migrate()

__all__ = ["babel", "csrf", "db", "migrate"]
