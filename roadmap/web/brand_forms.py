"""The forms of the firm's brand and of a client's own logo, and the page text of each refusal (services.branding)."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage
from wtforms import StringField
from wtforms.validators import Optional

from roadmap.domain.brand import ACCENT_MINIMUM, LOGO_MAX_BYTES, LOGO_MAX_PIXELS, BrandProblem
from roadmap.web.forms import name_length, storable_text

# A request to these pages may be this large, so that a logo over 1 MB gets its own message, not a bare 413.
UPLOAD_REQUEST_MAX = 2 * LOGO_MAX_BYTES


class BrandForm(FlaskForm):
    name = StringField(_l("Firm name"), validators=[Optional(), name_length(), storable_text])
    accent = StringField(_l("Accent colour"), validators=[Optional()])
    logo = FileField(_l("Logo"))


class LogoForm(FlaskForm):
    logo = FileField(_l("Logo"))


def uploaded(field: FileField) -> bytes | None:
    """The uploaded file's bytes, or None when none was chosen (its name and type are not looked at)."""
    storage = field.data
    if not isinstance(storage, FileStorage) or not storage.filename:
        return None
    try:
        return storage.read(LOGO_MAX_BYTES + 1)
    finally:
        storage.close()  # a large upload is a temporary file


def problem_message(problem: BrandProblem) -> str:
    """A refusal in the page's language, naming what was found."""
    found = problem.found
    messages: dict[str, Any] = {
        "logo-too-big": lambda: _("The logo is %(size)s; it can be at most 1 MB.", size=found),
        "logo-empty": lambda: _("The file is empty."),
        "logo-type": lambda: _("The file is not a PNG or SVG image (judged by its content, whatever its name says)."),
        "png-damaged": lambda: _("The file starts like a PNG image but cannot be read: it is damaged or not a PNG."),
        "png-too-large": lambda: _(
            "The image is %(size)s pixels; a logo can be at most %(max)d pixels on each side.",
            size=found,
            max=LOGO_MAX_PIXELS,
        ),
        "svg-unreadable": lambda: _("The SVG file cannot be read: it is not well-formed XML."),
        "svg-not-svg": lambda: _("The file is XML but not an SVG image (its root is not an <svg> element)."),
        "svg-dtd": lambda: _(
            "The SVG file has a document type or entities (<!DOCTYPE>, <!ENTITY>), which can read other files: "
            "remove them."
        ),
        "svg-instruction": lambda: _("The SVG file has a processing instruction (%(found)s): remove it.", found=found),
        "svg-element": lambda: _(
            "The SVG file contains %(found)s, which can run code or show another document: remove it.", found=found
        ),
        "svg-event": lambda: _(
            "The SVG file has an event attribute (%(found)s), which runs code: remove it.", found=found
        ),
        "svg-reference": lambda: _(
            "The SVG file refers to something outside it (%(found)s): a logo may only refer to its own parts "
            "(#id) or embed a PNG, JPEG, GIF or WebP image.",
            found=found,
        ),
        "svg-css": lambda: _(
            "The SVG file's style refers to something outside it or hides what it does (%(found)s): only url(#id) "
            "is allowed.",
            found=found,
        ),
        "accent-format": lambda: _("Give the colour as # and six hexadecimal digits, for example #1d5f8a."),
        "accent-contrast": lambda: _(
            "White text on this colour has a contrast of %(ratio)s:1; it must be at least %(minimum)s:1 (WCAG AA). "
            "Choose a darker colour.",
            ratio=format_decimal(float(found or 0), "0.00"),
            minimum=format_decimal(ACCENT_MINIMUM, "0.0"),
        ),
    }
    message = messages.get(problem.code)
    return message() if message else str(problem)


def too_large_page(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    """A request over UPLOAD_REQUEST_MAX: its form could not be read (what was typed is lost), the page says why."""
    form.logo.errors = [_("The logo is larger than 1 MB; it can be at most 1 MB.")]
    return render_template(template, form=form, **context), 413
