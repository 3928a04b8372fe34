"""Loading questionnaire files: every problem names the file, the path inside it and what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from roadmap.domain.loader import Problem, QuestionnaireError, load_file, load_folder
from roadmap.domain.questionnaire import DONT_KNOW, PHASE_KEYS
from tests.domain.minimal import raw_questionnaire

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: these tests write many files
REAL_FILE = Path(__file__).parents[2] / "questionnaires" / "social-business-roadmap.yaml"
QUESTION = "dimensions[3].questions[2]"  # content_q3 in the minimal questionnaire

Change = Callable[[dict[str, Any]], None]


def write(folder: Path, name: str, raw: Any) -> Path:
    path = folder / name
    path.write_text(yaml.dump(raw, Dumper=DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(QuestionnaireError) as raised:
        load_file(path)
    return raised.value.problems


def changed(change: Change) -> dict[str, Any]:
    raw = raw_questionnaire()
    change(raw)
    return raw


def question(raw: dict[str, Any]) -> dict[str, Any]:
    return raw["dimensions"][3]["questions"][2]


def assert_one_problem(path: Path, where: str, what: str) -> None:
    problems = problems_of(path)
    assert [(p.source, p.path) for p in problems] == [(str(path), where)], problems
    assert what in problems[0].message


def test_the_minimal_questionnaire_is_valid(tmp_path: Path) -> None:
    # The baseline every error case below changes in one place.
    questionnaire, raw = load_file(write(tmp_path, "minimal.yaml", raw_questionnaire()))

    assert questionnaire.id == "test-roadmap"
    assert raw == raw_questionnaire()
    assert [o.key for o in questionnaire.questions[0].options] == [*PHASE_KEYS, DONT_KNOW]


def test_a_problem_reads_as_file_path_and_message(tmp_path: Path) -> None:
    path = write(tmp_path, "roadmap.yaml", changed(lambda raw: question(raw)["options"].pop()))

    with pytest.raises(QuestionnaireError) as raised:
        load_file(path)

    assert str(raised.value) == f"{path}: {QUESTION}.options: no option for level 4 (social_business)"


@pytest.mark.parametrize(
    ("change", "where", "what"),
    [
        pytest.param(
            lambda raw: raw["dimensions"][1].update(key="strategy"),
            "dimensions[1].key",
            "duplicate dimension key 'strategy' (first at dimensions[0].key)",
            id="dimension key",
        ),
        pytest.param(
            lambda raw: question(raw).update(key="strategy_q1"),
            f"{QUESTION}.key",
            "duplicate question key 'strategy_q1' (first at dimensions[0].questions[0].key)",
            id="question key in another dimension",
        ),
        pytest.param(
            lambda raw: question(raw).update(key="content_q1"),
            f"{QUESTION}.key",
            "duplicate question key 'content_q1' (first at dimensions[3].questions[0].key)",
            id="question key in the same dimension",
        ),
        pytest.param(
            lambda raw: question(raw)["options"].append({"level": 3, "text": {"en": "again", "nl": "weer"}}),
            f"{QUESTION}.options[4].level",
            "a second option for level 3",
            id="option level",
        ),
    ],
)
def test_duplicate_key(tmp_path: Path, change: Change, where: str, what: str) -> None:
    assert_one_problem(write(tmp_path, "roadmap.yaml", changed(change)), where, what)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        pytest.param(lambda raw: question(raw)["text"].pop("nl"), f"{QUESTION}.text.nl", id="question"),
        pytest.param(lambda raw: raw["title"].pop("en"), "title.en", id="title"),
        pytest.param(lambda raw: raw["phases"][2]["motto"].pop("nl"), "phases[2].motto.nl", id="phase"),
        pytest.param(
            lambda raw: question(raw)["options"][1]["text"].pop("nl"), f"{QUESTION}.options[1].text.nl", id="option"
        ),
        pytest.param(
            lambda raw: raw["dimensions"][0]["advice"]["dialogue"]["why"].pop("en"),
            "dimensions[0].advice.dialogue.why.en",
            id="advice",
        ),
    ],
)
def test_missing_translation(tmp_path: Path, change: Change, where: str) -> None:
    assert_one_problem(write(tmp_path, "roadmap.yaml", changed(change)), where, "translation is missing")


@pytest.mark.parametrize(
    ("level", "message"),
    [
        (0, "0 is outside 1..4"),
        (5, "5 is outside 1..4"),
        (-1, "-1 is outside 1..4"),
        ("two", "'two' is not a whole number from 1 to 4"),
        (2.5, "2.5 is not a whole number from 1 to 4"),
    ],
)
def test_level_outside_one_to_four(tmp_path: Path, level: Any, message: str) -> None:
    path = write(
        tmp_path,
        "roadmap.yaml",
        changed(lambda raw: question(raw)["options"].append({"level": level, "text": {"en": "x", "nl": "x"}})),
    )

    assert_one_problem(path, f"{QUESTION}.options[4].level", message)


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_question_lacking_an_option_for_a_phase(tmp_path: Path, level: int) -> None:
    path = write(tmp_path, "roadmap.yaml", changed(lambda raw: question(raw)["options"].pop(level - 1)))

    assert_one_problem(path, f"{QUESTION}.options", f"no option for level {level} ({PHASE_KEYS[level - 1]})")


@pytest.mark.parametrize(
    ("change", "where", "allowed"),
    [
        pytest.param(lambda raw: raw.update(colour="red"), "colour", "dimensions, id, introduction", id="top level"),
        pytest.param(lambda raw: raw["phases"][1].update(colour="red"), "phases[1].colour", "motto", id="phase"),
        pytest.param(
            lambda raw: raw["dimensions"][3].update(colour="red"), "dimensions[3].colour", "weight", id="dimension"
        ),
        pytest.param(lambda raw: question(raw).update(wieght=2), f"{QUESTION}.wieght", "help, key, options", id="typo"),
        pytest.param(
            lambda raw: question(raw)["options"][0].update(key="presence"),
            f"{QUESTION}.options[0].key",
            "level, text",
            id="option key is derived, not written",
        ),
        pytest.param(
            lambda raw: raw["phases"][0]["next_steps"][0].update(owner="me"),
            "phases[0].next_steps[0].owner",
            "text, why",
            id="step",
        ),
    ],
)
def test_unknown_field(tmp_path: Path, change: Change, where: str, allowed: str) -> None:
    path = write(tmp_path, "roadmap.yaml", changed(change))

    assert_one_problem(path, where, "unknown field")
    assert allowed in problems_of(path)[0].message


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        pytest.param("id: x\nversion: [1, 2\ntitle: y\n", "line 3, column 6", "YAML syntax error", id="open list"),
        pytest.param("id: x\n  version: 1\n", "line 2, column 10", "mapping values are not allowed", id="indent"),
        pytest.param("id: x\nversion: 'unclosed\n", "line 3, column 1", "quoted scalar", id="open quote"),
    ],
)
def test_yaml_syntax_error(tmp_path: Path, text: str, where: str, what: str) -> None:
    path = tmp_path / "roadmap.yaml"
    path.write_text(text, encoding="utf-8")

    assert_one_problem(path, where, what)


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        pytest.param("id: x\ntitle: a\nid: y\n", "line 3, column 1", "duplicate key 'id'", id="top level"),
        pytest.param(
            "dimensions:\n  - key: a\n    name: b\n    key: c\n", "line 4, column 5", "duplicate key 'key'", id="nested"
        ),
    ],
)
def test_duplicate_yaml_mapping_key(tmp_path: Path, text: str, where: str, what: str) -> None:
    path = tmp_path / "roadmap.yaml"
    path.write_text(text, encoding="utf-8")

    assert_one_problem(path, where, what)


def test_a_duplicate_yaml_key_in_a_valid_file_is_not_silently_resolved(tmp_path: Path) -> None:
    path = write(tmp_path, "roadmap.yaml", raw_questionnaire())
    path.write_text(path.read_text(encoding="utf-8") + "version: '2'\n", encoding="utf-8")

    assert "duplicate key 'version'" in problems_of(path)[0].message


def test_problems_in_one_file_are_reported_together(tmp_path: Path) -> None:
    def two_problems(raw: dict[str, Any]) -> None:
        raw["title"].pop("nl")
        question(raw)["options"].pop()

    problems = problems_of(write(tmp_path, "roadmap.yaml", changed(two_problems)))

    assert [p.path for p in problems] == ["title.nl", f"{QUESTION}.options"]


def test_the_real_questionnaire_loads() -> None:
    if not REAL_FILE.exists():
        pytest.skip(f"{REAL_FILE.name} is not written yet")

    questionnaire, _ = load_file(REAL_FILE)

    assert questionnaire.id == "social-business-roadmap"
    assert [p.key for p in questionnaire.phases] == list(PHASE_KEYS)
    assert len(questionnaire.dimensions) >= 8


# --- load_folder --------------------------------------------------------------------------------------------------


def test_load_folder_loads_every_yaml_file_in_name_order(tmp_path: Path) -> None:
    write(tmp_path, "b.yaml", raw_questionnaire(id="second"))
    write(tmp_path, "a.yaml", raw_questionnaire(id="first"))
    (tmp_path / "README.md").write_text("not a questionnaire", encoding="utf-8")

    loaded = load_folder(tmp_path)

    assert [questionnaire.id for questionnaire, _ in loaded] == ["first", "second"]


def test_load_folder_refuses_two_files_with_the_same_id(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", raw_questionnaire())
    second = write(tmp_path, "b.yaml", raw_questionnaire())

    with pytest.raises(QuestionnaireError) as raised:
        load_folder(tmp_path)

    assert raised.value.problems == [Problem(str(second), "id", f"'test-roadmap' is also the id of {first}")]


@pytest.mark.parametrize("other_file", [None, "README.md", "roadmap.yml"])
def test_load_folder_refuses_a_folder_without_questionnaires(tmp_path: Path, other_file: str | None) -> None:
    if other_file:
        (tmp_path / other_file).write_text("id: x\n", encoding="utf-8")

    with pytest.raises(QuestionnaireError) as raised:
        load_folder(tmp_path)

    assert raised.value.problems == [Problem(str(tmp_path), "", "contains no questionnaire (*.yaml) file")]


def test_load_folder_reports_the_problems_of_every_file_together(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", raw_questionnaire(id="good"))
    broken = write(tmp_path, "b.yaml", changed(lambda raw: question(raw)["options"].pop()))
    unreadable = tmp_path / "c.yaml"
    unreadable.write_text("id: [x\n", encoding="utf-8")

    with pytest.raises(QuestionnaireError) as raised:
        load_folder(tmp_path)

    assert [p.source for p in raised.value.problems] == [str(broken), str(unreadable)]
    assert raised.value.problems[0].path == f"{QUESTION}.options"
    assert "YAML syntax error" in raised.value.problems[1].message
