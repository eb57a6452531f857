"""The build's steps (site_app/build), each on its own, and the whole of them run by
``python -m site_app.build`` without MkDocs."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from site_app import build
from site_app.build import BuildError, planner, steps, wheels

from helpers import build_folder

ROOT = Path(__file__).resolve().parent.parent


def test_a_file_is_written_only_when_its_content_changed(tmp_path):
    target = tmp_path / "deep" / "file.txt"
    assert build.write_if_changed(target, b"one")
    stamp = target.stat().st_mtime_ns
    assert not build.write_if_changed(target, b"one")
    assert target.stat().st_mtime_ns == stamp
    assert build.write_if_changed(target, b"two")
    assert target.read_bytes() == b"two"


def test_the_pins_are_read_and_a_pin_without_a_version_is_refused(tmp_path, monkeypatch):
    pins = tmp_path / "pins.txt"
    pins.write_text("# a comment\nJinja2==3.1.6  # why\n\nsix==1.17.0\n")
    monkeypatch.setattr(build, "PINS", pins)
    assert build.pinned() == [("Jinja2", "3.1.6"), ("six", "1.17.0")]
    pins.write_text("six\n")
    with pytest.raises(BuildError, match="'six' pins no version"):
        build.pinned()


def _tzdata(tmp_path: Path, files: dict[str, bytes]) -> Path:
    wheel = tmp_path / "tzdata-1-py2.py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return wheel


def _unpacked(data: bytes) -> dict[str, bytes]:
    raw = gzip.decompress(data)
    length = int.from_bytes(raw[:4], "big")
    index = json.loads(raw[4:4 + length])
    body = raw[4 + length:]
    return {path: body[at:at + size] for path, (at, size) in index.items()}


def test_the_zones_are_packed_once_each_and_read_back(tmp_path):
    files = {f"tzdata/zoneinfo/Zone/{n}": b"TZif" + bytes([n % 7]) * 10 for n in range(300)}
    files |= {"tzdata/zoneinfo/zone.tab": b"tab", "tzdata/zoneinfo/America/New_York": b"NY",
              "tzdata/zoneinfo/US/Eastern": b"NY",  # a link: the same bytes
              "tzdata/zoneinfo/__init__.py": b"", "tzdata/__init__.py": b""}
    packed = planner.packed_zones(_tzdata(tmp_path, files))
    back = _unpacked(packed)
    assert back == {k.removeprefix("tzdata/zoneinfo/"): v for k, v in files.items()
                    if not k.endswith(".py")}
    # the same bytes are stored once, and the same wheel packs to the same file
    assert len(gzip.decompress(packed)) < 4 + 20_000 + 300 * 5
    assert planner.packed_zones(_tzdata(tmp_path, files)) == packed


def test_a_tzdata_wheel_that_is_not_the_database_is_refused(tmp_path):
    with pytest.raises(BuildError, match="does not hold the tz database"):
        planner.packed_zones(_tzdata(tmp_path, {"tzdata/zoneinfo/zone.tab": b"tab"}))
    with pytest.raises(BuildError, match="outside its folder"):
        planner.packed_zones(_tzdata(tmp_path, {"tzdata/zoneinfo/../evil": b"x"}))


def test_the_service_worker_lists_the_site_and_changes_with_its_content(tmp_path):
    (tmp_path / "index.html").write_text("home")
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text("guide")
    (tmp_path / "planner").mkdir()
    (tmp_path / "planner" / "holidays.json").write_text("{}")
    (tmp_path / "404.html").write_text("not kept")
    (tmp_path / "app.js.map").write_text("not kept")
    first = planner.service_worker(tmp_path).decode()
    files = json.loads(re.search(r"const FILES = (\[.*?\]);", first, re.S).group(1))
    assert sorted(files) == ["./", "guide/", "planner/holidays.json"]
    # Each file's SHA-256, which the worker checks before a new copy is used.
    sums = json.loads(re.search(r"const SHA256 = (\{.*?\});", first, re.S).group(1))
    assert sums == {"./": hashlib.sha256(b"home").hexdigest(),
                    "guide/": hashlib.sha256(b"guide").hexdigest(),
                    "planner/holidays.json": hashlib.sha256(b"{}").hexdigest()}
    assert planner.CACHE_PREFIX in first
    assert not re.search(r'"__[A-Z]+__"|__FILES__', first)
    (tmp_path / "planner" / "holidays.json").write_text('{"changed": 1}')
    assert planner.service_worker(tmp_path) != first.encode()
    assert planner.service_worker(tmp_path, serve=True) == planner.DEV_WORKER.encode()


def test_the_lock_names_each_compiled_wheel_and_its_hash(tmp_path):
    compiled = tmp_path / "jinja2-3.1.6-cp314-none-any.whl"
    compiled.write_bytes(b"compiled")
    source = tmp_path / "jinja2-3.1.6-py3-none-any.whl"
    lock = json.dumps({"info": {}, "packages": {
        "jinja2": {"file_name": source.name, "sha256": "0"},
        "six": {"file_name": "six-1.17.0-py2.py3-none-any.whl", "sha256": "1"}}}).encode()
    made = json.loads(wheels.with_compiled(lock, {source: compiled}))
    assert made["packages"]["jinja2"] == {
        "file_name": compiled.name, "sha256": hashlib.sha256(b"compiled").hexdigest()}
    assert made["packages"]["six"]["sha256"] == "1"
    with pytest.raises(BuildError, match="does not name"):
        wheels.with_compiled(lock, {tmp_path / "other-1-py3-none-any.whl": compiled})


def test_the_first_paint_script_is_filled_and_put_where_the_page_asks():
    script = planner.first_paint_script("0123456789abcdef")
    assert '"0123456789abcdef"' in script
    assert "function stamp(text)" in script
    assert "function readCache(storage, build, text)" in script
    assert not re.search(r"__[A-Z_]+__", script)
    html = f"<div id=fp-app></div>{planner.FIRST_PAINT_MARK}<p>after</p>"
    page = planner.with_first_paint(html, "b")
    assert page.count("<script>") == 2
    main = page.index('<script type="module" async src="b/app/main.js"></script>')
    assert page.index(planner.first_paint_script("b")) < page.index(
        planner.SEARCH_LATER.read_text()) < main
    assert main < page.index("<p>after")
    with pytest.raises(BuildError, match="must hold"):
        planner.with_first_paint(html * 2, "b")


#: Runs the first-paint script as the page does, with a stand-in #fp-app and storage, and
#: prints what it left in #fp-app. The cache is written by the page's own module
#: (js/paintcache.js), so the two read and write one format.
PAINTER = """
import vm from "node:vm";
import { readFileSync } from "node:fs";
const [cacheModule, script, storedBuild, change] = process.argv.slice(1);
const { FirstPaint, CACHE_KEY } = await import(cacheModule);
const items = new Map([["followup-planner", "{\\"format\\": 1}"]]);
const storage = { getItem: (k) => items.has(k) ? items.get(k) : null,
                  setItem: (k, v) => items.set(k, v), removeItem: (k) => items.delete(k) };
