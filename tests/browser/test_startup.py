"""How the planner starts: the worker asks for the runtime's compiled code before anything
else (download and compile take most of a first visit), and asks for it once; and the page
does not move while it starts, on a first visit or a return with a saved plan."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from site_app.build import planner as build_planner

from conftest import (
    READY_TIMEOUT_MS,
    SHIFT_SO_FAR,
    SHIFTS,
    Browser,
    browser_on,
    open_planner,
    open_with_stored,
    stored_text,
)
from helpers import app, build_folder, raw
from pages_host import pages_host


def test_the_runtime_is_asked_for_before_the_workers_modules_and_downloaded_once(
        playwright: Any, site: Path) -> None:
    wasm = f"/{build_planner.runtime_dir()}/pyodide.asm.wasm"
    with pages_host() as (server, url), browser_on(playwright, url) as user:
        server.deploy(site)
        # Answered as already expired: a second request could not be answered by the cache.
        server.stale_files = lambda path: path == wasm
        # The worker's own modules and Pyodide's script never come until the runtime is asked for.
        asked = threading.Event()

        def hold(path: str) -> bool:
            if path == wasm:
                asked.set()
            return path.endswith(("/app/snapshot.mjs", "/app/packages.mjs", "/pyodide.mjs"))

        server.hold = hold
        open_planner(user.page(), url, wait_ready=False)
        assert asked.wait(timeout=60), f"the runtime was not asked for: {server.log}"
        server.released.set()
        user.page().wait_for_selector("#fp-app[data-ready=true]", timeout=READY_TIMEOUT_MS)
        # Downloaded once: Pyodide is handed the module compiled from that answer (the worker
        # that makes the memory snapshot, started once the page is idle, may ask again: a 304).
        assert [status for path, status in server.log if path == wasm].count(200) == 1


@pytest.mark.parametrize("width", [412, 1280])
def test_the_page_does_not_move_while_the_planner_starts(browser: Browser, base_url: str,
                                                         width: int) -> None:
    """What the planner shows grows when Python is ready (from "Loading the planner…" to the
    whole first view); the guide's paragraphs after it were pushed down the screen (a layout
    shift of 0.53 at 412 px). The target is 0.02 at most."""
    browser.context.add_init_script(script=SHIFTS)
    page = browser.page()
    page.set_viewport_size({"width": width, "height": 823})
    open_planner(page, base_url)  # a first visit
    assert page.evaluate(SHIFT_SO_FAR) <= 0.02
    # A return visit: the saved plan painted first, then the computed one.
    open_with_stored(page, base_url, raw(app(), app(id="b", company="Initech")))
    page.reload()
    page.wait_for_selector("#fp-app[data-ready=true][data-cached=false] #fp-main > *",
                           state="attached", timeout=READY_TIMEOUT_MS)
    assert page.locator(".fp-card").count() == 2
    assert page.evaluate(SHIFT_SO_FAR) <= 0.02


def test_a_start_needs_only_the_first_part_of_the_standard_library(
        playwright: Any, site: Path, tmp_path: Path) -> None:
    """The modules a start never imports are in a second zip, asked for only when Python
    needs one of them; the calendar (a package loaded when first asked for) still works."""
    runtime = f"/{build_planner.runtime_dir()}/"
    with pages_host() as (server, url), browser_on(playwright, url) as user:
        server.deploy(site)
        # The rest never comes (the offline copy's download of it waits too): the planner
        # starts, and computes the plan, without it.
        server.hold = lambda path: path.endswith("-rest.zip")
        page = open_with_stored(user.page(), url, raw(app()))
        assert page.locator(".fp-card").count() == 1
        asked = {path.removeprefix(runtime) for path, _ in server.log if path.startswith(runtime)}
        assert any(p.startswith("python_stdlib-") and not p.endswith("-rest.zip") for p in asked)
        # A spreadsheet is read without it too (its codec is looked up by name, not imported).
        sheet = tmp_path / "sheet.csv"
        sheet.write_text("\ufeffcompanyName,title,createdAt\nGlobex,Engineer,2026-10-20\n",
                         encoding="utf-8")
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name="Import a spreadsheet…").click()
        chooser.value.set_files(str(sheet))
        dialog = page.locator("#fp-dialog")
        dialog.locator("#fp-dialog-title").wait_for()
        assert "Globex" in dialog.inner_text(), dialog.inner_text()
        dialog.get_by_role("button", name="Cancel").click()
        server.released.set()
        with page.expect_download() as info:
            page.get_by_role("button", name="Add to calendar (.ics)").click()
        assert b"BEGIN:VCALENDAR" in Path(info.value.path()).read_bytes()


@pytest.mark.parametrize(("damage", "said"), [
    # the build's own files gone with it: a deploy replaced them
    ("published", "A new version of the planner was published while this page was open."),
    ("gone", "A file of the planner is missing from the site (python_stdlib-"),
    ("damaged", "A file of the planner is damaged on the site (python_stdlib-"),
])
def test_a_rest_of_the_standard_library_that_cannot_be_had_is_told_plainly(
        playwright: Any, site: Path, tmp_path: Path, damage: str, said: str) -> None:
    """The calendar needs a module of the second zip. Gone from the site with this build's
    other files (a deploy replaced them), gone alone, or damaged there: the user reads why,
    and their data stays as it was."""
    served = tmp_path / "site"
    shutil.copytree(site, served)
    [rest] = (served / build_planner.runtime_dir()).glob("python_stdlib-*-rest.zip")
    if damage in ("gone", "published"):
        rest.unlink()
    else:
        rest.write_bytes(rest.read_bytes()[:-100])
    with pages_host() as (server, url), browser_on(playwright, url) as user:
        server.deploy(served)
        server.hold = lambda path: path == "/sw.js"  # no offline copy: the site answers
        try:
            page = open_with_stored(user.page(), url, raw(app()))
            before = stored_text(page)
            if damage == "published":
                (build_folder(served) / "wheels" / "pyodide-lock.json").unlink()
            page.get_by_role("button", name="Add to calendar (.ics)").click()
            page.locator("#fp-live").get_by_text(said).wait_for(timeout=READY_TIMEOUT_MS)
            assert "Traceback" not in page.locator("#fp-alert").inner_text()
            assert stored_text(page) == before
        finally:
            server.released.set()
        asked = [status for path, status in server.log if path.endswith(rest.name)]
        # Damaged: asked for once more, past the browser's cache (which would answer alone).
        assert asked == ([200, 200] if damage == "damaged" else [404]), asked
