"""The planner page's own files: the Pyodide runtime, the wheels and their lock, the packed
time zones, the page's modules and stylesheet, the first-paint script, and the offline copy's
service worker (``sw.js``), which lists every file of the built site and so comes last.

Every file the page loads has a fingerprint in its URL, so that two versions never meet in one
page (an older module from the browser's cache beside a newer page): the build's files live in
``planner/<build>/`` (:func:`build_dir`: the modules and the worker in ``app/``, the wheels
and their lock in ``wheels/``, the holiday table and the zones), named by the build's
fingerprint, and the runtime in ``planner/runtime/<Pyodide's version>/``, which a new build
of the planner does not change. The page's HTML is the only entry point.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from . import APP, ROOT, BuildError, run, write_if_changed
from .wheels import PYODIDE, Wheels

#: The runtime's own lock is not among them: the site's lock (in the build's wheels/) replaces
#: it. Nor is its standard library: the site serves it compiled (:func:`stdlib_name`), or as it
#: is when the build was given none.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
PLAIN_STDLIB = "python_stdlib.zip"
#: The standard library's modules a start of the planner never imports, beside the part it does.
REST_STDLIB = "python_stdlib-rest.zip"
#: Copied as they are: Python's worker, the module it imports, the page's stylesheet.
GLUE = ("worker.mjs", "snapshot.mjs", "packages.mjs", "planner.css")
#: The page's ES modules (types.js and calltypes.js only describe shapes for `tsc --checkJs`
#: and are never loaded), published bundled (:func:`bundle`).
MODULES = APP / "js"
NOT_LOADED = {"types.js", "calltypes.js"}
#: The modules the page names: boot.js, the head's first request (Python's worker starts
#: early), and main.js, right after #fp-app. Each is published under its own name, and what
#: they share in one more file (``shared-<hash>.js``): the page asks for three files instead
#: of one for each module, which on a return visit the offline copy answered one fetch event
#: at a time, ahead of the theme's stylesheets (benchmarks/RESULTS.md, 8 Dec).
ENTRIES = ("boot.js", "main.js")
#: How they are bundled: whitespace and syntax minified, names kept (where two modules use one
#: name at their top level, esbuild gives one of them a number: `keep2`).
BUNDLING = ("--bundle", "--splitting", "--format=esm", "--minify-whitespace", "--minify-syntax",
            "--charset=utf8", "--legal-comments=none", "--entry-names=[name]",
            "--chunk-names=shared-[hash]")
#: The bundler, pinned in package.json (``npm ci``).
ESBUILD = ROOT / "node_modules" / "esbuild"
#: Built files the offline copy leaves out: source maps, search languages the site does not
#: use, and files no page loads.
NOT_KEPT = re.compile(r"(\.map$|^assets/javascripts/lunr/|^404\.html$|^sitemap\.xml|^sw\.js$)")
#: The tz database's files (every zone, and zone.tab) from the pinned tzdata wheel, in one
#: gzipped file that the worker writes where Python's zoneinfo looks first, instead of loading
#: the package: its ~600 files unpacked one by one cost a start about 0.2 s. Every zone, so
#: that the request names none of the user's. In the build's folder.
ZONES = "zones.gz"
#: A build's folder is named by its fingerprint: 16 hexadecimal digits.
BUILD_NAME = re.compile(r"^[0-9a-f]{16}$")


def build_dir(build: str) -> str:
    """Where a build's files are published, relative to the site's root."""
    return f"planner/{build}"


def runtime_dir() -> str:
    """Where the runtime is published, relative to the site's root: by Pyodide's version."""
    return f"planner/runtime/{pyodide_version()}"


def installed_version(package: Path) -> str:
    """The version of an npm package installed in node_modules (package.json pins it)."""
    try:
        version: str = json.loads((package / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(f"node_modules/{package.name} is missing: run `npm ci` "
                         "(scripts/setup.sh does it)") from exc
    return version


def pyodide_version() -> str:
    """The pinned runtime's version (node_modules/pyodide)."""
    return installed_version(PYODIDE)
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
def service_worker(site: Path, *, serve: bool = False) -> bytes:
    """sw.js for the site's root: this build's fingerprint, every file to keep offline and
    each one's SHA-256, which the worker checks before it uses a new copy (under ``mkdocs
    serve``, one that keeps nothing)."""
    if serve:
        return DEV_WORKER.encode()
    files = []
    sums: dict[str, str] = {}
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if NOT_KEPT.search(rel):
            continue
        # A page is asked for by its directory URL, the way its links name it.
        url = "./" if rel == "index.html" else rel.removesuffix("index.html")
        files.append(url)
        sums[url] = hashlib.sha256(path.read_bytes()).hexdigest()
        digest.update(url.encode() + b"\0" + sums[url].encode() + b"\0")
    template = (APP / "sw.js").read_text()
    return (template.replace('"__VERSION__"', json.dumps(digest.hexdigest()[:16]))
            .replace('"__PREFIX__"', json.dumps(CACHE_PREFIX))
            .replace("__FILES__", json.dumps(files, indent=2))
            .replace("__SHA256__", json.dumps(sums, indent=2))).encode()


