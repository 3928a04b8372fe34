"""Plotly figures as static SVG (and PNG, for the slide deck), exported by kaleido through one long-lived headless
Chromium per process.

Starting Chromium costs seconds; exporting a figure through a running one costs a fraction of that. So the browser
is started once, on the first export (the job worker, which prepares the reports, starts it in the background
as it starts: `start_in_background`), and kept: it runs kaleido on an event loop in a daemon thread, and requests
hand it figures and wait for the SVG. Nothing is ever downloaded: the browser is Debian's /usr/bin/chromium (or
BROWSER_PATH / ROADMAP_REPORT_BROWSER_PATH), plotly.js comes from the plotly package and MathJax is off.
Without a browser, charts are disabled and the app says so once, at start-up.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import logging
import os
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app

log = logging.getLogger(__name__)

DEFAULT_BROWSER = "/usr/bin/chromium"
START_TIMEOUT = 60.0  # seconds to start Chromium and load plotly.js
EXPORT_TIMEOUT = 20.0  # seconds for one figure
RELOAD_EVERY = 50  # figures between reloads of the browser page


class ChartExportError(RuntimeError):
    """The chart could not be exported; the report shows the table of scores instead."""


class ChartExporter:
    """One headless Chromium driven by kaleido, started on first use and kept until close() or exit."""

    def __init__(self, browser: Path, timeout: float = EXPORT_TIMEOUT) -> None:
        self.browser = browser
        self.timeout = timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        """Start the browser unless it runs already; concurrent callers wait for the one start."""
        with self._lock:
            if self._kaleido is not None:
                return
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="chart-export", daemon=True)
            thread.start()
            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(self._open(), loop).result(START_TIMEOUT)
            except BaseException as error:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(timeout=5)
                loop.close()
                raise ChartExportError(f"could not start {self.browser}: {error}") from error
            self._loop, self._thread = loop, thread

    async def _open(self) -> Any:
        browser = kaleido_class()(n=1, path=str(self.browser), mathjax=False, timeout=self.timeout)
        await browser.open()
        return browser

    def export_svg(self, figure: Any, width: int, height: int) -> concurrent.futures.Future[bytes]:
        """Start exporting a figure (a plotly Figure or its dict) as SVG; the future gives the bytes."""
        return self._export(figure, {"format": "svg", "width": width, "height": height})

    def export_png(self, figure: Any, width: int, height: int, scale: float = 2.0) -> concurrent.futures.Future[bytes]:
        """Start exporting a figure as PNG, `scale` pixels per CSS pixel (the slide deck's chart is a picture)."""
        return self._export(figure, {"format": "png", "width": width, "height": height, "scale": scale})

    def _export(self, figure: Any, opts: dict[str, Any]) -> concurrent.futures.Future[bytes]:
        self.start()
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(self._kaleido.calc_fig(figure, opts=opts), self._loop)

    def svg(self, figure: Any, width: int, height: int) -> bytes:
        """Export a figure as SVG and wait for it."""
        return self.result(self.export_svg(figure, width, height))

    def png(self, figure: Any, width: int, height: int, scale: float = 2.0) -> bytes:
        """Export a figure as PNG and wait for it."""
        return self.result(self.export_png(figure, width, height, scale))

    def result(self, future: concurrent.futures.Future[bytes]) -> bytes:
        """The image of an export; a failed or stuck export restarts the browser on the next use."""
        try:
            return future.result(self.timeout)
        except Exception as error:
            future.cancel()
            self.close()
            raise ChartExportError(f"chart export failed: {error!r}") from error

    def close(self) -> None:
        """Stop the browser and its thread; the next export starts a new one."""
        with self._lock:
            loop, thread, browser = self._loop, self._thread, self._kaleido
            self._loop = self._thread = self._kaleido = None
        if loop is None or thread is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(browser.close(), loop).result(10)
        except Exception:  # a crashed browser is gone already
            log.debug("closing the chart browser failed", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        if not thread.is_alive():
            loop.close()


def kaleido_class() -> type:
    """Kaleido, reloading its page every RELOAD_EVERY figures rather than after each one.

    Kaleido reloads the page (and so plotly.js) after every figure: about 120 ms, most of an export. Its page script
    draws each figure in a new element and purges it afterwards, so the reload only guards against slow leaks;
    doing it now and then keeps that guard. Should kaleido change the method this relies on, it is used as it is.
    """
    import kaleido  # imported here: it is only needed once a browser exists

    if not hasattr(kaleido.Kaleido, "_return_kaleido_tab"):
        return kaleido.Kaleido

    class ReloadingNowAndThen(kaleido.Kaleido):
        figures = 0

        async def _return_kaleido_tab(self, tab: Any) -> None:
            self.figures += 1
            if self.figures % RELOAD_EVERY == 0:
                await super()._return_kaleido_tab(tab)
            else:
                await self.tabs_ready.put(tab)

    return ReloadingNowAndThen


_exporters: dict[Path, ChartExporter] = {}
_exporters_lock = threading.Lock()


def shared_exporter(browser: Path) -> ChartExporter:
    """The process's exporter for a browser: every app in the process shares one Chromium."""
    with _exporters_lock:
        if browser not in _exporters:
            _exporters[browser] = ChartExporter(browser)
            if len(_exporters) == 1:
                atexit.register(close_all)
        return _exporters[browser]


def start_in_background(found: ChartExporter | None) -> threading.Thread | None:
    """Start the browser in a daemon thread, so that the first report does not wait for it (the job worker does
    this at start-up: it makes the reports, and one browser there costs less memory than one per web worker)."""
    if found is None:
        return None

    def start() -> None:
        try:
            found.start()
        except ChartExportError:
            log.warning("the chart browser did not start; the first report with a chart tries again", exc_info=True)

    thread = threading.Thread(target=start, name="chart-browser-start", daemon=True)
    thread.start()
    return thread


def close_all() -> None:
    with _exporters_lock:
        exporters = list(_exporters.values())
    for exporter in exporters:
        exporter.close()


def find_browser(configured: str | None) -> Path | None:
    """The Chromium to use: configured path, else BROWSER_PATH, else Debian's; None when it is not there."""
    path = Path(configured or os.environ.get("BROWSER_PATH") or DEFAULT_BROWSER)
    return path if path.is_file() and os.access(path, os.X_OK) else None


def init_app(app: Flask) -> None:
    """Find the browser for report charts once; without one, warn once and render reports without the chart."""
    configured = app.config.get("REPORT_BROWSER_PATH")
    if not app.config.get("REPORT_CHARTS", True):
        app.extensions["chart_export"] = None
        return
    browser = find_browser(configured)
    if browser is None:
        looked = configured or os.environ.get("BROWSER_PATH") or DEFAULT_BROWSER
        log.warning(
            "PDF reports will show the table of scores instead of the radar chart: no Chromium at %s. "
            "To enable charts in reports, install Debian's Chromium (apt-get install chromium) or point "
            "BROWSER_PATH (or ROADMAP_REPORT_BROWSER_PATH) at a Chromium or Chrome executable.",
            looked,
        )
        app.extensions["chart_export"] = None
        return
    app.extensions["chart_export"] = shared_exporter(browser)


def exporter() -> ChartExporter | None:
    """The current app's exporter, None when charts are disabled."""
    found: ChartExporter | None = current_app.extensions.get("chart_export")
    return found
