"""Report HTML to a tagged PDF with WeasyPrint, which gets only the app's static files and the report's own chart.

Everything else WeasyPrint asks for, on the network or the file system, is refused (StaticOnlyFetcher). The radar
chart is exported as SVG by the browser (render.svg) while WeasyPrint parses the HTML; should that fail, the
report is made again with the table of scores in its place.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.request import url2pathname

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result
from roadmap.render.charts import radar_figure
from roadmap.render.svg import ChartExporter, ChartExportError

log = logging.getLogger(__name__)

CHART_URL = "roadmap-report:radar-chart.svg"
# The exported chart in CSS pixels; the stylesheet scales it to the width of the page.
CHART_WIDTH, CHART_HEIGHT = 860, 560


class RefusedURL(ValueError):
    """WeasyPrint asked for something that is not one of the app's static files or the report's own chart."""


class StaticOnlyFetcher(URLFetcher):
    """Gives WeasyPrint the app's static files, data: URIs and the report's own resources, and nothing else."""

    def __init__(self, static_folder: Path, resources: Mapping[str, Callable[[], bytes]]) -> None:
        super().__init__(allowed_protocols=("data",))
        self.static_folder = static_folder.resolve()
        self.resources = resources

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        if url in self.resources:
            return URLFetcherResponse(url, self.resources[url](), {"Content-Type": "image/svg+xml"})
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(url2pathname(url.split("?", 1)[0].split("#", 1)[0].removeprefix("file:"))).resolve()
            if path.is_relative_to(self.static_folder) and path.is_file():
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})
        log.warning("Report refused to fetch %.200s", url)
        raise RefusedURL(f"not allowed in reports: {url[:200]}")


def render_pdf(html: str, fetcher: StaticOnlyFetcher) -> bytes:
    """HTML to a tagged PDF/UA-1 document; relative URLs resolve inside the static folder."""
    document = HTML(string=html, base_url=fetcher.static_folder.as_uri() + "/", url_fetcher=fetcher)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    assert pdf is not None
    return pdf


def pdf_with_chart(
    html: Callable[[bool], str],
    questionnaire: Questionnaire,
    result: Result,
    language: str,
    exporter: ChartExporter | None,
    static: Path,
) -> tuple[bytes, bool]:
    """A report's PDF from `html(with_chart)`, and whether it has the radar chart of `result`.

    The chart is exported by the browser while WeasyPrint parses the HTML and styles; WeasyPrint waits for it only
    when it lays out the image. Should the export fail, the report is made again with the table in its place.
    """
    resources: dict[str, Callable[[], bytes]] = {}
    failures: list[ChartExportError] = []
    if exporter is not None:
        figure = radar_figure(questionnaire, result, language)
        try:
            future = exporter.export_svg(figure, CHART_WIDTH, CHART_HEIGHT)
        except ChartExportError as error:
            failures.append(error)
        else:

            def chart() -> bytes:
                try:
                    return exporter.result(future)
                except ChartExportError:
                    pass
                # A failed export has closed the browser (a tab that lost its script under load was seen to
                # fail this way): the figure is tried once more in a new one.
                try:
                    return exporter.result(exporter.export_svg(figure, CHART_WIDTH, CHART_HEIGHT))
                except ChartExportError as error:
                    failures.append(error)
                    raise

            resources[CHART_URL] = chart
    if resources:
        pdf = render_pdf(html(True), StaticOnlyFetcher(static, resources))
        if not failures:
            return pdf, True
    if failures:
        log.error("The report shows the table of scores instead of the chart: %s", failures[0])
    return render_pdf(html(False), StaticOnlyFetcher(static, {})), False
