"""Configuration: defaults here, overridden by the environment, secrets kept in the instance folder."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, ClassVar

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Config:
    # SQLite in the instance folder unless DATABASE_URL says otherwise (set in load_config).
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    QUESTIONNAIRE_FOLDER = str(PROJECT_ROOT / "questionnaires")
    LANGUAGES = ("en", "nl")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent / "translations")
    WTF_CSRF_TIME_LIMIT = None  # a questionnaire page may stay open for hours
    MAX_CONTENT_LENGTH = 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure is added to the session cookie over HTTPS anyway (roadmap.security); True forces it always.
    SESSION_COOKIE_SECURE = False
    # How many proxies in front of the app to trust for X-Forwarded-For/-Proto/-Host; 0 trusts none.
    PROXY_FIX = 0
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 365
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    RATELIMIT_HEADERS_ENABLED = True
    # Assessments one client address may create (site and API together); see limit_creating_assessments.
    START_RATE_LIMIT = "30 per hour;10 per minute"
    # Redis for the job queue (roadmap.jobs) and, where several machines share it, the rate limits; None: the
    # queue lives in instance/jobs.sqlite on this machine.
    REDIS_URL: str | None = None
    JOBS_IMMEDIATE = False  # run jobs at once in the caller (tests)
    # E-mail through SMTP (Flask-Mailman); without MAIL_SERVER messages are written to instance/mail/*.eml.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Roadmap <roadmap@localhost>"
    MAIL_TIMEOUT = 30
    # Where links in e-mails point: the site's address as respondents reach it.
    SITE_URL = "http://127.0.0.1:5000"


def load_config(instance_path: Path, overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Settings from the environment (DATABASE_URL, SECRET_KEY, ROADMAP_*) and explicit overrides, in that order."""
    settings: dict[str, Any] = {}
    if url := os.environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    if key := os.environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = key
    if redis_url := os.environ.get("REDIS_URL"):
        settings["REDIS_URL"] = redis_url
    settings.update(overrides or {})
    if not settings.get("SQLALCHEMY_DATABASE_URI"):
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance_path / 'roadmap.sqlite'}"
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = instance_secret_key(instance_path)
    return settings


def normalise_database_url(url: str) -> str:
    """Accept the common postgres:// and postgresql:// forms and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: Path) -> str:
    """A secret key generated once and kept in the instance folder, for local use without SECRET_KEY."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(key)
    return key
