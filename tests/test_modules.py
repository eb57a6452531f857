"""The package's shape: modules of one job each, none too long, and no import circle.

The import graph is read from the source with :mod:`ast`: every ``from followup… import``,
``from . import …``, ``from .x import …`` and ``import followup.x``, wherever it stands (at the
top, inside a function, under ``TYPE_CHECKING``), is an edge from the importing module to the
module it names (``from . import x`` names ``x``).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "followup"
#: The page's Python beside the package: the build steps and the MkDocs hooks.
SITE_APP = PACKAGE.parent.parent / "site_app"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    return {path.stem: path for path in sorted(PACKAGE.glob("*.py"))}


def _imported(tree: ast.Module, known: set[str]) -> set[str]:
    """The package's modules that ``tree`` imports, by name (``__init__`` for the package)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "followup":
                    found.add(parts[1] if len(parts) > 1 else "__init__")
        elif isinstance(node, ast.ImportFrom):
            if node.level > 1:
                continue
            if node.level == 1:
                base = node.module.split(".")[0] if node.module else None
            elif node.module and node.module.split(".")[0] == "followup":
                parts = node.module.split(".")
                base = parts[1] if len(parts) > 1 else None
            else:
                continue
            if base is not None:
                found.add(base)
            else:  # from . import x, from followup import x: x may be a module
                found.update(alias.name for alias in node.names if alias.name in known)
                if any(alias.name not in known for alias in node.names):
                    found.add("__init__")
    return found & known


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imported(ast.parse(path.read_text(encoding="utf-8")), known) - {name}
            for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the modules along it (the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                return [*path[path.index(other):], other]
            if other not in state and (cycle := visit(other)):
                return cycle
        path.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state and (cycle := visit(name)):
            return cycle
    return None


def test_the_finder_sees_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_module_imports_itself_through_others():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_no_module_is_over_the_limit():
    """In the package, and among the page's Python (site_app: its build and hooks)."""
    modules = [*PACKAGE.glob("*.py"), *SITE_APP.rglob("*.py")]
    assert len(modules) > 40
    too_long = {path.name: lines for path in modules
                if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not too_long, f"over {MAX_LINES} lines: {too_long}"


def test_every_test_module_has_a_name_of_its_own():
    """pytest refuses two test modules of one name (tests/ and tests/browser/ share a
    rootdir): the whole suite would stop at collection."""
    tests = Path(__file__).resolve().parent
    names = [p.stem for p in tests.rglob("test_*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
