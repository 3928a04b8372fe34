"""Flask commands: `flask --app wsgi questionnaires check|load`, `users create|disable|enable`, `demo load|remove`,
`audit prune`."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from roadmap.config import Config
from roadmap.domain.loader import QuestionnaireError, load_folder


# Registered as a Flask plugin command (pyproject entry point) as well as on the app, so `check` works even
# when an invalid file keeps the app itself from loading.
@click.group("questionnaires")
def questionnaires() -> None:
    """Check and load the questionnaire files."""


@questionnaires.command("check")
@click.option(
    "--folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=lambda: os.environ.get("ROADMAP_QUESTIONNAIRE_FOLDER", Config.QUESTIONNAIRE_FOLDER),
    show_default="questionnaires/",
    help="Folder with the questionnaire files.",
)
def check(folder: Path) -> None:
    """Validate every questionnaire file; one line per problem, exit status 1 when there is any."""
    try:
        loaded = load_folder(Path(folder))
    except QuestionnaireError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise SystemExit(1) from None
    for questionnaire, _raw in loaded:
        count = len(questionnaire.questions)
        click.echo(
            f"{questionnaire.id} {questionnaire.version}: valid "
            f"({len(questionnaire.dimensions)} dimensions, {count} questions)"
        )


@questionnaires.command("load")
@with_appcontext
def load() -> None:
    """Store the current version of every questionnaire in the database."""
    from roadmap.extensions import db
    from roadmap.services.questionnaires import VersionConflict

    try:
        rows = current_app.extensions["questionnaires"].store_all(db.session)
    except VersionConflict as conflict:
        raise click.ClickException(str(conflict)) from None
    for row in rows:
        click.echo(f"{row.questionnaire_id} {row.version}: stored")


@click.group("users")
def users() -> None:
    """Consultant and admin accounts."""


@users.command("create")
@click.option("--email", required=True, help="The e-mail address to log in with.")
@click.option("--role", type=click.Choice(["consultant", "admin"]), default="consultant", show_default=True)
@click.option("--name", help="Shown on reports, e.g. the consultant's full name.")
@click.option("--firm", help="The consultancy, shown on the cover of round reports.")
@with_appcontext
def create_account(email: str, role: str, name: str | None, firm: str | None) -> None:
    """Create an account. The password is asked for (hidden), or read from stdin when that is not a terminal."""
    from roadmap.db import session
    from roadmap.services import accounts

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = accounts.create_user(session(), email, password, role, name, firm)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{user.email}: {user.role} account created")


@users.command("disable")
@click.option("--email", required=True, help="The account's e-mail address.")
@with_appcontext
def disable_account(email: str) -> None:
    """Disable an account: it can no longer log in, and every session of it ends at once."""
    set_disabled(email, disabled=True)


@users.command("enable")
@click.option("--email", required=True, help="The account's e-mail address.")
@with_appcontext
def enable_account(email: str) -> None:
    """Enable a disabled account again; it logs in with its old password."""
    set_disabled(email, disabled=False)


def set_disabled(email: str, disabled: bool) -> None:
    from roadmap.db import session
    from roadmap.services import accounts

    try:
        user = accounts.set_disabled(session(), email, disabled)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{user.email}: {'disabled, its sessions have ended' if disabled else 'enabled'}")


@click.group("demo")
def demo() -> None:
    """Demo data: a demo consultant with fictional clients (marked "(demo)")."""


@demo.command("load")
@click.option("--clients", "count", type=click.IntRange(1, 10_000), default=12, show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the demo account's password from stdin.")
@with_appcontext
def load_command(count: int, password_stdin: bool) -> None:
    """Load (or replace) the demo data and print how to log in. Other accounts' data is not touched."""
    from roadmap.db import session
    from roadmap.services import accounts
    from roadmap.services.demo import DEMO_EMAIL, load

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    if password is not None and (problem := accounts.password_problem(password)):
        raise click.ClickException(problem)
    password = password or secrets.token_urlsafe(12)
    loaded = load(
        session(), current_app.extensions["questionnaires"], str(current_app.config["SECRET_KEY"]), password, count
    )
    click.echo(f"Demo data loaded: {loaded.clients} clients, {loaded.rounds} rounds, {loaded.respondents} respondents.")
    click.echo(
        f"Log in at /login with e-mail {DEMO_EMAIL} and password {'(from stdin)' if password_stdin else password}"
    )


@demo.command("remove")
@with_appcontext
def remove_command() -> None:
    """Remove the demo consultant and all their clients."""
    from roadmap.db import session
    from roadmap.services.demo import remove

    click.echo("Demo data removed." if remove(session()) else "There was no demo data.")


@click.group("audit")
def audit() -> None:
    """The firms' audit log."""


@audit.command("prune")
@click.option("--days", type=click.IntRange(1), help="Keep this many days instead of AUDIT_RETENTION_DAYS.")
@with_appcontext
def prune_command(days: int | None) -> None:
    """Remove the events older than the retention (what the daily job does)."""
    from roadmap.db import session
    from roadmap.services import audit as service

    days = days or int(current_app.config["AUDIT_RETENTION_DAYS"])
    removed = service.remove_older_than(session(), days)
    click.echo(f"Audit log: {removed} event(s) older than {days} days removed.")


def init_app(app: Flask) -> None:
    app.cli.add_command(questionnaires)
    app.cli.add_command(users)
    app.cli.add_command(demo)
    app.cli.add_command(audit)
