"""The day a new version is published, as returning users meet it: two builds of the site
served in turn from one origin with GitHub Pages' caching (max-age=600, ETags, 304s:
tests/pages_host.py), one browser profile per user. Build B is today's tree with a visible
change, built in the test's own folder; A is the session's build.

In every case the page works, or says clearly what to do, and the stored document stays
byte-identical."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from site_app.build import planner as build_planner

from conftest import (
    KEY,
    READY_TIMEOUT_MS,
    Browser,
    browser_on,
    open_planner,
    stored_text,
    wait_until,
)
from helpers import app, build_folder, raw
from pages_host import Host, pages_host

ROOT = Path(__file__).resolve().parents[2]
#: What build B's planner says that A's does not.
SAID_BY_A = "nothing is sent anywhere. "
SAID_BY_B = "nothing is sent anywhere, ever. "
#: Not copied into the tree B is built from (made, or linked to the originals).
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "node_modules", ".cache", ".tools",
                                    "__pycache__", "site", "*.egg-info", ".pytest_cache")


def build_b(work: Path) -> Path:
    """Today's tree with one visible change to the planner, built with mkdocs build --strict."""
    tree = work / "tree"
    shutil.copytree(ROOT, tree, ignore=NOT_COPIED, symlinks=True)
    for shared in (".venv", "node_modules", ".cache", ".tools"):
        if (ROOT / shared).exists():
            (tree / shared).symlink_to(ROOT / shared)
    main = tree / "site_app" / "js" / "main.js"
    text = main.read_text(encoding="utf-8")
    assert f'"Your data stays in this browser: {SAID_BY_A}"' in text
    main.write_text(text.replace(SAID_BY_A, SAID_BY_B, 1), encoding="utf-8")
    out = work / "b"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(out)],
        cwd=tree, capture_output=True, text=True, timeout=900, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": ""})
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def builds(site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    b = build_b(tmp_path_factory.mktemp("deploy"))
    assert build_folder(b).name != build_folder(site).name  # two builds, two folders
    return site, b


@pytest.fixture
def host() -> Iterator[tuple[Host, str]]:
    with pages_host() as served:
        yield served


@pytest.fixture
def user(playwright: Any, host: tuple[Host, str]) -> Iterator[Browser]:
    """One returning user: a browser profile of their own, closed and checked at the end."""
    with browser_on(playwright, host[1]) as browser:
        yield browser


DOCUMENT = json.dumps(raw(app()), indent=2)


def first_visit(user: Browser, url: str) -> Any:
    """The planner opened with the user's document, and its offline copy made."""
    page = open_planner(user.page(), url, wait_ready=False)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, DOCUMENT])
    page = open_planner(page, url)
    page.wait_for_selector("#fp-app[data-offline=ready]", timeout=60_000)
    return page


@contextmanager
def offline(user: Browser, server: Host) -> Iterator[None]:
    """No network: the browser says it is offline, and the host answers nothing (the
    browser's offline mode does not reach its service worker)."""
    user.context.set_offline(True)
    server.down = True
    try:
        yield
    finally:
        server.down = False
        user.context.set_offline(False)


def shows(page: Any, said: str) -> None:
    """The planner is ready, with the words of the build that says ``said``, and shows the
    user's one application (its first view comes a Python call after "ready")."""
    page.wait_for_selector("#fp-app[data-ready=true]", timeout=READY_TIMEOUT_MS)
    page.locator(".fp-privacy", has_text=said).wait_for(timeout=30_000)
    page.wait_for_selector("#fp-app[data-cached=false] .fp-card", timeout=READY_TIMEOUT_MS)
    assert page.locator(".fp-card").count() == 1


