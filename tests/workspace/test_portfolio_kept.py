"""The portfolio kept between requests (services.portfolio_kept) follows every kind of change, from any process.

Each test views the portfolio first, so its figures are kept, then changes one thing through the services (as a
page or a job in another process would: nothing tells this process but the database's change log) and views it
again. On SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from benchmarks.portfolio import counted_statements
from roadmap import change_log, gunicorn_conf
from roadmap.db import db, session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Client, PortfolioChange, PortfolioStamp, Round, User
from roadmap.services import clients, firms, portfolio_kept, rounds
from roadmap.services.portfolio_kept import portfolio_of
from tests.conftest import all_answers, make_app
from tests.workspace.conftest import login
from tests.workspace.pages import every, names_in_table, row, table

Invite = Callable[..., tuple[int, str]]
Respond = Callable[..., None]


@pytest.fixture(autouse=True)
def stamped(app: Flask) -> None:
    """The stamp's row, as the migration and create_all make it (the tests' emptied tables have none): so the
    figures are kept, and only the change log can show them changed."""
    with app.app_context():
        if session().scalar(sa.select(PortfolioStamp.id)) is None:
            session().add(PortfolioStamp(id=change_log.STAMP_ID, epoch=change_log.new_epoch(), value=0, pruned=0))
            session().commit()


def score(logged_in: FlaskClient, name: str) -> str:
    return row(table(logged_in.get("/portfolio").get_data(as_text=True), "portfolio"), name)[3]


def names(client: FlaskClient) -> list[str]:
    html = client.get("/portfolio").get_data(as_text=True)
    return [] if "No clients yet" in html else names_in_table(html)


def latest_round(app: Flask, client_id: int) -> int:
    with app.app_context():
        found = session().scalar(sa.select(sa.func.max(Round.id)).where(Round.client_id == client_id))
        assert found is not None
        return found


def stamp(app: Flask) -> int:
    with app.app_context():
        return session().scalar(sa.select(PortfolioStamp.value)) or 0


def test_a_submission_shows(
    app: Flask,
    logged_in: FlaskClient,
    portfolio: dict[str, int],
    invite: Invite,
    respond: Respond,
    questionnaire: Questionnaire,
) -> None:
    assert score(logged_in, "Alpha") == "1.5"
    _invitation, token = invite(latest_round(app, portfolio["Alpha"]))
    respond(token, all_answers(questionnaire, "presence"))
    assert score(logged_in, "Alpha") != "1.5"


def test_an_edited_submitted_assessment_shows(
    app: Flask,
    logged_in: FlaskClient,
    portfolio: dict[str, int],
    invite: Invite,
    respond: Respond,
    questionnaire: Questionnaire,
) -> None:
    _invitation, token = invite(latest_round(app, portfolio["Alpha"]))
    respond(token, all_answers(questionnaire, "presence"))
    before = score(logged_in, "Alpha")
    respond(token, all_answers(questionnaire, "engagement"))  # changed answers, submitted again
    assert score(logged_in, "Alpha") not in (before, "1.5")


def test_a_draft_is_not_a_change(
    app: Flask,
    logged_in: FlaskClient,
    portfolio: dict[str, int],
    invite: Invite,
    respond: Respond,
    questionnaire: Questionnaire,
) -> None:
    _invitation, token = invite(latest_round(app, portfolio["Alpha"]))
    score(logged_in, "Alpha")
    before = stamp(app)
    first = questionnaire.questions[0].key
    respond(token, {first: "presence"}, submit=False)
    respond(token, {first: "engagement"}, submit=False)
    assert stamp(app) == before  # a draft is on no portfolio: nothing logged, no lock taken


def test_a_closed_and_reopened_round_shows(app: Flask, logged_in: FlaskClient, portfolio: dict[str, int]) -> None:
    round_id = latest_round(app, portfolio["Alpha"])

    def closed() -> bool:
        with app.app_context():
            user = session().scalar(sa.select(User))
            assert user is not None
            (alpha,) = [c for c in portfolio_of(session(), user) if c.client.name == "Alpha"]
            return alpha.rounds[-1].is_closed

    assert not closed()
    with app.app_context():
        round_ = session().get(Round, round_id)
        assert round_ is not None
        rounds.close(session(), round_)
    assert closed()
    with app.app_context():
        round_ = session().get(Round, round_id)
        user = session().scalar(sa.select(User))
        assert round_ is not None and user is not None
        rounds.reopen(session(), round_, user)
    assert not closed()


def test_a_renamed_and_a_deleted_client_show(app: Flask, logged_in: FlaskClient, portfolio: dict[str, int]) -> None:
    assert names_in_table(logged_in.get("/portfolio").get_data(as_text=True))[0] == "Alpha"
    with app.app_context():
        alpha = session().get(Client, portfolio["Alpha"])
        assert alpha is not None
        clients.save_client(session(), alpha.consultant, "Zulu", alpha.sector, alpha.size_band, {}, [], alpha)
    assert names_in_table(logged_in.get("/portfolio").get_data(as_text=True)) == ["Bravo", "Charlie", "Delta", "Zulu"]
    with app.app_context():
        bravo = session().get(Client, portfolio["Bravo"])
        assert bravo is not None
        clients.delete_client(session(), bravo)
    assert names_in_table(logged_in.get("/portfolio").get_data(as_text=True)) == ["Charlie", "Delta", "Zulu"]


def test_a_new_round_shows(
    logged_in: FlaskClient, portfolio: dict[str, int], add_round: Callable[..., int], keys: list[str]
) -> None:
    delta = row(table(logged_in.get("/portfolio").get_data(as_text=True), "portfolio"), "Delta")
    assert "4.0" not in delta
    add_round(portfolio["Delta"], "R1", date(2026, 1, 1), [("board", every(keys, 4.0))])
    assert score(logged_in, "Delta") == "4.0"


def test_an_assignment_to_another_member_shows(
    app: Flask,
    client: FlaskClient,
    consultant: User,
    portfolio: dict[str, int],
    make_user: Callable[..., User],
) -> None:
    member = make_user("ben@example.org", colleague_of=consultant, firm_role="consultant")
    client.post("/logout")
    login(client, member.email)
    assert names(client) == []

    def assign(on: bool) -> None:
        with app.app_context():
            actor, bravo = session().get(User, consultant.id), session().get(Client, portfolio["Bravo"])
            assert actor is not None and bravo is not None
            (firms.assign if on else firms.unassign)(session(), actor, bravo, member.id)

    assign(True)
    assert names(client) == ["Bravo"]
    assign(False)
    assert names(client) == []


@pytest.fixture
def other_process(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """A second app with its own engine and connections on the same database, as another worker would be."""
    with app.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
    other = make_app(url, tmp_path / "other")
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_change_made_by_another_process_shows(
    other_process: Flask, logged_in: FlaskClient, portfolio: dict[str, int]
) -> None:
    assert "Alpha" in names_in_table(logged_in.get("/portfolio").get_data(as_text=True))
    with other_process.app_context():
        alpha = session().get(Client, portfolio["Alpha"])
        assert alpha is not None
        alpha.name = "Aardvark"
        session().commit()
    assert names_in_table(logged_in.get("/portfolio").get_data(as_text=True))[0] == "Aardvark"


def test_a_bulk_change_marked_as_everything_shows(
    app: Flask, logged_in: FlaskClient, portfolio: dict[str, int]
) -> None:
    assert score(logged_in, "Charlie") == "2.5"
    with app.app_context():
        session().execute(sa.update(Client).where(Client.id == portfolio["Charlie"]).values(name="Echo"))
        change_log.everything(session())
        session().commit()
    assert "Echo" in names_in_table(logged_in.get("/portfolio").get_data(as_text=True))


def test_a_reader_behind_the_pruned_log_reads_everything(
    app: Flask, logged_in: FlaskClient, portfolio: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(change_log, "KEEP", 4)  # pruned every fourth change, four kept
    assert score(logged_in, "Charlie") == "2.5"
    for number in range(6):
        with app.app_context():
            alpha = session().get(Client, portfolio["Alpha"])
            assert alpha is not None
            alpha.name = f"Alpha {number}"
            session().commit()
    with app.app_context():
        assert session().scalar(sa.select(PortfolioStamp.pruned)) > 0
        assert session().scalar(sa.select(sa.func.count()).select_from(PortfolioChange)) <= 4
    assert names_in_table(logged_in.get("/portfolio").get_data(as_text=True))[0] == "Alpha 5"


def test_emptied_tables_get_a_new_epoch(app: Flask, logged_in: FlaskClient, portfolio: dict[str, int]) -> None:
    logged_in.get("/portfolio")
    with app.app_context():
        epoch = session().scalar(sa.select(PortfolioStamp.epoch))
        session().execute(sa.delete(PortfolioStamp))
        session().commit()
        alpha = session().get(Client, portfolio["Alpha"])
        assert alpha is not None
        alpha.name = "Aardvark"
        session().commit()
        assert session().scalar(sa.select(PortfolioStamp.epoch)) not in (None, epoch)
    assert names_in_table(logged_in.get("/portfolio").get_data(as_text=True))[0] == "Aardvark"


# A worker that has just started (roadmap.gunicorn_conf.post_worker_init)


def statements_of_a_view(app: Flask, user: User) -> int:
    """How many statements a view of the portfolio as `user` runs; a kept one: the stamp only."""
    with app.app_context():
        viewer = session().get(User, user.id)
        assert viewer is not None
        with counted_statements(app) as seen:
            portfolio_kept.kept_portfolio(session(), viewer)
    return len(seen)


def test_a_warmed_up_process_reads_only_the_stamp_at_each_firms_first_view(
    app: Flask,
    portfolio: dict[str, int],
    consultant: User,
    make_user: Callable[..., User],
    make_client: Callable[..., int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = make_user("bob@example.org", firm="Other Firm")
    colleague = make_user("carla@example.org", colleague_of=consultant, firm_role="partner")
    make_client(other, "Zulu")
    monkeypatch.setattr(portfolio_kept, "_kept", portfolio_kept.LRUCache(maxsize=64))  # a new process: none kept
    assert statements_of_a_view(app, other) > 1

    monkeypatch.setattr(portfolio_kept, "_kept", portfolio_kept.LRUCache(maxsize=64))
    portfolio_kept.warm_in_background(app).join(timeout=30)

    for user in (consultant, colleague, other):
        assert statements_of_a_view(app, user) == 1
    with app.app_context():
        viewer = session().get(User, other.id)
        assert viewer is not None
        assert [figures.client.name for figures in portfolio_of(session(), viewer)] == ["Zulu"]


@pytest.mark.parametrize("setting", [True, False])
def test_each_worker_warms_up_unless_told_not_to(app: Flask, monkeypatch: pytest.MonkeyPatch, setting: bool) -> None:
    started: list[Flask] = []
    monkeypatch.setattr(portfolio_kept, "warm_in_background", started.append)
    app.config["WARM_PORTFOLIOS"] = setting
    gunicorn_conf.post_worker_init(SimpleNamespace(wsgi=app))
    assert started == ([app] if setting else [])
