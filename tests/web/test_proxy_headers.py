"""ROADMAP_PROXY_HOPS: behind a load balancer the client's address and scheme come from X-Forwarded-*, else never."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import request

from tests.conftest import make_app

FORWARDED = {"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "roadmap.example"}


@pytest.mark.parametrize(
    ("hops", "seen"),
    [
        (0, "127.0.0.1 http localhost"),  # the headers are anyone's to send: ignored unless configured
        (1, "198.51.100.7 https roadmap.example"),
    ],
)
def test_forwarded_headers_count_only_when_proxies_are_configured(hops: int, seen: str, tmp_path: Path) -> None:
    app = make_app("sqlite://", tmp_path, PROXY_HOPS=hops)

    @app.get("/whoami")
    def whoami() -> str:
        return f"{request.remote_addr} {request.scheme} {request.host}"

    response = app.test_client().get("/whoami", headers=FORWARDED, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.get_data(as_text=True) == seen