def modules() -> list[Path]:
    """The page's modules (the source), in a stable order."""
    return sorted(p for p in MODULES.glob("*.js") if p.name not in NOT_LOADED)


def esbuild_version() -> str:
    """The pinned bundler's version (node_modules/esbuild)."""
    return installed_version(ESBUILD)


def bundle(build: str) -> dict[str, bytes]:
    """The page's modules as published, by file name: :data:`ENTRIES` and the code they
    share, bundled by esbuild (:data:`BUNDLING`) from the source with this build's
    fingerprint filled in (:func:`with_build`). Names are kept, so that an error's stack
    still names the function it came from."""
    esbuild_version()  # the package is there, or a sentence says what to run
    esbuild = ESBUILD / "bin" / "esbuild"
    if not esbuild.is_file():
        raise BuildError("node_modules/esbuild has no bin/esbuild: run `npm ci` "
                         "(scripts/setup.sh does it)")
    with tempfile.TemporaryDirectory(prefix="followup-bundle-") as tmp:
        source, out = Path(tmp) / "js", Path(tmp) / "out"
        source.mkdir()
        for module in modules():
            (source / module.name).write_bytes(with_build(module.name, module.read_bytes(), build))
        run([str(esbuild), *ENTRIES, *BUNDLING, "--log-level=error", f"--outdir={out}"],
            "bundling the page's modules (esbuild)", cwd=source)
        code = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    if not set(ENTRIES) <= set(code) or any(not name.endswith(".js") for name in code):
        raise BuildError(f"esbuild wrote {sorted(code)}, not {' and '.join(ENTRIES)} and "
                         "the code they share")
    return code


def stdlib_name(python: Wheels) -> str:
    """The standard library's file in the runtime's folder: named by a fingerprint of its two
    zips (the part a start imports, and the rest, :func:`rest_name`), since what goes in
    which follows the planner's imports; Pyodide's own name without them."""
    if python.stdlib is None:
        return PLAIN_STDLIB
    digest = hashlib.sha256(python.stdlib.read_bytes())
    digest.update(python.stdlib.with_name(REST_STDLIB).read_bytes())
    return f"python_stdlib-{digest.hexdigest()[:16]}.zip"


def rest_name(stdlib: str) -> str:
    """The file of the standard library's rest, beside ``stdlib`` (worker.mjs names it so)."""
    return stdlib.removesuffix(".zip") + "-rest.zip"


def build_version(python: Wheels) -> str:
    """A fingerprint of what makes a view: the page's code and how it is bundled (esbuild's
    version, the entries, the options), its worker, the lock (every wheel's hash) and the
    standard library's name."""
    digest = hashlib.sha256(python.lock_text)
    digest.update(stdlib_name(python).encode())
    for module in [*modules(), *(APP / name for name in GLUE)]:
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    digest.update("\0".join(["esbuild", esbuild_version(), *ENTRIES, *BUNDLING]).encode())
    return digest.hexdigest()[:16]


#: The constants a published file names, each ``const NAME = "source";`` in the source tree:
#: the page's and its worker's build, which they compare before any call, and the runtime's
#: version, the name of the worker's runtime folder, and the standard library's file in it.
FILLED = {"build.js": ("BUILD",), "worker.mjs": ("BUILD", "PYODIDE", "STDLIB")}


def with_build(name: str, data: bytes, build: str, stdlib: str = PLAIN_STDLIB) -> bytes:
    """A page file as published: with this build's fingerprint, the runtime's version and the
    standard library's file in the runtime's folder where it names them."""
    values = {"BUILD": build, "PYODIDE": pyodide_version() if name == "worker.mjs" else "",
              "STDLIB": stdlib}
    for constant in FILLED.get(name, ()):
        data, count = re.subn(
            rb'^(export )?const ' + constant.encode() + rb' = "source";$',
            lambda m, value=values[constant]: m.group(0).replace(b"source", value.encode()),
            data, flags=re.M)
        if count != 1:
            raise BuildError(f"site_app/{name} must name {constant} once, as "
                             f'const {constant} = "source"')
    return data


#: Where the planner page's source asks for the first-paint script.
FIRST_PAINT_MARK = "<!-- planner:first-paint -->"


