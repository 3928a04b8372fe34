"""What the portfolio and client pages show: the query string read and checked, rows, tables and chart JSON."""

from __future__ import annotations

import statistics
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from roadmap import workspace_charts as charts
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result
from roadmap.services.portfolio import SORT_KEYS, ClientFigures, RoundFigures, filtered, sorted_by
from roadmap.web.formatting import score_formatter
from roadmap.web.forms import SECTORS, SIZE_BANDS

COMPARE_MIN, COMPARE_MAX = 2, 5
# A box plot of fewer clients would let a reader pick out one client's figures.
BOX_MIN_CLIENTS = 5
NO_VALUE = "\u2013"  # an en dash, as the templates show a missing value


@dataclass(frozen=True)
class CachedBody:
    html: Markup
    charts: bool


class PageCache:
    """The last few rendered portfolio contents, by everything they depend on (see `clients.portfolio`)."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, CachedBody] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> CachedBody | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, html: str, charts: bool) -> CachedBody:
        body = CachedBody(Markup(html), charts)  # our own autoescaped template output
        with self._lock:
            self._entries[key] = body
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return body


page_cache = PageCache()


def score_of(result: Result, key: str) -> float | None:
    """A dimension's score, or None where the result's questionnaire version has no such dimension."""
    return next((d.score for d in result.dimensions if d.key == key), None)


@dataclass(frozen=True)
class SortLink:
    key: str
    label: str
    url: str
    aria_sort: str | None


@dataclass(frozen=True)
class Distribution:
    """One dimension's scores across clients; figures only when at least BOX_MIN_CLIENTS contribute."""

    key: str
    count: int
    low: float | None = None
    quartile1: float | None = None
    median: float | None = None
    quartile3: float | None = None
    high: float | None = None

    @property
    def shown(self) -> bool:
        return self.count >= BOX_MIN_CLIENTS


@dataclass(frozen=True)
class Row:
    """One client as the portfolio table and the heatmap table show it, formatted once in Python: at a thousand
    clients, calling template functions per cell costs more than everything else on the page."""

    id: int
    name: str
    url: str
    sector: str
    size: str
    phase: str | None
    score: str
    held_on: str
    respondents: int | None
    scores: tuple[str, ...]


