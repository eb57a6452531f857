"""The guides: built strictly, every topic there, numbers from the planner, nothing external."""

from __future__ import annotations

import base64
import email
import hashlib
import importlib.util
import json
import re
import tomllib
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from site_app.build import BuildError
from site_app.build import icons as build_icons
from site_app.build import planner as build_planner
from site_app.build import wheels as build_wheels

from followup import rules
from helpers import build_folder

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "source" / "be-an-assertive-job-candidate.txt"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    main = html.split('<article', 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


TOPICS = {
    "": ["Thank them within 36 hours", "Three attempts at most", "Open the planner"],
    "thank-you": ["One note for each person you met", "Email is perfectly fine",
                  "Write it after the interview, never before", "The example you told",
                  "Your strengths, tied to their needs", "The moment that stood out",
                  "A worked example", "within 36 hours", "about 24 hours"],
    "how-long-to-wait": ["A decision date that comes soon", "Wait until they are back",
                         "Silence is usually about their calendar, not you",
                         "You are entitled to ask"],
    "what-to-say": ["Your interest, renewed", "A strong example", "A topic you discussed",
                    "with its link", "How to reach you, and when", "A worked example"],
    "how-many-times": ["Three strikes, then move on", "Never more than once a day",
                       "try once more later the same day", "at least 3 days"],
    "lukewarm-reply": ["Wait a day or two, then answer briefly", "when they expect to decide"],
    "moving-on": ["When to stop", "Keep every other application moving"],
    "questions": ["only have the recruiter's email", "phone or video interview",
                  "A panel of several people", "another offer with a deadline",
                  "Will following up hurt my chances?"],
    "planner": ["The planner"],
    "privacy": ["Everything stays in this browser", "Back up your data", "no tracking"],
    "credits": ["Be an Assertive Job Candidate", "Victoria Crispo", "July 2015",
                "Helene Lerner"],
    "checklist": ["Follow-up checklist", "Within 36 hours (aim for 24)"],
}


@pytest.mark.parametrize(("path", "phrases"), TOPICS.items())
def test_every_topic_is_in_the_built_site(site, path, phrases):
    text = text_of(page(site, path)) if path else text_of((site / "index.html").read_text())
    for phrase in phrases:
        assert phrase.lower() in text.lower(), f"{path or 'home'}: missing {phrase!r}"


def test_numbers_in_the_guides_are_the_planners_constants(site):
    how_many = text_of(page(site, "how-many-times"))
    assert f"at most {rules.MAX_FOLLOW_UPS} follow-up attempts" in how_many
    assert f"at least {rules.MIN_EMAIL_GAP_DAYS} days between two email attempts" in how_many
    assert f"about {rules.DEFAULT_SPACING_DAYS} days" in how_many
    thank = text_of(page(site, "thank-you"))
    assert f"closes {rules.THANK_YOU_LATEST_HOURS} hours later" in thank
    assert f"about {rules.THANK_YOU_SUGGESTED_HOURS} hours" in thank
    for html_file in site.rglob("index.html"):
        html = html_file.read_text()
        if "<article" in html:
            assert "{{" not in text_of(html), html_file


def _hook(name: str = "guides"):
    spec = importlib.util.spec_from_file_location(f"{name}_hook",
                                                  ROOT / f"site_app/hooks/{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_guides_hook_reads_the_live_constants(monkeypatch):
    hook = _hook()
    monkeypatch.setattr(rules, "MAX_FOLLOW_UPS", 4)
    monkeypatch.setattr(rules, "THANK_YOU_LATEST_HOURS", 48)
    out = hook.substitute("{{ max_follow_ups_word | capitalize }} strikes within "
                          "{{ thank_you_latest_hours }} h", "t.md")
    assert out == "Four strikes within 48 h"


def test_the_guides_hook_fails_loudly_on_unknown_placeholders():
    hook = _hook()
    with pytest.raises(ValueError, match="unknown placeholder"):
        hook.substitute("{{ max_folow_ups }}", "t.md")
    with pytest.raises(ValueError, match="a placeholder the guides hook cannot read"):
        hook.substitute("{{ max_follow_ups | upper }}", "t.md")


def test_every_guide_link_the_planner_emits_resolves(site):
    for rule in rules.RULES.values():
        path, anchor = rule.guide.split("#")
        target = site / path / "index.html"
        assert target.exists(), f"{rule.id}: {path} is not a page"
        assert f'id="{anchor}"' in target.read_text(), f"{rule.id}: no anchor #{anchor}"


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source") and a.get("src"):
            self.refs.append((tag, a["src"]))
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical",):
            self.refs.append((f"link rel={a.get('rel')}", a["href"]))
        if tag == "img" and a.get("srcset"):
            self.refs.append((tag, a["srcset"]))


def _external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip(), re.I))


