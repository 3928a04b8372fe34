"""Safe YAML reading that refuses duplicate keys and reports syntax errors as Problems."""

from __future__ import annotations

from typing import Any

import yaml

from roadmap.domain.problems import Problem, QuestionnaireError

# The C parser when PyYAML has it (several times faster); the checks below work the same on both.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A safe YAML loader that refuses a mapping with the same key twice (PyYAML keeps the last silently)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {mark.line + 1})", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(text: str, source: str) -> Any:
    """Parse YAML text, turning a syntax error into a Problem naming the line and column."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise QuestionnaireError([Problem(source, where, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as error:
        raise QuestionnaireError([Problem(source, "", f"YAML syntax error: {error}")]) from None
