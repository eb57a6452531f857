"""The Python the page loads: our own wheel and the pinned ones, compiled where every start
imports them, and Pyodide's lock for exactly these wheels.

- The runtime comes from the npm package ``pyodide`` (pinned in package.json only).
- Our own package's wheel is built by the standard backend (pypa/build with setuptools, from
  the tool environment ``.tools`` that scripts/setup.sh makes), reproducibly.
- The other wheels are pinned in ``site_app/browser-wheels.txt``; they are downloaded (or,
  for markupsafe, built as pure Python) once into ``.cache/wheels``.
- The standard library the runtime ships holds sources only; the modules a start imports are
  compiled (:func:`stdlib`), and the worker names that zip to Pyodide.
- ``pyodide-lock.json`` is Pyodide's own lock file for them, made by pyodide-build
  (``pyodide lockfile add-wheels``): the worker loads packages by name with Pyodide's loader,
  which resolves dependencies and checks each wheel's sha256.

Each result is kept in ``.cache`` by a fingerprint of what makes it.
"""

from __future__ import annotations

import ast
import encodings
import encodings.aliases
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import APP, CACHE, ROOT, BuildError, holidays, norm, pinned, run

WHEELS = CACHE / "wheels"
PYODIDE = ROOT / "node_modules" / "pyodide"


def _cached_wheel(name: str, version: str) -> Path | None:
    for wheel in WHEELS.glob("*.whl"):
        dist, ver = wheel.name.split("-")[:2]
        if norm(dist) == norm(name) and ver == version:
            return wheel
    return None


def fetch_wheel(name: str, version: str) -> Path:
    found = _cached_wheel(name, version)
    if found:
        return found
    WHEELS.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip"]
    if norm(name) == "markupsafe":
        # No pure wheel on PyPI: with no C compiler the sdist falls back to pure Python.
        cmd = [*pip, "wheel", "--quiet", "--no-deps", "--no-binary=:all:", "--no-cache-dir",
               "-w", str(WHEELS), f"{name}=={version}"]
        env = {**os.environ, "CC": "false"}
    else:
        cmd = [*pip, "download", "--quiet", "--no-deps", "--only-binary=:all:",
               "--python-version", "3.14", "--implementation", "py", "--abi", "none",
               "--platform", "any", "-d", str(WHEELS), f"{name}=={version}"]
        env = dict(os.environ)
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    found = _cached_wheel(name, version)
    if done.returncode != 0 or found is None:
        raise BuildError(f"could not get the wheel {name}=={version} for the planner page:\n"
                         f"{done.stderr.strip()}")
    if not found.name.endswith("-none-any.whl"):
        raise BuildError(f"{found.name} is not a pure-Python wheel; the browser cannot use it")
    return found


TOOLS = ROOT / ".tools" / "bin"
#: Zip entries dated 1980-01-01: the same source gives the same wheel, byte for byte.
SOURCE_DATE_EPOCH = "315532800"
#: What our own wheel is built from.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "src")


def _tool(name: str) -> Path:
    tool = TOOLS / name
    if not tool.exists():
        raise BuildError(f".tools/bin/{name} is missing: run scripts/setup.sh (it installs the "
                         "browser's packaging tools, pinned in site_app/tools-requirements.txt)")
    return tool


def _source_files() -> list[Path]:
    found = []
    for name in WHEEL_SOURCES:
        path = ROOT / name
        found += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return [p for p in found if "__pycache__" not in p.parts and p.suffix != ".pyc"
            and ".egg-info" not in p.as_posix()]


