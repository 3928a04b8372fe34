"""What the portfolio and client pages show: the query string read and checked, rows, tables and chart JSON."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from roadmap.domain import vocabulary
from roadmap.domain.progress import Change, Distribution, Target, changes_between, distribution_of, score_of, targets_of
from roadmap.domain.questionnaire import Questionnaire
from roadmap.i18n import format_date
from roadmap.render.charts import radar_overlay
from roadmap.render.portfolio_charts import client_charts, portfolio_charts
from roadmap.services.portfolio import ClientFigures, RoundFigures, filtered
from roadmap.web.formatting import NO_VALUE, score_formatter
from roadmap.web.forms import SECTORS, SIZE_BANDS
from roadmap.web.page_cache import PageCache

__all__ = ["Change", "Distribution", "Target", "score_of"]

COMPARE_MIN, COMPARE_MAX = 2, 5
PAGE_SIZE = 50  # clients per page of the table and the heatmap; the counts and distributions cover them all
SORT_KEYS = ("name", "sector", "size", "phase", "score", "date", "respondents")


page_cache = PageCache()


@dataclass(frozen=True)
class SortLink:
    key: str
    label: str
    url: str
    aria_sort: str | None


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


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    current: bool


@dataclass
class PortfolioView:
    rows: list[ClientFigures]
    query: str | None = None  # part of a client's name, as searched
    page: int = 1
    pages: int = 1
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
    charts: dict[str, Any] = field(default_factory=dict)  # Plotly figures by name
    table: list[Row] = field(default_factory=list)

    @classmethod
    def of(
        cls, args: MultiDict[str, str], clients: list[ClientFigures], questionnaire: Questionnaire, language: str
    ) -> PortfolioView:
        view = cls(rows=[])
        view._read(args)
        rows = filtered(clients, view.sector, view.size_band, view.phase, view.query)
        view.rows = sorted_by(rows, view.sort, view.descending, list(vocabulary.SIZE_BANDS))
        view._turn_to(args.get("page", ""))
        view.sort_links = view._sort_links()
        view.heat_rows = [c for c in view.page_rows if c.current is not None]
        view._compare(args, clients, questionnaire, language)
        view._charts(questionnaire, language)
        view.table = rows_of(view.page_rows, questionnaire, language)
        return view

    @property
    def first(self) -> int:
        """The position of the page's first client (1-based; 0 when none matches)."""
        return min((self.page - 1) * PAGE_SIZE + 1, len(self.rows))

    @property
    def last(self) -> int:
        return min(self.page * PAGE_SIZE, len(self.rows))

    @property
    def page_rows(self) -> list[ClientFigures]:
        return self.rows[(self.page - 1) * PAGE_SIZE : self.page * PAGE_SIZE]

    @property
    def chosen_elsewhere(self) -> list[int]:
        """Clients ticked for comparison that are not on this page (kept in the form as they are)."""
        shown = {c.client.id for c in self.page_rows}
        return [i for i in self.compare_ids if i not in shown]

    def _turn_to(self, page: str) -> None:
        self.pages = max(1, -(-len(self.rows) // PAGE_SIZE))
        if not page:
            return
        if not (page.isdecimal() and len(page) < 10) or int(page) < 1:  # "²" is a digit
            self.errors.append(_("There is no page “%(value)s”: showing the first page.", value=page))
        elif int(page) > self.pages:
            self.errors.append(
                _("There is no page %(page)d: showing the last page, %(last)d.", page=int(page), last=self.pages)
            )
            self.page = self.pages
        else:
            self.page = int(page)

    def page_links(self) -> list[PageLink | None]:
        """Links to the first, the last and the pages around this one; None stands for the pages left out."""
        wanted = sorted({1, self.pages, *range(max(1, self.page - 2), min(self.pages, self.page + 2) + 1)})
        links: list[PageLink | None] = []
        for number in wanted:
            if links and (previous := links[-1]) is not None and number > previous.number + 1:
                links.append(None)
            links.append(PageLink(number, self.page_url(number), number == self.page))
        return links

    def page_url(self, number: int) -> str:
        return url_for("workspace.clients.portfolio", **self.params(page=number if number > 1 else None))

    def _read(self, args: MultiDict[str, str]) -> None:
        query = " ".join(args.get("q", "").split())
        if len(query) > vocabulary.NAME_MAX:
            self.errors.append(
                _(
                    "A client's name has at most %(max)d characters: search for part of it. Showing every client.",
                    max=vocabulary.NAME_MAX,
                )
            )
        else:
            self.query = query or None
        sector, size_band, phase = args.get("sector", ""), args.get("size", ""), args.get("phase", "")
        if sector and sector not in vocabulary.SECTORS:
            self.errors.append(_("There is no sector “%(value)s”: showing every sector.", value=sector))
        else:
            self.sector = sector or None
        if size_band and size_band not in vocabulary.SIZE_BANDS:
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
            "q": self.query,
            "sector": self.sector,
            "size": self.size_band,
            "phase": self.phase,
            "sort": self.sort if self.sort != "name" or self.descending else None,
            "dir": "desc" if self.descending else None,
            "compare": self.compare_ids or None,
            "page": self.page if self.page > 1 else None,
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
            direction = "desc" if descending else "asc"
            url = url_for("workspace.clients.portfolio", **self.params(sort=key, dir=direction, page=None))
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
        self.charts["radar"] = radar_overlay(
            questionnaire, [(c.client.name, c.current.group.result) for c in chosen if c.current], language
        )

    def _charts(self, questionnaire: Questionnaire, language: str) -> None:
        keys = [d.key for d in questionnaire.dimensions]

        def scores(c: ClientFigures) -> list[float | None]:
            by_key = {d.key: d.score for d in c.current.group.result.dimensions} if c.current else {}
            return [by_key.get(key) for key in keys]

        # The distributions cover every matching client, the heatmap the clients on this page.
        every = [scores(c) for c in self.rows if c.current is not None]
        for index, key in enumerate(keys):
            self.distributions.append(distribution_of(key, [s for row in every if (s := row[index]) is not None]))
        names = [c.client.name for c in self.heat_rows]
        matrix = [scores(c) for c in self.heat_rows]
        self.charts.update(portfolio_charts(questionnaire, names, matrix, language, box_matrix=every))


def rows_of(clients: Sequence[ClientFigures], questionnaire: Questionnaire, language: str) -> list[Row]:
    score = score_formatter()
    sectors = {key: str(label) for key, label in SECTORS}
    sizes = {key: str(label) for key, label in SIZE_BANDS}
    dates: dict[date, str] = {}
    phases = {p.level: f"{p.level}. {p.name(language)}" for p in questionnaire.phases}
    client_url = url_for("workspace.clients.client", client_id=0).removesuffix("0")
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


def sorted_by(
    clients: Iterable[ClientFigures], key: str, descending: bool, size_order: Sequence[str]
) -> list[ClientFigures]:
    """Clients sorted by a column of the portfolio table; clients without a value come last either way."""

    def value(c: ClientFigures) -> object:
        current = c.current
        if key == "name":
            return c.client.name.casefold()
        if key == "sector":
            return c.client.sector
        if key == "size":
            return size_order.index(c.client.size_band) if c.client.size_band in size_order else None
        if key == "phase":
            return current.group.result.phase if current else None
        if key == "score":
            return current.group.result.overall_score if current else None
        if key == "date":
            return current.held_on if current else None
        if key == "respondents":
            return current.group.respondents if current else None
        raise ValueError(key)

    by_name = sorted(clients, key=lambda c: (c.client.name.casefold(), c.client.id))
    present = [c for c in by_name if value(c) is not None]
    absent = [c for c in by_name if value(c) is None]
    return sorted(present, key=value, reverse=descending) + absent  # type: ignore[arg-type]


@dataclass
class ClientView:
    rounds: list[RoundFigures]
    changes: list[Change]
    targets: list[Target]
    charts: dict[str, Any]  # Plotly figures by name

    @classmethod
    def of(cls, figures: ClientFigures, questionnaire: Questionnaire, language: str) -> ClientView:
        current, previous = figures.current, figures.previous
        keys = [d.key for d in questionnaire.dimensions]
        changes = changes_between(previous.group.result, current.group.result, keys) if current and previous else []
        targets = targets_of(current.group.result, figures.client.targets, keys) if current else []
        rounds = [(round_label(r), r.group.result) for r in figures.with_result]
        chart_figures = client_charts(questionnaire, rounds, figures.client.targets, language)
        return cls(list(reversed(figures.rounds)), changes, targets, chart_figures)


def round_label(figures: RoundFigures) -> str:
    return f"{figures.name} ({figures.held_on.isoformat()})"
