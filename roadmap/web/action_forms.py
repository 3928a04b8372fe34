"""The forms of an action plan, and the statuses' labels. The rules are the domain's (domain/actions.py); these
give a person each broken rule in their own language, before the service checks them again."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Field, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError

from roadmap.domain import actions as rules
from roadmap.domain.actions import ActionDraft, draft
from roadmap.domain.questionnaire import Questionnaire
from roadmap.web.forms import labelled, select_choices, storable_text

STATUSES = labelled(
    rules.STATUSES,
    {
        "planned": _l("Planned"),
        "in_progress": _l("In progress"),
        "done": _l("Done"),
        "dropped": _l("Dropped"),
    },
)
STATUS_MESSAGE = _l("Choose a status: planned, in progress, done or dropped.")


def status_labels() -> dict[str, Any]:
    return dict(STATUSES)


def note_text(form: FlaskForm, field: Field) -> None:
    """A note may hold line breaks; other control characters and those that reverse text are refused."""
    problem = rules.text_problem(draft("x", note=field.data).note, rules.NOTE_MAX, multiline=True)
    if problem == "contains control characters":
        raise ValidationError(_l("This text contains characters that cannot be stored."))
    if problem and problem.startswith("contains"):
        raise ValidationError(
            _l("This text contains an invisible character that reverses the text around it. Remove it and try again.")
        )


class RealDateField(DateField):
    """A date field whose message for a date that does not exist names the problem."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as problem:
            raise ValueError(_l("Enter a due date that exists, or leave it empty.")) from problem


def status_field() -> SelectField:
    return SelectField(
        _l("Status"),
        choices=select_choices(STATUSES),
        default=rules.DEFAULT_STATUS,
        validate_choice=False,  # AnyOf below gives the message in the page's language
        validators=[InputRequired(STATUS_MESSAGE), AnyOf(list(rules.STATUSES), message=STATUS_MESSAGE)],
    )


def version_field() -> IntegerField:
    return IntegerField(widget=HiddenField.widget, validators=[Optional()])


def action_form(questionnaire: Questionnaire, language: str, formdata: Any = None, obj: Any = None) -> Any:
    """The form of one action; its topics are the questionnaire's dimensions."""
    topics = [("", _l("No topic"))] + [(d.key, d.name(language)) for d in questionnaire.dimensions]

    class ActionForm(FlaskForm):
        title = StringField(
            _l("Action"),
            validators=[
                DataRequired(_l("Enter what is to be done.")),
                Length(
                    max=rules.TITLE_MAX,
                    message=_l("The action can be at most %(max)d characters.", max=rules.TITLE_MAX),
                ),
                storable_text,
            ],
        )
        topic = SelectField(
            _l("Topic"),
            choices=select_choices(topics),
            validate_choice=False,
            validators=[AnyOf([key for key, _ in topics], message=_l("Choose one of the topics, or no topic."))],
        )
        owner = StringField(
            _l("Who does it"),
            validators=[
                Optional(),
                Length(
                    max=rules.OWNER_MAX, message=_l("The name can be at most %(max)d characters.", max=rules.OWNER_MAX)
                ),
                storable_text,
            ],
        )
        due_on = RealDateField(_l("Due date"), validators=[Optional()])
        status = status_field()
        note = TextAreaField(
            _l("Note"),
            validators=[
                Optional(),
                Length(
                    max=rules.NOTE_MAX, message=_l("The note can be at most %(max)d characters.", max=rules.NOTE_MAX)
                ),
                note_text,
            ],
        )
        version = version_field()

    return ActionForm(formdata=formdata, obj=obj)


def draft_of(form: Any) -> ActionDraft:
    return draft(
        form.title.data or "",
        form.topic.data or None,
        form.owner.data or None,
        form.due_on.data,
        form.status.data,
        form.note.data or None,
    )


class StatusForm(FlaskForm):
    status = status_field()
    version = version_field()


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[InputRequired(), AnyOf(["up", "down"])])


class DeleteForm(FlaskForm):
    confirmed = HiddenField(default="yes", validators=[InputRequired(), AnyOf(["yes"])])
    version = version_field()


class SuggestionForm(FlaskForm):
    suggestion = IntegerField(validators=[InputRequired()])
