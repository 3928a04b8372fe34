"""The questionnaires in use: current versions from the files, and every stored version an assessment used."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from roadmap.domain.loader import load_folder, parse
from roadmap.domain.questionnaire import Questionnaire
from roadmap.models import Assessment, QuestionnaireVersion
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
        row = session.scalar(sa.select(QuestionnaireVersion).filter_by(questionnaire_id=q.id, version=q.version))
        if row is None:
            row = QuestionnaireVersion(
                questionnaire_id=q.id, version=q.version, content=current.raw, content_hash=current.content_hash
            )
            session.add(row)
            session.flush()
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
