"""Retention: events older than AUDIT_RETENTION_DAYS are removed (the daily job, `flask audit prune`), no others."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskCliRunner

from roadmap import jobs
from roadmap.db import session
from roadmap.models import AuditEvent, User
from roadmap.services import audit

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)


def add(app: Flask, *ages: timedelta) -> None:
    with app.app_context():
        for age in ages:
            session().add(AuditEvent(action="sign_in", actor="anna@example.org", at=datetime.now(UTC) - age))
        session().commit()


def ages_left(app: Flask) -> int:
    with app.app_context():
        return session().scalar(sa.select(sa.func.count()).select_from(AuditEvent)) or 0


def test_remove_older_than_removes_only_older_rows(app: Flask) -> None:
    with app.app_context():
        for age in (timedelta(days=401), timedelta(days=400, seconds=1), timedelta(days=399, hours=23)):
            session().add(AuditEvent(action="sign_in", at=NOW - age))
        session().commit()
        assert audit.remove_older_than(session(), 400, now=NOW) == 2
        left = session().scalars(sa.select(AuditEvent.at)).all()
        assert len(left) == 1
        with pytest.raises(ValueError):
            audit.remove_older_than(session(), 0)


def test_the_default_retention_is_400_days(app: Flask) -> None:
    assert app.config["AUDIT_RETENTION_DAYS"] == audit.DEFAULT_RETENTION_DAYS == 400


def test_the_daily_job_uses_the_configured_retention(app: Flask) -> None:
    add(app, timedelta(days=40), timedelta(days=20), timedelta(days=1))
    app.config["AUDIT_RETENTION_DAYS"] = 30
    jobs.prune_audit_log.call_local()
    assert ages_left(app) == 2

    def due_at(hour: int, minute: int) -> bool:
        tasks = jobs.huey.read_periodic(datetime(2026, 12, 2, hour, minute))
        return any(task.name.endswith("prune_audit_log") for task in tasks)

    assert due_at(3, 17) and not due_at(3, 18) and not due_at(4, 17)  # once a day


def test_the_command_prunes(app: Flask, runner: FlaskCliRunner) -> None:
    add(app, timedelta(days=500), timedelta(days=10))
    result = runner.invoke(args=["audit", "prune"])
    assert result.exit_code == 0 and "1 event(s) older than 400 days removed" in result.output
    result = runner.invoke(args=["audit", "prune", "--days", "5"])
    assert result.exit_code == 0 and "1 event(s) older than 5 days removed" in result.output
    assert ages_left(app) == 0
    assert runner.invoke(args=["audit", "prune", "--days", "0"]).exit_code != 0


def test_an_unknown_action_is_a_programming_error(app: Flask, make_user: Callable[..., User]) -> None:
    user = make_user()
    with app.app_context():
        found = session().get(User, user.id)
        assert found is not None
        with pytest.raises(ValueError, match="not an action"):
            audit.record(session(), "sign_in_maybe", actor=audit.Actor.of(found, None), firm_id=None, subject=None)


def test_the_actor_s_name_is_kept_when_the_account_goes(app: Flask, make_user: Callable[..., User]) -> None:
    user = make_user("bo@example.org", name="Bo")
    with app.app_context():
        found = session().get(User, user.id)
        assert found is not None
        actor = audit.Actor.of(found, "192.0.2.9")
        audit.note(session(), "sign_in", actor=actor, firm_id=actor.firm_id, subject=None)
        session().delete(found.membership)
        session().delete(found)
        session().commit()
        event = session().scalars(sa.select(AuditEvent)).one()
        assert (event.actor_id, event.actor, event.address) == (None, "Bo", "192.0.2.9")


def test_long_texts_are_cut_to_their_columns(app: Flask) -> None:
    with app.app_context():
        actor = audit.Actor.anonymous("x" * 500 + "@example.org", "2001:db8::1")
        audit.note(session(), "sign_in_failed", actor=actor, firm_id=None, subject="s" * 1000)
        event = session().scalars(sa.select(AuditEvent)).one()
        assert len(event.actor or "") == audit.ACTOR_MAX and len(event.subject or "") == audit.SUBJECT_MAX


def test_member_events_can_be_recorded_by_the_members_pages(app: Flask, make_user: Callable[..., User]) -> None:
    """The keys the firm's member and brand pages record (they call `record` before their commit)."""
    admin, colleague = make_user("boss@example.org", name="Boss"), make_user("bo@example.org")
    with app.app_context():
        boss, bo = session().get(User, admin.id), session().get(User, colleague.id)
        assert boss is not None and bo is not None
        actor = audit.Actor.of(boss, "192.0.2.3")
        for action in ("member_invited", "member_joined", "role_changed", "member_removed", "brand_changed"):
            audit.record(session(), action, actor=actor, firm_id=actor.firm_id, subject=audit.member_subject(bo))
        session().commit()
        subjects = session().scalars(sa.select(AuditEvent.subject)).all()
        assert subjects == [f"member {bo.id} bo@example.org"] * 5