def test_no_page_loads_anything_from_another_origin(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 11
    for html_file in pages:
        parser = _Refs()
        parser.feed(html_file.read_text())
        bad = [r for r in parser.refs if _external(r[1])]
        assert not bad, f"{html_file.relative_to(site)} loads {bad}"
        assert "fonts.googleapis" not in html_file.read_text()
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text()):
            assert not _external(url), f"{css.relative_to(site)} loads {url}"
        assert "@import url(http" not in css.read_text()


def test_every_url_the_site_makes_is_relative(site):
    """So the site works under a project sub-path. 404.html is the exception: it is served at
    any missing path, so MkDocs roots its links at ``site_url`` (set by the deploy workflow)."""
    for html_file in site.rglob("*.html"):
        if html_file.name == "404.html":
            continue
        html = html_file.read_text()
        for attr in re.findall(r'(?:href|src)="(/[^/"][^"]*)"', html):
            pytest.fail(f"{html_file.relative_to(site)}: root-absolute URL {attr}")


def test_each_guide_page_has_a_description_for_search_engines(site):
    for html_file in site.rglob("index.html"):
        if html_file.parent.name in ("search", "assets"):
            continue
        assert '<meta name="description"' in html_file.read_text(), html_file


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


@pytest.mark.skipif(not SOURCE.exists(), reason="the source article sits beside the checkout")
def test_the_guides_are_in_our_own_words():
    """No run of eight words in a row is taken from the source article."""
    src = _words(SOURCE.read_text(encoding="utf-8"))
    grams = {" ".join(src[i:i + 8]) for i in range(len(src) - 7)}
    for md in (ROOT / "docs").rglob("*.md"):
        words = _words(md.read_text(encoding="utf-8"))
        shared = [" ".join(words[i:i + 8]) for i in range(len(words) - 7)
                  if " ".join(words[i:i + 8]) in grams]
        assert not shared, f"{md.name} repeats the source: {shared[0]!r}"


def test_reminders_are_kept_where_the_service_worker_reads_them(site):
    """The page keeps the due steps (js/reminders.js) where sw.js reads them: the same cache,
    entry and periodic sync's tag on both sides; and the notification's icon is on the site."""
    worker = (site / "sw.js").read_text()
    page = (ROOT / "site_app" / "js" / "reminders.js").read_text()  # bundled as it says
    for name in ("REMINDERS_CACHE", "REMINDERS_ENTRY", "REMIND_TAG"):
        said = re.search(rf'^const {name} = ("[^"]+");$', worker, re.M)
        assert said, name
        assert f"export const {name} = {said.group(1)};" in page, name
    icon = re.search(r'icon: new URL\("([^"]+)", SCOPE\)', worker)
    assert icon
    assert (site / icon.group(1)).is_file()


