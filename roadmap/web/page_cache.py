"""Rendered parts of pages kept by everything they depend on, so a page repeats only what is its own per request.

What is kept never holds anything of one request: no CSRF token, no flashed message, no logged-in user's
navigation, no posted value; the key of each part holds every input its HTML depends on (see the callers: the
portfolio's body, a result page's body, a question's fieldset and a page's form class).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from cachetools import LRUCache
from flask import current_app
from markupsafe import Markup

V = TypeVar("V")


class Kept(Generic[V]):
    """The last `size` values, by key (an LRU per process, shared by its threads)."""

    def __init__(self, size: int = 16) -> None:
        self._entries: LRUCache[Hashable, V] = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            return self._entries.get(key)

    def keep(self, key: Hashable, value: V) -> V:
        with self._lock:
            self._entries[key] = value
        return value


@dataclass(frozen=True)
class CachedBody:
    html: Markup
    charts: bool  # whether the page needs the chart scripts


class PageCache(Kept[CachedBody]):
    """Rendered page bodies, by key."""

    def put(self, key: Hashable, html: str, charts: bool = False) -> CachedBody:
        return self.keep(key, CachedBody(Markup(html), charts))  # our own autoescaped template output


def app_cache(name: str, size: int) -> PageCache:
    """This app's page cache called `name`, made on its first use (one app per process; each test its own)."""
    return app_kept(name, size, PageCache)


K = TypeVar("K", bound=Kept)


def app_kept(name: str, size: int, kind: type[K]) -> K:
    """This app's cache called `name` of a kind, made on its first use."""
    cache = current_app.extensions.get(name)
    if cache is None:
        cache = current_app.extensions.setdefault(name, kind(size))
    assert isinstance(cache, kind)
    return cache
