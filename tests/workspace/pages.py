"""Reading the consultant's pages in tests: chart JSON, tables and rows as text; scores per dimension."""

from __future__ import annotations

import json
import re

Scores = dict[str, float | None]


def every(keys: list[str], score: float | None, **overrides: float | None) -> Scores:
    return {key: overrides.get(key, score) for key in keys}


def figure(html: str, name: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{name}-figure">(.*?)</script>', html, re.S)
    assert found, f"no {name} figure"
    return json.loads(found.group(1))


def table(html: str, css_class: str) -> str:
    found = re.search(rf'<table class="[^"]*\b{css_class}\b[^"]*">(.*?)</table>', html, re.S)
    assert found, f"no table {css_class}"
    return found.group(1)


def row(html: str, header: str) -> list[str]:
    """The cells of the table row whose row header is `header`, as text."""
    found = re.search(rf'<th scope="row">(?:<a [^>]*>)?{re.escape(header)}(?:</a>)?.*?</th>(.*?)</tr>', html, re.S)
    assert found, f"no row {header}"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]


def names_in_table(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/clients/\d+">([^<]+)</a></th>', table(html, "portfolio"))