def test_the_offline_copy_lists_every_page_and_all_the_planner_needs(site):
    worker = (site / "sw.js").read_text()
    assert re.search(r'const VERSION = "[0-9a-f]{16}";', worker)
    files = json.loads(re.search(r"const FILES = (\[.*?\]);", worker, re.S).group(1))
    assert len(files) == len(set(files))
    for path in files:
        assert not re.match(r"[a-z]+:|/", path), f"{path} is not relative"
        assert (site / path / "index.html" if path.endswith("/") else site / path).is_file()
    pages = {"./" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
             for p in site.rglob("index.html")}
    assert pages <= set(files)
    build = build_folder(site).relative_to(site).as_posix()  # planner/<fingerprint>
    lock = json.loads((site / build / "wheels/pyodide-lock.json").read_text())
    needed = {f"{build}/wheels/{p['file_name']}" for p in lock["packages"].values()}
    needed |= {f"{build}/wheels/pyodide-lock.json", f"{build}/holidays.json",
               f"{build}/zones.gz"}
    needed |= {f"{build_planner.runtime_dir()}/{name}" for name in build_planner.RUNTIME_FILES
               if name.endswith((".mjs", ".wasm", ".zip"))}
    needed |= {p.relative_to(site).as_posix()
               for p in (site / build_planner.runtime_dir()).glob("python_stdlib-*.zip")}
    # The page's modules as published (bundled: boot.js, main.js and what they share).
    modules = {p.name for p in (site / build / "app").glob("*.js")}
    assert {"main.js", "boot.js"} < modules
    needed |= {f"{build}/app/{name}" for name in modules}
    assert {"worker.mjs", "snapshot.mjs", "packages.mjs"} <= set(build_planner.GLUE)
    needed |= {f"{build}/app/{name}" for name in build_planner.GLUE}
    needed.add("search/search_index.json")
    assert needed <= set(files)
    assert not [f for f in files if f.endswith(".map") or "lunr/" in f or f == "404.html"]


def test_the_standard_library_is_served_compiled_where_a_start_imports_it(site):
    """Pyodide's zip holds sources only. The site's first zip has the modules a start imports,
    as bytecode of the runtime's Python; every other module is in the second, as it was, and
    the module that fetches it (when asked for one of them) knows each one: nothing lost."""
    runtime = site / build_planner.runtime_dir()
    [served] = [p for p in runtime.glob("python_stdlib-*.zip") if not p.name.endswith("-rest.zip")]
    rest = runtime / build_planner.rest_name(served.name)
    assert not (runtime / build_planner.PLAIN_STDLIB).exists()  # not both
    digest = hashlib.sha256(served.read_bytes())
    digest.update(rest.read_bytes())
    assert served.name == f"python_stdlib-{digest.hexdigest()[:16]}.zip"
    worker = (build_folder(site) / "app" / "worker.mjs").read_text()
    assert f'const STDLIB = "{served.name}";' in worker
    plain = zipfile.ZipFile(build_planner.PYODIDE / build_planner.PLAIN_STDLIB)
    names = set(zipfile.ZipFile(served).namelist())
    compiled = {n[:-1] for n in names if n.endswith(".pyc")}
    # what the planner's start imports: Python's and Pyodide's own start, the planner's
    for module in ("typing.py", "json/__init__.py", "dataclasses.py", "datetime.py",
                   "zoneinfo/__init__.py", "_pyodide/_base.py", "re/_compiler.py",
                   "encodings/utf_8_sig.py"):  # a CSV's codec, looked up by its name
        assert module in compiled, module
        assert module not in names, module  # no source beside it
    assert not {n for n in names if n.endswith(".py")} - {"_followup_stdlib_rest.py"}
    rested = {n for n in zipfile.ZipFile(rest).namelist() if n.endswith(".py")}
    assert {"pydoc.py", "email/mime/text.py", "encodings/cp1252.py"} <= rested
    sources = {n for n in plain.namelist() if n.endswith(".py")}
    assert compiled | rested == sources
    assert not compiled & rested
    magic = zipfile.ZipFile(served).read("typing.pyc")[:4]
    # 3.14's magic number (the browser refuses a .pyc of another version)
    assert int.from_bytes(magic[:2], "little") in range(3600, 3700), magic
    finder = zipfile.ZipFile(served).read("_followup_stdlib_rest.py").decode()
    known = re.search(r"^NAMES: frozenset\[str\] = frozenset\((\[.*\])\)$", finder, re.M)
    assert known is not None
    assert set(json.loads(known.group(1).replace("'", '"'))) == {
        n.removesuffix(".py").removesuffix("/__init__").replace("/", ".") for n in rested}
    # and the rest's fingerprint, which a download is checked against
    assert f"SHA256: str = '{hashlib.sha256(rest.read_bytes()).hexdigest()}'" in finder
    assert "hashlib.pyc" in names  # (which is in the first zip)