def copy_of(page: Any, site: Path, server: Host) -> None:
    """Waits until the offline copy in use is ``site``'s. When it does not come, the failure
    says what the browser holds (its copies, its service workers and their states) and the
    host's last answers: which file an install was stuck on, or whether it never started.

    A new worker that is whole and waiting while the old one stays active is waited for
    longer: Chromium activates it (although it called skipWaiting) only once the old worker
    has no event in flight, and gives such an event up after five minutes. Twice in a full
    run on a loaded machine the old worker held one for more than two minutes (the new copy
    whole, both kept); the copy then comes when the browser gives up on it."""
    worker = (site / "sw.js").read_text()
    name = build_planner.CACHE_PREFIX + worker.split('const VERSION = "', 1)[1].split('"')[0]
    only = """(name) => caches.keys().then((keys) => {
      const copies = keys.filter((k) => k.startsWith("followup-planner-site-"));
      return copies.length === 1 && copies[0] === name;
    })"""

    def held() -> dict[str, Any]:
        found: dict[str, Any] = page.evaluate("""async () => {
          const r = await navigator.serviceWorker.getRegistration();
          const w = (x) => (x ? x.state : null);
          return { copies: await caches.keys(), installing: r && w(r.installing),
                   waiting: r && w(r.waiting), active: r && w(r.active),
                   controlled: Boolean(navigator.serviceWorker.controller) };
        }""")
        return found

    try:
        wait_until(page, only, name, timeout_ms=120_000)
        return
    except AssertionError as exc:
        failure, state = exc, held()
    if state["waiting"] == "installed" and state["active"] == "activated":
        try:
            wait_until(page, only, name, timeout_ms=240_000)
            return
        except AssertionError as exc:
            failure, state = exc, held()
    raise AssertionError(f"{failure}\nwanted {name}; the browser holds {state}; "
                         f"the host's last answers: {server.log[-15:]}") from None


def test_a_return_after_the_cache_period_meets_the_new_version(user, host, builds):
    server, url = host
    a, b = builds
    server.stale = True  # every answer already expired: the browser asks again each time
    server.deploy(a)
    first_visit(user, url)
    user.close()
    server.deploy(b)
    user.open()
    page = open_planner(user.page(), url)
    shows(page, SAID_BY_B)
    copy_of(page, b, server)
    assert stored_text(page) == DOCUMENT


def test_a_reload_within_the_cache_period_meets_the_new_version_whole(user, host, builds):
    server, url = host
    a, b = builds
    server.deploy(a)
    page = first_visit(user, url)
    server.deploy(b)
    since = len(server.log)
    page.reload()
    shows(page, SAID_BY_B)
    # Nothing of A's folder was asked for: the new page names only its own files.
    older = f"/{build_folder(a).relative_to(a).as_posix()}/"
    assert not [path for path, _ in server.log[since:] if path.startswith(older)]
    assert stored_text(page) == DOCUMENT


def test_a_page_kept_longer_than_its_files_reloads_once_into_the_new_version(user, host,
                                                                           builds):
    """The browser still holds the older page but no longer its files (kept for less time, or
    evicted), with no offline copy to answer for them (cleared, or never made), and the host
    has only the new version's: the page reloads itself once."""
    server, url = host
    a, b = builds
    server.stale_files = lambda path: "/app/" in path
    server.deploy(a)
    page = first_visit(user, url)
    server.deploy(b)
    page.evaluate("() => caches.keys().then((ks) => Promise.all(ks.map((k) => caches.delete(k))))")
    pages: list[str] = []
    page.on("framenavigated", lambda f: pages.append(f.url) if f == page.main_frame else None)
    page.goto(url + "planner/")  # a normal visit: the older page, from the browser's cache
    shows(page, SAID_BY_B)
    assert len(pages) == 2  # the older page, then the one reload into the new version
    assert stored_text(page) == DOCUMENT
    user.errors[:] = [e for e in user.errors if "404" not in e]


def test_a_page_whose_files_are_gone_says_so_after_one_reload(user, host, builds, tmp_path):
    server, url = host
    a, _ = builds
    gutted = tmp_path / "gutted"
    shutil.copytree(a, gutted)
    shutil.rmtree(build_folder(gutted) / "app")  # a deploy with the page but not its code
    server.deploy(gutted)
    page = user.page()
    pages: list[str] = []
    page.on("framenavigated", lambda f: pages.append(f.url) if f == page.main_frame else None)
    page.goto(url + "planner/")
    page.locator("#fp-app .fp-alert", has_text="could not load its files").wait_for(
        timeout=30_000)
    assert len(pages) == 2  # one reload, then the sentence
    assert page.locator("#fp-app").get_attribute("data-boot") == "failed"
    user.errors[:] = [e for e in user.errors if "404" not in e]


