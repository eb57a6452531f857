"""The planner as an installable app, and data that survives the browser: what Chromium itself
says through the DevTools protocol (installability, the manifest it parsed), the storage the
page asks it to keep, the backup reminder's date, and the ways a backup leaves the device."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from conftest import KEY, open_planner

LAST_BACKUP_KEY = "followup-planner.last-backup"
HOUR = timedelta(hours=1)

#: Counts the page's calls of navigator.storage.persist() while calling the real one, whose
#: answer the browser gives as always. Installed before any script of the page runs.
# The page asks in the store's "saved" event, which comes before the change's announcement:
# its first step, `persisted()`, is called there synchronously. So once the announcement
# shows, `__storageAsks` already counts any ask that change made, with no time to wait.
RECORD_PERSIST = """
(() => {
  const proto = StorageManager.prototype;
  const real = proto.persist;
  const realPersisted = proto.persisted;
  window.__persistCalls = [];
  window.__storageAsks = 0;
  proto.persisted = function () {
    window.__storageAsks += 1;
    return realPersisted.call(this);
  };
  proto.persist = function () {
    const answer = real.call(this);
    answer.then((granted) => window.__persistCalls.push(granted));
    return answer;
  };
})();
"""


def installability(browser: Any, page: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Chromium's own verdict on the page: its installability errors, and the manifest it
    found (its URL, its parse errors and what it parsed)."""
    cdp = browser.context.new_cdp_session(page)
    try:
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        manifest = cdp.send("Page.getAppManifest")
    finally:
        cdp.detach()
    return errors, manifest


def test_chromium_finds_every_kind_of_page_installable_with_a_valid_manifest(browser, base_url):
    page = browser.page()
    for path in ("", "how-long-to-wait/", "planner/"):
        if path == "planner/":
            open_planner(page, base_url)
        else:
            page.goto(base_url + path)
        errors, manifest = installability(browser, page)
        assert errors == [], f"{path or 'home'}: {errors}"
        assert manifest["url"] == base_url + "manifest.webmanifest"
        assert manifest["errors"] == [], manifest["errors"]
        parsed = json.loads(manifest["data"])
        # the relative URLs as the browser resolves them: the app opens on the planner, and
        # the whole site (the guides too) is inside the app
        assert urljoin(manifest["url"], parsed["start_url"]) == base_url + "planner/"
        assert urljoin(manifest["url"], parsed["scope"]) == base_url
        assert parsed["display"] == "standalone"
    # every icon the manifest names is served as the image it says it is
    for icon in parsed["icons"]:
        response = page.request.get(urljoin(manifest["url"], icon["src"]))
        assert response.ok, icon["src"]
        width, height = map(int, icon["sizes"].split("x"))
        body = response.body()
        assert body[:8] == b"\x89PNG\r\n\x1a\n"
        assert (int.from_bytes(body[16:20]), int.from_bytes(body[20:24])) == (width, height)
    assert {i.get("purpose") for i in parsed["icons"]} >= {"any", "maskable"}


def test_a_manifest_chromium_cannot_use_is_reported(browser, base_url):
    """The check above can fail: the same site with a manifest stripped of its icons is not
    installable, and Chromium says why."""
    page = browser.page()
    good = page.request.get(base_url + "manifest.webmanifest").json()
    stripped = {k: v for k, v in good.items() if k != "icons"}
    page.route(base_url + "manifest.webmanifest", lambda route: route.fulfill(
        status=200, content_type="application/manifest+json", body=json.dumps(stripped)))
    page.goto(base_url + "how-long-to-wait/")
    errors, _ = installability(browser, page)
    assert any("icon" in e["errorId"] for e in errors), errors


def test_the_installed_app_opens_on_the_planner_reaches_the_guides_and_starts_offline(
        browser, base_url):
    page = browser.page()
    page.goto(base_url)
    _, manifest = installability(browser, page)
    start = urljoin(manifest["url"], json.loads(manifest["data"])["start_url"])
    page.goto(start)
    page.wait_for_selector("#fp-app[data-ready=true]", timeout=120_000)
    page.wait_for_selector("#fp-app[data-offline=ready]", timeout=60_000)
    # the offline copy holds what installing and starting the app need
    kept = page.evaluate("""async () => {
        const at = new URL("../manifest.webmanifest", location.href);
        const manifest = await caches.match(at);
        const icons = (await manifest.clone().json()).icons;
        const found = await Promise.all(icons.map((i) => caches.match(new URL(i.src, at))));
        return [manifest.ok, found.length, found.every((r) => r && r.ok)];
    }""")
    assert kept == [True, 3, True]
    browser.context.set_offline(True)
    try:
        page.goto(start)
        page.wait_for_selector("#fp-app[data-ready=true]", timeout=120_000)
        # the guides stay one tap away, inside the app's scope
        page.locator('nav a[href="../how-long-to-wait/"]').first.dispatch_event("click")
        page.wait_for_url(base_url + "how-long-to-wait/")
        page.get_by_role("heading", level=1).wait_for()
        assert page.url == base_url + "how-long-to-wait/"
    finally:
        browser.context.set_offline(False)