def test_the_planner_page_loads_its_modules_and_each_import_is_published(site):
    html = (site / "planner" / "index.html").read_text(encoding="utf-8")
    # Every file of the planner comes from this build's own folder, named by its fingerprint
    # (two versions never meet in one page); the runtime from its version's.
    app = build_folder(site) / "app"
    build = app.parent.name
    bundled = "".join(p.read_text() for p in app.glob("*.js"))
    assert len(re.findall(rf'\bBUILD\s*=\s*"{build}"', bundled)) == 1
    worker = (app / "worker.mjs").read_text()
    assert f'const BUILD = "{build}";' in worker
    assert f'const PYODIDE = "{build_planner.pyodide_version()}";' in worker
    assert (site / build_planner.runtime_dir() / "pyodide.mjs").is_file()
    assert not [p for p in (site / "planner").iterdir()
                if p.is_dir() and p.name not in {build, "runtime"}]
    assert [p.name for p in (site / "planner/runtime").iterdir()] == [
        build_planner.pyodide_version()]
    # main.js runs as soon as its modules are in (async), right after the planner's element,
    # and every module, main.js too, is fetched from the head.
    script = f'<script type="module" async src="{build}/app/main.js"></script>'
    theme = html.index('<script src="../assets/javascripts/bundle.')
    assert html.index('id="fp-app"') < html.index(script) < theme
    # The theme's search worker is held back by a script that runs before the theme's.
    assert html.index(build_planner.SEARCH_LATER.read_text()) < theme
    preload = f'<link rel="modulepreload" href="{build}/app/main.js">'
    assert html.index(preload) < html.index("</head>")
    # At the normal priority, every one: main.js needs them all to draw the loading bar,
    # which with a low priority waited behind the runtime's download on a slow first visit.
    assert "fetchpriority" not in html
    # The planner's stylesheet is asked for with the theme's (not after the theme's inline
    # script, which waits for them), and applied after them, which it overrides.
    sheet = f'<link rel="stylesheet" href="{build}/app/planner.css">'
    early = f'<link rel="preload" as="style" href="{build}/app/planner.css">'
    assert html.index(early) < html.index('rel="stylesheet"') < html.index(sheet)
    assert not re.search(r'(src|href)="app/', html)
    # The start-up module is the first file the head asks for, before the theme's stylesheets,
    # and no inline script starts Python's worker or hands anything to another script.
    boot = f'<script type="module" async src="{build}/app/boot.js"></script>'
    assert html.index(boot) < html.index('rel="stylesheet"')
    assert "new Worker(" not in html
    assert "fpWorker" not in html
    # The first-paint script comes right after the planner's element, before main.js, with
    # this build's fingerprint, the document's key and the cache's one reader (as
    # js/paintcache.js writes it).
    paint = html.index(f'readCache(localStorage, "{build}", ')
    assert html.index('id="fp-app"') < paint < html.index(script)
    cache = (ROOT / "site_app" / "js" / "paintcache.js").read_text()
    for name in ("stamp", "readCache"):
        found = re.search(rf"^export (function {name}\(.*?^\}})$", cache, re.M | re.S)
        assert found
        assert found.group(1) in html
    assert 'localStorage.getItem("followup-planner")' in html
    assert 'const CACHE_KEY = "followup-planner.first-paint";' in html
    assert "planner:first-paint" not in html
    # The modules are published bundled: boot.js, main.js and what they share, each one
    # preloaded from the head, and every import of each names one of them.
    published = sorted(p.name for p in app.glob("*.js"))
    assert len(published) == 3, published
    assert {"boot.js", "main.js"} < set(published)
    for module in app.glob("*.js"):
        assert f'<link rel="modulepreload" href="{build}/app/{module.name}">' in html
        for imported in re.findall(r'from\s*"\./([^"]+)"', module.read_text()):
            assert imported in published, f"{module.name} imports {imported}"
    for shapes in build_planner.NOT_LOADED:  # for the type checker, never loaded
        assert not (app / shapes).exists()