def module_constant(module: str, name: str) -> str:
    """A string constant of the page's module js/`module`, as its JavaScript literal."""
    found = re.search(rf'^export const {name} = ("[^"\\]+");$',
                      (MODULES / module).read_text(), re.M)
    if found is None:
        raise BuildError(f"site_app/js/{module} no longer defines {name} as "
                         "site_app/build/planner.py reads it")
    return found.group(1)


def first_paint_script(build: str) -> str:
    """site_app/first-paint.js, with this build's fingerprint, the document's key and the
    first-paint cache's one reader, as js/paintcache.js writes them (CACHE_KEY, stamp() and
    readCache(): one definition of each)."""
    cache = (MODULES / "paintcache.js").read_text()
    reader = [f"const CACHE_KEY = {module_constant('paintcache.js', 'CACHE_KEY')};"]
    for name in ("stamp", "readCache"):
        found = re.search(rf"^export (function {name}\(.*?^\}})$", cache, re.M | re.S)
        if found is None:
            raise BuildError(f"site_app/js/paintcache.js no longer defines {name}() as "
                             "site_app/build/planner.py reads it for the first-paint script")
        reader.append(found.group(1))
    script = (APP / "first-paint.js").read_text()
    script = script.replace('"__KEY__"', module_constant("store.js", "KEY"))
    script = script.replace('"__RELOADED_KEY__"', module_constant("boot.js", "RELOADED_KEY"))
    script = script.replace('"__BUILD__"', json.dumps(build))
    script = script.replace("/* __READER__ */", "\n".join(reader))
    if re.search(r"__[A-Z_]+__", script):
        raise BuildError("site_app/first-paint.js has a placeholder the build does not fill")
    return script


#: The script that makes the theme's search worker once the planner's start is over.
SEARCH_LATER = APP / "search-later.js"


def with_first_paint(html: str, build: str) -> str:
    """The planner page's HTML with the first-paint script where its source asks for it, then
    the script that holds the theme's search worker back while the planner starts (before
    the theme's own script, at the end of the page), then main.js, from this build's folder."""
    if html.count(FIRST_PAINT_MARK) != 1:
        raise BuildError(f"docs/planner/index.md must hold {FIRST_PAINT_MARK} once, after #fp-app")
    main = f'<script type="module" async src="{build}/app/main.js"></script>'
    return html.replace(FIRST_PAINT_MARK, f"<script>{first_paint_script(build)}</script>\n"
                        f"<script>{SEARCH_LATER.read_text()}</script>\n{main}")


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


def write(site: Path, python: Wheels, build: str, code: dict[str, bytes]) -> None:
    """The runtime, and this build's folder: the wheels, their lock, the zones and the page's
    code (``code``, :func:`bundle`'s; the holiday table is :mod:`.holidays`'s). Folders of
    other builds and runtimes that an earlier build left in ``site`` are removed, and files
    of the page's code that this build does not publish."""
    runtime = site / runtime_dir()
    stdlib = stdlib_name(python)
    copies = {name: PYODIDE / name for name in RUNTIME_FILES}
    copies[stdlib] = python.stdlib or PYODIDE / PLAIN_STDLIB
    if python.stdlib is not None:
        copies[rest_name(stdlib)] = python.stdlib.with_name(REST_STDLIB)
    for name, source in copies.items():
        if not source.exists():
            raise BuildError(f"{source.relative_to(ROOT)} is missing")
        target = runtime / name
        if not (target.exists() and target.stat().st_size == source.stat().st_size
                and target.stat().st_mtime >= source.stat().st_mtime):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    for stale in runtime.iterdir():
        if stale.name not in copies:
            stale.unlink()
    folder = site / build_dir(build)
    wheels_dir = folder / "wheels"
    wheels_dir.mkdir(parents=True, exist_ok=True)
    served = [wheels_dir / wheel.name for wheel in python.wheels]
    for wheel, target in zip(python.wheels, served, strict=True):
        write_if_changed(target, wheel.read_bytes())
    for stale in wheels_dir.glob("*.whl"):
        if stale not in served:
            stale.unlink()
    write_if_changed(wheels_dir / "pyodide-lock.json", python.lock_text)
    write_if_changed(folder / ZONES, packed_zones(python.named("tzdata-")))
    published = dict(code)
    for name in GLUE:
        published[name] = with_build(name, (APP / name).read_bytes(), build, stdlib)
    for name, data in published.items():
        write_if_changed(folder / "app" / name, data)
    for stale in (folder / "app").iterdir():
        if stale.name not in published:
            stale.unlink()
    for other in (site / "planner").iterdir():
        if other.is_dir() and BUILD_NAME.match(other.name) and other.name != build:
            shutil.rmtree(other)
    for other in runtime.parent.iterdir():
        if other != runtime:
            shutil.rmtree(other) if other.is_dir() else other.unlink()
