"""Browser tests: Playwright driving Debian's /usr/bin/chromium against a live server on 127.0.0.1.

Nothing is downloaded: when Chromium is missing, these tests are skipped with the reason shown.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page
from werkzeug.serving import make_server

from tests.conftest import empty_database, make_app

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: apt-get install chromium")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    }


@pytest.fixture
def live_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    with empty_database(make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)) as app:
        yield app


@pytest.fixture
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


# The accessibility tests' one live site per module (tests/browser/test_accessibility.py).
@pytest.fixture(scope="module")
def site_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One live app for the whole table (every screen makes its own data and consultant), with CSRF and rate
    limits on: one assessment a minute through the start form, so the 429 page can be reached."""
    app = make_app(
        database_url,
        tmp_path_factory.mktemp("axe"),
        WTF_CSRF_ENABLED=True,
        RATELIMIT_ENABLED=True,
        START_RATE_LIMIT="1 per minute",
        LOGIN_RATE_LIMIT="1000 per minute",
    )
    with empty_database(app) as app:
        yield app


@pytest.fixture(scope="module")
def site_url(site_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, site_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def site_page(browser: Browser) -> Iterator[Page]:
    """One page for every screen (a new context per screen costs more than the axe run); cookies cleared per use."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()