def test_every_page_has_a_policy_that_keeps_everything_on_this_site(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">',
                          html)
        assert found, f"{path}: no Content-Security-Policy"
        assert html.index(found.group(0)) < html.index("<script"), f"{path}: policy too late"
        head = re.search(r"<head[^>]*>\s*(<[^>]+>)", html)
        assert head, f"{path}: no <head>"
        assert head.group(1) == found.group(0), f"{path}: policy not first in <head>"
        # the charset still comes within the first 1024 bytes, as browsers require
        assert html.encode().index(b"<meta charset") < 1024, f"{path}: charset too late"
        directives = dict(d.strip().split(" ", 1) for d in found.group(1).split(";"))
        for name in ("default-src", "connect-src", "img-src", "font-src", "worker-src"):
            assert directives[name].split()[0] == "'self'", (path, name)
        assert "unsafe-inline" not in directives["script-src"]
        assert "unsafe-eval" not in directives["script-src"]
        allowed = set(directives["script-src"].split()) - {"'self'"}
        inline = {"'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                  + "'" for body in re.findall(
                      r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>",
                      html, re.S)}
        assert allowed == inline, f"{path}: the hashes do not match its inline scripts"


def test_our_wheel_is_built_by_the_standard_backend_from_pyproject(site):
    """pypa/build and setuptools make our wheel (no METADATA by hand): it says what
    pyproject.toml says, and the lock names it with its dependencies."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        project = tomllib.load(f)["project"]
    dist = f"{re.sub(r'[-_.]+', '_', project['name']).lower()}-{project['version']}"
    # Served compiled to the runtime's bytecode (site_app/bytecode.mjs): every module a .pyc
    # of the unchecked-hash kind (the same source, the same bytes), no source beside it.
    wheel = build_folder(site) / "wheels" / f"{dist}-cp314-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        meta = email.message_from_bytes(zf.read(f"{dist}.dist-info/METADATA"))
        generator = zf.read(f"{dist}.dist-info/WHEEL").decode()
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        names = zf.namelist()
        assert "followup/bridge.pyc" in names
        assert not [n for n in names if n.endswith(".py")]
        assert "followup/templates/thank_you.txt.j2" in names
        flags = {int.from_bytes(zf.read(n)[4:8], "little") for n in names if n.endswith(".pyc")}
        assert flags == {1}  # hash-based, never checked against a source
        record = zf.read(f"{dist}.dist-info/RECORD").decode()
        assert "followup/bridge.pyc,," in record
        assert "followup/bridge.py," not in record
    assert "setuptools" in generator
    assert "Tag: cp314-none-any" in generator
    assert meta["Name"] == project["name"]
    assert meta["Version"] == project["version"]
    assert meta["Requires-Python"] == project["requires-python"]
    plain = [r for r in meta.get_all("Requires-Dist") if "extra ==" not in r]
    assert plain == project["dependencies"]
    lock = json.loads((build_folder(site) / "wheels/pyodide-lock.json").read_text())
    ours = lock["packages"][project["name"]]
    assert ours["file_name"] == wheel.name
    # In the browser (sys_platform emscripten), the tz database is not a dependency: the site
    # serves the zone files, and the package loads only for another zone.
    browser = [d for d in project["dependencies"] if 'sys_platform != "emscripten"' not in d]
    assert [d.split(">")[0] for d in project["dependencies"] if d not in browser] == ["tzdata"]
    assert sorted(ours["depends"]) == sorted(re.split(r"[<>=!~ ;\[]", d)[0] for d in browser)
    assert "tzdata" in lock["packages"]  # loaded by its import name when asked for
    assert ours["imports"] == ["followup"]


def test_the_lock_is_pyodides_own_for_exactly_the_wheels_the_site_serves(site):
    lock = json.loads((build_folder(site) / "wheels/pyodide-lock.json").read_text())
    runtime = json.loads((ROOT / "node_modules/pyodide/pyodide-lock.json").read_text())
    assert lock["info"] == runtime["info"]  # abi_version, platform, python: this runtime's
    folder = build_folder(site) / "wheels"
    served = {p.name for p in folder.glob("*.whl")}
    assert {p["file_name"] for p in lock["packages"].values()} == served
    for name, package in lock["packages"].items():
        data = (folder / package["file_name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == package["sha256"], name
        assert all(dep in lock["packages"] for dep in package["depends"]), name
    pinned = {line.split("==")[0].lower()
              for line in (ROOT / "site_app/browser-wheels.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    assert pinned <= set(lock["packages"])
    assert not (folder / "manifest.json").exists()
    assert not (site / build_planner.runtime_dir() / "pyodide-lock.json").exists()  # 357 of them


def test_a_dependency_missing_from_the_wheels_fails_the_build_with_a_sentence(tmp_path):
    hook = build_wheels
    jinja = next((ROOT / ".cache" / "wheels").glob("jinja2-*.whl"))
    with pytest.raises(BuildError, match="pyodide lockfile add-wheels"):
        hook.lock([jinja])  # without markupsafe


def test_readme_and_the_privacy_page_name_every_key_the_page_stores(site):
    keys = [key for module in ("store.js", "paintcache.js")
            for key in re.findall(r'^export const [A-Z_]*KEY = "([^"]+)";',
                                  (ROOT / "site_app" / "js" / module).read_text(), re.M)]
    assert len(keys) == 3
    privacy = text_of(page(site, "privacy"))
    readme = (ROOT / "README.md").read_text()
    for key in keys:
        assert f"`{key}`" in readme
        assert key in privacy


# -- the installable app (site_app/build/icons.py) ----------------------------------------


def _pixels(data: bytes) -> list[list[tuple[int, ...]]]:
    """The rows of an 8-bit RGB or RGBA, non-interlaced PNG (what rsvg-convert writes), as
    RGBA tuples."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0), "not 8-bit without interlacing"
    assert colour in (2, 6), "neither RGB nor RGBA"
    bpp = 4 if colour == 6 else 3
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc
                                      else corner)) & 0xFF
        rows.append([(*line[x:x + 3], line[x + 3] if bpp == 4 else 255)
                     for x in range(0, stride, bpp)])
        prev = line
    return rows


