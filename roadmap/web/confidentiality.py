"""A round's confidentiality in plain words: for respondents (the welcome page) and for the consultant's pages.

The rule itself is `roadmap.domain.confidentiality`; these are only its words, in the page's language or in the
language given (en or nl).
"""

from __future__ import annotations

from flask_babel import force_locale, gettext, ngettext

from roadmap.domain.confidentiality import Confidentiality


def confidentiality_in_words(settings: Confidentiality, language: str | None = None) -> str:
    """Who sees a respondent's answers in a round with these settings, said to the respondent.

    For the respondent's welcome page: `confidentiality_in_words(round_.confidentiality, assessment.language)`.
    Without `language`, the current page's language.
    """
    if language is None:
        return _respondent_words(settings)
    with force_locale(language):
        return _respondent_words(settings)


def _respondent_words(settings: Confidentiality) -> str:
    if not settings.confidential:
        return gettext(
            "This round is named: your consultant can see your own answers with your name and department, and the "
            "figures of every department, however few people answered in it."
        )
    return ngettext(
        "Your answers are confidential: your consultant sees your answers only combined with those of others, "
        "for groups of at least %(num)d respondent, and never with your name. Smaller departments are combined.",
        "Your answers are confidential: your consultant sees your answers only combined with those of others, "
        "for groups of at least %(num)d respondents, and never with your name. Smaller departments are combined.",
        settings.minimum,
    )


def confidentiality_setting(settings: Confidentiality) -> str:
    """The round's setting as the consultant's pages name it."""
    if not settings.confidential:
        return gettext("Named: every figure is shown, also of a single respondent.")
    return ngettext(
        "Confidential: figures only for groups of at least %(num)d respondent.",
        "Confidential: figures only for groups of at least %(num)d respondents.",
        settings.minimum,
    )
