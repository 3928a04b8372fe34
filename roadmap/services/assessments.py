"""Assessment use cases: start, save a page of answers, submit, delete, and create a complete one (API)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, joinedload

from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import Result, assess, dimension_scores
from roadmap.models import Answer, Assessment, utcnow
from roadmap.services.errors import Conflict, Invalid
from roadmap.services.questionnaires import Catalogue, questionnaire_of

TOKEN_BYTES = 32  # 256 bits of randomness in every resume link


class InvalidAnswers(Invalid):
    """Answers that name unknown questions or options; nothing was stored."""

    def __init__(self, details: list[str]) -> None:
        super().__init__("The assessment was not stored: fix the problems in details.", details)


class Incomplete(Invalid):
    """Submitting needs an answer to every question."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(f"{len(missing)} question(s) unanswered", [f"{key}: unanswered" for key in missing])


@dataclass(frozen=True)
class Profile:
    """Who answers for which organisation. Only the organisation's name is required."""

    organisation_name: str
    sector: str | None = None
    size_band: str | None = None
    department: str | None = None
    role: str | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find(session: Session, token: str, with_answers: bool = False, with_plan: bool = False) -> Assessment | None:
    """The assessment of a resume token. Looking up by hash keeps the comparison independent of the token.

    Its questionnaire version and invitation come in the same query (the model joins them); `with_answers` adds
    its answers too and `with_plan` its action plan, for a page that always needs them: one query instead of two."""
    if not token or len(token) > 100:
        return None
    select = sa.select(Assessment).filter_by(token_hash=token_hash(token))
    if with_answers:
        select = select.options(joinedload(Assessment.answers))
    if with_plan:
        select = select.options(joinedload(Assessment.plan))
    return session.scalars(select).unique().one_or_none()


def questionnaire_for(assessment: Assessment) -> Questionnaire:
    """The questionnaire version the assessment was started on, as it was then."""
    return questionnaire_of(assessment.questionnaire_version)


def start(
    session: Session, catalogue: Catalogue, questionnaire_id: str, profile: Profile, language: str
) -> tuple[str, Assessment]:
    """Create an assessment on the current version of a questionnaire; returns the resume token once."""
    token, assessment = _new_assessment(session, catalogue, questionnaire_id, profile, language)
    session.add(assessment)
    session.commit()
    return token, assessment


def _new_assessment(
    session: Session, catalogue: Catalogue, questionnaire_id: str, profile: Profile, language: str
) -> tuple[str, Assessment]:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    assessment = Assessment(
        token_hash=token_hash(token),
        questionnaire_version=catalogue.stored_current(session, questionnaire_id),
        organisation_name=profile.organisation_name,
        sector=profile.sector,
        size_band=profile.size_band,
        department=profile.department,
        role=profile.role,
        language=language,
    )
    return token, assessment


def check_answers(questionnaire: Questionnaire, answers: Mapping[str, str]) -> list[str]:
    """Problems with answer keys: unknown questions, unknown options."""
    problems = []
    for question_key, option_key in answers.items():
        question = questionnaire.question(question_key)
        if question is None:
            problems.append(f"answers.{question_key}: unknown question")
        elif question.option(option_key) is None:
            allowed = ", ".join(o.key for o in question.options)
            problems.append(f"answers.{question_key}: unknown option {option_key!r} (one of {allowed})")
    return problems


def complete_answer_problems(questionnaire: Questionnaire, answers: Mapping[str, str]) -> list[str]:
    """Problems with a full set of answers: unknown keys and unanswered questions."""
    missing = [f"answers.{q.key}: missing" for q in questionnaire.questions if q.key not in answers]
    return check_answers(questionnaire, answers) + missing


def save_answers(session: Session, assessment: Assessment, answers: Mapping[str, str]) -> bool:
    """Store answers (new ones added, changed ones replaced); the result follows from what is stored. Returns
    whether any answer was added or changed.

    One upsert, so two tabs saving the same new answer at once both succeed and the later one wins; the revision
    is raised in SQL when any answer was added or changed.
    """
    ensure_open(assessment)
    if problems := check_answers(questionnaire_for(assessment), answers):
        raise InvalidAnswers(problems)
    changed = bool(answers) and _upsert_answers(session, assessment.id, answers) > 0
    if changed:
        assessment.revision = Assessment.revision + 1  # in SQL, so concurrent saves both count
    session.commit()  # expires the assessment: its answers are read again from the database
    return changed


