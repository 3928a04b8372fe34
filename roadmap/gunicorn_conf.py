"""Gunicorn settings for `make serve`: `gunicorn -c python:roadmap.gunicorn_conf wsgi:app`.

Everything comes from the environment: HOST and PORT (bind), WEB_CONCURRENCY (worker processes), GUNICORN_THREADS
(threads per worker), GUNICORN_TIMEOUT (seconds, default 60: the first PDF report of a worker starts Chromium). The
access log goes to stdout with resume tokens redacted.

Rate limits are exact only when every process counts in one place: with REDIS_URL (or another shared
ROADMAP_RATELIMIT_STORAGE_URI) the default is two workers per core plus one, with 4 threads each; without it, one
worker with 8 threads, so the in-memory counters are the only ones. Start-up says which.
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn import glogging

from roadmap.redaction import install, redact_tokens


def shared_rate_limits() -> bool:
    storage = os.environ.get("ROADMAP_RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"
    return not storage.startswith("memory://")


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1 if shared_rate_limits() else 1


def on_starting(server: Any) -> None:
    if shared_rate_limits():
        server.log.info("Rate limits: counted in a shared store by all %d workers and every instance", workers)
    elif workers == 1:
        server.log.info(
            "Rate limits: in memory, exact with this one worker (%d threads); set REDIS_URL for more", threads
        )
    else:
        server.log.warning(
            "Rate limits: in memory per worker, so %d workers allow up to %d times the limits; set REDIS_URL",
            workers,
            workers,
        )


def post_worker_init(worker: Any) -> None:
    """Each worker reads the firms' portfolios in the background as it starts: nobody's first view waits for it."""
    from roadmap.services.portfolio_kept import warm_in_background

    if worker.wsgi.config["WARM_PORTFOLIOS"]:
        warm_in_background(worker.wsgi)


class RedactingLogger(glogging.Logger):
    """Gunicorn's logger with every token taken out of access-log atoms and error messages."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact_tokens(value) if isinstance(value, str) else value for key, value in atoms.items()}

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        install(self.error_log)  # "Error handling request /a/<token>/..."


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers())
threads = int(os.environ.get("GUNICORN_THREADS") or (4 if shared_rate_limits() else 8))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
logger_class = RedactingLogger
# Oversize requests: gunicorn answers them itself, without the app's security headers. So it lets request lines of
# up to 1 MB (0 here) and header lines of up to 32 KB through to the app, which refuses a URL over 8 KB (414) and a
# header over 8 KB (431) with its own page (roadmap.security). Beyond these only the proxy can add headers.
limit_request_line = 0
limit_request_field_size = 32768
limit_request_fields = 100
# No control socket (gunicorn 25.1+): its default path is one per user, shared by every instance on the host.
control_socket_disable = True