def _manifest(site: Path) -> dict:
    return json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))


def test_the_manifest_is_relative_and_opens_on_the_planner_within_the_whole_site(site):
    app = _manifest(site)
    base = "https://example.org/sub/path/manifest.webmanifest"  # any sub-path
    from urllib.parse import urljoin

    assert app["name"] == "Follow-up Planner"
    assert 0 < len(app["short_name"]) <= 12
    for key in ("start_url", "scope", "id"):
        assert not re.match(r"[a-z]+:|/", app[key]), f"{key} is not relative"
    start, scope = urljoin(base, app["start_url"]), urljoin(base, app["scope"])
    assert start == "https://example.org/sub/path/planner/"
    assert scope == "https://example.org/sub/path/"
    assert start.startswith(scope)
    assert (site / app["start_url"] / "index.html").is_file()
    assert app["display"] == "standalone"
    for shortcut in app["shortcuts"]:  # the guides stay a tap away
        assert (site / urljoin("x/", shortcut["url"]).removeprefix("x/") / "index.html").is_file()
    assert any(s["url"] == "./" for s in app["shortcuts"])


def test_the_apps_colour_is_the_sites_header_colour(site):
    css = (ROOT / "docs" / "assets" / "extra.css").read_text()
    primary = set(re.findall(r"--md-primary-fg-color:\s*(#[0-9a-fA-F]{6})", css))
    assert len(primary) == 1, "one header colour in both schemes"
    app = _manifest(site)
    assert app["theme_color"].lower() == primary.pop().lower()
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert f'<meta name="theme-color" content="{app["theme_color"]}">' in html, html_file


