"""Where rate-limit counters go (REDIS_URL) and how many gunicorn workers that allows by default."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from roadmap import gunicorn_conf
from roadmap.config import Config, load_config

DEFAULTS = {k: v for k, v in vars(Config).items() if k.isupper()}
SETTINGS = {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}


def test_redis_url_is_where_the_counters_go_unless_a_storage_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://redis.internal:6379/0")
    monkeypatch.delenv("ROADMAP_RATELIMIT_STORAGE_URI", raising=False)
    settings = load_config(DEFAULTS, Path("/nonexistent"), SETTINGS)
    assert settings["REDIS_URL"] == settings["RATELIMIT_STORAGE_URI"] == "redis://redis.internal:6379/0"
    monkeypatch.setenv("ROADMAP_RATELIMIT_STORAGE_URI", "memcached://cache.internal:11211")
    settings = load_config(DEFAULTS, Path("/nonexistent"), SETTINGS)
    assert settings["RATELIMIT_STORAGE_URI"] == "memcached://cache.internal:11211"


@pytest.mark.parametrize(
    ("environment", "workers", "threads"),
    [({}, 1, 8), ({"REDIS_URL": "redis://r:6379/0"}, None, 4), ({"WEB_CONCURRENCY": "3"}, 3, 8)],
)
def test_without_a_shared_store_gunicorn_runs_one_worker_by_default(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], workers: int | None, threads: int
) -> None:
    for name in ("REDIS_URL", "ROADMAP_RATELIMIT_STORAGE_URI", "WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    try:
        settings = importlib.reload(gunicorn_conf)
        assert settings.workers == (workers or settings.default_workers()) and settings.threads == threads
        assert (settings.default_workers() > 1) == ("REDIS_URL" in environment)
        assert (settings.limit_request_line, settings.limit_request_field_size) == (0, 32768)
    finally:
        monkeypatch.undo()
        importlib.reload(gunicorn_conf)
