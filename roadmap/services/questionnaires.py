"""The questionnaires in use: current versions from the files, and every stored version an assessment used."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from roadmap.domain.loader import load_folder, parse
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Assessment, QuestionnaireVersion, utcnow
from roadmap.services.errors import Conflict


class VersionConflict(Conflict):
    """A file changed its content under a version that assessments already use."""


@dataclass(frozen=True)
class Current:
    questionnaire: Questionnaire
    raw: dict[str, Any]
    content_hash: str


class Catalogue:
    """The questionnaire files of one folder, validated at once: an invalid file stops the app from starting."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._current = {
            questionnaire.id: Current(questionnaire, raw, content_hash(raw))
            for questionnaire, raw in load_folder(folder)
        }

    @property
    def ids(self) -> list[str]:
        return sorted(self._current)

    @property
    def default(self) -> Questionnaire:
        return self._current[self.ids[0]].questionnaire

    def current(self, questionnaire_id: str) -> Questionnaire | None:
        found = self._current.get(questionnaire_id)
        return found.questionnaire if found else None

    def stored_current(self, session: Session, questionnaire_id: str) -> QuestionnaireVersion:
        """The stored row of a questionnaire's current version, written the first time it is used."""
        current = self._current[questionnaire_id]
        q = current.questionnaire
        select = sa.select(QuestionnaireVersion).filter_by(questionnaire_id=q.id, version=q.version)
        row = session.scalar(select)
        if row is None:
            _insert_if_absent(session, current)
            row = session.scalar(select)
            assert row is not None, "inserted, or stored by a concurrent request first"
        elif row.content_hash != current.content_hash:
            used = session.scalar(sa.select(sa.func.count(Assessment.id)).filter_by(questionnaire_version_id=row.id))
            if used:
                raise VersionConflict(
                    f"{q.id} version {q.version} changed in {self.folder}, but {used} assessment(s) use the stored "
                    "content of that version: raise the version in the file"
                )
            row.content, row.content_hash = current.raw, current.content_hash
            session.flush()
        return row

    def store_all(self, session: Session) -> list[QuestionnaireVersion]:
        """Store the current version of every questionnaire (the `questionnaires load` command)."""
        rows = [self.stored_current(session, questionnaire_id) for questionnaire_id in self.ids]
        session.commit()
        return rows


def _insert_if_absent(session: Session, current: Current) -> None:
    """Store a version unless another process did first: respondents of a new version arrive all at once, and a plain
    INSERT would fail on the unique (questionnaire_id, version) for all but the first."""
    dialect = session.get_bind().dialect.name
    insert: postgresql.Insert | sqlite.Insert
    if dialect == "postgresql":
        insert = postgresql.insert(QuestionnaireVersion)
    elif dialect == "sqlite":
        insert = sqlite.insert(QuestionnaireVersion)
    else:  # the two databases the project supports; both have INSERT ... ON CONFLICT DO NOTHING
        raise NotImplementedError(f"storing questionnaires on {dialect}")
    q = current.questionnaire
    values = {"content": current.raw, "content_hash": current.content_hash, "loaded_at": utcnow()}
    session.execute(
        insert.values(questionnaire_id=q.id, version=q.version, **values).on_conflict_do_nothing(
            index_elements=[QuestionnaireVersion.questionnaire_id, QuestionnaireVersion.version]
        )
    )


def content_hash(raw: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


_parsed: dict[str, Questionnaire] = {}


def parsed_questionnaire(content_hash: str) -> Questionnaire | None:
    """The questionnaire of a stored content hash if this process has parsed it already."""
    return _parsed.get(content_hash)


def questionnaire_of(row: QuestionnaireVersion) -> Questionnaire:
    """The questionnaire exactly as stored for a version (parsed once per content; versions are few)."""
    questionnaire = _parsed.get(row.content_hash)
    if questionnaire is None:
        source = f"stored questionnaire {row.questionnaire_id} {row.version}"
        questionnaire = _parsed[row.content_hash] = parse(row.content, source)
    return questionnaire
