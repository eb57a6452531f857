"""The data file written: the raw object as the file's stable, human-readable JSON text,
refusing what the strict reader would refuse.
"""

from __future__ import annotations

import math
from itertools import pairwise
from json.encoder import encode_basestring
from typing import Any

from .dataerrors import _SURROGATE, DataError
from .jsonread import MAX_DEPTH, MAX_DIGITS, JsonFloat, JsonInt, _first_problem, _path, _Where


def dump(raw: dict[str, Any], *, parts: dict[int, tuple[Any, str]] | None = None) -> str:
    """The raw object as the file's text (stable, human-readable: ``json.dumps`` with
    ``indent=2`` and UTF-8 text), with every number read from a file written as it was read.

    Refuses (DataError with the JSON path) what :func:`parse_json` would refuse: NaN,
    infinities, numbers of more than :data:`MAX_DIGITS` digits, lone surrogates, nesting
    deeper than :data:`MAX_DEPTH`, and values JSON has no form for.

    ``parts``, kept by the caller from one dump to the next, holds each application's text by
    its object: an application that is the very same object as in the last dump is not
    written again (the caller never changes a dumped object in place).
    """
    used: dict[int, tuple[Any, str]] = {}
    reused: list[int] = []  # where in ``out`` a text kept from an earlier dump was written
    out: list[str] = []
    write = out.append
    encode = encode_basestring
    bound = 10 ** MAX_DIGITS
    breaks = ["\n" + "  " * level for level in range(MAX_DEPTH + 1)]
    separators = ["," + line for line in breaks]

    def value(node: Any, where: _Where, depth: int) -> None:
        if isinstance(node, str):
            write(encode(node))
        elif node is None:
            write("null")
        elif node is True:
            write("true")
        elif node is False:
            write("false")
        elif isinstance(node, int):
            if not -bound < node < bound:
                raise DataError(_path(where), f"a number of more than {MAX_DIGITS} digits "
                                              "cannot be written to the data file")
            write(node.text if isinstance(node, JsonInt) else int.__repr__(node))
        elif isinstance(node, float):
            if not math.isfinite(node):
                raise DataError(_path(where), f"{node!r} cannot be written to the data file "
                                              "(JSON has no such number)")
            write(node.text if isinstance(node, JsonFloat) else float.__repr__(node))
        elif isinstance(node, dict | list | tuple):
            if depth >= MAX_DEPTH:
                raise DataError(_path(where), f"nested too deeply: more than {MAX_DEPTH} "
                                              f"levels; a data file nests at most {MAX_DEPTH}")
            opening, closing = ("{", "}") if isinstance(node, dict) else ("[", "]")
            if not node:
                write(opening + closing)
                return
            between = breaks[depth + 1]
            write(opening)
            if isinstance(node, dict):
                for key, item in node.items():
                    if not isinstance(key, str):
                        raise DataError(_path(where), f"the key {key!r} is not text")
                    write(between + encode(key) + ": ")
                    between = separators[depth + 1]
                    value(item, (where, key), depth + 1)
            elif parts is not None and depth == 1 and where == (None, "applications"):
                for i, item in enumerate(node):
                    write(between)
                    between = separators[depth + 1]
                    known = parts.get(id(item))
                    if known is None or known[0] is not item:
                        start = len(out)
                        value(item, (where, i), depth + 1)
                        known = (item, "".join(out[start:]))
                        del out[start:]
                    else:
                        reused.append(len(out))
                    write(known[1])
                    used[id(item)] = known
            else:
                for i, item in enumerate(node):
                    write(between)
                    between = separators[depth + 1]
                    value(item, (where, i), depth + 1)
            write(breaks[depth] + closing)
        else:
            raise DataError(_path(where), f"a {type(node).__name__} cannot be written as JSON")

    try:
        value(raw, None, 0)
    finally:
        # value() calls itself through this name: a cycle that would keep it, and all it
        # holds (the text's pieces, every application's object), until the cycle collector
        # comes, which the bridge keeps away from what is alive after a read (bridge._settle).
        value = None  # type: ignore[assignment]
    text = "".join(out)
    # A kept text was checked when it was first written: only the rest is searched again.
    bounds = [-1, *reused, len(out)]
    rest = text if not reused else "".join(
        "".join(out[a + 1:b]) for a, b in pairwise(bounds))
    if _SURROGATE.search(rest):
        problem = _first_problem(raw, strings=True)
        raise problem or DataError("", "a lone surrogate cannot be written to the data file")
    if parts is not None:
        parts.clear()
        parts.update(used)
    return text + "\n"