def persist_calls(page: Any) -> list[bool]:
    return page.evaluate("window.__persistCalls")


def test_the_browser_is_asked_to_keep_the_data_after_the_first_real_change_only(
        browser, base_url):
    browser.context.add_init_script(RECORD_PERSIST)
    page = open_planner(browser.page(), base_url)
    assert persist_calls(page) == []
    # sample data is not the user's own: nothing is asked
    page.get_by_role("button", name="Explore with sample data").click()
    page.locator("#fp-live", has_text="Added three sample applications").wait_for()
    assert page.evaluate("window.__storageAsks") == 0
    assert persist_calls(page) == []
    assert page.get_attribute("#fp-app", "data-storage-kept") is None
    # the first interview of their own: asked once, and the page notes the real answer
    page.get_by_role("button", name="Add an interview").click()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_label("Company").fill("Acme Corp")
    dialog.get_by_label("When the interview ended").fill(browser.local_input(-HOUR))
    dialog.get_by_role("button", name="Add", exact=True).click()
    page.locator("#fp-live", has_text="Added Acme Corp").wait_for()
    page.wait_for_selector("#fp-app[data-storage-kept]")
    calls = persist_calls(page)
    assert len(calls) == 1
    assert page.evaluate("window.__storageAsks") == 1
    kept = page.evaluate("navigator.storage.persisted()")  # the test's own look: one more
    assert kept is calls[0]
    assert page.get_attribute("#fp-app", "data-storage-kept") == ("yes" if kept else "no")
    # not again on the next change of the same visit
    page.get_by_role("button", name="Remove sample data").click()
    page.locator("#fp-live", has_text="Removed the sample data").wait_for()
    assert page.evaluate("window.__storageAsks") == 2
    assert len(persist_calls(page)) == 1


def toggle_sample(page: Any, times: int) -> None:
    """``times`` changes that leave nothing behind: the sample data in, out, in…"""
    for _ in range(times):
        if page.get_by_role("button", name="Remove sample data").count():
            page.get_by_role("button", name="Remove sample data").click()
            page.locator("#fp-live", has_text="Removed the sample data").wait_for()
        else:
            page.get_by_role("button", name="Explore with sample data").click()
            page.locator("#fp-live", has_text="Added three sample applications").wait_for()


def test_the_backup_reminder_names_the_date_of_the_last_backup(browser, base_url, tmp_path):
    page = open_planner(browser.page(), base_url)
    toggle_sample(page, 5)  # every fifth change: the reminder
    reminder = page.locator("#fp-live", has_text="Tip: download a backup now and then")
    reminder.wait_for()
    assert "You haven't made a backup in this browser yet." in reminder.inner_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="Back up", exact=True).click()
    # the page's clock: Wednesday 18 November 2026, New York
    assert info.value.suggested_filename == "followup-planner-backup-2026-11-18.json"
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert json.loads(path.read_text()) == json.loads(page.evaluate(
        f"localStorage.getItem({KEY!r})"))
    kept = page.evaluate(f"localStorage.getItem({LAST_BACKUP_KEY!r})")
    assert kept.startswith("2026-11-18T15:")  # 10 am in New York, as UTC
    toggle_sample(page, 5)
    reminder.wait_for()
    assert "Your last backup was on Wednesday, November 18." in reminder.inner_text()


def test_sharing_a_backup_is_offered_exactly_where_the_browser_can_share_files(
        browser, base_url):
    page = open_planner(browser.page(), base_url)
    can = page.evaluate("""() => typeof navigator.share === "function"
        && typeof navigator.canShare === "function"
        && navigator.canShare({files: [new File(["{}"], "b.txt", {type: "text/plain"})]})""")
    toolbar = page.locator("#fp-data")
    assert toolbar.get_by_role("button", name="Back up", exact=True).is_visible()
    assert toolbar.get_by_role("button", name="Share a backup…").count() == (1 if can else 0)


def test_a_backup_saved_as_text_from_the_share_sheet_restores(browser, base_url, tmp_path):
    """What the share sheet saves is named .txt; Restore offers and reads it."""
    page = open_planner(browser.page(), base_url)
    toggle_sample(page, 1)
    text = page.evaluate(f"localStorage.getItem({KEY!r})")
    toggle_sample(page, 1)
    shared = Path(tmp_path) / "followup-planner-backup-2026-11-18.txt"
    shared.write_text(text)
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Restore…").click()
    assert ".txt" in chooser.value.element.get_attribute("accept")
    chooser.value.set_files(str(shared))
    dialog = page.locator("#fp-dialog")
    dialog.get_by_role("heading", name="Restore this backup?").wait_for()
    assert "3 application(s)" in dialog.inner_text()
    dialog.get_by_role("button", name="Replace with the backup").click()
    page.locator("#fp-live", has_text="Backup restored").wait_for()
    assert page.evaluate(f"localStorage.getItem({KEY!r})") == text
