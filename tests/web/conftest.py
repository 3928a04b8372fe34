"""Web-level helpers: a small HTML tree to check markup, extra apps on the test database, questionnaire copies."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from roadmap.config import PROJECT_ROOT
from roadmap.db import db
from roadmap.domain.questionnaire import Questionnaire
from tests.conftest import all_answers, make_app

QUESTIONNAIRE_FILE = "social-business-roadmap.yaml"
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Element:
    """One element of a parsed page, enough to check structure: tag, attributes, children and text."""

    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str | bool) -> list[Element]:
        """Descendants by tag and attributes: aria_current="step" matches aria-current, class_ matches one class.

        True matches any value of a present attribute.
        """
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.iter()
            if element is not self
            and (tag is None or element.tag == tag)
            and all(element.has(name, value) for name, value in wanted.items())
        ]

    def find(self, tag: str | None = None, **attrs: str | bool) -> Element:
        """The first matching descendant; fails the test when there is none."""
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'}> with {attrs}"
        return found[0]

    def by_id(self, identifier: str) -> Element:
        return self.find(id=identifier)

    def has(self, name: str, value: str | bool) -> bool:
        if name not in self.attrs:
            return False
        if value is True:
            return True
        if name == "class":
            return value in self.attrs["class"].split()
        return self.attrs[name] == value

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def raw_text(self) -> str:
        return "".join(child if isinstance(child, str) else child.raw_text for child in self.children)

    @property
    def text(self) -> str:
        """The text content with white space collapsed."""
        return " ".join(self.raw_text.split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def _add(self, tag: str, attrs: list[tuple[str, str | None]]) -> Element:
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        return element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._add(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(source: str | bytes | TestResponse) -> Element:
    """Parse a page (or a response's body) into an Element tree."""
    if isinstance(source, TestResponse):
        source = source.get_data(as_text=True)
    if isinstance(source, bytes):
        source = source.decode()
    builder = _TreeBuilder()
    builder.feed(source)
    builder.close()
    return builder.root


def token_of(location: str) -> str:
    """The resume token in a redirect to an assessment's pages."""
    match = re.search(r"/a/([^/?#]+)", location)
    assert match, location
    return match.group(1)


@pytest.fixture
def make_web_app(database_url: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Apps on the test database with its tables created (several may share it); the rows are removed after."""
    apps: list[Flask] = []

    def make(**config: Any) -> Flask:
        app = make_app(database_url, tmp_path, **config)
        with app.app_context():
            db.create_all()
        apps.append(app)
        return app

    yield make
    for index, app in enumerate(apps):
        with app.app_context():
            db.session.remove()
            if index == 0:
                with db.engine.begin() as connection:
                    for table in reversed(db.metadata.sorted_tables):
                        connection.execute(table.delete())
            db.engine.dispose()


@pytest.fixture
def questionnaire_folder(tmp_path: Path) -> Path:
    """A copy of the real questionnaire folder, free to change."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(PROJECT_ROOT / "questionnaires" / QUESTIONNAIRE_FILE, folder / QUESTIONNAIRE_FILE)
    return folder


def edit_questionnaire(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the questionnaire file in a folder through its parsed content."""
    path = folder / QUESTIONNAIRE_FILE
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


EN = {"Accept-Language": "en"}


def answers_with(questionnaire: Questionnaire, option: str, **per_dimension: str) -> dict[str, str]:
    """Every question answered with `option`, except the dimensions given, answered with theirs."""
    answers = all_answers(questionnaire, option)
    for dimension in questionnaire.dimensions:
        for question in dimension.questions:
            answers[question.key] = per_dimension.get(dimension.key, option)
    return answers


def page_answers(questionnaire: Questionnaire, number: int, option: str = "dialogue") -> dict[str, str]:
    return {q.key: option for q in questionnaire.dimensions[number - 1].questions}


def stored_answers(app: Flask) -> dict[str, str]:
    with app.app_context():
        rows = db.session.execute(sa.text("SELECT question_key, option_key FROM answers")).all()
    return dict(rows)


def get_page(client: FlaskClient, url: str) -> Element:
    response = client.get(url, headers=EN)
    assert response.status_code == 200, (url, response.status_code)
    return parse_html(response)
