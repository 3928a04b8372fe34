"""The consultant's workspace: the portfolio of clients, a client's page, adding and editing clients."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Client
from roadmap.services import clients as service
from roadmap.services import portfolio as portfolio_service
from roadmap.web import portfolio_view
from roadmap.web.forms import SECTORS, SIZE_BANDS, ConfirmForm, chosen_targets, client_form, labels

bp = Blueprint("clients", __name__)


@bp.before_request
@login_required
def require_login() -> None:
    """Every page here is for logged-in consultants."""


def language() -> str:
    return str(get_locale())


def questionnaire() -> Questionnaire:
    return current_app.extensions["questionnaires"].default


def own_client(client_id: int) -> Client:
    """The client, if the current user may see it; 404 otherwise, the same as for an id that does not exist."""
    client = service.visible_client(session(), current_user, client_id)
    if client is None:
        abort(404)
    return client


@bp.get("/portfolio")
def portfolio() -> str:
    figures = portfolio_service.portfolio_of(session(), current_user)
    # The page's content is kept while nothing it shows has changed: at a thousand clients, building its tables and
    # charts costs several times what reading the figures does. The page around it (CSRF tokens, messages) is not.
    key = (
        current_user.id,
        language(),
        request.script_root,
        tuple(request.args.items(multi=True)),
        portfolio_service.fingerprint(figures),
    )
    body = portfolio_view.page_cache.get(key)
    if body is None:
        view = portfolio_view.PortfolioView.of(request.args, figures, questionnaire(), language())
        body = portfolio_view.page_cache.put(
            key,
            render_template(
                "clients/_portfolio_body.html",
                view=view,
                has_clients=bool(figures),
                questionnaire=questionnaire(),
                sectors=labels(SECTORS),
                size_bands=labels(SIZE_BANDS),
                language=language(),
                score_of=portfolio_view.score_of,
            ),
            charts=bool(view.figures),
        )
    return render_template("clients/portfolio.html", body=body)


@bp.route("/clients/new", methods=["GET", "POST"])
def new_client() -> Response | tuple[str, int]:
    return edit(None)


@bp.route("/clients/<int:client_id>/edit", methods=["GET", "POST"])
def edit_client(client_id: int) -> Response | tuple[str, int]:
    return edit(own_client(client_id))


def edit(client: Client | None) -> Response | tuple[str, int]:
    form = client_form(questionnaire(), language(), formdata=request.form or None, obj=client)
    if form.validate_on_submit():
        saved = service.save_client(
            session(),
            client.consultant if client else current_user,
            form.name.data,
            form.sector.data or None,
            form.size_band.data or None,
            chosen_targets(form, questionnaire()),
            [d.key for d in questionnaire().dimensions],
            client,
        )
        flash(_("The client has been saved."))
        return redirect(url_for(".client", client_id=saved.id))
    template = "clients/edit.html"
    return render_template(template, form=form, client=client, questionnaire=questionnaire()), (
        400 if form.errors else 200
    )


@bp.get("/clients/<int:client_id>")
def client(client_id: int) -> str:
    found = own_client(client_id)
    figures = portfolio_service.client_figures(session(), found)
    return render_template(
        "clients/client.html",
        client=found,
        figures=figures,
        view=portfolio_view.ClientView.of(figures, questionnaire(), language()),
        score_of=portfolio_view.score_of,
        questionnaire=questionnaire(),
        sectors=labels(SECTORS),
        size_bands=labels(SIZE_BANDS),
        language=language(),
    )


@bp.route("/clients/<int:client_id>/delete", methods=["GET", "POST"])
def delete_client(client_id: int) -> Response | str:
    found = own_client(client_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        service.delete_client(session(), found)
        flash(_("The client and all its rounds and answers have been deleted."))
        return redirect(url_for(".portfolio"))
    return render_template("clients/delete.html", client=found, form=form)
