"""The pages of an action plan, for an assessment's plan (web/plan.py) and a client's (web/workspace/actions.py).

Both blueprints describe their plan with a `Plan` (whose it is, its addresses, the ready-made actions) and hand it to
the views here; no blueprint, so the workspace's blueprints need not import another one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from roadmap.db import session
from roadmap.domain.actions import Suggestion, draft, is_overdue
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Action
from roadmap.services import actions
from roadmap.services.actions import PlanOwner
from roadmap.web.action_forms import STATUSES, DeleteForm, MoveForm, StatusForm, SuggestionForm, action_form, draft_of


@dataclass(frozen=True)
class Plan:
    """One plan as its pages need it: `endpoint` is the blueprint's name, `args` its address's arguments."""

    owner: PlanOwner
    name: str  # the organisation's or client's name
    endpoint: str
    args: dict[str, Any]
    questionnaire: Questionnaire
    suggestions: list[Suggestion] = field(default_factory=list)
    back: str = ""  # the result page or the client page
    back_label: str = ""

    def url(self, view: str, **args: Any) -> str:
        return url_for(f"{self.endpoint}.{view}", **self.args, **args)

    @property
    def topics(self) -> list[str]:
        return [d.key for d in self.questionnaire.dimensions]


def language() -> str:
    return str(get_locale())


def overdue(action: Action) -> bool:
    return is_overdue(action.due_on, action.status, date.today())


def _plan_page(plan: Plan, form: Any, status: int = 200, notice: str | None = None) -> tuple[str, int]:
    existing = actions.plan_of(session(), plan.owner)
    taken = {(a.title, a.topic) for a in existing}
    return render_template(
        "actions/plan.html",
        plan=plan,
        actions=existing,
        form=form,
        suggestions=[(i, s) for i, s in enumerate(plan.suggestions) if (s.title, s.topic) not in taken],
        status_form=StatusForm(formdata=None),
        move_form=MoveForm(formdata=None),
        questionnaire=plan.questionnaire,
        language=language(),
        status_choices=STATUSES,
        notice=notice,
    ), status


def show(plan: Plan) -> tuple[str, int]:
    return _plan_page(plan, action_form(plan.questionnaire, language(), formdata=None))


def add(plan: Plan) -> Response | tuple[str, int]:
    form = action_form(plan.questionnaire, language(), formdata=request.form)
    if not form.validate_on_submit():
        return _plan_page(plan, form, 400)
    made = actions.add(session(), plan.owner, draft_of(form), plan.topics)
    flash(_("The action has been added to the plan."))
    return redirect(plan.url("show") + f"#action-{made.id}")


def add_suggestion(plan: Plan) -> Response:
    form = SuggestionForm()
    number = form.suggestion.data if form.validate_on_submit() else None
    if number is None or not 0 <= number < len(plan.suggestions):
        abort(400)
    suggestion = plan.suggestions[number]
    made = actions.add(
        session(), plan.owner, draft(suggestion.title, suggestion.topic, note=suggestion.note), plan.topics
    )
    flash(_("The action has been added to the plan. Add who does it and by when with Edit."))
    return redirect(plan.url("show") + f"#action-{made.id}")


def _stale() -> str:
    return _(
        "This action was changed meanwhile (in another window, or by someone else): your change was not saved. "
        "Below is the action as it is now; make your change again."
    )


def edit(plan: Plan, action_id: int) -> Response | tuple[str, int]:
    found = actions.find(session(), plan.owner, action_id)
    if request.method == "GET":
        form = action_form(plan.questionnaire, language(), formdata=None, obj=found)
        form.topic.data = found.topic or ""
        return _edit_page(plan, found, form)
    form = action_form(plan.questionnaire, language(), formdata=request.form)
    if not form.validate_on_submit():
        return _edit_page(plan, found, form, 400)
    try:
        actions.update(session(), plan.owner, action_id, form.version.data, draft_of(form), plan.topics)
    except actions.StaleAction as stale:
        current = action_form(plan.questionnaire, language(), formdata=None, obj=stale.action)
        current.topic.data = stale.action.topic or ""
        return _edit_page(plan, stale.action, current, 409, notice=_stale())
    flash(_("The action has been saved."))
    return redirect(plan.url("show") + f"#action-{action_id}")


def _edit_page(plan: Plan, found: Action, form: Any, status: int = 200, notice: str | None = None) -> tuple[str, int]:
    return render_template("actions/edit.html", plan=plan, action=found, form=form, notice=notice), status


def change_status(plan: Plan, action_id: int) -> Response | tuple[str, int]:
    found = actions.find(session(), plan.owner, action_id)
    form = StatusForm()
    if not form.validate_on_submit():
        problem = next(iter(form.errors.values()), [""])[0] if "status" in form.errors else ""
        notice = str(problem) or _("The status was not saved: reload the page and try again.")
        return _plan_page(plan, action_form(plan.questionnaire, language(), formdata=None), 400, notice)
    try:
        actions.set_status(session(), plan.owner, found.id, form.version.data, form.status.data)
    except actions.StaleAction:
        flash(_stale())
        return redirect(plan.url("show") + f"#action-{action_id}")
    flash(_("The status of “%(action)s” has been saved.", action=found.title))
    return redirect(plan.url("show") + f"#action-{action_id}")


def move(plan: Plan, action_id: int) -> Response:
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    actions.move(session(), plan.owner, action_id, form.direction.data)
    # Back to the moved action: the address ends in its anchor, so the page opens where it now is.
    return redirect(plan.url("show") + f"#action-{action_id}")


def delete(plan: Plan, action_id: int) -> Response | str:
    found = actions.find(session(), plan.owner, action_id)
    form = DeleteForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            actions.delete(session(), plan.owner, action_id, form.version.data)
        except actions.StaleAction:
            flash(_stale())
            return redirect(plan.url("show") + f"#action-{action_id}")
        flash(_("The action “%(action)s” has been deleted.", action=found.title))
        return redirect(plan.url("show"))
    form.version.data = found.version
    return render_template("actions/delete.html", plan=plan, action=found, form=form)
