"""The questionnaire flow: start (or, for an invited respondent, a welcome), one page per dimension, review, submit,
result, delete."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from roadmap import jobs
from roadmap.db import read_only, session
from roadmap.domain.explanation import explain
from roadmap.domain.questionnaire import Questionnaire
from roadmap.extensions import limit_creating_assessments
from roadmap.i18n import use_assessment_language
from roadmap.models import Assessment
from roadmap.render.charts import radar_json
from roadmap.services import assessments, branding
from roadmap.web import question_page
from roadmap.web.errors import error_page
from roadmap.web.forms import ConfirmForm, StartForm, page_form
from roadmap.web.page_cache import CachedBody, app_cache

bp = Blueprint("assessment", __name__)


def language() -> str:
    return str(get_locale())


def load(token: str, with_answers: bool = False, with_plan: bool = False) -> tuple[Assessment, Questionnaire]:
    """The token's assessment and its questionnaire, or the page for a link that does not work (404); in one query
    with its answers (`with_answers`) or its plan (`with_plan`) where the page needs them."""
    assessment = assessments.find(session(), token, with_answers, with_plan)
    if assessment is None:
        abort(make_response(link_not_working(), 404))
    use_assessment_language(assessment.language)
    g.invited_respondent = assessment.invitation is not None  # base.html: no consultants' login for them
    return assessment, assessments.questionnaire_for(assessment)


SECONDS_PER_QUESTION = 30


def minutes_to_answer(questions: int) -> int:
    """About half a minute per question, in whole minutes (at least one)."""
    return max(1, round(questions * SECONDS_PER_QUESTION / 60))


def link_not_working() -> str:
    """The page for a token that opens nothing: revoked, replaced by a new link, deleted, or mistyped."""
    message = _(
        "This link no longer works. It may have been revoked or replaced by a new link, or the assessment was "
        "deleted. Ask the person who sent it to you for the current link."
    )
    return error_page(404, message)[0]


@bp.route("/start", methods=["GET", "POST"])
@limit_creating_assessments(success_status=302)
def start() -> Response | str:
    form = StartForm()
    if form.validate_on_submit():
        catalogue = current_app.extensions["questionnaires"]
        profile = assessments.Profile(
            organisation_name=form.organisation_name.data.strip(),
            sector=form.sector.data or None,
            size_band=form.size_band.data or None,
            department=form.department.data or None,
            role=(form.role.data or "").strip() or None,
        )
        token, _assessment = assessments.start(session(), catalogue, catalogue.default.id, profile, language())
        return redirect(url_for(".link", token=token))
    return render_template("assessment/start.html", form=form)


@bp.get("/a/<token>/link")
def link(token: str) -> str:
    assessment, _questionnaire = load(token)
    return render_template("assessment/link.html", assessment=assessment, token=token)


@bp.get("/a/<token>")
def resume(token: str) -> Response:
    """Reopen at the first page with an unanswered question; a finished assessment shows its result."""
    assessment, questionnaire = load(token)
    if assessments.is_frozen(assessment):
        # A closed round: the answers can be read, no longer changed.
        return redirect(url_for(".result" if assessment.submitted_at is not None else ".review", token=token))
    answers = assessment.answer_map
    if assessment.invitation is not None and not answers and assessment.submitted_at is None:
        return redirect(url_for(".welcome", token=token))
    for number, dimension in enumerate(questionnaire.dimensions, start=1):
        if any(q.option(answers.get(q.key, "")) is None for q in dimension.questions):
            return redirect(url_for(".page", token=token, number=number))
    if assessment.submitted_at is not None:
        return redirect(url_for(".result", token=token))
    return redirect(url_for(".review", token=token))


@bp.get("/a/<token>/welcome")
def welcome(token: str) -> str:
    """An invited respondent's first page: who asks, for whom, how long it takes and who sees the answers."""
    assessment, questionnaire = load(token)
    if assessment.invitation is None:
        abort(404)
    return render_template(
        "assessment/welcome.html",
        round=assessment.invitation.round,
        questionnaire=questionnaire,
        minutes=minutes_to_answer(len(questionnaire.questions)),
        token=token,
        frozen=assessments.is_frozen(assessment),
        language=language(),
        brand=branding.firm_brand(assessment.invitation.round.client.firm),
    )


@bp.route("/a/<token>/page/<int:number>", methods=["GET", "POST"])
def page(token: str, number: int) -> Response | str:
    if request.method == "GET":
        read_only()  # one statement: the assessment with its answers
    assessment, questionnaire = load(token, with_answers=True)
    assessments.ensure_open(assessment)  # a closed round: RoundClosed, a 409 page (roadmap.web.errors)
    if not 1 <= number <= len(questionnaire.dimensions):
        abort(404)
    dimension = questionnaire.dimensions[number - 1]
    stored = assessment.answer_map
    formdata = request.form if request.method == "POST" else None
    form = page_form(question_page.form_class(assessment, questionnaire.id, dimension, language()), stored, formdata)
    to_review = request.values.get("review") == "1"
    if request.method == "POST":
        action = request.form.get("action", "next")
        if action == "back":
            # Going back keeps whatever was chosen on this page, answered or not, and asks nothing.
            # (CSRFProtect has already checked the token of every POST.)
            chosen = {q.key: form[q.key].data for q in dimension.questions if q.option(form[q.key].data or "")}
            save(assessment, chosen)
            return redirect(previous_page(token, assessment, number, to_review))
        if form.validate():
            save(assessment, {q.key: form[q.key].data for q in dimension.questions})
            if to_review or number == len(questionnaire.dimensions):
                return redirect(url_for(".review", token=token))
            return redirect(url_for(".page", token=token, number=number + 1))
    answered = sum(1 for q in questionnaire.questions if q.option(stored.get(q.key, "")) is not None)
    return render_template(
        "assessment/page.html",
        assessment=assessment,
        questionnaire=questionnaire,
        dimension=dimension,
        form=form,
        fieldsets=question_page.fieldsets(assessment, form, dimension, number, language()),
        token=token,
        number=number,
        pages=len(questionnaire.dimensions),
        answered=answered,
        to_review=to_review,
        invited=assessment.invitation is not None,
        language=language(),
    )


