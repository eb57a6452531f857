"""The data file's strict JSON reader: JSON text to the raw object, refusing what a data file
can never hold, with the JSON path of the first problem.

Python's json does the lexing and parsing (fast, in C); around it: a size check, a linear
bracket count that refuses deep nesting before json.loads could recurse, hooks that turn every
number and object into either a value or a marker of what is wrong with it, and, only when a
hook or a quick look at the text found something, one walk that names the first problem's
JSON path. Numbers with a fraction or an exponent are kept with their text (JsonFloat), so
fields this version does not know are written back exactly as they were read
(:mod:`followup.jsonwrite`).
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any, Final

from .dataerrors import _SURROGATE, DataError, _kind

#: The most characters a data file's text may have (16 MiB); the 10,000-application benchmark
#: file is 4.7 MB.
MAX_CHARS: Final = 16 * 1024 * 1024
#: How deeply objects and lists may nest (the format itself needs 6 levels).
MAX_DEPTH: Final = 32
#: The most digits a number may have (a 5,000-digit integer is refused, not computed with).
MAX_DIGITS: Final = 100


class JsonFloat(float):
    """A JSON number with a fraction or exponent, kept with the text it was written as."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, text: str) -> JsonFloat:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __reduce__(self) -> tuple[type[JsonFloat], tuple[str]]:
        return (JsonFloat, (self.text,))

    def __copy__(self) -> JsonFloat:
        return self

    def __deepcopy__(self, memo: object) -> JsonFloat:
        return self


class JsonInt(int):
    """A JSON integer whose text is not Python's: only ``-0``."""

    text: str

    def __new__(cls, text: str) -> JsonInt:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __reduce__(self) -> tuple[type[JsonInt], tuple[str]]:
        return (JsonInt, (self.text,))

    def __copy__(self) -> JsonInt:
        return self

    def __deepcopy__(self, memo: object) -> JsonInt:
        return self


class _Refused:
    """Stands in the parsed tree for a value the data file may not hold, and says why."""

    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem


class _Duplicated(dict[str, Any]):
    """An object in which ``key`` appears more than once."""

    key: str = ""


_Where = tuple[Any, str | int] | None  # (the parent's _Where, the key or index), None at the top
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:,]', re.DOTALL)
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
#: The \u escape of a surrogate (a pair's halves also match: the walk that follows decides).
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _may_hold_surrogates(text: str) -> bool:
    return bool(_SURROGATE.search(text)
                or ("\\u" in text and _ESCAPED_SURROGATE.search(text)))


def _segment(key: str | int) -> str:
    if isinstance(key, int):
        return f"[{key}]"
    if _PLAIN_KEY.fullmatch(key):
        return f".{key}"
    shown = json.dumps(key)  # ASCII: quotes, controls and surrogates escaped
    if len(shown) > 40:
        shown = shown[:36] + '..."'
    return f"[{shown}]"


def _path(where: _Where) -> str:
    parts: list[str] = []
    while where is not None:
        where, key = where
        parts.append(_segment(key))
    return "".join(reversed(parts)).removeprefix(".")


