"""The roadmap domain: questionnaires, scoring, phases and next steps.

Plain Python only: nothing here imports Flask, SQLAlchemy or Werkzeug (a test checks it).
"""
