"""A client's rounds side by side: the round before a given one, and the client report PDF (every round of the
client, the trend per topic, and what the latest result needs to reach the next phase).

Figures come from `services.portfolio`, so they are what the client page shows: a confidential round below its
minimum has no result and is left out. Client reports are kept in an in-memory cache of their own (per process),
keyed by everything they show (`portfolio.fingerprint` of the client's rounds, the names on the cover, the brand,
the action plan, language, layout).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Hashable

from cachetools import LRUCache
from flask import current_app
from sqlalchemy.orm import Session

from roadmap.domain.actions import plan_fingerprint
from roadmap.models import Client
from roadmap.render import report_html as html
from roadmap.render.filenames import client_report_filename
from roadmap.render.pdf import pdf_with_chart
from roadmap.render.svg import ChartExporter
from roadmap.services import actions, branding, portfolio
from roadmap.services.portfolio import trend_since
from roadmap.services.reports import Report, ReportUnavailable, brand_fingerprint, layout, static_folder

CACHE_SIZE = 16  # client reports per process, each a few hundred kB
_cache_lock = threading.Lock()
MOST_ROUNDS = 6  # the latest rounds side by side: a table of more does not fit a page


class NoRoundWithResult(ReportUnavailable):
    """The client has no round whose result may be shown: nothing to report."""

    def __init__(self) -> None:
        super().__init__(submitted=False)


def cached_report(key: Hashable) -> bytes | None:
    with _cache_lock:
        return _cache().get(key)


def keep_report(key: Hashable, pdf: bytes) -> None:
    with _cache_lock:
        _cache()[key] = pdf


def _cache() -> LRUCache[Hashable, bytes]:
    """This app's client reports (per process; a restart empties it); hold _cache_lock to use it."""
    cache: LRUCache[Hashable, bytes] = current_app.extensions.setdefault(
        "client_report_cache", LRUCache(maxsize=CACHE_SIZE)
    )
    return cache


def client_cache_key(figures: portfolio.ClientFigures, language: str, with_chart: bool) -> tuple[Hashable, ...]:
    consultant = figures.client.consultant
    return (
        "client",
        figures.client.id,
        language,
        layout(with_chart),
        portfolio.fingerprint([figures]),
        consultant.name,
        consultant.firm_name,
        brand_fingerprint(branding.client_brand(figures.client)),
    )


def client_report(session: Session, client: Client, language: str, exporter: ChartExporter | None) -> Report:
    """The client report in a language; NoRoundWithResult while no round of the client has a result to show."""
    figures = portfolio.client_figures(session, client)
    latest = figures.current
    if latest is None:
        raise NoRoundWithResult()
    rounds = figures.with_result[-MOST_ROUNDS:]
    plan = actions.planned(session, client)
    trend = trend_since(rounds[0], latest) if len(rounds) > 1 else None

    def page(chart: bool) -> str:
        return html.client_report_html(
            latest.questionnaire,
            rounds,
            language,
            chart,
            organisation=client.name,
            consultant=client.consultant,
            trend=trend,
            left_out=len(figures.with_result) - len(rounds),
            action_plan=plan,
            brand=branding.client_brand(client),
        )

    wanted_chart = exporter is not None
    key = (*client_cache_key(figures, language, wanted_chart), plan_fingerprint(plan))
    pdf = cached_report(key)
    if pdf is None:
        pdf, with_chart = pdf_with_chart(
            page, latest.questionnaire, latest.group.result, language, exporter, static_folder()
        )
        if with_chart == wanted_chart:  # a report without the chart it should have had is not kept
            keep_report(key, pdf)
    etag = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    return Report(pdf=pdf, filename=client_report_filename(client.name, latest.held_on, language), etag=etag)
