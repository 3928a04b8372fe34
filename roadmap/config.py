"""Configuration: defaults here, overridden by the environment, secrets kept in the instance folder."""

from __future__ import annotations

import copy
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from flask import Config as FlaskConfig

from roadmap.domain.vocabulary import LANGUAGES

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Config:
    # SQLite in the instance folder unless DATABASE_URL or ROADMAP_SQLALCHEMY_DATABASE_URI says otherwise (load_config).
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    QUESTIONNAIRE_FOLDER = str(PROJECT_ROOT / "questionnaires")
    LANGUAGES = LANGUAGES
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
    # The language choice and CSRF secret; a login session ends after LOGIN_IDLE_MINUTES without a request.
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 365
    LOGIN_IDLE_MINUTES = 8 * 60
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Per process unless REDIS_URL (or another shared store) is set: see load_config and docs/deploy.md.
    RATELIMIT_STORAGE_URI = "memory://"
    # Redis unreachable: count in this process's memory meanwhile rather than answer every limited route with 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Redis, shared by every process and machine: the rate limits' counters and the job queue (roadmap.jobs);
    # None: limits per process and the queue in instance/jobs.sqlite on this machine.
    REDIS_URL: str | None = None
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"
    RATELIMIT_HEADERS_ENABLED = True
    # Assessments one client address may create (site and API together); see limit_creating_assessments.
    START_RATE_LIMIT = "30 per hour;10 per minute"
    # Requests per personal access token to the workspace API (roadmap.web.api.bearer).
    API_TOKEN_RATE_LIMIT = "120 per minute;2000 per hour"
    JOBS_IMMEDIATE = False  # run jobs at once in the caller (tests)
    # Make a result's reports in the job queue when it changes, so that a download is a cache read.
    PREPARE_REPORTS = True
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
    # Werkzeug's method for new password hashes: scrypt, memory-hard. Only the tests set a faster one.
    PASSWORD_HASH_METHOD = "scrypt"
    # Each gunicorn worker reads the firms' portfolios in the background as it starts (services.portfolio_kept.warm).
    WARM_PORTFOLIOS = True
    # Days the firm's log keeps an event; the daily job (roadmap.jobs.prune_audit_log) removes older ones.
    AUDIT_RETENTION_DAYS = 400


def load_config(
    app_config: Mapping[str, Any], instance_path: Path, overrides: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The settings over the defaults, each later source winning: DATABASE_URL and SECRET_KEY, then every
    ROADMAP_<NAME> (read as JSON where it parses, as text otherwise), then explicit overrides (tests). What is still
    unset after all of them comes from the instance folder: the SQLite file and a generated secret key."""
    # A copy: ROADMAP_A__B=1 sets A["B"] inside the default's dict, which the Config class shares with every app.
    settings = FlaskConfig(PROJECT_ROOT, copy.deepcopy(dict(app_config)))
    if url := os.environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = url
    if key := os.environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = key
    if redis_url := os.environ.get("REDIS_URL"):
        settings["REDIS_URL"] = redis_url
    settings.from_prefixed_env("ROADMAP")
    settings.update(overrides or {})
    # Rate-limit counters go to Redis too, unless a storage is named explicitly (ROADMAP_RATELIMIT_STORAGE_URI).
    explicit = "RATELIMIT_STORAGE_URI" in (overrides or {}) or "ROADMAP_RATELIMIT_STORAGE_URI" in os.environ
    if settings.get("REDIS_URL") and not explicit:
        settings["RATELIMIT_STORAGE_URI"] = settings["REDIS_URL"]
    if settings.get("SQLALCHEMY_DATABASE_URI"):
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(str(settings["SQLALCHEMY_DATABASE_URI"]))
    else:
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance_path / 'roadmap.sqlite'}"
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = instance_secret_key(instance_path)
    return dict(settings)


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
