"""MkDocs hook that makes the planner page deployable: a plain ``mkdocs build`` writes the
Pyodide runtime, the wheels and the page's glue into the site.

- The runtime comes from the npm package ``pyodide`` (pinned in package.json only).
- Our own package's wheel is built by the standard backend (pypa/build with setuptools, from
  the tool environment ``.tools`` that scripts/setup.sh makes), reproducibly.
- The other wheels are pinned in ``site_app/browser-wheels.txt``; they are downloaded (or,
  for markupsafe, built as pure Python) once into ``.cache/wheels``.
- ``planner/wheels/pyodide-lock.json`` is Pyodide's own lock file for exactly these wheels,
  made by pyodide-build (``pyodide lockfile add-wheels``): the worker loads packages by name
  with Pyodide's loader, which resolves dependencies and checks each wheel's sha256.
- ``sw.js`` at the site's root keeps a copy of the built site for offline use; it is written
  last, with the list of files and a fingerprint of their content.

Files are written only when their content changed. Anything missing fails the build with a
sentence that says what to run.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "site_app"
CACHE = ROOT / ".cache" / "wheels"
PYODIDE = ROOT / "node_modules" / "pyodide"
#: The runtime's own lock is not among them: the site's lock (planner/wheels/) replaces it.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
GLUE = ("worker.mjs", "planner.css")
#: The page's ES modules, each published as it is (no bundler); types.js only describes shapes
#: for `tsc --checkJs` and is never loaded.
MODULES = APP / "js"
NOT_LOADED = {"types.js"}
#: Built files the offline copy leaves out: source maps, search languages the site does not
#: use, and files no page loads.
NOT_KEPT = re.compile(r"(\.map$|^assets/javascripts/lunr/|^404\.html$|^sitemap\.xml|^sw\.js$)")
#: The tz database's files (every zone, and zone.tab) from the pinned tzdata wheel, in one
#: gzipped file that the worker writes where Python's zoneinfo looks first, instead of loading
#: the package: its ~600 files unpacked one by one cost a start about 0.2 s. Every zone, so
#: that the request names none of the user's.
ZONES = "planner/zones.gz"
#: The start of every offline copy's cache name (then the build's fingerprint): written into
#: sw.js by the build, and cleared by the development worker below.
CACHE_PREFIX = "followup-planner-site-"
#: Under `mkdocs serve` the worker only clears what a build left, so edits show at once.
DEV_WORKER = """// mkdocs serve: no offline copy while the site is being edited.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const key of await caches.keys()) {
    if (key.startsWith(__PREFIX__)) await caches.delete(key);
  }
  await self.registration.unregister();
})()));
""".replace("__PREFIX__", json.dumps(CACHE_PREFIX))
_command = "build"


class BuildError(RuntimeError):
    pass


def _write_if_changed(target: Path, data: bytes) -> None:
    if target.exists() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def pinned() -> list[tuple[str, str]]:
    """(name, version) for each line of browser-wheels.txt."""
    found = []
    for raw_line in (APP / "browser-wheels.txt").read_text().splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            found.append((name, version))
    return found


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _cached_wheel(name: str, version: str) -> Path | None:
    for wheel in CACHE.glob("*.whl"):
        dist, ver = wheel.name.split("-")[:2]
        if _norm(dist) == _norm(name) and ver == version:
            return wheel
    return None


def fetch_wheel(name: str, version: str) -> Path:
    found = _cached_wheel(name, version)
    if found:
        return found
    CACHE.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip"]
    if _norm(name) == "markupsafe":
        # No pure wheel on PyPI: with no C compiler the sdist falls back to pure Python.
        cmd = [*pip, "wheel", "--quiet", "--no-deps", "--no-binary=:all:", "--no-cache-dir",
               "-w", str(CACHE), f"{name}=={version}"]
        env = {**os.environ, "CC": "false"}
    else:
        cmd = [*pip, "download", "--quiet", "--no-deps", "--only-binary=:all:",
               "--python-version", "3.14", "--implementation", "py", "--abi", "none",
               "--platform", "any", "-d", str(CACHE), f"{name}=={version}"]
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


def _run(cmd: list[str], what: str, **kwargs: Any) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines()
                 if line.strip() and not line.startswith("WARNING: Location")]
        raise BuildError(f"{what} failed:\n" + "\n".join(lines[-12:]))


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
    kept = ROOT / ".cache" / "own-wheel" / digest.hexdigest()[:16]
    built = sorted(kept.glob("*.whl"))
    if not built:
        with tempfile.TemporaryDirectory() as tmp:
            for path in files:
                target = Path(tmp) / path.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            _run([str(_tool("python")), "-m", "build", "--wheel", "--no-isolation",
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
    kept = ROOT / ".cache" / "locks" / f"{digest.hexdigest()[:16]}.json"
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
            _run([str(_tool("pyodide")), "lockfile", "add-wheels", "--input", str(source),
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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def on_startup(command: str, **_: Any) -> None:
    global _command  # noqa: PLW0603 (MkDocs tells hooks the command only here)
    _command = command


def service_worker(site: Path) -> bytes:
    """sw.js for the site's root: this build's fingerprint and every file to keep offline."""
    if _command == "serve":
        return DEV_WORKER.encode()
    files = []
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if NOT_KEPT.search(rel):
            continue
        # A page is asked for by its directory URL, the way its links name it.
        url = "./" if rel == "index.html" else rel.removesuffix("index.html")
        files.append(url)
        digest.update(rel.encode() + b"\0" + path.read_bytes())
    template = (APP / "sw.js").read_text()
    return (template.replace('"__VERSION__"', json.dumps(digest.hexdigest()[:16]))
            .replace('"__PREFIX__"', json.dumps(CACHE_PREFIX))
            .replace("__FILES__", json.dumps(files, indent=2))).encode()


def modules() -> list[Path]:
    """The page's modules, in a stable order."""
    return sorted(p for p in MODULES.glob("*.js") if p.name not in NOT_LOADED)