def test_the_icons_are_drawn_at_every_size_the_manifest_names(site):
    app = _manifest(site)
    named = {(i["sizes"], i.get("purpose", "any")): i["src"] for i in app["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= set(named)
    for icon in app["icons"]:
        assert not re.match(r"[a-z]+:|/", icon["src"])
        data = (site / icon["src"]).read_bytes()
        width, height = map(int, icon["sizes"].split("x"))
        assert build_icons.png_size(data) == (width, height), icon["src"]
        assert icon["type"] == "image/png"


def test_the_maskable_icon_fills_its_square_and_keeps_the_drawing_in_the_safe_zone(site):
    app = _manifest(site)
    src = next(i["src"] for i in app["icons"] if i.get("purpose") == "maskable")
    rows = _pixels((site / src).read_bytes())
    size = len(rows)
    colour = (*(int(app["theme_color"][i:i + 2], 16) for i in (1, 3, 5)), 255)
    assert all(px[3] == 255 for row in rows for px in row), "transparent pixels"
    drawn = [(x, y) for y, row in enumerate(rows) for x, px in enumerate(row)
             if max(abs(a - b) for a, b in zip(px, colour, strict=True)) > 8]
    assert drawn, "nothing is drawn on the background"
    centre, radius = (size - 1) / 2, 0.4 * size  # the safe zone: a circle of 80%
    assert all((x - centre) ** 2 + (y - centre) ** 2 <= radius ** 2 for x, y in drawn)


def test_the_home_screen_icon_for_ios_and_the_favicon_come_from_the_same_source(site):
    html = page(site, "how-long-to-wait")
    touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', html).group(1)
    assert touch == "../assets/icons/apple-touch-icon.png"
    rows = _pixels((site / "assets/icons/apple-touch-icon.png").read_bytes())
    assert len(rows) == 180
    assert all(px[3] == 255 for row in rows for px in row), "iOS paints transparency black"
    favicon = re.search(r'<link rel="icon" href="([^"]+)">', html).group(1)
    assert favicon == "../assets/icons/favicon.png"
    assert build_icons.png_size((site / "assets/icons/favicon.png").read_bytes())[0] > 0
    for tag in ('<meta name="mobile-web-app-capable" content="yes">',
                '<meta name="apple-mobile-web-app-capable" content="yes">',
                '<meta name="apple-mobile-web-app-title" content="Follow-up">',
                '<link rel="manifest" href="../manifest.webmanifest">'):
        assert tag in html
    assert '<link rel="manifest" href="manifest.webmanifest">' in (site / "index.html").read_text()


def test_the_offline_copy_keeps_the_manifest_and_every_icon(site):
    worker = (site / "sw.js").read_text()
    files = set(json.loads(re.search(r"const FILES = (\[.*?\]);", worker, re.S).group(1)))
    icons = {p.relative_to(site).as_posix() for p in (site / "assets/icons").glob("*.png")}
    assert len(icons) == len(build_icons.ICON_SET)
    assert {"manifest.webmanifest", *icons} <= files


def test_the_policy_lets_the_page_read_only_its_own_manifest(site):
    for path in site.rglob("*.html"):
        found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">',
                          path.read_text(encoding="utf-8"))
        assert found, path
        directives = dict(d.strip().split(" ", 1) for d in found.group(1).split(";"))
        assert directives["manifest-src"] == "'self'", path


def test_icons_are_kept_by_the_sources_fingerprint(tmp_path, monkeypatch):
    """A second build draws nothing again; a changed source is drawn anew."""
    hook = build_icons
    monkeypatch.setattr(hook, "CACHE", tmp_path)
    icon = hook.Icon("t.png", 16, 0.8, "maskable")
    source = (ROOT / "site_app/icon.svg").read_text()
    first = hook.render(icon, source)
    assert hook.png_size(first) == (16, 16)
    monkeypatch.setattr(hook.shutil, "which", lambda _name: None)  # no rasteriser now
    assert hook.render(icon, source) == first
    with pytest.raises(BuildError, match=r"rsvg-convert is missing.*scripts/setup\.sh"):
        hook.render(icon, source.replace("#ffffff", "#fffffe"))


def test_the_page_keeps_its_last_backup_date_under_a_key_the_privacy_page_names(site):
    files = (ROOT / "site_app" / "js" / "files.js").read_text()
    keys = re.findall(r'^export const [A-Z_]*KEY = "([^"]+)";', files, re.M)
    assert keys == ["followup-planner.last-backup"]
    assert f"`{keys[0]}`" in (ROOT / "README.md").read_text()
    assert keys[0] in text_of(page(site, "privacy"))


def test_the_guides_say_how_to_install_the_app_and_move_data_between_devices(site):
    readme = (ROOT / "README.md").read_text()
    assert "## Install the planner as an app" in readme
    assert "## Move your data to another device" in readme
    privacy = text_of(page(site, "privacy"))
    for phrase in ("Install the planner as an app", "Move your data to another device",
                   "Share a backup", "keep this site's storage"):
        assert phrase.lower() in privacy.lower(), phrase
    assert "install" in text_of(page(site, "planner")).lower()
