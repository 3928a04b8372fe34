"""Flask commands: `flask --app wsgi questionnaires check|load`."""

from __future__ import annotations

import os
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


def init_app(app: Flask) -> None:
    app.cli.add_command(questionnaires)
