"""Forms (Flask-WTF). Labels and messages are lazy so they follow the page language."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Field,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from roadmap.domain import vocabulary
from roadmap.domain.confidentiality import DEFAULT_MINIMUM, MINIMUM_FLOOR, OTHER_DEPARTMENTS
from roadmap.domain.option_order import display_options
from roadmap.domain.questionnaire import Dimension, Questionnaire
from roadmap.domain.vocabulary import DIRECTION_CONTROLS, NAME_MAX, ROLE_MAX


def labelled(keys: tuple[str, ...], label_of: dict[str, Any]) -> list[tuple[str, Any]]:
    """The keys in their order with their labels; a key without a label, or a label without a key, is a bug."""
    if set(keys) != set(label_of):
        raise LookupError(f"labels do not match the vocabulary: {sorted(set(keys) ^ set(label_of))}")
    return [(key, label_of[key]) for key in keys]


# The vocabulary's keys (roadmap.domain.vocabulary) with their labels; `labelled` refuses a key without a label.
SECTORS = labelled(
    vocabulary.SECTORS,
    {
        "government": _l("Government"),
        "education": _l("Education"),
        "healthcare": _l("Healthcare"),
        "finance": _l("Financial services"),
        "retail": _l("Retail and e-commerce"),
        "travel": _l("Travel and transport"),
        "utilities": _l("Telecom and utilities"),
        "media": _l("Media and entertainment"),
        "business_services": _l("Business services"),
        "manufacturing": _l("Manufacturing"),
        "non_profit": _l("Non-profit"),
        "other": _l("Other"),
    },
)
SIZE_BANDS = labelled(
    vocabulary.SIZE_BANDS,
    {
        "1-9": _l("1 to 9 people"),
        "10-49": _l("10 to 49 people"),
        "50-249": _l("50 to 249 people"),
        "250-999": _l("250 to 999 people"),
        "1000-4999": _l("1,000 to 4,999 people"),
        "5000+": _l("5,000 people or more"),
    },
)
DEPARTMENTS = labelled(
    vocabulary.DEPARTMENTS,
    {
        "board": _l("Board and management"),
        "marketing": _l("Marketing and communications"),
        "service": _l("Customer service"),
        "press": _l("Press office and PR"),
        "sales": _l("Sales and account management"),
        "hr": _l("HR"),
        "it": _l("IT"),
        "legal": _l("Legal and compliance"),
        "online": _l("Online and e-commerce"),
        "other": _l("Other"),
    },
)
NOT_SAID = [("", _l("Prefer not to say"))]


def labels(choices: list[tuple[str, Any]]) -> dict[str, Any]:
    return dict(choices)


# The group a confidential round combines its small departments into: not the department "Other".
OTHER_DEPARTMENTS_LABEL = _l("Other departments")


def department_labels() -> dict[str, Any]:
    """Department key to label, with the combined group "other departments" of a confidential round."""
    return {**labels(DEPARTMENTS), OTHER_DEPARTMENTS: OTHER_DEPARTMENTS_LABEL}


def vocabulary_labels() -> dict[str, dict[str, Any]]:
    """Key to label of each word list, as templates use them: `labels.sector.get(key, key)`."""
    return {"sector": labels(SECTORS), "size_band": labels(SIZE_BANDS), "department": department_labels()}


def select_choices(choices: list[tuple[str, Any]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in choices]


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
DIRECTION_CHARACTERS = re.compile(f"[{DIRECTION_CONTROLS}]")


def storable_text(form: FlaskForm, field: Field) -> None:
    """Refuse control characters inside the text (surrounding white space is trimmed): PostgreSQL refuses NUL. And
    the characters that change the direction of the text around them (DIRECTION_CONTROLS)."""
    if field.data and CONTROL_CHARACTERS.search(field.data.strip()):
        raise ValidationError(_l("This text contains characters that cannot be stored."))
    if field.data and DIRECTION_CHARACTERS.search(field.data):
        raise ValidationError(
            _l("This text contains an invisible character that reverses the text around it. Remove it and try again.")
        )


def name_length() -> Length:
    return Length(max=NAME_MAX, message=_l("The name can be at most %(max)d characters.", max=NAME_MAX))


def organisation_fields() -> tuple[StringField, SelectField, SelectField]:
    """The organisation's name, sector and size, as the start form and the client form ask for them.

    A function rather than a base class: the two forms name the first field differently (its HTML name is part of
    the form's format), and fields made here, in this order, keep the page's order in the error summary.
    """
    name = StringField(
        _l("Name of the organisation"),
        validators=[DataRequired(_l("Enter the name of the organisation.")), name_length(), storable_text],
    )
    sector = SelectField(_l("Sector"), choices=select_choices(NOT_SAID + SECTORS), validators=[Optional()])
    size_band = SelectField(_l("Size"), choices=select_choices(NOT_SAID + SIZE_BANDS), validators=[Optional()])
    return name, sector, size_band


class StartForm(FlaskForm):
    organisation_name, sector, size_band = organisation_fields()
    department = SelectField(
        _l("Your department"), choices=select_choices(NOT_SAID + DEPARTMENTS), validators=[Optional()]
    )
    role = StringField(
        _l("Your role"),
        validators=[
            Optional(),
            Length(max=ROLE_MAX, message=_l("The role can be at most %(max)d characters.", max=ROLE_MAX)),
            storable_text,
        ],
    )


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token: submit, delete, language."""


class ConfirmedForm(FlaskForm):
    """The button of a confirmation page (close, reopen, revoke): without its `confirmed`, nothing is done."""

    confirmed = HiddenField(default="yes", validators=[InputRequired(), AnyOf(["yes"])])


def page_form_class(questionnaire_id: str, dimension: Dimension, language: str) -> type[FlaskForm]:
    """A form with one radio group per question of a dimension; `page_form` fills it in.

    The options are in their display order (`display_options`: fixed per question, not the level order, "don't
    know" last), so an answer's position says nothing about its level. The class holds no answers, so a page may
    keep it for its questionnaire version, dimension and language (web/assessment.py)."""

    class PageForm(FlaskForm):
        pass

    for question in dimension.questions:
        field: Field = RadioField(
            question.text(language),
            choices=[
                SelectChoice(option.key, option.text(language))
                for option in display_options(questionnaire_id, question)
            ],
            validators=[InputRequired(_l("Choose an answer to this question."))],
        )
        setattr(PageForm, question.key, field)
    return PageForm


def page_form(form_class: type[FlaskForm], answers: dict[str, str], formdata: Any = None) -> FlaskForm:
    """A page's form pre-filled with the stored answers (each field takes its own question's), or the posted ones."""
    return form_class(formdata=formdata, data=answers)


class LoginForm(FlaskForm):
    email = StringField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("Too long.")),
            storable_text,
        ],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=200, message=_l("Too long."))]
    )


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password."))])
    new = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Enter a new password.")),
            Length(min=10, max=200, message=_l("Use 10 to 200 characters.")),
        ],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(_l("Enter the new password again.")), EqualTo("new", _l("The passwords differ."))],
    )


