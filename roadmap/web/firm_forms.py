"""The forms of a firm's members and a client's team, and the roles' names (lazy: they follow the page or the
e-mail's language)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional

from roadmap.models import FIRM_ROLES
from roadmap.services.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from roadmap.web.forms import labelled, name_length, select_choices, storable_text

ROLE_CHOICES = labelled(
    FIRM_ROLES,
    {
        "admin": _l("firm admin"),
        "partner": _l("partner"),
        "consultant": _l("consultant"),
        "viewer": _l("viewer"),
    },
)
ROLE_LABELS: dict[str, Any] = dict(ROLE_CHOICES)
ROLE_HINTS = {
    "admin": _l("you manage the members, the brand, the log and every client"),
    "partner": _l("you work on every client of the firm"),
    "consultant": _l("you work on the clients you lead or are assigned to"),
    "viewer": _l("you read the clients you are assigned to and change nothing"),
}
LANGUAGES = [("en", "English"), ("nl", "Nederlands")]


def role_field(label: Any) -> SelectField:
    return SelectField(label, choices=select_choices(ROLE_CHOICES), validators=[InputRequired()], default="consultant")


class InviteForm(FlaskForm):
    email = StringField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter the colleague's e-mail address.")),
            Length(max=254, message=_l("Too long.")),
            Email(_l("Enter an e-mail address like name@example.org.")),
            storable_text,
        ],
    )
    name = StringField(_l("Name"), validators=[Optional(), name_length(), storable_text])
    role = role_field(_l("Role"))
    language = SelectField(
        _l("Language of the e-mail"), choices=select_choices(LANGUAGES), validators=[InputRequired()]
    )


class RoleForm(FlaskForm):
    role = role_field(_l("Role"))


class ResendForm(FlaskForm):
    language = SelectField(
        _l("Language of the e-mail"), choices=select_choices(LANGUAGES), validators=[InputRequired()]
    )


class JoinForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[Optional(), name_length(), storable_text])
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=_l("Use %(min)d to %(max)d characters.", min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH),
            ),
        ],
    )
    repeated = PasswordField(
        _l("Password again"),
        validators=[DataRequired(_l("Enter the password again.")), EqualTo("password", _l("The passwords differ."))],
    )


class TeamForm(FlaskForm):
    lead = SelectField(_l("Lead"), coerce=int, validators=[Optional()])  # absent: the lead stays
    members = SelectMultipleField(
        _l("Assigned members"),
        coerce=int,
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validate_choice=True,
    )
