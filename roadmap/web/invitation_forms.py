"""Forms of the round page's e-mail part: inviting many respondents, the deadline and its reminders."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, DateField, Field, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from roadmap.web.forms import DEPARTMENTS, select_choices

LANGUAGE_CHOICES = [("en", "English"), ("nl", "Nederlands")]
MAX_TEXT = 200_000


def department_names() -> dict[str, list[str]]:
    """Each department key with its names in both languages: a list may use either."""
    names: dict[str, list[str]] = {key: [] for key, _label in DEPARTMENTS}
    for language in ("en", "nl"):
        with force_locale(language):
            for key, label in DEPARTMENTS:
                names[key].append(str(label))
    return names


class ImportForm(FlaskForm):
    respondents = TextAreaField(
        _l("Respondents, one per line"),
        validators=[Optional(), Length(max=MAX_TEXT, message=_l("The list is too long; split it."))],
    )
    upload = FileField(
        _l("Or upload a file"),
        validators=[
            FileAllowed(["csv", "txt", "xlsx"], _l("Upload a CSV file (.csv, .txt) or an Excel workbook (.xlsx)."))
        ],
    )
    language = SelectField(
        _l("Language of the e-mails where a line gives none"),
        choices=select_choices(LANGUAGE_CHOICES),
        validators=[Optional()],
        validate_choice=False,  # anything else is the client's language (chosen_language)
    )
    send = BooleanField(_l("Send the invitations by e-mail at once"), default=True)


def reminder_days(form: FlaskForm, field: Field) -> None:
    if field.data and not re.fullmatch(r"\s*\d{1,2}(\s*,\s*\d{1,2})*\s*", field.data):
        raise ValidationError(_l("Give whole numbers of days separated by commas, e.g. 3, 1."))


class ScheduleForm(FlaskForm):
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    days = StringField(
        _l("Remind this many days before the deadline"),
        validators=[Optional(), Length(max=50, message=_l("Too long.")), reminder_days],
    )


def chosen_days(form: ScheduleForm) -> list[int]:
    return [int(day) for day in re.findall(r"\d+", form.days.data or "")]


def schedule_form(round_: Any, formdata: Any = None) -> ScheduleForm:
    from roadmap.services.delivery import reminder_days as days_of

    form = ScheduleForm(formdata=formdata)
    if formdata is None:
        form.deadline.data = round_.deadline
        form.days.data = ", ".join(str(day) for day in days_of(round_))
    return form


def chosen_language(form: ImportForm, default: str) -> str:
    return form.language.data if form.language.data in dict(LANGUAGE_CHOICES) else default