def client_form(questionnaire: Questionnaire, language: str, formdata: Any = None, obj: Any = None) -> FlaskForm:
    """Name, sector, size band and an optional target phase per dimension."""

    class ClientForm(FlaskForm):
        name, sector, size_band = organisation_fields()
        language = SelectField(
            _l("Language of the invitations"),
            description=_l("E-mails to respondents are in this language unless an invitation names its own."),
            choices=[SelectChoice("en", "English"), SelectChoice("nl", "Nederlands")],
            default="en",
            validators=[Optional()],  # left out (an older form, a script): unchanged, English for a new client
        )

    targets = getattr(obj, "targets", None) or {}
    phases = [SelectChoice("", _l("No target"))] + [
        SelectChoice(str(number), phase.name(language)) for number, phase in enumerate(questionnaire.phases, start=1)
    ]
    for dimension in questionnaire.dimensions:
        field = SelectField(
            dimension.name(language),
            choices=phases,
            validators=[Optional()],
            default=str(targets[dimension.key]) if dimension.key in targets else "",
        )
        setattr(ClientForm, f"target_{dimension.key}", field)
    return ClientForm(formdata=formdata, obj=obj)


def chosen_targets(form: FlaskForm, questionnaire: Questionnaire) -> dict[str, int]:
    chosen = {d.key: form[f"target_{d.key}"].data for d in questionnaire.dimensions}
    return {key: int(value) for key, value in chosen.items() if value}


MINIMUM_MESSAGE = _l("The minimum group size is a whole number from %(minimum)d to 1,000.", minimum=MINIMUM_FLOOR)


class WholeNumberField(IntegerField):
    """An IntegerField whose message for text that is not a number is the field's own range message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as problem:
            raise ValueError(MINIMUM_MESSAGE) from problem


class RoundForm(FlaskForm):
    name = StringField(
        _l("Name of the round"),
        validators=[DataRequired(_l("Enter a name for the round.")), name_length(), storable_text],
    )
    # The browser's date picker shows the date in the reader's own format, so the message names none.
    held_on = DateField(_l("Date"), default=date.today, validators=[InputRequired(_l("Enter the date of the round."))])
    confidentiality = RadioField(
        _l("Who sees which figures"),
        choices=[
            SelectChoice(
                "confidential",
                _l("Confidential: figures only for groups of at least the minimum number of respondents"),
            ),
            SelectChoice(
                "named", _l("Named: every figure, also of a single respondent, with names in the responses export")
            ),
        ],
        default="confidential",
        validators=[InputRequired(_l("Choose whether the round is confidential or named."))],
    )
    minimum_group = WholeNumberField(
        _l("Minimum group size"),
        default=DEFAULT_MINIMUM,
        validators=[
            InputRequired(
                _l("Enter the minimum group size: a whole number of at least %(minimum)d.", minimum=MINIMUM_FLOOR)
            ),
            NumberRange(
                min=MINIMUM_FLOOR,
                max=1000,
                message=_l(
                    "The minimum group size is a whole number from %(minimum)d to 1,000.", minimum=MINIMUM_FLOOR
                ),
            ),
        ],
    )


class InvitationForm(FlaskForm):
    department = SelectField(
        _l("Department"),
        choices=select_choices([("", _l("Choose a department")), *DEPARTMENTS]),
        validators=[InputRequired(_l("Choose the respondent's department."))],
    )
    name = StringField(
        _l("Name of the respondent"),
        validators=[Optional(), name_length(), storable_text],
    )
