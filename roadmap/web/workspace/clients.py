"""The portfolio of clients, a client's page, adding, editing and deleting clients."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from roadmap.db import session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Client
from roadmap.services import actions, clients
from roadmap.services.access import may_change
from roadmap.services.portfolio import client_figures
from roadmap.services.portfolio_kept import access_key, kept_portfolio
from roadmap.web.auditing import actor_of
from roadmap.web.forms import ConfirmForm, chosen_targets, client_form
from roadmap.web.workspace import portfolio_view
from roadmap.web.workspace.access import own_client

bp = Blueprint("clients", __name__)


def language() -> str:
    return str(get_locale())


def questionnaire() -> Questionnaire:
    return current_app.extensions["questionnaires"].default


@bp.get("/portfolio")
def portfolio() -> str:
    figures, version = kept_portfolio(session(), current_user)
    # The page's content is kept while nothing it shows has changed: at a thousand clients, building its tables and
    # charts costs several times what reading the figures does. The page around it (CSRF tokens, messages) is not.
    key = (
        current_user.id,
        access_key(current_user),  # which clients it shows; the version is of those
        may_change(current_user),  # the page's "Add a client" is not shown to a viewer
        language(),
        request.script_root,
        tuple(request.args.items(multi=True)),
        version,
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
                language=language(),
                score_of=portfolio_view.score_of,
            ),
            charts=bool(view.charts),
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
        saved = clients.save_client(
            session(),
            client.consultant if client else current_user,
            form.name.data,
            form.sector.data or None,
            form.size_band.data or None,
            chosen_targets(form, questionnaire()),
            [d.key for d in questionnaire().dimensions],
            client,
            language=form.language.data or None,
            actor=actor_of(current_user),
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
    figures = client_figures(session(), found)
    plan = actions.plan_of(session(), found)
    keys = [d.key for d in questionnaire().dimensions]
    return render_template(
        "clients/client.html",
        plan_actions=plan,
        progress=actions.progress(plan, figures, keys),
        client=found,
        figures=figures,
        view=portfolio_view.ClientView.of(figures, questionnaire(), language()),
        score_of=portfolio_view.score_of,
        questionnaire=questionnaire(),
        language=language(),
    )


@bp.route("/clients/<int:client_id>/delete", methods=["GET", "POST"])
def delete_client(client_id: int) -> Response | str:
    found = own_client(client_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        clients.delete_client(session(), found, actor=actor_of(current_user))
        flash(_("The client and all its rounds and answers have been deleted."))
        return redirect(url_for(".portfolio"))
    return render_template("clients/delete.html", client=found, form=form)