@dataclass
class PortfolioView:
    rows: list[ClientFigures]
    sector: str | None = None
    size_band: str | None = None
    phase: int | None = None
    sort: str = "name"
    descending: bool = False
    errors: list[str] = field(default_factory=list)
    compare_ids: list[int] = field(default_factory=list)
    compare_error: str | None = None
    compared: list[ClientFigures] = field(default_factory=list)
    sort_links: list[SortLink] = field(default_factory=list)
    heat_rows: list[ClientFigures] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    table: list[Row] = field(default_factory=list)

    @classmethod
    def of(
        cls, args: MultiDict[str, str], clients: list[ClientFigures], questionnaire: Questionnaire, language: str
    ) -> PortfolioView:
        view = cls(rows=[])
        view._read(args)
        rows = filtered(clients, view.sector, view.size_band, view.phase)
        view.rows = sorted_by(rows, view.sort, view.descending, [key for key, _label in SIZE_BANDS])
        view.sort_links = view._sort_links()
        view.heat_rows = [c for c in view.rows if c.current is not None]
        view._compare(args, clients, questionnaire, language)
        view._charts(questionnaire, language)
        view.table = rows_of(view.rows, questionnaire, language)
        return view

    def _read(self, args: MultiDict[str, str]) -> None:
        sector, size_band, phase = args.get("sector", ""), args.get("size", ""), args.get("phase", "")
        if sector and sector not in dict(SECTORS):
            self.errors.append(_("There is no sector “%(value)s”: showing every sector.", value=sector))
        else:
            self.sector = sector or None
        if size_band and size_band not in dict(SIZE_BANDS):
            self.errors.append(_("There is no size “%(value)s”: showing every size.", value=size_band))
        else:
            self.size_band = size_band or None
        if phase and phase not in ("1", "2", "3", "4"):
            self.errors.append(_("There is no phase “%(value)s”: showing every phase.", value=phase))
        else:
            self.phase = int(phase) if phase else None
        sort, direction = args.get("sort", "name"), args.get("dir", "asc")
        if sort not in SORT_KEYS or direction not in ("asc", "desc"):
            self.errors.append(_("The table cannot be sorted that way: sorted by name instead."))
        else:
            self.sort, self.descending = sort, direction == "desc"

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query string of this view, with changes (None removes a parameter)."""
        params: dict[str, Any] = {
            "sector": self.sector,
            "size": self.size_band,
            "phase": self.phase,
            "sort": self.sort if self.sort != "name" or self.descending else None,
            "dir": "desc" if self.descending else None,
            "compare": self.compare_ids or None,
        }
        params.update(changes)
        return {key: value for key, value in params.items() if value is not None}

    def _sort_links(self) -> list[SortLink]:
        labels = {
            "name": _("Client"),
            "sector": _("Sector"),
            "size": _("Size"),
            "phase": _("Phase"),
            "score": _("Overall score"),
            "date": _("Latest round"),
            "respondents": _("Respondents"),
        }
        links = []
        for key in SORT_KEYS:
            current = key == self.sort
            descending = not self.descending if current else key in ("score", "phase", "date", "respondents")
            url = url_for("clients.portfolio", **self.params(sort=key, dir="desc" if descending else "asc"))
            aria = ("descending" if self.descending else "ascending") if current else None
            links.append(SortLink(key, labels[key], url, aria))
        return links

    def _compare(
        self, args: MultiDict[str, str], clients: list[ClientFigures], questionnaire: Questionnaire, language: str
    ) -> None:
        raw = args.getlist("compare")
        if not raw:
            return
        by_id = {c.client.id: c for c in clients}
        ids: list[int] = []
        for value in raw:
            if not (value.isdecimal() and len(value) < 10) or int(value) not in by_id:  # "²" is a digit
                self.compare_error = _("One of the chosen clients does not exist. Choose again.")
                return
            if int(value) not in ids:
                ids.append(int(value))
        self.compare_ids = ids
        if not COMPARE_MIN <= len(ids) <= COMPARE_MAX:
            self.compare_error = _(
                "Choose from %(low)d to %(high)d clients to compare; you chose %(count)d.",
                low=COMPARE_MIN,
                high=COMPARE_MAX,
                count=len(ids),
            )
            return
        chosen = [by_id[i] for i in ids]
        without = [c.client.name for c in chosen if c.current is None]
        if without:
            self.compare_error = _(
                "These clients have no round with a result yet, so they cannot be compared: %(names)s.",
                names=", ".join(without),
            )
            return
        self.compared = chosen
        self.figures["radar"] = charts.radar_overlay(
            questionnaire, [(c.client.name, c.current.group.result) for c in chosen if c.current], language
        )

    def _charts(self, questionnaire: Questionnaire, language: str) -> None:
        keys = [d.key for d in questionnaire.dimensions]
        matrix = []
        for c in self.heat_rows:
            by_key = {d.key: d.score for d in c.current.group.result.dimensions} if c.current else {}
            matrix.append([by_key.get(key) for key in keys])
        if self.heat_rows:
            self.figures["heatmap"] = charts.heatmap(
                [c.client.name for c in self.heat_rows],
                charts.dimension_names(questionnaire, language),
                matrix,
                {"score": _("Score")},
            )
        values: dict[str, list[float]] = {}
        for index, dimension in enumerate(questionnaire.dimensions):
            scores = [s for row in matrix if (s := row[index]) is not None]
            self.distributions.append(distribution_of(dimension.key, scores))
            if len(scores) >= BOX_MIN_CLIENTS:
                values[dimension.key] = scores
        if values:
            self.figures["boxes"] = charts.box_chart(questionnaire, values, language, {"score": _("Score")})


def rows_of(clients: Sequence[ClientFigures], questionnaire: Questionnaire, language: str) -> list[Row]:
    score = score_formatter()
    sectors = {key: str(label) for key, label in SECTORS}
    sizes = {key: str(label) for key, label in SIZE_BANDS}
    dates: dict[date, str] = {}
    phases = {p.level: f"{p.level}. {p.name(language)}" for p in questionnaire.phases}
    client_url = url_for("clients.client", client_id=0).removesuffix("0")
    rows = []
    for c in clients:
        current = c.current
        sector = sectors.get(c.client.sector or "", NO_VALUE)
        size = sizes.get(c.client.size_band or "", NO_VALUE)
        url = f"{client_url}{c.client.id}"
        if current is None:
            rows.append(Row(c.client.id, c.client.name, url, sector, size, None, "", "", None, ()))
            continue
        result = current.group.result
        if current.held_on not in dates:
            dates[current.held_on] = format_date(current.held_on, "medium")
        by_key = {d.key: d.score for d in result.dimensions}
        rows.append(
            Row(
                c.client.id,
                c.client.name,
                url,
                sector,
                size,
                phases.get(result.phase) if result.phase else None,
                score(result.overall_score) if result.overall_score is not None else NO_VALUE,
                dates[current.held_on],
                current.group.respondents,
                tuple(
                    score(value) if (value := by_key.get(d.key)) is not None else NO_VALUE
                    for d in questionnaire.dimensions
                ),
            )
        )
    return rows


def distribution_of(key: str, scores: Sequence[float]) -> Distribution:
    if len(scores) < BOX_MIN_CLIENTS:
        return Distribution(key, len(scores))
    # "inclusive" quartiles are Plotly's "linear" quartile method: the table and the box plot agree.
    q1, median, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    return Distribution(key, len(scores), min(scores), q1, median, q3, max(scores))


@dataclass(frozen=True)
class Change:
    """One dimension between the previous round with a result and the latest."""

    key: str
    previous: float | None
    now: float | None

    @property
    def change(self) -> float | None:
        return None if self.previous is None or self.now is None else self.now - self.previous

    @property
    def direction(self) -> str:
        """up, down, same, or none (one of the two has no score)."""
        change = self.change
        if change is None:
            return "none"
        rounded = round(change, 1)
        return "up" if rounded > 0 else "down" if rounded < 0 else "same"


@dataclass(frozen=True)
class Target:
    key: str
    target: int
    score: float | None
    phase: int | None

    @property
    def reached(self) -> bool:
        return self.phase is not None and self.phase >= self.target


@dataclass
class ClientView:
    rounds: list[RoundFigures]
    changes: list[Change]
    targets: list[Target]
    figures: dict[str, Any]

    @classmethod
    def of(cls, figures: ClientFigures, questionnaire: Questionnaire, language: str) -> ClientView:
        current, previous = figures.current, figures.previous
        changes = []
        if current and previous:
            changes = [
                Change(d.key, score_of(previous.group.result, d.key), score_of(current.group.result, d.key))
                for d in questionnaire.dimensions
            ]
        targets = []
        if current:
            result = current.group.result
            for d in questionnaire.dimensions:
                if d.key in figures.client.targets:
                    score = next((s for s in result.dimensions if s.key == d.key), None)
                    targets.append(
                        Target(
                            d.key,
                            figures.client.targets[d.key],
                            score.score if score else None,
                            score.phase if score else None,
                        )
                    )
        chart_figures: dict[str, Any] = {}
        with_result = figures.with_result
        if with_result:
            chart_figures["trend"] = charts.trend_chart(
                questionnaire,
                [round_label(r) for r in with_result],
                [r.group.result for r in with_result],
                language,
                {"score": _("Score")},
            )
        if current and targets:
            chart_figures["targets"] = charts.targets_chart(
                questionnaire,
                current.group.result,
                dict(figures.client.targets),
                language,
                {"actual": _("Score now"), "target": _("Target phase"), "axis": _("Score and phase, 1 to 4")},
            )
        return cls(list(reversed(figures.rounds)), changes, targets, chart_figures)


def round_label(figures: RoundFigures) -> str:
    return f"{figures.name} ({figures.held_on.isoformat()})"
