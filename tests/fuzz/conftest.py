"""The web tests' fixture for extra apps (CSRF on, for forged forms)."""

from tests.web.conftest import make_web_app

__all__ = ["make_web_app"]
