"""Safe by construction: user text is escaped, and WeasyPrint fetches nothing but the app's static files.

A listening server on 127.0.0.1 counts every request; no report may reach it, whatever the organisation is called.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from flask import Flask
from weasyprint.urls import URLFetcherResponse

from roadmap.domain.questionnaire import Questionnaire
from roadmap.render.pdf import CHART_URL, RefusedURL, StaticOnlyFetcher, render_pdf
from tests.conftest import all_answers
from tests.report.conftest import Pdf, read_pdf


class Listener:
    def __init__(self) -> None:
        self.paths: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"body { color: red }")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"


@pytest.fixture
def listener() -> Iterator[Listener]:
    listening = Listener()
    thread = threading.Thread(target=listening.server.serve_forever, daemon=True)
    thread.start()
    yield listening
    listening.server.shutdown()
    listening.server.server_close()
    thread.join(timeout=5)


def hostile_names(url: str) -> list[str]:
    return [
        f'<img src="{url}/img">',
        f"<style>body {{ background: url({url}/css) }}</style><p style=\"background-image: url('{url}/inline')\">x</p>",
        f'<link rel="stylesheet" href="{url}/link">',
    ]


def test_hostile_organisation_names_fetch_nothing(
    listener: Listener, download: Callable[..., Pdf], make_assessment: Callable[..., str], questionnaire: Questionnaire
) -> None:
    for name in hostile_names(listener.url):
        pdf = download(make_assessment(name, answers=all_answers(questionnaire)))
        assert pdf.contains(name), "the name is shown as text"
        assert pdf.contains("Dialogue")
    assert listener.paths == []


def test_the_fetcher_refuses_everything_but_static_files_even_in_raw_html(
    listener: Listener, app: Flask, tmp_path: Path
) -> None:
    """Escaping aside: markup that does reach WeasyPrint still cannot fetch from the network or the disk."""
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = f"""<!doctype html><html lang="en"><head>
      <link rel="stylesheet" href="{listener.url}/link">
      <link rel="stylesheet" href="{secret.as_uri()}">
      <link rel="stylesheet" href="../../../../../../{secret}">
      <link rel="stylesheet" href="css/report.css">
      <style>@import url({listener.url}/import); body {{ background: url({listener.url}/background) }}</style>
      </head><body><h1>Safe</h1>
      <img src="{listener.url}/img" alt="remote"><img src="file:///etc/passwd" alt="local">
      <img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E" alt="data">
      <svg><image href="{listener.url}/svg-image" width="4" height="4"/></svg>
      </body></html>"""
    static = Path(app.static_folder or "")
    requested: list[str] = []

    class Watching(StaticOnlyFetcher):
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            requested.append(url)
            return super().fetch(url)

    pdf = read_pdf(render_pdf(html, Watching(static, {})))
    assert pdf.contains("Safe")
    assert listener.paths == []
    assert any(url.endswith("/static/css/report.css") for url in requested)  # the app's own static file is allowed
    assert any(url.startswith(listener.url) for url in requested)  # WeasyPrint did ask, and was refused


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "{static}/../roadmap/config.py",
        "{static}/css/no-such-file.css",
        "roadmap-report:something-else.svg",
    ],
)
def test_refused_urls(app: Flask, url: str) -> None:
    static = Path(app.static_folder or "")
    fetcher = StaticOnlyFetcher(static, {})
    with pytest.raises(RefusedURL):
        fetcher.fetch(url.format(static=static.as_uri()))


def test_allowed_urls(app: Flask) -> None:
    static = Path(app.static_folder or "")
    fetcher = StaticOnlyFetcher(static, {CHART_URL: lambda: b"<svg/>"})
    assert fetcher.fetch((static / "css" / "report.css").as_uri()).read().startswith(b"/*")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    assert fetcher.fetch(CHART_URL).read() == b"<svg/>"
