"""What a questionnaire page keeps between requests: its form class and its questions' fieldsets.

Both depend only on the questionnaire version (by content), the dimension or question, the language and, for a
fieldset, the option that is checked and the question's number. A fieldset with an error, or with a posted value
that is not one of its options, is the request's own and rendered every time; so are the CSRF token, the error
summary and everything around the questions (templates/assessment/page.html).
"""

from __future__ import annotations

from flask import get_template_attribute
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import Field

from roadmap.domain.questionnaire import Dimension, Question
from roadmap.models import Assessment
from roadmap.web.forms import page_form_class
from roadmap.web.page_cache import Kept, app_kept

# A few versions x 2 languages x the dimensions; fieldsets: the questions x (options + none checked) of those.
FORM_CLASSES = 64
FIELDSETS = 4096


class FormClasses(Kept[type[FlaskForm]]):
    pass


class Fieldsets(Kept[Markup]):
    pass


def form_class(assessment: Assessment, questionnaire_id: str, dimension: Dimension, language: str) -> type[FlaskForm]:
    """The page's form class for the assessment's questionnaire version, dimension and language."""
    key = (assessment.questionnaire_version.content_hash, dimension.key, language)
    kept = app_kept("page_form_classes", FORM_CLASSES, FormClasses)
    found = kept.get(key)
    if found is None:
        found = kept.keep(key, page_form_class(questionnaire_id, dimension, language))
    return found


def fieldsets(
    assessment: Assessment, form: FlaskForm, dimension: Dimension, number: int, language: str
) -> list[Markup]:
    """Each question's fieldset on page `number` (macros.html, `question_fieldset`), numbered by its position."""
    version = assessment.questionnaire_version.content_hash
    return [
        fieldset(version, form[question.key], question, f"{number}.{position}", language)
        for position, question in enumerate(dimension.questions, start=1)
    ]


def fieldset(version: str, field: Field, question: Question, number: str, language: str) -> Markup:
    render = get_template_attribute("macros.html", "question_fieldset")
    if field.errors or (field.data is not None and question.option(field.data) is None):
        return Markup(render(field, question, number, language))  # the request's own: an error, a stray value
    key = (version, question.key, language, number, field.data)
    kept = app_kept("question_fieldsets", FIELDSETS, Fieldsets)
    found = kept.get(key)
    if found is None:
        found = kept.keep(key, Markup(render(field, question, number, language)))
    return found