@pytest.mark.parametrize(("later", "replaced"), [(False, True), (True, False), (True, True)],
                         ids=["within-10-minutes", "later", "later-new-copy"])
def test_a_tab_left_open_across_a_deploy_goes_on_or_says_to_reload(user, host, builds, later,
                                                                     replaced):
    server, url = host
    a, b = builds
    server.stale = later  # later: nothing the browser keeps is fresh any more
    server.deploy(a)
    page = first_visit(user, url)
    server.deploy(b)
    if replaced:  # another tab opened the site: the new version's copy replaced the old one
        other = user.context.new_page()
        other.goto(url + "thank-you/")
        copy_of(other, b, server)
        other.close()
    # Python is in memory: the tab goes on planning. The calendar's package, never loaded
    # yet, is still in the offline copy, or in the browser's cache within the cache period;
    # later, with the copy replaced, it is gone from the site, and the tab says why, in words.
    page.get_by_role("button", name="Add to calendar (.ics)").click()
    if not (later and replaced):
        page.locator("#fp-live", has_text="Calendar downloaded").wait_for(timeout=60_000)
    else:
        page.locator("#fp-live", has_text="A new version of the planner was published while "
                     "this page was open").wait_for(timeout=60_000)
    assert stored_text(page) == DOCUMENT
    page.reload()
    shows(page, SAID_BY_B)
    with page.expect_download() as info:
        page.get_by_role("button", name="Add to calendar (.ics)").click()
    assert b"BEGIN:VCALENDAR" in Path(info.value.path()).read_bytes()
    assert stored_text(page) == DOCUMENT
    user.errors[:] = [e for e in user.errors if "404" not in e]


def test_a_rollback_brings_the_older_version_back_with_the_data(user, host, builds):
    server, url = host
    a, b = builds
    server.deploy(b)
    page = first_visit(user, url)
    shows(page, SAID_BY_B)
    server.deploy(a)
    page.reload()
    shows(page, SAID_BY_A)
    copy_of(page, a, server)
    assert stored_text(page) == DOCUMENT


def test_a_return_visit_asks_the_server_only_for_what_its_name_does_not_fix(user, host, builds):
    """A file whose URL names its content (the build's folder, the runtime's version, the
    theme's hashed assets, the site's own stylesheet) comes from the offline copy at once: no
    round trip to ask whether it changed, which on a phone's connection costs more than the
    file. The page itself is asked for first, and the runtime's compiled code stays the
    browser's HTTP cache's."""
    server, url = host
    a, _ = builds
    server.stale = True  # every answer already expired: without the copy, each is asked again
    server.deploy(a)
    first_visit(user, url)
    user.close()
    user.open()
    server.log.clear()
    page = open_planner(user.page(), url)
    shows(page, SAID_BY_A)
    asked = [path for path, _ in server.log]
    assert "/planner/" in asked
    assert f"/{build_planner.runtime_dir()}/pyodide.asm.wasm" in asked
    named = [p for p in asked if f"/{build_folder(a).name}/" in p or p.startswith(
        ("/assets/stylesheets/", "/assets/javascripts/")) or (
        p.startswith(f"/{build_planner.runtime_dir()}/") and not p.endswith(".wasm"))]
    assert not named, named
    # Every stylesheet, which a first paint waits for, the site's own included.
    assert not [p for p in asked if p.endswith(".css")], asked
    assert stored_text(page) == DOCUMENT


def test_offline_after_an_upgrade_the_new_copy_answers(user, host, builds):
    server, url = host
    a, b = builds
    server.deploy(a)
    page = first_visit(user, url)
    server.deploy(b)
    page.reload()
    shows(page, SAID_BY_B)
    copy_of(page, b, server)
    with offline(user, server):
        page.reload()
        shows(page, SAID_BY_B)
    assert stored_text(page) == DOCUMENT


