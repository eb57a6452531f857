"""MkDocs hook that makes the planner page deployable: a plain ``mkdocs build`` writes the
Pyodide runtime, the wheels and the page's glue into the site.

- The runtime comes from the npm package ``pyodide`` (pinned in package.json only).
- Our own package is packed into a wheel here, reproducibly (fixed timestamps, sorted).
- The other wheels are pinned in ``site_app/browser-wheels.txt``; they are downloaded (or,
  for markupsafe, built as pure Python) once into ``.cache/wheels``.
- ``planner/wheels/manifest.json`` describes every wheel (file, sha256, size, groups); the
  page reads it rather than naming files in JavaScript.
- ``sw.js`` at the site's root keeps a copy of the built site for offline use; it is written
  last, with the list of files and a fingerprint of their content.

Files are written only when their content changed. Anything missing fails the build with a
sentence that says what to run.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "site_app"
CACHE = ROOT / ".cache" / "wheels"
PYODIDE = ROOT / "node_modules" / "pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json")
GLUE = ("worker.mjs", "planner.css")
#: The page's ES modules, each published as it is (no bundler); types.js only describes shapes
#: for `tsc --checkJs` and is never loaded.
MODULES = APP / "js"
NOT_LOADED = {"types.js"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Built files the offline copy leaves out: source maps, search languages the site does not
#: use, and files no page loads.
NOT_KEPT = re.compile(r"(\.map$|^assets/javascripts/lunr/|^404\.html$|^sitemap\.xml|^sw\.js$)")
#: Under `mkdocs serve` the worker only clears what a build left, so edits show at once.
DEV_WORKER = """// mkdocs serve: no offline copy while the site is being edited.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const key of await caches.keys()) {
    if (key.startsWith("followup-planner-site-")) await caches.delete(key);
  }
  await self.registration.unregister();
})()));
"""
_command = "build"


class BuildError(RuntimeError):
    pass


def _write_if_changed(target: Path, data: bytes) -> None:
    if target.exists() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def pinned() -> list[tuple[str, str, str]]:
    """(group, name, version) for each line of browser-wheels.txt."""
    found = []
    for raw_line in (APP / "browser-wheels.txt").read_text().splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        group, requirement = line.split()
        name, version = requirement.split("==")
        found.append((group, name, version))
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


def _project() -> dict[str, Any]:
    """pyproject.toml's [project] table: the one place the package's name, version,
    Python requirement and dependencies are written."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        project: dict[str, Any] = tomllib.load(f).get("project", {})
    missing = [k for k in ("name", "version", "requires-python", "dependencies")
               if k not in project]
    if missing:
        raise BuildError(f"pyproject.toml's [project] has no {', '.join(missing)}")
    return project


def own_wheel(dest: Path) -> Path:
    """Pack src/followup into a wheel: same input, same bytes."""
    project = _project()
    dist = f"{_norm(project['name'])}-{project['version']}"
    files: list[tuple[str, bytes]] = []
    package = ROOT / "src" / "followup"
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files.append((f"followup/{path.relative_to(package).as_posix()}", path.read_bytes()))
    meta = "\n".join([
        "Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
        f"Requires-Python: {project['requires-python']}",
        *(f"Requires-Dist: {r}" for r in project["dependencies"]), ""]).encode()
    wheel_meta = b"Wheel-Version: 1.0\nGenerator: followup-planner site hook\n" \
                 b"Root-Is-Purelib: true\nTag: py3-none-any\n"
    files += [(f"{dist}.dist-info/METADATA", meta), (f"{dist}.dist-info/WHEEL", wheel_meta)]
    record = []
    for name, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{dist}.dist-info/RECORD,,")
    files.append((f"{dist}.dist-info/RECORD", ("\n".join(record) + "\n").encode()))
    target = dest / f"{dist}-py3-none-any.whl"
    with tempfile.SpooledTemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in files:
                info = zipfile.ZipInfo(name, ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
        buffer.seek(0)
        _write_if_changed(target, buffer.read())
    return target


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
            .replace("__FILES__", json.dumps(files, indent=2))).encode()


def modules() -> list[Path]:
    """The page's modules, in a stable order."""
    return sorted(p for p in MODULES.glob("*.js") if p.name not in NOT_LOADED)


def provides(wheel: Path) -> list[str]:
    """The top-level modules a wheel installs: the worker loads a wheel's group when Python
    reports one of them missing."""
    with zipfile.ZipFile(wheel) as zf:
        tops = {name.split("/", 1)[0] for name in zf.namelist()}
    return sorted(t.removesuffix(".py") for t in tops
                  if not t.endswith((".dist-info", ".data"))
                  and (t.endswith(".py") or "." not in t))


def build_version(manifest: dict[str, Any]) -> str:
    """A fingerprint of what makes a view: the page's code and every wheel's hash."""
    digest = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode())
    for module in modules():
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:16]


def on_config(config: Any, **_: Any) -> Any:
    # The planner's template preloads every module, so the browser fetches them in parallel.
    config["extra"]["planner_modules"] = [p.name for p in modules() if p.name != "main.js"]
    return config


def on_post_build(config: Any, **_: Any) -> None:
    site = Path(config["site_dir"])
    runtime = site / "planner" / "runtime"
    if not (PYODIDE / "pyodide.mjs").exists():
        raise BuildError("node_modules/pyodide is missing: run `npm ci` (scripts/setup.sh "
                         "does it)")
    pyodide_version = json.loads((PYODIDE / "package.json").read_text())["version"]
    for name in RUNTIME_FILES:
        source = PYODIDE / name
        if not source.exists():
            raise BuildError(f"node_modules/pyodide/{name} is missing")
        target = runtime / name
        if not (target.exists() and target.stat().st_size == source.stat().st_size
                and target.stat().st_mtime >= source.stat().st_mtime):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)

    wheels_dir = site / "planner" / "wheels"
    wheels_dir.mkdir(parents=True, exist_ok=True)
    entries: dict[str, dict[str, Any]] = {}
    ours = own_wheel(wheels_dir)
    entries[ours.name] = {"file": ours.name, "groups": ["core"]}
    for group, name, version in pinned():
        wheel = fetch_wheel(name, version)
        entry = entries.setdefault(wheel.name, {"file": wheel.name, "groups": []})
        if group not in entry["groups"]:
            entry["groups"].append(group)
        target = wheels_dir / wheel.name
        if not (target.exists() and target.stat().st_size == wheel.stat().st_size):
            shutil.copy2(wheel, target)
    for entry in entries.values():
        path = wheels_dir / entry["file"]
        entry["sha256"] = _sha256(path)
        entry["size"] = path.stat().st_size
        entry["provides"] = provides(path)
    manifest = {"pyodide": pyodide_version, "runtime": "../runtime/",
                "wheels": sorted(entries.values(), key=lambda e: e["file"])}
    _write_if_changed(wheels_dir / "manifest.json",
                      (json.dumps(manifest, indent=2) + "\n").encode())
    app = site / "planner" / "app"
    for name in GLUE:
        _write_if_changed(app / name, (APP / name).read_bytes())
    build = build_version(manifest)
    for module in modules():
        data = module.read_bytes()
        if module.name == "build.js":
            data = re.sub(rb'BUILD = "[^"]*"', b'BUILD = "' + build.encode() + b'"', data)
        _write_if_changed(app / module.name, data)
    _write_if_changed(site / "sw.js", service_worker(site))
