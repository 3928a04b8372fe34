"""Forms (Flask-WTF). Labels and messages are lazy so they follow the page language."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from roadmap.domain.questionnaire import Dimension

SECTORS = [
    ("government", _l("Government")),
    ("education", _l("Education")),
    ("healthcare", _l("Healthcare")),
    ("finance", _l("Financial services")),
    ("retail", _l("Retail and e-commerce")),
    ("travel", _l("Travel and transport")),
    ("utilities", _l("Telecom and utilities")),
    ("media", _l("Media and entertainment")),
    ("business_services", _l("Business services")),
    ("manufacturing", _l("Manufacturing")),
    ("non_profit", _l("Non-profit")),
    ("other", _l("Other")),
]
SIZE_BANDS = [
    ("1-9", _l("1 to 9 people")),
    ("10-49", _l("10 to 49 people")),
    ("50-249", _l("50 to 249 people")),
    ("250-999", _l("250 to 999 people")),
    ("1000-4999", _l("1,000 to 4,999 people")),
    ("5000+", _l("5,000 people or more")),
]
DEPARTMENTS = [
    ("board", _l("Board and management")),
    ("marketing", _l("Marketing and communications")),
    ("service", _l("Customer service")),
    ("press", _l("Press office and PR")),
    ("sales", _l("Sales and account management")),
    ("hr", _l("HR")),
    ("it", _l("IT")),
    ("legal", _l("Legal and compliance")),
    ("online", _l("Online and e-commerce")),
    ("other", _l("Other")),
]
NOT_SAID = [("", _l("Prefer not to say"))]


def labels(choices: list[tuple[str, Any]]) -> dict[str, Any]:
    return dict(choices)


def select_choices(choices: list[tuple[str, Any]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in choices]


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def storable_text(form: FlaskForm, field: Field) -> None:
    """Refuse control characters inside the text (surrounding white space is trimmed): PostgreSQL refuses NUL."""
    if field.data and CONTROL_CHARACTERS.search(field.data.strip()):
        raise ValidationError(_l("This text contains characters that cannot be stored."))


class StartForm(FlaskForm):
    organisation_name = StringField(
        _l("Name of the organisation"),
        validators=[
            DataRequired(_l("Enter the name of the organisation.")),
            Length(max=200, message=_l("The name can be at most 200 characters.")),
            storable_text,
        ],
    )
    sector = SelectField(_l("Sector"), choices=select_choices(NOT_SAID + SECTORS), validators=[Optional()])
    size_band = SelectField(_l("Size"), choices=select_choices(NOT_SAID + SIZE_BANDS), validators=[Optional()])
    department = SelectField(
        _l("Your department"), choices=select_choices(NOT_SAID + DEPARTMENTS), validators=[Optional()]
    )
    role = StringField(
        _l("Your role"),
        validators=[
            Optional(),
            Length(max=100, message=_l("The role can be at most 100 characters.")),
            storable_text,
        ],
    )


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token: submit, delete, language."""


def page_form(dimension: Dimension, language: str, answers: dict[str, str], formdata: Any = None) -> FlaskForm:
    """A form with one radio group per question of a dimension, pre-filled with the stored answers."""

    class PageForm(FlaskForm):
        pass

    for question in dimension.questions:
        field: Field = RadioField(
            question.text(language),
            choices=[SelectChoice(option.key, option.text(language)) for option in question.options],
            validators=[InputRequired(_l("Choose an answer to this question."))],
            default=answers.get(question.key),
        )
        setattr(PageForm, question.key, field)
    return PageForm(formdata=formdata)