const cache = new FirstPaint({ storage, build: storedBuild, paintOf: () => ({ groups: [] }),
                               markupOf: () => "<p>saved plan</p>" },
                             () => ({ base: items.get("followup-planner"),
                                      text: items.get("followup-planner"), view: {} }));
cache.keep();
if (change) items.set("followup-planner", items.get("followup-planner") + " ");
const app = { innerHTML: "Loading", dataset: {} };
const window = { addEventListener() {} };
window.top = window.self = window;
const document = { getElementById: (id) => id === "fp-app" ? app : null };
const frames = [];
const requestAnimationFrame = (callback) => frames.push(callback);
vm.runInNewContext(readFileSync(script, "utf8"),
                   { window, localStorage: storage, document, requestAnimationFrame });
const paintedBefore = app.dataset.painted ?? null;
for (const callback of frames.splice(0)) callback(0); // the next frame
const left = { html: app.innerHTML, cached: app.dataset.cached ?? null, key: CACHE_KEY,
               painted: [paintedBefore, app.dataset.painted ?? null] };
console.log(JSON.stringify(left));
"""


@pytest.mark.parametrize(("stored", "change", "shown"), [
    ("b1", "", True), ("b0", "", False), ("b1", "changed", False)])
def test_the_first_paint_script_paints_only_this_builds_cache_of_the_stored_text(
        tmp_path, stored, change, shown):
    script = tmp_path / "first-paint.js"
    script.write_text(planner.first_paint_script("b1"))
    cache_module = (planner.MODULES / "paintcache.js").as_uri()
    done = subprocess.run(["node", "--input-type=module", "-e", PAINTER, cache_module,
                           str(script), stored, change], capture_output=True, text=True,
                          check=True)
    left = json.loads(done.stdout)
    assert left["key"] == "followup-planner.first-paint"
    # The frame that shows the plan is marked once it is under way (boot.js starts Python then).
    if shown:
        assert left == {**left, "html": "<p>saved plan</p>", "cached": "true",
                        "painted": [None, "true"]}
    else:
        assert left == {**left, "html": "Loading", "cached": None, "painted": [None, None]}


def test_the_page_and_its_worker_are_published_naming_this_build():
    for name in planner.FILLED:
        source = (planner.APP / "js" / name if name.endswith(".js") else planner.APP / name)
        filled = planner.with_build(name, source.read_bytes(), "0123456789abcdef")
        assert b'const BUILD = "0123456789abcdef";' in filled
        assert b'"source"' not in filled
    worker = planner.with_build("worker.mjs", (planner.APP / "worker.mjs").read_bytes(), "b")
    assert f'const PYODIDE = "{planner.pyodide_version()}";'.encode() in worker
    named = b'const BUILD = "source";'
    assert planner.with_build("dom.js", named, "x") == named
    with pytest.raises(BuildError, match="must name BUILD once"):
        planner.with_build("worker.mjs", b"// no build here", "x")


def test_the_pages_modules_are_bundled_into_their_two_entries_and_what_they_share(tmp_path):
    code = planner.bundle("0123456789abcdef")
    shared = sorted(set(code) - set(planner.ENTRIES))
    assert len(shared) == 1, sorted(code)
    assert re.fullmatch(r"shared-[A-Z0-9]+\.js", shared[0])
    text = {name: data.decode() for name, data in code.items()}
    # The fingerprint is filled in before bundling, once; nothing still says "source".
    assert sum(len(re.findall(r'\bBUILD\s*=\s*"0123456789abcdef"', t)) for t in text.values()) == 1
    assert not any('"source"' in t for t in text.values())
    # Every import names a published file, and no module of the source is asked for.
    for name, t in text.items():
        for imported in re.findall(r'from\s*"\./([^"]+)"', t):
            assert imported in code, f"{name} imports {imported}"
    sources = {p.name for p in planner.modules()} - set(planner.ENTRIES)
    assert not [s for s in sources if any(f'"./{s}"' in t for t in text.values())]
    # Names are kept (an error's stack still says where it came from); comments are not.
    assert re.search(r"\bclass Boot\b|\bBoot\s*=\s*class\b", text[shared[0]])
    assert "function readCache(" in text[shared[0]]
    assert not [n for n, t in text.items() if re.search(r"^\s*//|/\*\*", t, re.M)]
    # The bundles are modules that load: boot.js, with its shared file, under Node (it
    # touches no DOM when imported), exporting what main.js and the tests use.
    for name, data in code.items():
        (tmp_path / name).write_bytes(data)
    done = subprocess.run(["node", "--input-type=module", "-e",
                           "const m = await import(process.argv[1]);"
                           "console.log(Object.keys(m).sort().join(' '))",
                           (tmp_path / "boot.js").as_uri()],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert {"Boot", "RELOADED_KEY", "boot", "python"} <= set(done.stdout.split())
    # The same source makes the same files (a build's folder never holds two versions).
    assert planner.bundle("0123456789abcdef") == code


def test_without_the_bundler_the_build_says_what_to_run(tmp_path, monkeypatch):
    esbuild = tmp_path / "node_modules" / "esbuild"
    monkeypatch.setattr(planner, "ESBUILD", esbuild)
    with pytest.raises(BuildError, match=r"node_modules/esbuild is missing: run `npm ci`"):
        planner.bundle("0123456789abcdef")
    esbuild.mkdir(parents=True)  # the package, but not its program
    (esbuild / "package.json").write_text('{"version": "0.28.2"}')
    with pytest.raises(BuildError, match=r"node_modules/esbuild has no bin/esbuild: run `npm"):
        planner.bundle("0123456789abcdef")


def test_the_fingerprint_follows_how_the_modules_are_bundled(monkeypatch):
    """Bundled otherwise, the same source makes other files: under the same folder name, an
    older boot.js from a cache could meet a newer main.js."""
    python = wheels.Wheels(wheels=[], lock_text=b"{}")
    before = planner.build_version(python)
    monkeypatch.setattr(planner, "BUNDLING", (*planner.BUNDLING, "--minify-identifiers"))
    assert planner.build_version(python) != before
    monkeypatch.setattr(planner, "esbuild_version", lambda: "0.0.1")
    assert len({before, planner.build_version(python)}) == 2


def test_a_build_leaves_no_folder_of_another_build_or_runtime(tmp_path, monkeypatch):
    site = tmp_path / "site"
    older = site / "planner" / "00000000000000aa"
    (older / "app").mkdir(parents=True)
    (site / "planner" / "runtime" / "0.1.0").mkdir(parents=True)
    (site / "planner" / "guides-folder").mkdir()  # not a build's: kept
    # A module an earlier build of this folder published, which this one does not.
    stale = site / "planner" / "0123456789abcdef" / "app" / "views.js"
    stale.parent.mkdir(parents=True)
    stale.write_text("export {};")
    monkeypatch.setattr(planner, "packed_zones", lambda wheel: b"zones")
    tzdata = tmp_path / "tzdata-2025.2-py2.py3-none-any.whl"
    tzdata.write_bytes(b"a wheel")
    python = wheels.Wheels(wheels=[tzdata], lock_text=b"{}")
    code = {"boot.js": b"export {};", "main.js": b"export {};"}
    planner.write(site, python, "0123456789abcdef", code)
    assert sorted(p.name for p in (site / "planner").iterdir()) == [
        "0123456789abcdef", "guides-folder", "runtime"]
    assert [p.name for p in (site / "planner/runtime").iterdir()] == [planner.pyodide_version()]
    assert sorted(p.name for p in stale.parent.iterdir()) == sorted(
        ["boot.js", "main.js", *planner.GLUE])


def test_the_template_values_name_the_published_modules():
    prepared = steps.Prepared(python=wheels.Wheels(wheels=[], lock_text=b"{}"),
                              build="0123456789abcdef",
                              code={"boot.js": b"", "main.js": b"", "shared-AB12.js": b""})
    values = steps.template_values(prepared)
    assert values["planner_app"] == "planner/0123456789abcdef/app/"
    assert values["planner_modules"] == ["boot.js", "main.js", "shared-AB12.js"]
    assert values["app"]["manifest"] == "manifest.webmanifest"


def test_the_build_runs_without_mkdocs_and_its_service_worker_lists_every_file(tmp_path):
    """``python -m site_app.build DEST``: every file the pages do not make, the offline
    copy's sw.js written last, listing them all."""
    dest = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "site_app.build", str(dest)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr
    assert "built the planner's files" in done.stdout
    made = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    build = build_folder(dest).relative_to(dest).as_posix()
    for needed in (f"{build}/holidays.json", f"{build}/zones.gz", "manifest.webmanifest",
                   "assets/icons/icon-192.png", f"{build}/wheels/pyodide-lock.json",
                   f"{planner.runtime_dir()}/pyodide.asm.wasm", f"{build}/app/main.js",
                   f"{build}/app/worker.mjs", "sw.js"):
        assert needed in made
    sw = (dest / "sw.js").read_text()
    listed = json.loads(re.search(r"const FILES = (\[.*?\]);", sw, re.S).group(1))
    assert sorted(listed) == [f for f in made if f != "sw.js"]
    lock = json.loads((dest / build / "wheels/pyodide-lock.json").read_text())
    for entry in lock["packages"].values():
        wheel = dest / build / "wheels" / entry["file_name"]
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    manifest = json.loads((dest / "manifest.webmanifest").read_text())
    assert manifest["name"] == "Follow-up Planner"


def test_the_build_says_what_is_wrong_in_one_sentence(tmp_path):
    done = subprocess.run([sys.executable, "-m", "site_app.build", str(tmp_path),
                           "--config", str(tmp_path / "missing.yml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "missing.yml" in done.stderr