def build_version(lock_text: bytes) -> str:
    """A fingerprint of what makes a view: the page's code and the lock (every wheel's hash)."""
    digest = hashlib.sha256(lock_text)
    for module in modules():
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:16]


def on_config(config: Any, **_: Any) -> Any:
    # The planner's template preloads every module, so the browser fetches them in parallel.
    config["extra"]["planner_modules"] = [p.name for p in modules()]
    # The page's head asks whether there is a saved plan to paint (js/store.js's key).
    config["extra"]["planner_cache_key"] = json.loads(store_constant("CACHE_KEY"))
    return config


#: The wheels every start imports, served compiled to the runtime's bytecode: importing the
#: planner took 260-350 ms from source and 165-195 ms compiled, and the first draft (Jinja2)
#: 540-690 ms against 340-365 ms (Pyodide under Node, alternating runs). The packages loaded on
#: demand stay as they are: compiled, each would be about twice the bytes, in every offline copy.
COMPILED = {"followup_planner", "jinja2", "markupsafe"}


def bytecode(wheels: list[Path]) -> dict[Path, Path]:
    """Each wheel compiled by site_app/bytecode.mjs (Pyodide's own Python, under Node), kept in
    .cache by a fingerprint of the wheels, the runtime and the script."""
    if not wheels:
        return {}
    digest = hashlib.sha256((PYODIDE / "package.json").read_bytes())
    digest.update((APP / "bytecode.mjs").read_bytes())
    for wheel in wheels:
        digest.update(wheel.name.encode() + b"\0" + wheel.read_bytes())
    kept = ROOT / ".cache" / "bytecode" / digest.hexdigest()[:16]
    done = kept / "done.json"
    if not done.exists():
        shutil.rmtree(kept, ignore_errors=True)
        node = shutil.which("node")
        if node is None:
            raise BuildError("node is missing: the planner's wheels are compiled with Pyodide "
                             "under Node (scripts/setup.sh needs Node and npm)")
        out = subprocess.run([node, str(APP / "bytecode.mjs"), str(kept), *map(str, wheels)],
                             capture_output=True, text=True, check=False, cwd=ROOT)
        if out.returncode != 0:
            lines = [line for line in out.stderr.splitlines() if len(line) < 300][-12:]
            raise BuildError("compiling the planner's wheels to bytecode failed:\n"
                             + "\n".join(lines))
        made = {Path(r["source"]).name: Path(r["wheel"]).name
                for r in map(json.loads, out.stdout.splitlines())}
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
            entry["sha256"] = _sha256(wheel)
    if names:
        raise BuildError(f"the lock does not name {sorted(names)}")
    return (json.dumps(made, indent=2, sort_keys=True) + "\n").encode()


class _Prepared:
    """What the site serves of Python, made before the pages (the page's first-paint script
    names this build): the wheels (in .cache), their lock, and the build's fingerprint."""

    def __init__(self) -> None:
        wheels = [own_wheel(), *(fetch_wheel(name, version) for name, version in pinned())]
        # pyodide-build locks the wheels as published (it takes pure-Python wheels only); the
        # ones every start imports are then compiled, and the lock names those instead.
        compiled = bytecode([w for w in wheels if _norm(w.name.split("-")[0]) in COMPILED])
        self.lock_text = with_compiled(lock(wheels), compiled)
        self.wheels = [compiled.get(w, w) for w in wheels]
        self.build = build_version(self.lock_text)


_prepared: _Prepared | None = None


def on_pre_build(config: Any, **_: Any) -> None:
    global _prepared  # noqa: PLW0603 (made once a build, used by the later events)
    _prepared = _Prepared()
    # The page's head holds Python back only for a saved plan this build can paint.
    config["extra"]["planner_build"] = _prepared.build


def _ready() -> _Prepared:
    if _prepared is None:
        raise BuildError("the planner's hook did not run before the pages were built")
    return _prepared


#: Where the planner page's source asks for the first-paint script.
FIRST_PAINT_MARK = "<!-- planner:first-paint -->"


def store_constant(name: str) -> str:
    """A string constant of js/store.js, as its JavaScript literal."""
    found = re.search(rf'^export const {name} = ("[^"\\]+");$',
                      (MODULES / "store.js").read_text(), re.M)
    if found is None:
        raise BuildError(f"site_app/js/store.js no longer defines {name} as "
                         "site_app/hooks/planner.py reads it")
    return found.group(1)