@pytest.mark.parametrize("damage", ["truncated", "missing"])
def test_a_damaged_deploy_says_so_keeps_the_old_copy_and_the_fixed_one_repairs(
        user, host, builds, tmp_path, damage):
    server, url = host
    a, b = builds
    broken = tmp_path / "broken"
    shutil.copytree(b, broken)
    wheel = next((build_folder(broken) / "wheels").glob("followup_planner-*.whl"))
    if damage == "truncated":
        wheel.write_bytes(wheel.read_bytes()[:1000])
    else:
        wheel.unlink()
    server.deploy(a)
    page = first_visit(user, url)
    server.deploy(broken)
    page.reload()
    alert = page.locator("#fp-alert")
    said = "is damaged" if damage == "truncated" else "is missing from the site"
    alert.get_by_text("The planner couldn't start").wait_for(timeout=READY_TIMEOUT_MS)
    assert said in alert.inner_text()
    assert "Check the connection" not in alert.inner_text()
    copy_of(page, a, server)  # the damaged deploy's copy was never used
    with offline(user, server):  # the copy in use still starts the planner
        page.reload()
        shows(page, SAID_BY_A)
    server.deploy(b)  # fixed: the same sw.js as the damaged deploy
    # The planner starts before the new copy is made (whose downloads refresh the browser's
    # HTTP cache): the damaged file the browser kept is still fresh there, and not used.
    server.hold = lambda path: path == "/sw.js"
    page.reload()
    shows(page, SAID_BY_B)
    server.released.set()
    server.hold = lambda path: False
    # The browser's own check, held meanwhile, may have given up: the page asks again.
    page.evaluate("""async () => {
      try { await (await navigator.serviceWorker.getRegistration()).update(); } catch {}
    }""")
    copy_of(page, b, server)
    assert stored_text(page) == DOCUMENT
    # Pyodide's own report of the damaged file, and the browser's of the missing one.
    user.errors[:] = [e for e in user.errors if not any(
        w in e for w in ("404", "ERR_", "integrity", "digest", "Failed to fetch",
                         "error occurred while loading"))]


def test_a_browser_closed_while_the_new_copy_downloads_keeps_the_old_one(user, host, builds):
    server, url = host
    a, b = builds
    server.stale = True  # nothing is fresh in the HTTP cache: offline, only the copy answers
    server.deploy(a)
    page = first_visit(user, url)
    server.hold = lambda path: path == "/checklist/"  # one page of the new copy never comes
    server.deploy(b)
    page.reload()
    shows(page, SAID_BY_B)
    wait_until(page, "() => navigator.serviceWorker.getRegistration()"
                     ".then((r) => Boolean(r && r.installing))", timeout_ms=30_000)
    user.close()  # in the middle of the new copy's download
    server.released.set()
    server.hold = lambda path: False
    user.open()
    page = user.page()
    with offline(user, server):  # the old copy is whole, and in use
        page.goto(url + "planner/")
        shows(page, SAID_BY_A)
    page.reload()
    shows(page, SAID_BY_B)
    copy_of(page, b, server)
    assert stored_text(page) == DOCUMENT


def test_a_package_loaded_when_asked_for_is_repaired_once_the_site_is(user, host, site,
                                                                        tmp_path):
    """The calendar's package, damaged in a deploy: the user reads so. The site fixed, the
    same button works without a reload, although the browser's HTTP cache still holds the
    damaged file for its cache period: it is asked for again past that cache."""
    server, url = host
    broken = tmp_path / "broken"
    shutil.copytree(site, broken)
    wheel = next((build_folder(broken) / "wheels").glob("icalendar-*.whl"))
    wheel.write_bytes(wheel.read_bytes()[:1000])
    server.deploy(broken)
    page = open_planner(user.page(), url, wait_ready=False)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, DOCUMENT])
    page = open_planner(page, url)
    calendar = page.get_by_role("button", name="Add to calendar (.ics)")
    calendar.click()
    live = page.locator("#fp-live")
    live.get_by_text(f"A file of the planner is damaged on the site ({wheel.name})").wait_for(
        timeout=READY_TIMEOUT_MS)
    server.deploy(site)
    with page.expect_download(timeout=READY_TIMEOUT_MS) as download:
        calendar.click()
    assert download.value.suggested_filename.endswith(".ics")
    assert stored_text(page) == DOCUMENT
    # Pyodide's own report of the damaged file.
    user.errors[:] = [e for e in user.errors if not any(
        w in e for w in ("integrity", "digest", "Failed to fetch", "error occurred while loading"))]
