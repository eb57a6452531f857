"""What is wrong with a data file: :class:`DataError`, which says where (a JSON path) and
what, and how a value is shown in that sentence.
"""

from __future__ import annotations

import json
import re


class DataError(ValueError):
    """The data cannot be used as it is: says where (a JSON path) and what is wrong."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _escape_surrogates(text: str) -> str:
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _show(value: object) -> str:
    text = _escape_surrogates(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 40 else text[:37] + "..."


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"