def own_wheel() -> Path:
    """Our package as a wheel, built by the standard backend (pypa/build, setuptools, both
    pinned) from a clean copy of its sources, reproducibly; kept in .cache by the sources'
    fingerprint."""
    digest = hashlib.sha256()
    files = _source_files()
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    kept = CACHE / "own-wheel" / digest.hexdigest()[:16]
    built = sorted(kept.glob("*.whl"))
    if not built:
        with tempfile.TemporaryDirectory() as tmp:
            for path in files:
                target = Path(tmp) / path.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            run([str(_tool("python")), "-m", "build", "--wheel", "--no-isolation",
                  "--outdir", str(kept), tmp], "building the planner's own wheel",
                 env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
        built = sorted(kept.glob("*.whl"))
    if len(built) != 1:
        raise BuildError(f"expected one wheel of our own in {kept}, found {len(built)}")
    return built[0]


def lock(wheels: list[Path]) -> bytes:
    """pyodide-lock.json for the site: the runtime's own lock emptied of the ~350 packages the
    npm package does not ship, then every wheel the site serves added by pyodide-build's
    ``pyodide lockfile add-wheels`` (names, versions, dependencies, imports, sha256), each
    named relative to the lock's folder. A dependency missing from the wheels fails here,
    never as a request to another site later."""
    runtime_lock = json.loads((PYODIDE / "pyodide-lock.json").read_text())
    base = {**runtime_lock, "packages": {}}
    digest = hashlib.sha256(json.dumps(base, sort_keys=True).encode())
    for wheel in sorted(wheels):
        digest.update(wheel.name.encode() + b"\0" + wheel.read_bytes())
    kept = CACHE / "locks" / f"{digest.hexdigest()[:16]}.json"
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "base-lock.json"
            source.write_text(json.dumps(base))
            made = Path(tmp) / "pyodide-lock.json"
            # Side by side, as the site serves them: each is named relative to the lock.
            beside = Path(tmp) / "wheels"
            beside.mkdir()
            for wheel in wheels:
                shutil.copyfile(wheel, beside / wheel.name)
            run([str(_tool("pyodide")), "lockfile", "add-wheels", "--input", str(source),
                  "--output", str(made), "--base-path", str(beside),
                  *(str(beside / w.name) for w in sorted(wheels))],
                 "pyodide lockfile add-wheels (a wheel's dependency is not among "
                 "site_app/browser-wheels.txt?)")
            made_lock = json.loads(made.read_text())
        if made_lock["info"].get("abi_version") != runtime_lock["info"].get("abi_version"):
            raise BuildError("the lock's abi_version does not match the Pyodide runtime's")
        for name, entry in made_lock["packages"].items():
            if "/" in entry["file_name"] or ":" in entry["file_name"]:
                raise BuildError(f"the lock names {name} at {entry['file_name']}: the site "
                                 "serves every wheel itself, beside the lock")
        kept.write_text(json.dumps(made_lock, indent=2, sort_keys=True) + "\n")
    return kept.read_bytes()


#: The wheels every start imports, served compiled to the runtime's bytecode: importing the
#: planner took 260-350 ms from source and 165-195 ms compiled, and the first draft (Jinja2)
#: 540-690 ms against 340-365 ms (Pyodide under Node, alternating runs). The packages loaded on
#: demand stay as they are: compiled, each would be about twice the bytes, in every offline copy.
COMPILED = {"followup_planner", "jinja2", "markupsafe"}


def _fingerprint(wheels: list[Path], *inputs: bytes) -> str:
    """A .cache folder's name for what Pyodide under Node makes from ``wheels`` and
    ``inputs``: the runtime's version is part of it."""
    digest = hashlib.sha256((PYODIDE / "package.json").read_bytes())
    for data in inputs:
        digest.update(data)
    for wheel in wheels:
        digest.update(wheel.name.encode() + b"\0" + wheel.read_bytes())
    return digest.hexdigest()[:16]


def _node(what: str) -> str:
    """The node binary, which runs Pyodide at build time; ``what`` says what needs it."""
    node = shutil.which("node")
    if node is None:
        raise BuildError(f"node is missing: {what} with Pyodide under Node (scripts/setup.sh "
                         "needs Node and npm)")
    return node


def bytecode(wheels: list[Path]) -> dict[Path, Path]:
    """Each wheel compiled by site_app/bytecode.mjs (Pyodide's own Python, under Node), kept in
    .cache by a fingerprint of the wheels, the runtime and the script."""
    if not wheels:
        return {}
    kept = CACHE / "bytecode" / _fingerprint(wheels, (APP / "bytecode.mjs").read_bytes())
    done = kept / "done.json"
    if not done.exists():
        shutil.rmtree(kept, ignore_errors=True)
        node = _node("the planner's wheels are compiled")
        out = run([node, str(APP / "bytecode.mjs"), str(kept), *map(str, wheels)],
                  "compiling the planner's wheels to bytecode", cwd=ROOT)
        made = {Path(r["source"]).name: Path(r["wheel"]).name
                for r in map(json.loads, out.splitlines())}
        done.write_text(json.dumps(made, indent=2, sort_keys=True) + "\n")
    made = json.loads(done.read_text())
    return {wheel: kept / made[wheel.name] for wheel in wheels}


def with_compiled(lock_text: bytes, compiled: dict[Path, Path]) -> bytes:
    """The lock naming each compiled wheel (its file and sha256) in place of its source."""
    made = json.loads(lock_text)
    names = {source.name: wheel for source, wheel in compiled.items()}
    for entry in made["packages"].values():
        wheel = names.pop(entry["file_name"], None)
        if wheel is not None:
            entry["file_name"] = wheel.name
            entry["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if names:
        raise BuildError(f"the lock does not name {sorted(names)}")
    return (json.dumps(made, indent=2, sort_keys=True) + "\n").encode()


def stdlib(wheels: list[Path], lock_text: bytes, holiday_table: bytes) -> Path:
    """Pyodide's standard library in two zips, made by site_app/bytecode.mjs --stdlib, which
    runs a start of the planner as the page's worker does (Pyodide's loader on ``wheels`` and
    their lock, the zones, the site's holiday table, the snapshot's warm-up): what that start
    imports, compiled to bytecode (``python_stdlib.zip``, returned), and the modules it never
    imported (``python_stdlib-rest.zip`` beside it), which the worker fetches only if asked
    for one (site_app/stdlib_rest.py). Kept in .cache by a fingerprint of what makes them.

    Measured: first visits compiled about 200 modules from source; compiled whole, the zip
    would be 4.5 MB instead of 2.5 MB; the part a start needs is about 1.9 MB."""
    kept = CACHE / "stdlib" / _fingerprint(
        wheels, *((APP / script).read_bytes()
                  for script in ("bytecode.mjs", "snapshot.mjs", "stdlib_rest.py")),
        json.dumps(package_imports()).encode(), lock_text, holiday_table)
    made = kept / "python_stdlib.zip"
    if not (kept / "done").exists():
        shutil.rmtree(kept, ignore_errors=True)
        node = _node("the standard library is compiled")
        with tempfile.TemporaryDirectory(prefix="fp-stdlib-") as work:
            folder = Path(work)
            for wheel in wheels:
                shutil.copy(wheel, folder / wheel.name)
            (folder / "pyodide-lock.json").write_bytes(lock_text)
            (folder / "holidays.json").write_bytes(holiday_table)
            (folder / "imports.json").write_text(json.dumps(package_imports()))
            run([node, str(APP / "bytecode.mjs"), "--stdlib", str(kept),
                 str(PYODIDE / "python_stdlib.zip"), str(folder / "holidays.json"), str(folder)],
                "compiling the standard library to bytecode", cwd=ROOT)
        with_rest_finder(made, made.with_name("python_stdlib-rest.zip"))
        (kept / "done").touch()
    return made


def package_imports() -> list[str]:
    """Every module the planner's package names in an import, anywhere in its code (in a
    function too: the warm-up does not call every function), with each ``from X import Y``'s
    ``X.Y`` (Y may be a module). bytecode.mjs imports them after the warm-up, so that the
    standard library's modules among them are in the first zip."""
    names: set[str] = set()
    for path in (ROOT / "src" / "followup").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Call):
                names.update(codec_modules(node))
    return sorted(names)


def codec_modules(call: ast.Call) -> set[str]:
    """The codecs' modules a call names by their text (``data.decode("utf-8-sig")``,
    ``open(..., encoding="...")``): Python imports them when the call runs, not at import."""
    texts = [k.value for k in call.keywords if k.arg == "encoding"]
    named = isinstance(call.func, ast.Attribute) and call.func.attr in ("encode", "decode")
    if named and call.args:
        texts.append(call.args[0])
    modules = set()
    for text in texts:
        if isinstance(text, ast.Constant) and isinstance(text.value, str):
            name = encodings.normalize_encoding(text.value).lower()
            modules.add(f"encodings.{encodings.aliases.aliases.get(name, name)}")
    return modules


#: The module that fetches the rest (site_app/stdlib_rest.py), by its name in the first zip.
REST_FINDER = "_followup_stdlib_rest"


def with_rest_finder(used: Path, rest: Path) -> None:
    """Adds site_app/stdlib_rest.py to ``used``, naming the modules and packages that
    ``rest`` holds, and the rest's SHA-256."""
    with zipfile.ZipFile(rest) as archive:
        names = sorted(n.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
                       for n in archive.namelist() if n.endswith(".py"))
    if "hashlib" in names:  # the finder checks the rest with it
        raise BuildError("hashlib must be in the first part of the standard library")
    source = (APP / "stdlib_rest.py").read_text()
    filled = source
    for empty, value in (("NAMES: frozenset[str] = frozenset()", f"frozenset({names!r})"),
                         ('SHA256: str = ""', repr(hashlib.sha256(rest.read_bytes()).hexdigest()))):
        if empty not in filled:
            raise BuildError(f"site_app/stdlib_rest.py no longer has {empty!r}, which the "
                             "build fills in")
        filled = filled.replace(empty, f"{empty.partition(' = ')[0]} = {value}")
    with zipfile.ZipFile(used, "a") as archive:
        info = zipfile.ZipInfo(f"{REST_FINDER}.py", (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, filled)


@dataclass(frozen=True)
class Wheels:
    """What the site serves of Python: the wheels (in .cache), their lock, and the standard
    library (the part a start imports, with the rest beside it; None: the runtime's own)."""

    wheels: list[Path]
    lock_text: bytes
    stdlib: Path | None = None

    def named(self, prefix: str) -> Path:
        """The one wheel whose file name starts with ``prefix`` ("tzdata-")."""
        found = [w for w in self.wheels if w.name.startswith(prefix)]
        if len(found) != 1:
            raise BuildError(f"site_app/browser-wheels.txt must pin {prefix.rstrip('-')} "
                             "once: the build needs its wheel")
        return found[0]


def prepare() -> Wheels:
    """Every wheel the page loads, the ones every start imports compiled, and their lock."""
    wheels = [own_wheel(), *(fetch_wheel(name, version) for name, version in pinned())]
    # pyodide-build locks the wheels as published (it takes pure-Python wheels only); the
    # ones every start imports are then compiled, and the lock names those instead.
    compiled = bytecode([w for w in wheels if norm(w.name.split("-")[0]) in COMPILED])
    served = [compiled.get(w, w) for w in wheels]
    lock_text = with_compiled(lock(wheels), compiled)
    return Wheels(wheels=served, lock_text=lock_text,
                  stdlib=stdlib(served, lock_text, holidays.table_bytes()))