def save(assessment: Assessment, answers: dict[str, str]) -> None:
    """Store a page's answers; a changed submitted result has its reports made again in the background."""
    submitted = assessment.submitted_at is not None
    if assessments.save_answers(session(), assessment, answers) and submitted:
        jobs.queue_reports(assessment.id)


def previous_page(token: str, assessment: Assessment, number: int, to_review: bool) -> str:
    """Where Back goes: the page before; from page 1, the overview when the user came from there, an invited
    respondent's welcome page, else page 1 itself (the page shows no Back button: the private-link page before it
    is not a step of the questions)."""
    if number > 1:
        return url_for(".page", token=token, number=number - 1)
    if to_review:
        return url_for(".review", token=token)
    if assessment.invitation is not None:
        return url_for(".welcome", token=token)
    return url_for(".page", token=token, number=1)


@bp.get("/a/<token>/review")
def review(token: str) -> str:
    """The answers so far; in a closed round read-only, without the way to change or submit them."""
    assessment, questionnaire = load(token)
    return render_review(token, assessment, questionnaire, ConfirmForm(), missing=[])


def render_review(
    token: str, assessment: Assessment, questionnaire: Questionnaire, form: ConfirmForm, missing: list[str]
) -> str:
    return render_template(
        "assessment/review.html",
        assessment=assessment,
        questionnaire=questionnaire,
        answers=assessment.answer_map,
        token=token,
        form=form,
        missing=missing,
        language=language(),
        frozen=assessments.is_frozen(assessment),
    )


@bp.post("/a/<token>/submit")
def submit(token: str) -> Response | tuple[str, int]:
    assessment, questionnaire = load(token)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        assessments.submit(session(), assessment)
    except assessments.Incomplete as incomplete:
        return render_review(token, assessment, questionnaire, form, missing=incomplete.missing), 422
    jobs.queue_reports(assessment.id)
    return redirect(url_for(".result", token=token))


@bp.get("/a/<token>/result")
def result(token: str) -> Response | str:
    read_only()  # one statement: the assessment with its plan
    assessment, questionnaire = load(token, with_plan=True)
    if assessment.submitted_at is None:
        return redirect(url_for(".resume", token=token))
    return render_result(assessment, questionnaire, token=token)


def render_result(
    assessment: Assessment, questionnaire: Questionnaire, token: str | None = None, share_token: str | None = None
) -> str:
    """The result page: for the owner (`token`, the private link) or read-only (`share_token`, web/share.py).

    The read-only page gets no private token at all: a link that needs one cannot be built there by mistake.
    """
    body = result_body(assessment, language())
    return render_template(
        "assessment/result.html",
        assessment=assessment,
        questionnaire=questionnaire,
        body=body.html,
        has_result=body.charts,
        token=token,
        share_token=share_token,
        shared=share_token is not None,
        language=language(),
        frozen=assessments.is_frozen(assessment),
        round=assessment.invitation.round if assessment.invitation is not None else None,
        # A respondent in a round has no plan of their own, and never sees the client's.
        plan_actions=list(assessment.plan) if assessment.invitation is None else [],
    )


# The rendered results of the last few hundred (assessment, answers, language): scoring, explaining and rendering
# a result were four fifths of the page's CPU time, and it changes only when its answers do.
RESULT_BODIES = 256


def result_body(assessment: Assessment, language: str) -> CachedBody:
    """The result itself (assessment/_result_body.html); `charts` says whether it has a result to draw.

    Kept by everything it is made of: the assessment (by its token's hash, never reused, unlike an id after a
    deletion), its answers (by its revision, raised in the same statement as any change of them, so they need not
    be read to find it), its questionnaire version (by content) and the language. The date, the plan, the round, the
    closed state and the links are the page's own, per request."""
    version = assessment.questionnaire_version.content_hash
    key = (assessment.token_hash, assessment.revision, version, language)
    kept = app_cache("result_bodies", RESULT_BODIES)
    body = kept.get(key)
    if body is None:
        questionnaire = assessments.questionnaire_for(assessment)
        outcome = assessments.result_of(assessment)
        html = render_template(
            "assessment/_result_body.html",
            questionnaire=questionnaire,
            result=outcome,
            figure=radar_json(questionnaire, outcome, language) if outcome.has_result else None,
            explanation=explain(questionnaire, outcome, assessment.answer_map),
            language=language,
        )
        body = kept.put(key, html, charts=outcome.has_result)
    return body


@bp.route("/a/<token>/delete", methods=["GET", "POST"])
def delete(token: str) -> Response | str | tuple[str, int]:
    assessment, _questionnaire = load(token)
    assessments.ensure_deletable(assessment)  # an invited respondent's: a 409 page (roadmap.web.errors)
    form = ConfirmForm()
    if form.validate_on_submit():
        assessments.delete(session(), assessment)
        flash(_("The assessment and all its answers have been deleted."))
        return redirect(url_for("main.home"))
    return render_template("assessment/delete.html", assessment=assessment, token=token, form=form)
