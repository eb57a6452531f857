"""The page's JavaScript stays in modules of one job each: none over 400 lines, each opening
with a comment that says its job, and no module importing, through others, itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "site_app"
MOST_LINES = 400
#: A module's static imports of a file beside it: `import … from "./x.js"`, on one line or
#: several (JSDoc's `import("./x.js")` names types only, and loads nothing).
IMPORT = re.compile(r'^import\s[^;]*?\bfrom\s*"\./([\w.-]+\.m?js)"', re.M)
#: import("./x.mjs"): a module imported when the code runs (worker.mjs imports its modules
#: side by side, after it has asked for the runtime)
#: (not a type's import("./x.js").Name in a comment)
DYNAMIC = re.compile(r'\bimport\(\s*"\./([\w.-]+\.m?js)"\s*\)(?!\.)')


def sources() -> list[Path]:
    """The page's modules, its workers and its scripts."""
    return sorted([*APP.glob("js/*.js"), *APP.glob("*.mjs"), *APP.glob("*.js")])


def lines(text: str) -> int:
    """Lines as `wc -l` counts them."""
    return text.count("\n")


def too_long(files: dict[str, str]) -> list[str]:
    """The files over MOST_LINES, each with its count."""
    return [f"{name}: {lines(text)} lines" for name, text in sorted(files.items())
            if lines(text) > MOST_LINES]


def imports(files: dict[str, str]) -> dict[str, set[str]]:
    """Each module's imports of the others, by name."""
    return {name: set(IMPORT.findall(text) + DYNAMIC.findall(text)) & files.keys()
            for name, text in files.items()}


def circle(graph: dict[str, set[str]]) -> list[str] | None:
    """A path of imports from a module back to itself, or None when there is none."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str] | None:
        if name in path:
            return [*path[path.index(name):], name]
        if name in done:
            return None
        for imported in sorted(graph.get(name, ())):
            found = visit(imported, [*path, name])
            if found:
                return found
        done.add(name)
        return None

    for name in sorted(graph):
        found = visit(name, [])
        if found:
            return found
    return None


def folder(pattern: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in APP.glob(pattern)}


def test_the_modules_are_found():
    names = {p.relative_to(APP).as_posix() for p in sources()}
    assert {"js/store.js", "js/dialogs.js", "js/views.js", "worker.mjs", "sw.js"} <= names


def test_no_module_is_over_400_lines():
    files = {p.relative_to(APP).as_posix(): p.read_text(encoding="utf-8") for p in sources()}
    long = too_long(files)
    assert not long, long


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.relative_to(APP).as_posix())
def test_each_module_opens_with_a_comment_that_says_its_job(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("// "), first
    assert len(first) > 20, first


@pytest.mark.parametrize("pattern", ["js/*.js", "*.mjs"])
def test_the_modules_import_no_circle(pattern):
    graph = imports(folder(pattern))
    assert any(graph.values()), f"no imports found in site_app/{pattern}: the pattern is wrong"
    found = circle(graph)
    assert found is None, " imports ".join(found or [])


def test_the_checks_fail_on_a_long_module_and_on_a_circle():
    assert too_long({"a.js": "x\n" * MOST_LINES}) == []
    assert too_long({"a.js": "x\n" * (MOST_LINES + 1)}) == [f"a.js: {MOST_LINES + 1} lines"]
    files = {
        "a.js": 'import { b } from "./b.js";\n',
        "b.js": 'import {\n  c,\n} from "./c.js";\n/** @typedef {import("./a.js").A} A */\n',
        "c.js": 'import * as a from "./a.js";\nimport { x } from "./elsewhere.js";\n',
        "d.js": 'import { a } from "./a.js";\n',
        "e.js": 'const [{ a }] = await Promise.all([import("./a.js")]);\n',
    }
    graph = imports(files)
    assert graph == {"a.js": {"b.js"}, "b.js": {"c.js"}, "c.js": {"a.js"}, "d.js": {"a.js"},
                     "e.js": {"a.js"}}
    assert circle(graph) == ["a.js", "b.js", "c.js", "a.js"]
    del files["c.js"]
    assert circle(imports(files)) is None
    assert circle({"a.js": {"a.js"}}) == ["a.js", "a.js"]
