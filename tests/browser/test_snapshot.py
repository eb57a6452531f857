"""A return visit starts Python from a memory snapshot kept in the browser, and plans exactly as
a normal boot does; a damaged, foreign or stuck snapshot is never used: the page boots normally
and the user sees no difference but the time it takes."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from site_app.build import planner as build_planner

from conftest import READY_TIMEOUT_MS, Browser, open_planner, open_with_stored, shows

pytestmark = pytest.mark.browser

ZONE = "America/New_York"
#: The Friday after Thanksgiving (Thu 26 Nov), the first day of the first follow-up's window:
#: without the holiday table, the window would have opened on the Thursday.
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo(ZONE))
DOCUMENT: dict[str, Any] = {
    "format": "followup-planner", "version": 1,
    "settings": {"timezone": ZONE, "country": "US", "candidate": {"name": "Sam Rivera"}},
    "applications": [{
        "id": "acme", "company": "Acme", "role": "Data Analyst",
        "contacts": [{"id": "dana", "name": "Dana Lee", "email": "dana@acme.example"}],
        "interviews": [{"id": "r1", "ends_at": "2026-11-18T15:00:00-05:00", "with": ["dana"]}],
        "events": [{"at": "2026-11-19T09:00:00-05:00", "type": "thank_you", "contact": "dana",
                    "channel": "email"}],
    }, {
        "id": "globex", "company": "Globex", "role": "Analyst",
        "contacts": [{"id": "kim", "name": "Kim Park", "email": "kim@globex.example"}],
        "interviews": [{"id": "r1", "ends_at": "2026-11-26T16:00:00-05:00", "with": ["kim"]}],
        "events": [],
    }],
}
#: The kept snapshot's file in the site's private file system (site_app/snapshot.mjs: one
#: file, named by the site's address): its handle, its description and its bytes.
KEPT = """async () => {
  const dir = await navigator.storage.getDirectory();
  const files = [];
  for await (const [name, handle] of dir.entries()) {
    // (not a copy being written: the browser writes a whole file beside it, then moves it)
    if (name.startsWith("planner-snapshot ") && !name.endsWith(".crswap")) files.push(handle);
  }
  if (files.length !== 1) return null;
  const all = new Uint8Array(await (await files[0].getFile()).arrayBuffer());
  const length = new DataView(all.buffer).getUint32(0, true);
  const meta = JSON.parse(new TextDecoder().decode(all.subarray(4, 4 + length)));
  return { handle: files[0], length, meta, body: all.subarray(4 + length) };
}"""
READ = """async () => {
  const kept = await (__KEPT__)();
  return kept && { name: kept.handle.name, meta: kept.meta, stored: kept.body.length };
}""".replace("__KEPT__", KEPT)
#: Rewrites the kept snapshot: `how` is "flip" (one byte of it), "short" (its last page cut
#: off), "random" (random bytes, described with their true length and sha256),
#: "canary" (the true snapshot, described with another canary) or "other-build".
DAMAGE = """async (how) => {
  const { handle, meta, body: kept } = await (__KEPT__)();
  let body = kept.slice();
  const hex = async (b) => Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", b)),
                                      (x) => x.toString(16).padStart(2, "0")).join("");
  if (how === "flip") {
    body[body.length >> 1] ^= 0xff;
  } else if (how === "short") {
    body = body.subarray(0, body.length - 4096);
  } else if (how === "random") {
    const bytes = new Uint8Array(meta.length);
    for (let i = 0; i < bytes.length; i += 65536) {
      crypto.getRandomValues(bytes.subarray(i, i + 65536));
    }
    meta.sha256 = await hex(bytes);
    body = bytes;
  } else if (how === "canary") {
    meta.canary = "0".repeat(64);
  } else if (how === "other-build") {
    meta.lock = "f".repeat(64);
  }
  const description = new TextEncoder().encode(JSON.stringify(meta));
  const size = new Uint8Array(4);
  new DataView(size.buffer).setUint32(0, description.length, true);
  const writable = await handle.createWritable();
  await writable.write(new Blob([size, description, body]));
  await writable.close();
}""".replace("__KEPT__", KEPT)


def started(page: Any) -> str:
    """How Python started: "boot", "snapshot", or "fallback: why the snapshot was not used"."""
    root = page.locator("#fp-app")
    how = root.get_attribute("data-python")
    return f"{how}: {root.get_attribute('data-python-why')}" if how == "fallback" else how


def plan_of(page: Any) -> list[str]:
    return page.locator(".fp-agenda .fp-row").all_inner_texts()


def first_visit(browser: Browser, base_url: str) -> tuple[Any, list[str]]:
    """Opens the planner on the document, and waits until it has kept its snapshot."""
    page = open_with_stored(browser.page(), base_url, DOCUMENT)
    assert started(page) == "boot"
    page.wait_for_selector("#fp-app[data-snapshot=kept]", timeout=READY_TIMEOUT_MS)
    kept = page.evaluate(READ)
    assert kept is not None
    assert kept["meta"]["length"] >= 30 * 2**20  # Python's whole heap
    assert kept["stored"] == kept["meta"]["length"]
    return page, plan_of(page)


def return_visit(browser: Browser, base_url: str) -> Any:
    browser.close()
    browser.open()
    return open_planner(browser.page(), base_url)


def test_a_return_visit_restores_python_and_plans_drafts_and_exports_the_same(
        browser_at, base_url, tmp_path: Path):
    browser = browser_at(NOW, timezone=ZONE)
    page, plan = first_visit(browser, base_url)
    page = return_visit(browser, base_url)
    assert started(page) == "snapshot"
    assert plan_of(page) == plan
    # Thanksgiving (Thu 26 Nov) still moves the first follow-up: the holiday table came back.
    window = page.locator(".fp-row.fp-kind-follow_up").first.locator(".fp-window").inner_text()
    assert shows(window, datetime(2026, 11, 27, 9, tzinfo=ZoneInfo(ZONE)), month=False), window
    # Jinja2's templates are files, which a snapshot does not hold: they were put back.
    page.locator(".fp-row.fp-kind-follow_up").first.get_by_role(
        "button", name="Draft follow-up").click()
    dialog = page.locator("#fp-dialog")
    assert "Dana" in dialog.locator("#fp-draft-body").input_value()
    dialog.get_by_role("button", name="Close").click()
    # A package loaded on demand after a restore: the calendar.
    with page.expect_download() as info:
        page.get_by_role("button", name="Add to calendar (.ics)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    events = list(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert any("Acme" in str(e["summary"]) for e in events)
    # Recording still works, and is saved.
    page.locator(".fp-row.fp-kind-thank_you").get_by_role("button", name="Mark as sent").click()
    page.wait_for_selector('#fp-live:has-text("Recorded")')
    stored = json.loads(page.evaluate("localStorage.getItem('followup-planner')"))
    assert [e["type"] for e in stored["applications"][1]["events"]] == ["thank_you"]
    assert page.locator(".fp-row.fp-kind-thank_you").count() == 0
    # The snapshot holds nothing of the user's: it was made before their first call.
    assert page.evaluate(READ)["meta"]["canary"]


#: Whether the kept snapshot's bytes hold a text (as UTF-8, the way CPython keeps an ASCII str).
HOLDS = """async (text) => {
  const { body } = await (__KEPT__)();
  const needle = new TextEncoder().encode(text);
  outer: for (let i = 0; i + needle.length <= body.length; i++) {
    for (let j = 0; j < needle.length; j++) if (body[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}""".replace("__KEPT__", KEPT)


def test_the_snapshot_never_holds_the_users_data(browser_at, base_url):
    """The user plans and drafts on the first visit before the snapshot is made: the snapshot
    still holds none of it (it is made by a worker that never receives a call)."""
    marker = "Quillfeather Orbital"
    document = json.loads(json.dumps(DOCUMENT))
    document["applications"][0]["company"] = marker
    browser = browser_at(NOW, timezone=ZONE)
    page = open_with_stored(browser.page(), base_url, document)
    assert page.locator("#fp-app").get_attribute("data-snapshot") is None  # not made yet
    page.locator(".fp-row.fp-kind-follow_up").first.get_by_role(
        "button", name="Draft follow-up").click()
    assert marker in page.locator("#fp-draft-body").input_value()
    page.locator("#fp-dialog").get_by_role("button", name="Close").click()
    page.wait_for_selector("#fp-app[data-snapshot=kept]", timeout=READY_TIMEOUT_MS)
    assert page.evaluate(HOLDS, "Sam Rivera") is False  # the user's own name
    assert page.evaluate(HOLDS, marker) is False
    # The search finds what is there: the built-in sample's company (a constant of the code).
    assert page.evaluate(HOLDS, "Northwind Traders (sample)") is True


@pytest.mark.parametrize("how", ["flip", "short", "random", "canary"])
def test_a_damaged_snapshot_falls_back_to_a_normal_boot_and_is_made_again(
        how, browser_at, base_url):
    browser = browser_at(NOW, timezone=ZONE)
    page, plan = first_visit(browser, base_url)
    page.evaluate(DAMAGE, how)
    page = return_visit(browser, base_url)
    assert started(page).startswith("fallback: ")
    assert plan_of(page) == plan
    # The damaged one was dropped; this boot made a good one, which the next visit uses.
    page.wait_for_selector("#fp-app[data-snapshot=kept]", timeout=READY_TIMEOUT_MS)
    page = return_visit(browser, base_url)
    assert started(page) == "snapshot"
    assert plan_of(page) == plan


def test_a_snapshot_of_another_build_is_never_restored(browser_at, base_url):
    browser = browser_at(NOW, timezone=ZONE)
    page, plan = first_visit(browser, base_url)
    page.evaluate(DAMAGE, "other-build")
    page = return_visit(browser, base_url)
    assert started(page) == "boot"
    assert plan_of(page) == plan


def test_a_restore_that_hangs_is_given_up_for_a_normal_boot(browser_at, base_url):
    browser = browser_at(NOW, timezone=ZONE)
    page, _ = first_visit(browser, base_url)
    # Without the offline copy (which answers for the wheel without the network).
    page.evaluate("""(prefix) => caches.keys().then((keys) => Promise.all(
      keys.filter((k) => k.startsWith(prefix)).map((k) => caches.delete(k))))""",
                  build_planner.CACHE_PREFIX)
    browser.close()
    browser.open()
    # The restore's first request for our wheel never gets an answer; later ones do.
    held: list[Any] = []

    def hold_once(route: Any) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    browser.context.route("**/wheels/followup_planner-*.whl", hold_once)
    page = open_planner(browser.page(), base_url)
    assert held, "the restore never asked for the wheel"
    assert started(page) == "boot"  # by the worker started without the snapshot
    assert "Dana Lee" in " ".join(plan_of(page))
    # Snapshots stay off for this build: the next visit boots normally, without waiting.
    kept = page.evaluate(READ)
    assert kept is not None
    assert kept["meta"].get("off") is True
    page = return_visit(browser, base_url)
    assert started(page) == "boot"


def test_two_tabs_opened_together_both_restore_the_snapshot(browser_at, base_url):
    """Two tabs of a return visit, opened together: each restores the snapshot, and it is
    still kept after (a tab's read neither drops it nor keeps the other from it)."""
    browser = browser_at(NOW, timezone=ZONE)
    _, plan = first_visit(browser, base_url)
    browser.close()
    browser.open()
    pages = [browser.context.new_page() for _ in range(2)]
    for page in pages:
        page.goto(base_url + "planner/")
    for page in pages:
        page.wait_for_selector("#fp-app[data-ready=true]", timeout=READY_TIMEOUT_MS)
        page.wait_for_selector("#fp-main > *", timeout=30_000)
        assert started(page) == "snapshot"
        assert plan_of(page) == plan
    assert pages[0].evaluate(READ) is not None  # still kept


def test_a_snapshot_kept_the_old_way_is_deleted_once_a_new_one_is_kept(browser_at, base_url):
    """Versions before kept theirs in Cache Storage (30 MiB): the first snapshot this
    version keeps deletes it."""
    browser = browser_at(NOW, timezone=ZONE)
    page = open_with_stored(browser.page(), base_url, DOCUMENT, wait_ready=False)
    page.evaluate("""() => caches.open("planner-snapshot").then((cache) => cache.put(
      new URL("snapshot", location.href).href,
      new Response(new Uint8Array(1024), { headers: { "X-Snapshot": "{}" } })))""")
    assert page.evaluate("() => caches.has('planner-snapshot')") is True
    page.wait_for_selector("#fp-app[data-snapshot=kept]", timeout=READY_TIMEOUT_MS)
    assert page.evaluate("() => caches.has('planner-snapshot')") is False
    assert page.evaluate(READ) is not None
