"""The contract between Python and the page: every shape that crosses the worker is declared
as a TypedDict in followup.contract and as a JSDoc typedef in site_app/js/types.js (the view)
or calltypes.js (each call's request and answer), and the two must agree, both ways: the
same keys, each optional on both sides or on neither, nullable (``| None`` / ``|null``) on
both or neither, and a closed set of words (``Literal`` / ``"a"|"b"``) the same set."""

from __future__ import annotations

import math
import re
import types
import typing
from pathlib import Path

import pytest

import followup.calls
from followup import contract

JS = Path(__file__).resolve().parent.parent / "site_app" / "js"
#: The page's type declarations: the view and messages, and the calls.
TYPES_JS = (JS / "types.js", JS / "calltypes.js")
_TYPEDEF = re.compile(r"@typedef \{Object\} (\w+)\n(.*?)\*/", re.DOTALL)
_PROPERTY = re.compile(r"@property \{(?P<type>[^}]*(?:\}[^}\s]*)?)\} (?P<name>\[?\w+\]?)")
_ALIAS = re.compile(r"@typedef \{((?:\"\w+\"\|?)+)\} (\w+)")


def _js_shapes() -> dict[str, dict[str, tuple[str, bool]]]:
    """Each ``@typedef {Object}`` of types.js: its properties, as (type, optional)."""
    text = "".join(path.read_text(encoding="utf-8") for path in TYPES_JS)
    shapes = {}
    for name, body in _TYPEDEF.findall(text):
        props = {}
        for found in _PROPERTY.finditer(body):
            key = found["name"]
            optional = key.startswith("[")
            props[key.strip("[]")] = (found["type"].strip(), optional)
        shapes[name] = props
    return shapes


def _js_aliases() -> dict[str, set[str]]:
    """``@typedef {"a"|"b"} Name``: the words each names."""
    text = "".join(path.read_text(encoding="utf-8") for path in TYPES_JS)
    return {name: set(re.findall(r'"(\w+)"', union)) for union, name in _ALIAS.findall(text)}


def _py_shapes() -> dict[str, type]:
    return {name: value for name, value in vars(contract).items()
            if isinstance(value, type) and typing.is_typeddict(value)
            and value.__module__ == contract.__name__}


def _literals(tp: object) -> set[str] | None:
    """The words of a Literal (through ``| None``), or None for any other type."""
    args = [a for a in typing.get_args(tp) if a is not type(None)] \
        if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union else [tp]
    if len(args) == 1 and typing.get_origin(args[0]) is typing.Literal:
        return {str(v) for v in typing.get_args(args[0])}
    return None


def _js_words(js_type: str, aliases: dict[str, set[str]]) -> set[str] | None:
    parts = [p.strip() for p in js_type.split("|") if p.strip() != "null"]
    if parts in (["true"], ["false"]):  # Literal[True]
        return {parts[0].capitalize()}
    if all(re.fullmatch(r'"\w+"', p) for p in parts):
        return {p.strip('"') for p in parts}
    if len(parts) == 1 and parts[0] in aliases:
        return aliases[parts[0]]
    return None


SHARED = sorted(set(_py_shapes()) & set(_js_shapes()))


def test_the_shapes_are_declared_on_both_sides() -> None:
    """Every view shape Python declares is described for the page (and the other way), but
    for the few each side has alone, named here."""
    python_only = {"HistoryItem"}  # JS: Item & {edit: EventEdit}, an intersection
    # the page's own, a preview (spreadsheet.Preview), and the map of calls (test below)
    js_only = {"Paint", "PaintCache", "SpreadsheetPreview", "Calls"}
    assert set(_py_shapes()) - set(_js_shapes()) == python_only
    assert set(_js_shapes()) - set(_py_shapes()) == js_only
    assert len(SHARED) >= 12


def test_every_call_has_one_request_and_one_answer_on_both_sides() -> None:
    """The page's ``python.call`` is typed by types.js's ``Calls``: each call's name with its
    request and answer; Python's ``contract.CALLS`` names the same pairs, for the very calls
    the bridge answers (their shapes are then compared key by key above)."""
    calls = _js_shapes()["Calls"]
    js = {name: tuple(t.strip() for t in js_type.strip("[]").split(","))
          for name, (js_type, _) in calls.items()}
    py = {name: (request.__name__, answer.__name__)
          for name, (request, answer) in contract.CALLS.items()}
    assert js == py
    assert set(py) == set(followup.calls.CALLS)
    assert {name for pair in py.values() for name in pair} <= set(SHARED)


def differences(py: type, js: dict[str, tuple[str, bool]],
                aliases: dict[str, set[str]]) -> list[str]:
    """How the TypedDict ``py`` and the typedef ``js`` differ: [] when they agree."""
    hints = typing.get_type_hints(py)
    found = [f"only in Python: {key}" for key in sorted(set(hints) - set(js))]
    found += [f"only in types.js: {key}" for key in sorted(set(js) - set(hints))]
    for key in sorted(set(hints) & set(js)):
        tp, (js_type, js_optional) = hints[key], js[key]
        if (key in py.__optional_keys__) != js_optional:
            found.append(f"{key}: optional on one side only")
        if (type(None) in typing.get_args(tp)) != ("null" in js_type.split("|")):
            found.append(f"{key}: nullable on one side only ({js_type})")
        py_words, js_words = _literals(tp), _js_words(js_type, aliases)
        if (py_words is not None or js_words is not None) and py_words != js_words:
            found.append(f"{key}: the words differ: {py_words} != {js_words}")
    return found


@pytest.mark.parametrize("name", SHARED)
def test_python_and_the_page_agree_on(name: str) -> None:
    assert differences(_py_shapes()[name], _js_shapes()[name], _js_aliases()) == []


def test_the_check_finds_each_kind_of_difference() -> None:
    """The comparison itself, on changed copies of the page's side of Step."""
    aliases = _js_aliases()
    step = _js_shapes()["Step"]
    assert step["when_full"] == ("string", False)
    missing = {k: v for k, v in step.items() if k != "when_full"}
    assert differences(contract.Step, missing, aliases) == ["only in Python: when_full"]
    assert differences(contract.Step, {**step, "when_full": ("string", True)}, aliases) == [
        "when_full: optional on one side only"]
    assert differences(contract.Step, {**step, "contact": ("string", False)}, aliases) == [
        "contact: nullable on one side only (string)"]
    assert differences(contract.Step, {**step, "kind": ('"thank_you"|"reply"', False)},
                       aliases)[0].startswith("kind: the words differ")
    assert differences(contract.Step, {**step, "kind": ("string", False)}, aliases)[0] \
        .startswith("kind: the words differ")


def test_the_page_refuses_the_same_file_size_python_does() -> None:
    """The one number both sides hold: the largest spreadsheet read (the page refuses a
    larger file before sending it; Python refuses it too)."""
    from followup import sheetfile

    found = re.search(r"^export const MAX_BYTES = ([\d *]+);$",
                      (JS / "spreadsheets.js").read_text(encoding="utf-8"), re.M)
    assert found is not None
    assert math.prod(int(n) for n in found.group(1).split("*")) == sheetfile.MAX_BYTES
