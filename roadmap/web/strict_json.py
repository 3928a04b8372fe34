"""Request bodies as JSON the API can work with: bounded nesting, finite numbers, each key once.

Python's json module reads `NaN`, `Infinity` and repeated keys (the last one wins), and raises RecursionError, not
ValueError, on deeply nested arrays; none of that should reach the schema check or the services.
"""

from __future__ import annotations

import json
import math
from typing import Any

# An assessment is three levels deep ({"answers": {key: option}}); 32 leaves room for any future shape.
MAX_DEPTH = 32


class InvalidJson(ValueError):
    """The body is not JSON the API accepts; the message says why, in one line."""


def loads(data: bytes | str) -> Any:
    """The parsed body, or InvalidJson."""
    if _too_deep(data if isinstance(data, str) else data.decode("utf-8", errors="replace")):
        raise InvalidJson(f"the JSON is nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(data, object_pairs_hook=_object, parse_constant=_constant, parse_float=_float)
    except InvalidJson:
        raise
    except (ValueError, RecursionError) as error:  # JSONDecodeError, bad UTF-8, a number of over 4,300 digits
        raise InvalidJson(f"the body is not valid JSON ({str(error).splitlines()[0][:200]})") from None


def _too_deep(text: str) -> bool:
    """More than MAX_DEPTH open brackets at any point outside strings (checked before parsing, so it cannot recurse)."""
    depth, in_string, escaped = 0, False, False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif character in "]}":
            depth -= 1
    return False


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidJson(f"the key {key[:100]!r} appears more than once in one object")
        result[key] = value
    return result


def _constant(name: str) -> float:
    raise InvalidJson(f"{name} is not a number JSON allows")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InvalidJson(f"the number {text[:50]} is too large")
    return value
