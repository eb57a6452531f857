"""Malformed data files against every command: exit 0 or 2, one line, never a traceback.

A valid document is mutated (keys deleted, wrong types, huge numbers, surrogate escapes, deep
nesting, a byte order mark, trailing garbage, bytes that are not UTF-8, truncation, keys
twice) and every command runs on it in-process, with a strict UTF-8 stdout as a terminal
has. When the exit status is 2, stderr is one line and the file is byte for byte as it was.
A few of the nastiest files also go through the real console script.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup import cli
from helpers import app, event, followup_command, raw

NOW = "2026-11-18T10:00:00-05:00"
AT = "2026-11-18T09:00:00-05:00"

COMMANDS: dict[str, Callable[[str, str], list[str]]] = {
    "check": lambda f, out: ["check", f, "--now", NOW],
    "plan": lambda f, out: ["plan", f, "--now", NOW],
    "plan --json": lambda f, out: ["plan", f, "--now", NOW, "--json"],
    "ics": lambda f, out: ["ics", f, "--now", NOW, "-o", out],
    "draft": lambda f, out: ["draft", f, "acme", "--kind", "thank_you", "--now", NOW],
    "log": lambda f, out: ["log", f, "acme", "thank-you", "--at", AT, "--now", NOW],
}

BASES = [
    raw(),
    raw(app(events=[event("thank_you", "2026-11-18 09:00", contact="dana")],
            decision_expected="2026-11-25", notes={"ratio": 1.5, "tags": ["a", "b"]}),
        country="US"),
    raw(app(), app(id="beta", company="Beta", contacts=[], interviews=[
        {"id": "r1", "ends_at": "2026-11-16T11:00:00-05:00", "with": []}],
        away=[{"from": "2026-11-20", "until": "2026-11-30"}], closed=False)),
]

#: Raw JSON text put in place of a value: what Python's json alone mishandles or a data file
#: may not hold.
NASTY = [
    "9" * 5000, "-" + "1" * 101, "1" * 100, "1e400", "-1e400", "1e-400", "NaN", "Infinity",
    "-Infinity", "1.10", "-0", r'"\ud800"', r'"x \udfff y"', r'"\ud83d\ude00"', '"\ud800"',
    "[" * 10_000 + "]" * 10_000, '{"a":' * 40 + "1" + "}" * 40, "[" * 33 + "]" * 33,
    '{"k": 1, "k": 2}', r'{"\udc00": 1}', '"\u0000\n"', "{}", "[]", "null",
]
OTHER_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(allow_nan=False),
    st.text(max_size=12), st.sampled_from(["acme", "dana", "r1", "2026-11-17T15:00:00-05:00",
                                           "2026-11-25", "thank_you", "follow_up", "reply"]),
    st.just([]), st.just({}),
)


def containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every member of every object and list in ``node``."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*path, key))
            found.extend(containers(value, (*path, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.append((*path, i))
            found.extend(containers(value, (*path, i)))
    return found


def parent(document: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        document = document[key]
    return document


@st.composite
def malformed(draw: st.DrawFn) -> bytes:
    document = copy.deepcopy(draw(st.sampled_from(BASES)))
    snippets: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        paths = containers(document)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        holder = parent(document, path)
        action = draw(st.sampled_from(["delete", "retype", "nasty", "nasty"]))
        if action == "delete":
            del holder[path[-1]]
        elif action == "retype":
            holder[path[-1]] = draw(OTHER_VALUES)
        else:
            snippets.append(draw(st.sampled_from(NASTY)))
            holder[path[-1]] = f"@@NASTY{len(snippets) - 1}@@"
    if draw(st.booleans()):
        document[draw(st.sampled_from(["extra", "applications", "x\ud800"]))] = "@@NASTY-TOP@@"
        snippets.append(draw(st.sampled_from(NASTY)))
        document[next(reversed(document))] = f"@@NASTY{len(snippets) - 1}@@"
    text = json.dumps(document, indent=draw(st.sampled_from([None, 2])))
    for i, snippet in enumerate(snippets):
        text = text.replace(f'"@@NASTY{i}@@"', snippet)
    if draw(st.booleans()) and '"company": ' in text:
        text = text.replace('"company": ', '"company": "Twice", "company": ', 1)
    data = text.encode("utf-8", "surrogatepass")
    for change in draw(st.lists(st.sampled_from(["bom", "trailing", "bytes", "truncate"]),
                                max_size=2)):
        if change == "bom":
            data = b"\xef\xbb\xbf" + data
        elif change == "trailing":
            data += draw(st.sampled_from([b"x", b"}", b" {}", b"\x00", b"\n\n[1]"]))
        elif change == "bytes":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])) \
                + data[at:]
        else:
            data = data[:draw(st.integers(0, len(data)))]
    return data


def run_in_process(argv: list[str]) -> tuple[int, str]:
    """``followup ARGV`` in this process, with a terminal's strict UTF-8 stdout."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    stderr = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(argv)
        stdout.flush()
        stderr.flush()
    return code, stderr.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]


def check_outcome(name: str, code: int, err: str, folder: Path, data: bytes) -> None:
    assert code in (0, 2), (name, code, err)
    assert "Traceback" not in err
    if code == 2:
        assert err.count("\n") == 1, (name, err)
        assert err.startswith("followup: ")
        # every refusal is a known one, worded; "unexpected problem" would be a bug here
        assert "unexpected problem" not in err, (name, err)
        assert (folder / "plan.json").read_bytes() == data, name
        assert not (folder / "plan.json.bak").exists(), name
        assert not (folder / "out.ics").exists(), name


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(malformed())
def test_every_command_on_a_malformed_file_exits_0_or_2_in_one_line(data):
    with tempfile.TemporaryDirectory() as tmp:
        for name, argv in COMMANDS.items():
            folder = Path(tmp) / name.replace(" ", "_")
            folder.mkdir()
            (folder / "plan.json").write_bytes(data)
            code, err = run_in_process(argv(str(folder / "plan.json"), str(folder / "out.ics")))
            check_outcome(name, code, err, folder, data)


def with_notes(value_text: str) -> bytes:
    text = json.dumps(raw(app(notes="@@NOTES@@"))).replace('"@@NOTES@@"', value_text)
    return text.encode("utf-8")


@pytest.mark.parametrize(("data", "message"), [
    (with_notes("9" * 5000), "applications[0].notes: a number of 5,000 digits"),
    (with_notes(r'"\ud800"'), "applications[0].notes: the text holds a lone surrogate"),
    (with_notes("[" * 10_000 + "]" * 10_000), "nested too deeply"),
], ids=["5000-digit-int", "lone-surrogate", "10000-deep"])
def test_the_nastiest_files_reach_a_real_terminal_as_one_line(tmp_path, data, message):
    for name, argv in COMMANDS.items():
        folder = tmp_path / name.replace(" ", "_")
        folder.mkdir()
        (folder / "plan.json").write_bytes(data)
        done = subprocess.run(
            [*followup_command(), *argv(str(folder / "plan.json"), str(folder / "out.ics"))],
            capture_output=True, timeout=60, check=False)
        err = done.stderr.decode("utf-8")
        assert (done.returncode, done.stdout) == (2, b""), (name, err)
        assert message in err, (name, err)
        check_outcome(name, done.returncode, err, folder, data)
