"""Entry point for `flask --app wsgi` and WSGI servers (gunicorn wsgi:app)."""

from roadmap import create_app
from roadmap.domain.loader import QuestionnaireError

try:
    app = create_app()
except QuestionnaireError as error:
    # One clear message instead of a traceback; the site does not start with an invalid questionnaire.
    raise SystemExit(f"Roadmap cannot start: a questionnaire file is invalid.\n{error}") from None
