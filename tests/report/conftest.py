"""PDF report helpers: read a PDF back as text, sample answers, and Chromium-or-skip for the chart tests.

Every app in the test process shares one Chromium (roadmap.render.svg.shared_exporter); it is started by the
first report with a chart and closed at the end of the session.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from io import BytesIO

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from roadmap.domain.questionnaire import Questionnaire
from roadmap.render.svg import close_all, find_browser

BROWSER = find_browser(None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `browser` here need Chromium for the chart export; skip them, saying why, without it."""
    if BROWSER is not None:
        return
    skip = pytest.mark.skip(reason="Chromium not found (BROWSER_PATH or /usr/bin/chromium): apt-get install chromium")
    for item in items:
        if "browser" in item.keywords and "tests/report/" in item.nodeid:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def close_chart_browser() -> Iterator[None]:
    yield
    close_all()


@dataclass
class Pdf:
    """A PDF read back: its pages' text, metadata and catalogue."""

    reader: PdfReader

    @cached_property
    def pages(self) -> list[str]:
        return [page.extract_text() for page in self.reader.pages]

    @cached_property
    def text(self) -> str:
        return "\n".join(self.pages)

    @cached_property
    def squashed(self) -> str:
        return squash(self.text)

    def contains(self, phrase: str) -> bool:
        """Whether the phrase is in the text, however lines were broken."""
        return squash(phrase) in self.squashed

    def page_with(self, phrase: str) -> str:
        found = [page for page in self.pages if squash(phrase) in squash(page)]
        assert found, f"no page with {phrase!r}"
        return found[0]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_pdf(data: bytes) -> Pdf:
    assert data.startswith(b"%PDF-"), data[:200]
    return Pdf(PdfReader(BytesIO(data)))


def mixed_answers(questionnaire: Questionnaire) -> dict[str, str]:
    """Phase 2 overall, Measurement and insights a phase behind, Strategy ahead, People all "don't know"."""
    answers = {q.key: "dialogue" for q in questionnaire.questions}
    levels = {"strategy": "engagement", "measurement": "presence", "people": "dont_know"}
    for key, option in levels.items():
        dimension = questionnaire.dimension(key)
        assert dimension is not None
        answers.update({q.key: option for q in dimension.questions})
    return answers


@pytest.fixture
def download(client: FlaskClient) -> Callable[..., Pdf]:
    """GET a report and read it back; fails unless it is a PDF."""

    def get(token: str, language: str = "en") -> Pdf:
        response = client.get(f"/a/{token}/report.pdf?lang={language}")
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        assert response.mimetype == "application/pdf"
        return read_pdf(response.data)

    return get