def first_paint_script(build: str) -> str:
    """site_app/first-paint.js, with this build's fingerprint and the store's own keys and
    fingerprint function (from js/store.js: one definition of each)."""
    store = (MODULES / "store.js").read_text()
    stamp = re.search(r"^export (function stamp\(text\) \{\n.*?^\})$", store, re.M | re.S)
    if stamp is None:
        raise BuildError("site_app/js/store.js no longer defines stamp(text) as "
                         "site_app/hooks/planner.py reads it for the first-paint script")
    script = (APP / "first-paint.js").read_text()
    for name in ("KEY", "CACHE_KEY"):
        script = script.replace(f'"__{name}__"', store_constant(name))
    script = script.replace('"__BUILD__"', json.dumps(build))
    script = script.replace("/* __STAMP__ */", stamp.group(1))
    if re.search(r"__[A-Z_]+__", script):
        raise BuildError("site_app/first-paint.js has a placeholder the hook does not fill")
    return script


def on_page_content(html: str, page: Any, **_: Any) -> str:
    if page.file.src_uri != "planner/index.md":
        return html
    if html.count(FIRST_PAINT_MARK) != 1:
        raise BuildError(f"docs/planner/index.md must hold {FIRST_PAINT_MARK} once, after #fp-app")
    return html.replace(FIRST_PAINT_MARK, f"<script>{first_paint_script(_ready().build)}</script>")


def packed_zones(tzdata_wheel: Path) -> bytes:
    """Every file of the tzdata wheel's zoneinfo folder (its Python files aside), packed for
    the worker (site_app/worker.mjs reads it): a 4-byte big-endian length, that many bytes of
    a JSON index {path: [offset, length]} (offsets after the index; files with the same bytes,
    the database's links, are stored once), then the files; gzipped, reproducibly."""
    prefix = "tzdata/zoneinfo/"
    index: dict[str, list[int]] = {}
    stored: dict[bytes, int] = {}
    body = bytearray()
    with zipfile.ZipFile(tzdata_wheel) as wheel:
        for member in sorted(wheel.infolist(), key=lambda m: m.filename):
            name = member.filename
            if member.is_dir() or not name.startswith(prefix) or name.endswith((".py", ".pyc")):
                continue
            rel = name[len(prefix):]
            if ".." in rel.split("/") or rel.startswith("/"):
                raise BuildError(f"{tzdata_wheel.name} names a file outside its folder: {name}")
            data = wheel.read(member)
            if data not in stored:
                stored[data] = len(body)
                body += data
            index[rel] = [stored[data], len(data)]
    if "zone.tab" not in index or "America/New_York" not in index or len(index) < 300:
        raise BuildError(f"{tzdata_wheel.name} does not hold the tz database the planner expects")
    head = json.dumps(index, separators=(",", ":"), sort_keys=True).encode()
    return gzip.compress(len(head).to_bytes(4, "big") + head + bytes(body), 9, mtime=0)


def on_post_build(config: Any, **_: Any) -> None:
    site = Path(config["site_dir"])
    runtime = site / "planner" / "runtime"
    if not (PYODIDE / "pyodide.mjs").exists():
        raise BuildError("node_modules/pyodide is missing: run `npm ci` (scripts/setup.sh "
                         "does it)")
    for name in RUNTIME_FILES:
        source = PYODIDE / name
        if not source.exists():
            raise BuildError(f"node_modules/pyodide/{name} is missing")
        target = runtime / name
        if not (target.exists() and target.stat().st_size == source.stat().st_size
                and target.stat().st_mtime >= source.stat().st_mtime):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)

    prepared = _ready()
    wheels_dir = site / "planner" / "wheels"
    wheels_dir.mkdir(parents=True, exist_ok=True)
    served = [wheels_dir / wheel.name for wheel in prepared.wheels]
    for wheel, target in zip(prepared.wheels, served, strict=True):
        _write_if_changed(target, wheel.read_bytes())
    for stale in wheels_dir.glob("*.whl"):
        if stale not in served:
            stale.unlink()
    lock_text = prepared.lock_text
    _write_if_changed(wheels_dir / "pyodide-lock.json", lock_text)
    tzdata = [w for w in prepared.wheels if w.name.startswith("tzdata-")]
    if len(tzdata) != 1:
        raise BuildError("site_app/browser-wheels.txt must pin tzdata: planner/zones.gz is made "
                         "from its wheel")
    _write_if_changed(site / ZONES, packed_zones(tzdata[0]))
    app = site / "planner" / "app"
    for name in GLUE:
        _write_if_changed(app / name, (APP / name).read_bytes())
    build = prepared.build
    for module in modules():
        data = module.read_bytes()
        if module.name == "build.js":
            data = re.sub(rb'BUILD = "[^"]*"', b'BUILD = "' + build.encode() + b'"', data)
        _write_if_changed(app / module.name, data)
    _write_if_changed(site / "sw.js", service_worker(site))
