"""The offline copy (sw.js) is replaced only whole and verified: a deploy with a damaged or a
missing file keeps the copy in use, and the fixed deploy replaces it. The site is served from
a folder of the test's own, deployed into as a host would."""

from __future__ import annotations

import contextlib
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from site_app.build import planner as build_planner

from conftest import READY_TIMEOUT_MS, Browser, browser_on, open_planner, wait_until
from helpers import build_folder
from static_server import serve

#: Every cache the page or its service worker keeps, by name.
CACHES = "caches.keys()"

#: Runs one update check of the service worker, and records what became of the new version
#: ("redundant": it failed; "activated": it replaced the old one). The browser makes checks of
#: its own, after a navigation: a version it began installing before this one was asked for is
#: the one watched, since this check then joins it rather than starting another.
UPDATE = """async () => {
  window.__installs = [];
  const r = await navigator.serviceWorker.getRegistration();
  const watched = new Set();
  const watch = (w) => {
    if (!w || watched.has(w)) return;
    watched.add(w);
    w.addEventListener("statechange", () => window.__installs.push(w.state));
  };
  r.addEventListener("updatefound", () => watch(r.installing));
  watch(r.installing);
  await r.update();
  watch(r.installing);
}"""

#: The name of the copy in use once no version is installing or waiting, else null.
SETTLED = """async (prefix) => {
  const r = await navigator.serviceWorker.getRegistration();
  if (r.installing || r.waiting || !r.active || r.active.state !== "activated") return null;
  const names = (await caches.keys()).filter((n) => n.startsWith(prefix));
  return names.length === 1 ? names[0] : null;
}"""


@pytest.fixture
def deployed(site: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the built site, served: (its folder, its URL)."""
    root = tmp_path / "host"
    shutil.copytree(site, root)
    with serve(root) as url:
        yield root, url


@pytest.fixture
def visitor(playwright: Any, deployed: tuple[Path, str]) -> Iterator[Browser]:
    with browser_on(playwright, deployed[1]) as browser:
        yield browser


def copy_names(page: Any) -> list[str]:
    names: list[str] = page.evaluate(CACHES)
    return sorted(n for n in names if n.startswith(build_planner.CACHE_PREFIX))


def deploy_a_new_version(root: Path) -> str:
    """The next version of the site, as its build made it: a guide changed, and sw.js made
    again; answers the new copy's cache name."""
    page = root / "privacy" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " (new)</h1>", 1),
                    encoding="utf-8")
    worker = build_planner.service_worker(root)
    (root / "sw.js").write_bytes(worker)
    version = worker.decode().split('const VERSION = "', 1)[1].split('"', 1)[0]
    return build_planner.CACHE_PREFIX + version


def update(page: Any) -> str:
    """One update check; what became of the new version."""
    page.evaluate(UPDATE)
    return wait_until(page, "() => window.__installs.find((s) => s === 'redundant' "
                            "|| s === 'activated')", timeout_ms=120_000)


@pytest.mark.parametrize("damage", ["truncated", "missing"])
def test_a_damaged_deploy_keeps_the_copy_in_use_and_the_fixed_one_replaces_it(
        visitor: Browser, deployed: tuple[Path, str], damage: str) -> None:
    root, url = deployed
    page = open_planner(visitor.page(), url)
    page.wait_for_selector("#fp-app[data-offline=ready]", timeout=60_000)
    # The memory snapshot is made (by a worker that loads the wheels) before they are damaged.
    page.wait_for_selector("#fp-app[data-snapshot=kept]", timeout=READY_TIMEOUT_MS)
    first = copy_names(page)
    assert len(first) == 1
    wheel = next((build_folder(root) / "wheels").glob("followup_planner-*.whl"))
    intact = wheel.read_bytes()

    new = deploy_a_new_version(root)
    if damage == "truncated":
        wheel.write_bytes(intact[: len(intact) // 2])
    else:
        wheel.unlink()
    assert update(page) == "redundant"
    assert copy_names(page) == first  # the copy in use stays; nothing half-made is left
    # Offline, the planner still starts from the copy in use.
    visitor.context.set_offline(True)
    try:
        page.reload()
        page.wait_for_selector("#fp-app[data-ready=true]", timeout=READY_TIMEOUT_MS)
        # The deploy, fixed (the same sw.js as the damaged one), before the device is back:
        # the browser checks for an update of its own after the reload, and whichever check
        # comes first, it can meet only the fixed deploy.
        wheel.write_bytes(intact)
    finally:
        visitor.context.set_offline(False)

    page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
    assert wait_until(page, SETTLED, build_planner.CACHE_PREFIX, timeout_ms=120_000) == new
    assert copy_names(page) == [new]
    kept = page.evaluate("""async (name) => {
      const cache = await caches.open(name);
      return (await cache.keys()).map((r) => r.url).filter((u) => u.endsWith('.whl'));
    }""", new)
    assert any(u.endswith(wheel.name) for u in kept)


def test_a_page_whose_server_does_not_answer_opens_from_the_copy(
        playwright: Any, site: Path, tmp_path: Path) -> None:
    """The device says it is online, but the site's server takes the connection and never
    answers: pages come from the copy after a short wait, not a blank page after minutes."""
    root = tmp_path / "host"
    shutil.copytree(site, root)
    profile = Path(tempfile.mkdtemp(prefix="fp-profile-"))
    with serve(root) as url:
        browser = Browser(playwright, url, profile)
        browser.open()
        page = open_planner(browser.page(), url)
        page.wait_for_selector("#fp-app[data-offline=ready]", timeout=60_000)
        browser.close()
    port = int(url.rsplit(":", 1)[1].strip("/"))
    silent = socket.create_server(("127.0.0.1", port))  # takes connections, answers nothing
    taken: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        silent.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                taken.append(silent.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        browser.open()
        page = browser.page()
        page.goto(url + "planner/", timeout=30_000)  # the copy answers within seconds
        page.wait_for_selector("#fp-app[data-ready=true]", timeout=READY_TIMEOUT_MS)
        assert taken  # the page was asked of the server first
        page.goto(url + "privacy/", timeout=30_000)
        assert page.get_by_role("heading", level=1).inner_text()
        browser.close()
    finally:
        stop.set()
        thread.join()
        for conn in taken:
            conn.close()
        silent.close()
        shutil.rmtree(profile, ignore_errors=True)
    browser.errors[:] = [e for e in browser.errors if "ERR_" not in e]
    browser.check()
