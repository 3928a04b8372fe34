"""Roadmap: measure how far an organisation has come on the Social Business Roadmap."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask

from roadmap.config import PROJECT_ROOT, Config, load_config

log = logging.getLogger(__name__)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. An invalid questionnaire file raises QuestionnaireError: the app does not start."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(Config)
    app.config.update(load_config(app.config, Path(app.instance_path), config))

    from roadmap import cli, i18n, jobs, redaction, security, web
    from roadmap.extensions import csrf, db, limiter, migrate
    from roadmap.render import svg
    from roadmap.services import mail
    from roadmap.services.questionnaires import Catalogue
    from roadmap.web import static_files

    app.extensions["questionnaires"] = Catalogue(Path(app.config["QUESTIONNAIRE_FOLDER"]))
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    web.init_app(app)
    static_files.init_app(app)
    svg.init_app(app)
    cli.init_app(app)
    redaction.init_app(app)
    jobs.init_app(app)
    mail.init_app(app)
    return app
