"""The live site of the accessibility tests in one language, with shortcuts that build data through the services
(tests/browser/test_accessibility.py)."""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from datetime import date

from flask import Flask
from playwright.sync_api import Page, expect
from werkzeug.security import generate_password_hash

from roadmap.db import session
from roadmap.models import Client, Firm, Membership, Round, User
from roadmap.services import assessments as assessment_service
from roadmap.services import clients, rounds

PASSWORD = "correct horse battery"
CONSULTANTS = itertools.count(1)


@dataclass
class Site:
    """The live site in one language, with shortcuts that build data through the services."""

    url: str
    app: Flask
    page: Page
    language: str
    _user_id: int | None = field(default=None, init=False)
    email: str = field(default_factory=lambda: f"consultant-{next(CONSULTANTS)}@example.org", init=False)

    def go(self, path: str) -> None:
        self.page.goto(self.url + path)
        expect(self.page.locator("main")).to_be_visible()

    def submit(self) -> None:
        """Send the main form as it is (the browser's own validation is off: the server answers)."""
        self.page.locator("main form button[type=submit]").first.click()
        expect(self.page.locator("main")).to_be_visible()

    @property
    def dimensions(self) -> int:
        return len(self.app.extensions["questionnaires"].default.dimensions)

    def assessment(self, option: str | None = None, submit: bool = False, *, name: str = "Acme Ltd") -> str:
        """A new assessment; every question answered with `option` when given. Returns its token."""
        with self.app.app_context():
            catalogue = self.app.extensions["questionnaires"]
            questionnaire = catalogue.default
            profile = assessment_service.Profile(organisation_name=name)
            token, found = assessment_service.start(session(), catalogue, questionnaire.id, profile, self.language)
            if option:
                answers = {q.key: option for q in questionnaire.questions}
                assessment_service.save_answers(session(), found, answers)
                if submit:
                    assessment_service.submit(session(), found)
            return token

    def login(self) -> int:
        """Log in as this screen's own consultant, created on first use; returns the user id.

        The login form has its own screens: here the session cookie is set directly, which saves two scrypt
        hashes per screen.
        """
        if self._user_id is None:
            with self.app.app_context():
                user = User(email=self.email, password_hash=password_hash(), role="consultant", name="Anna de Vries")
                user.membership = Membership(firm=Firm(name=None), role="admin")
                session().add(user)
                session().commit()
                self._user_id, login_id = user.id, user.get_id()
            serializer = self.app.session_interface.get_signing_serializer(self.app)  # type: ignore[attr-defined]
            cookie = serializer.dumps({"_user_id": login_id, "_fresh": True})
            name = self.app.config["SESSION_COOKIE_NAME"]
            self.page.context.add_cookies([{"name": name, "value": cookie, "url": self.url}])
        return self._user_id

    def client(self, name: str = "Acme Ltd", sector: str | None = "retail") -> int:
        user_id = self.login() if self._user_id is None else self._user_id
        with self.app.app_context():
            user = session().get(User, user_id)
            assert user is not None
            keys = [d.key for d in self.app.extensions["questionnaires"].default.dimensions]
            return clients.save_client(session(), user, name, sector, None, {keys[0]: 3}, keys).id

    def round(
        self, client_id: int, name: str = "Baseline", respondents: tuple[str, ...] = (), confidential: bool = False
    ) -> int:
        """A round (named unless asked); each respondent (an answer option) is invited from a department and
        submits."""
        with self.app.app_context():
            client = session().get(Client, client_id)
            assert client is not None
            catalogue = self.app.extensions["questionnaires"]
            round_ = rounds.create_round(session(), catalogue, client, name, date(2026, 3, 1), confidential)
            questions = catalogue.default.questions
            departments = ["marketing", "service", "it", "hr"]
            for number, option in enumerate(respondents):
                invitation = rounds.invite(session(), self.app.config["SECRET_KEY"], round_, departments[number], None)
                token = rounds.current_token(self.app.config["SECRET_KEY"], invitation)
                found = assessment_service.find(session(), token or "")
                assert found is not None
                assessment_service.save_answers(session(), found, {q.key: option for q in questions})
                assessment_service.submit(session(), found)
            rounds.invite(session(), self.app.config["SECRET_KEY"], round_, "board", "Bea")
            return round_.id

    def invited(self, submit: bool = False) -> str:
        """An invited respondent's token in a new round, answered and submitted when `submit`."""
        round_id = self.round(self.client())
        with self.app.app_context():
            round_ = session().get(Round, round_id)
            assert round_ is not None
            token = rounds.current_token(self.app.config["SECRET_KEY"], round_.invitations[0]) or ""
            found = assessment_service.find(session(), token)
            assert found is not None
            found.language = self.language  # invited in the screen's language: its pages speak it
            session().commit()
            if submit:
                questions = self.app.extensions["questionnaires"].default.questions
                assessment_service.save_answers(session(), found, {q.key: "dialogue" for q in questions})
                assessment_service.submit(session(), found)
        return token

    def client_with_rounds(self) -> tuple[int, int]:
        """A client with two rounds, the later one with two submitted respondents; returns client and round ids."""
        client_id = self.client()
        self.round(client_id, "Baseline", ("dialogue",))
        latest = self.round(client_id, "Spring", ("dialogue", "engagement"))
        return client_id, latest


@functools.cache
def password_hash() -> str:
    return generate_password_hash(PASSWORD)
