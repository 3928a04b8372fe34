"""`flask users create` applies the forms' rules to the name and firm: one clear line, nothing stored, no traceback."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from roadmap.db import session
from roadmap.models import User
from tests.conftest import count_rows
from tests.workspace.conftest import PASSWORD

BAD = {
    "a line break in the firm": (
        ["--firm", "Social\nInc."],
        "Error: the firm contains a line break or another control character",
    ),
    "a firm of 300 characters": (["--firm", "F" * 300], "Error: the firm can be at most 200 characters (it has 300)"),
    "a name of 201 characters": (["--name", "N" * 201], "Error: the name can be at most 200 characters (it has 201)"),
    "a NUL in the name": (["--name", "Anna\x00"], "Error: the name contains a line break or another control character"),
    "a tab in the e-mail": (["--email", "an\tna@example.org"], "Error: 'an\\tna@example.org' is not an e-mail address"),
}


def create(app: Flask, *extra: str) -> tuple[int, str]:
    args = ["users", "create", "--email", "anna@example.org", *extra]
    result = app.test_cli_runner().invoke(args=args, input=f"{PASSWORD}\n")
    return result.exit_code, result.output


@pytest.mark.parametrize(("extra", "message"), BAD.values(), ids=BAD.keys())
def test_a_bad_name_or_firm_is_one_clear_line_and_stores_nothing(app: Flask, extra: list[str], message: str) -> None:
    status, output = create(app, *extra)
    assert (status, output) == (1, message + "\n")
    assert "Traceback" not in output and "pbkdf2" not in output and "scrypt" not in output
    assert count_rows(app, "users") == 0


def test_name_and_firm_are_trimmed_as_in_the_forms(app: Flask) -> None:
    status, output = create(app, "--name", "  Anna de Vries ", "--firm", "F" * 200 + "  ")
    assert (status, output) == (0, "anna@example.org: consultant account created\n")
    with app.app_context():
        user = session().scalars(sa.select(User)).one()
        assert (user.name, user.firm_name) == ("Anna de Vries", "F" * 200)


def test_an_empty_firm_is_no_firm(app: Flask) -> None:
    assert create(app, "--firm", "   ")[0] == 0
    with app.app_context():
        assert session().scalars(sa.select(User)).one().firm_name is None