def _upsert_answers(session: Session, assessment_id: int, answers: Mapping[str, str]) -> int:
    """Insert or replace answers in one statement; returns how many were added or changed."""
    dialect = session.get_bind().dialect.name
    insert: postgresql.Insert | sqlite.Insert
    if dialect == "postgresql":
        insert = postgresql.insert(Answer)
    elif dialect == "sqlite":
        insert = sqlite.insert(Answer)
    else:  # the two databases the project supports; both have INSERT ... ON CONFLICT DO UPDATE
        raise NotImplementedError(f"saving answers on {dialect}")
    statement = insert.on_conflict_do_update(
        index_elements=[Answer.assessment_id, Answer.question_key],
        set_={"option_key": insert.excluded.option_key},
        where=Answer.option_key != insert.excluded.option_key,
    ).returning(Answer.id)
    # The rows as parameters, not in .values(): a statement with literal VALUES rows is compiled anew every time,
    # this one once (SQLAlchemy sends the rows in one INSERT ... VALUES (...), (...) all the same).
    rows = [{"assessment_id": assessment_id, "question_key": k, "option_key": v} for k, v in answers.items()]
    return len(session.execute(statement, rows).all())


class RoundClosed(Conflict):
    """The assessment belongs to a closed round: nothing in it can change any more."""

    def __init__(self) -> None:
        super().__init__("This round is closed: nothing in it can change any more.")


class ManagedByConsultant(Conflict):
    """An invited respondent's assessment is removed with its round or client, not on its own."""

    def __init__(self) -> None:
        super().__init__("An invited respondent's assessment is removed with its round or client.")


def is_frozen(assessment: Assessment) -> bool:
    """True when the assessment is part of a closed round."""
    return assessment.invitation is not None and assessment.invitation.round.closed_at is not None


def ensure_open(assessment: Assessment) -> None:
    if is_frozen(assessment):
        raise RoundClosed()


def submit(session: Session, assessment: Assessment) -> Result:
    """Mark the assessment submitted (again, after edits) and return its result."""
    ensure_open(assessment)  # first: in a closed round, what is missing no longer matters
    questionnaire = questionnaire_for(assessment)
    answers = assessment.answer_map
    if missing := questionnaire.unanswered(answers):
        raise Incomplete([q.key for q in missing])
    assessment.submitted_at = utcnow()
    assessment.submitted_scores = dimension_scores(questionnaire, answers)
    assessment.revision = Assessment.revision + 1  # a resubmission changes the report: new date, new cache key
    session.commit()
    return assess(questionnaire, answers)


def result_of(assessment: Assessment) -> Result:
    return assess(questionnaire_for(assessment), assessment.answer_map)


def create_complete(
    session: Session,
    catalogue: Catalogue,
    questionnaire_id: str,
    profile: Profile,
    answers: Mapping[str, str],
    language: str,
    now: datetime | None = None,
) -> tuple[str, Assessment]:
    """Create and submit an assessment with every question answered, in one transaction (the JSON API)."""
    questionnaire = catalogue.current(questionnaire_id)
    if questionnaire is None:
        raise InvalidAnswers([f"questionnaire: unknown questionnaire {questionnaire_id!r}"])
    if problems := complete_answer_problems(questionnaire, answers):
        raise InvalidAnswers(problems)
    token, assessment = _new_assessment(session, catalogue, questionnaire_id, profile, language)
    assessment.submitted_at = now or utcnow()
    assessment.answers = [Answer(question_key=k, option_key=v) for k, v in answers.items()]
    session.add(assessment)
    session.commit()
    return token, assessment


def ensure_deletable(assessment: Assessment) -> None:
    """An invited respondent's assessment is removed with its round or client, not on its own."""
    if assessment.invitation is not None:
        raise ManagedByConsultant()


def delete(session: Session, assessment: Assessment) -> None:
    """Remove the assessment and all its answers for good (an invited respondent's stays with the round)."""
    ensure_deletable(assessment)
    session.delete(assessment)
    session.commit()
