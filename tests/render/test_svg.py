"""The chart export's fast path: kaleido's page is reloaded every RELOAD_EVERY figures, not after each one.

render/svg.py overrides kaleido's private `_return_kaleido_tab` and uses its `tabs_ready` queue. Should a kaleido
release rename or drop either, `kaleido_class` falls back to kaleido as it is: exports still work, but each costs a
page reload (most of its time). These tests fail then, so the pin in pyproject.toml is not widened unnoticed.
"""

from __future__ import annotations

import asyncio
import inspect
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import kaleido
import pytest
from flask import Flask

from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import assess
from roadmap.render import svg
from roadmap.render.charts import radar_figure
from roadmap.render.pdf import CHART_HEIGHT, CHART_WIDTH
from tests.conftest import all_answers


def test_kaleido_still_has_the_hook_and_queue_the_fast_path_relies_on() -> None:
    hook = getattr(kaleido.Kaleido, "_return_kaleido_tab", None)
    assert hook is not None and inspect.iscoroutinefunction(hook), "kaleido no longer has _return_kaleido_tab"
    assert "self._return_kaleido_tab(" in inspect.getsource(kaleido.Kaleido), "kaleido no longer calls the hook"
    assert "self.tabs_ready" in inspect.getsource(kaleido.Kaleido.__init__), "kaleido no longer has tabs_ready"


def test_the_exporter_uses_the_class_that_reloads_now_and_then() -> None:
    exporter_class = svg.kaleido_class()
    assert exporter_class is not kaleido.Kaleido and issubclass(exporter_class, kaleido.Kaleido)
    assert exporter_class._return_kaleido_tab is not kaleido.Kaleido._return_kaleido_tab


def test_a_tab_is_reloaded_once_every_reload_every_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    reloads: list[object] = []

    async def reload_and_return(self: Any, tab: object) -> None:  # kaleido's own: reload the page, put the tab back
        reloads.append(tab)
        await self.tabs_ready.put(tab)

    monkeypatch.setattr(kaleido.Kaleido, "_return_kaleido_tab", reload_and_return)
    exporter_class = svg.kaleido_class()
    browser = exporter_class.__new__(exporter_class)  # no browser: only the tab bookkeeping is under test

    async def return_tabs(count: int) -> int:
        browser.tabs_ready = asyncio.Queue()
        for _ in range(count):
            await browser._return_kaleido_tab("tab")
        return browser.tabs_ready.qsize()

    # A thread of its own: Playwright's sync API may have left an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        returned = thread.submit(asyncio.run, return_tabs(2 * svg.RELOAD_EVERY)).result()
    assert returned == 2 * svg.RELOAD_EVERY  # every tab back in the queue
    assert len(reloads) == 2


@pytest.mark.browser
@pytest.mark.skipif(svg.find_browser(None) is None, reason="Chromium not found: apt-get install chromium")
def test_exports_through_the_browser_do_not_reload_the_page_per_figure(
    app: Flask, questionnaire: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kaleido._kaleido_tab._tab import _KaleidoTab  # the tab whose reload the fast path saves

    exporter = app.extensions["chart_export"]
    assert isinstance(exporter, svg.ChartExporter)
    exporter.start()
    assert type(exporter._kaleido)._return_kaleido_tab is not kaleido.Kaleido._return_kaleido_tab
    reloads = []
    reload = _KaleidoTab.reload

    async def counted(self: Any) -> Any:
        reloads.append(self)
        return await reload(self)

    monkeypatch.setattr(_KaleidoTab, "reload", counted)
    monkeypatch.setattr(svg, "RELOAD_EVERY", 1_000_000)
    with app.test_request_context():
        figure = radar_figure(questionnaire, assess(questionnaire, all_answers(questionnaire)), "en")
    for _ in range(3):
        assert exporter.svg(figure, CHART_WIDTH, CHART_HEIGHT).startswith(b"<svg")
    assert reloads == []
