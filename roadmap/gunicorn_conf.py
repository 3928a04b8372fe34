"""Gunicorn settings for `make serve`: `gunicorn -c python:roadmap.gunicorn_conf wsgi:app`.

Everything comes from the environment: HOST and PORT (bind), WEB_CONCURRENCY (worker processes, default two per
core plus one), GUNICORN_THREADS (threads per worker, default 4), GUNICORN_TIMEOUT (seconds, default 60: the first
PDF report of a worker starts Chromium). The access log goes to stdout with resume tokens redacted.
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn import glogging

from roadmap.redaction import install, redact_tokens


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


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
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
logger_class = RedactingLogger
# No control socket (gunicorn 25.1+): its default path is one per user, shared by every instance on the host.
control_socket_disable = True