def _line_column(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


def _too_deep(text: str) -> DataError | None:
    """Deeper nesting than :data:`MAX_DEPTH`, found without recursion: brackets outside
    strings are counted in one pass (only a refusal walks the text again, to name where)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if len(brackets) <= MAX_DEPTH or max(
            accumulate(map(_BRACKET_STEP.__getitem__, brackets))) <= MAX_DEPTH:
        return None
    # Where: the path of the container that opens one level too deep.
    frames: list[list[Any]] = []  # [is_object, key or index, expecting a key]
    for token in _TOKEN.finditer(text):
        kind = token.group()
        if kind in "[{":
            if len(frames) == MAX_DEPTH:
                where: _Where = None
                for frame in frames:
                    where = (where, frame[1])
                path = _path(where)
                if len(path) > 160:
                    path = path[:100] + "..." + path[-57:]
                return DataError(path, f"nested too deeply: more than {MAX_DEPTH} levels (at "
                                       f"{_line_column(text, token.start())}); a data file "
                                       f"nests at most {MAX_DEPTH} levels")
            frames.append([kind == "{", 0 if kind == "[" else "", kind == "{"])
        elif kind in "]}":
            if frames:
                frames.pop()
        elif kind == ",":
            if frames:
                if frames[-1][0]:
                    frames[-1][2] = True
                else:
                    frames[-1][1] += 1
        elif kind == ":":
            if frames:
                frames[-1][2] = False
        elif frames and frames[-1][0] and frames[-1][2]:
            try:
                frames[-1][1] = json.loads(kind)
            except ValueError:
                frames[-1][1] = kind[1:-1]
    return DataError("", f"nested too deeply: more than {MAX_DEPTH} levels; a data file "
                         f"nests at most {MAX_DEPTH} levels")


def _digits(text: str) -> int:
    return sum(map(str.isdigit, text)) if len(text) > MAX_DIGITS else len(text)


class _Parser:
    """json.loads' hooks for one text: values, or markers of what is wrong (``flagged``)."""

    def __init__(self) -> None:
        self.flagged = False

    def refuse(self, problem: str) -> _Refused:
        self.flagged = True
        return _Refused(problem)

    def integer(self, text: str) -> int | JsonInt | _Refused:
        if _digits(text) > MAX_DIGITS:
            return self.refuse(f"a number of {_digits(text):,} digits; a data file's numbers "
                               f"have at most {MAX_DIGITS} digits")
        return JsonInt(text) if text == "-0" else int(text)

    def fraction(self, text: str) -> JsonFloat | _Refused:
        if _digits(text) > MAX_DIGITS:
            return self.refuse(f"a number of {_digits(text):,} digits; a data file's numbers "
                               f"have at most {MAX_DIGITS} digits")
        number = JsonFloat(text)
        if not math.isfinite(number):
            return self.refuse(f"the number {text[:40]} is too large (it overflows to "
                               "infinity, which JSON has no form for)")
        return number

    def constant(self, name: str) -> _Refused:
        return self.refuse(f"{name} is not allowed in the data file (JSON has no such number)")

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        self.flagged = True
        marked = _Duplicated(pairs)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                marked.key = key
                break
            seen.add(key)
        return marked


def _first_problem(value: Any, *, strings: bool) -> DataError | None:
    """The first refused value, duplicated key or (when ``strings``) lone surrogate, in
    document order, with its JSON path; one walk with its own stack."""
    stack: list[tuple[Any, _Where]] = [(value, None)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            if isinstance(node, _Duplicated):
                return DataError(_path((where, node.key)), "this key appears more than once in "
                                 "the same object; each key may appear once")
            items = list(node.items())
            for key, item in reversed(items):
                stack.append((item, (where, key)))
            if strings:
                for key, _ in items:
                    found = _SURROGATE.search(key)
                    if found:
                        return DataError(_path((where, key)), _surrogate_problem(key, "key"))
        elif isinstance(node, list):
            stack.extend((item, (where, i)) for i, item in reversed(list(enumerate(node))))
        elif isinstance(node, _Refused):
            return DataError(_path(where), node.problem)
        elif strings and isinstance(node, str) and _SURROGATE.search(node):
            return DataError(_path(where), _surrogate_problem(node, "text"))
    return None


def _surrogate_problem(text: str, what: str) -> str:
    found = _SURROGATE.search(text)
    assert found is not None
    return (f"the {what} holds a lone surrogate (\\u{ord(found.group()):04x}, at character "
            f"{found.start() + 1}): half of a UTF-16 pair, not a character")


def parse_json(text: str) -> dict[str, Any]:
    """JSON text to the raw object, refusing what a data file can never hold.

    A leading byte order mark (U+FEFF) is skipped. Refused, with the JSON path where it can
    be named: more than :data:`MAX_CHARS` characters, nesting deeper than :data:`MAX_DEPTH`,
    numbers of more than :data:`MAX_DIGITS` digits, NaN, Infinity and numbers that overflow
    to it, lone surrogates, keys that appear twice in an object, and anything after the
    document.
    """
    if len(text) > MAX_CHARS:
        raise DataError("", f"the file is too large ({len(text):,} characters; at most "
                            f"{MAX_CHARS:,})")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DataError("", "the file is empty")
    deep = _too_deep(text)
    if deep is not None:
        raise deep
    parser = _Parser()
    try:
        raw = json.loads(text, parse_int=parser.integer, parse_float=parser.fraction,
                         parse_constant=parser.constant, object_pairs_hook=parser.pairs)
    except RecursionError:  # not reached after _too_deep; kept as a backstop
        raise DataError("", f"the data is nested too deeply (at most {MAX_DEPTH} levels)") \
            from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.msg == "Extra data":
            raise DataError("", f"not valid JSON: there is more after the end of the document "
                                f"(at {where}); a data file is one JSON object") from None
        if exc.msg.startswith("Unexpected UTF-8 BOM"):
            raise DataError("", "not valid JSON: it starts with a second byte order mark "
                                "(U+FEFF); one is skipped, a second is not") from None
        raise DataError("", f"not valid JSON: {exc.msg} at {where}") from None
    strings = _may_hold_surrogates(text)
    if parser.flagged or strings:
        problem = _first_problem(raw, strings=strings)
        if problem is not None:
            raise problem
    if not isinstance(raw, dict):
        raise DataError("", f"expected a JSON object at the top, found {_kind(raw)}")
    return raw
