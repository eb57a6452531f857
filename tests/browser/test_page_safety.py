"""Nothing lost, nothing crashes: hostile stored data and backups, a way back after a
restore or a fresh start, unknown fields kept to the digit, and a planner framed by
another page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import (
    KEY,
    READY_TIMEOUT_MS,
    open_with_stored,
    stored,
    stored_text,
    watch_workers,
)
from helpers import app, raw

pytestmark = pytest.mark.browser
REPLACED_KEY = "followup-planner.replaced"
GOOD = json.dumps(raw(app()), indent=2) + "\n"

#: Each kind of bad document, as text, with words the refusal must contain.
BAD = [
    pytest.param(GOOD.replace('"events": []', '"events": [], "x": ' + "9" * 5000),
                 "digits", id="a-5000-digit-integer"),
    pytest.param(GOOD.replace('"Acme Corp"', '"Acme \\ud800 Corp"'), "surrogate",
                 id="a-lone-surrogate"),
    pytest.param(GOOD.replace('"events": []', '"events": [], "x": 1e400'), "infinit",
                 id="a-number-that-overflows"),
    pytest.param(GOOD.replace('"company": "Acme Corp"',
                              '"company": "Acme Corp", "company": "Other"'), "more than once",
                 id="a-duplicate-key"),
    pytest.param(GOOD.replace('"events": []', '"events": [], "x": ' + "[" * 10000 + "]" * 10000),
                 "deep", id="nesting-10000-deep"),
    pytest.param("{not json", "not valid JSON", id="not-json"),
]



def choose_backup(page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Restore…").click()
    chooser.value.set_files(str(path))


@pytest.mark.parametrize(("bad", "words"), BAD)
def test_bad_stored_data_is_refused_in_words_and_kept(browser, base_url, tmp_path, bad,
                                                      words):
    page = browser.page()
    open_with_stored(page, base_url, bad, wait_ready=False)
    alert = page.locator("#fp-alert")
    alert.get_by_text("can't be read").wait_for(timeout=READY_TIMEOUT_MS)
    assert words.lower() in alert.inner_text().lower()
    assert "Traceback" not in alert.inner_text()
    assert page.locator("#fp-toolbar").is_hidden()
    with page.expect_download() as info:
        alert.get_by_role("button", name="Download the stored data").click()
    target = tmp_path / "stored.txt"
    info.value.save_as(target)
    assert target.read_text(encoding="utf-8", errors="surrogatepass") == bad
    assert stored_text(page) == bad


@pytest.mark.parametrize(("bad", "words"), BAD)
def test_a_bad_backup_is_refused_in_words_and_changes_nothing(browser, base_url, tmp_path,
                                                              bad, words):
    page = browser.page()
    open_with_stored(page, base_url, GOOD)
    backup = tmp_path / "backup.json"
    backup.write_text(bad, encoding="utf-8", errors="surrogatepass")
    choose_backup(page, backup)
    dialog = page.locator("#fp-dialog")
    dialog.get_by_role("heading", name="This file can't be restored").wait_for()
    assert words.lower() in dialog.inner_text().lower()
    assert "Nothing was changed" in dialog.inner_text()
    assert stored_text(page) == GOOD


def test_a_restore_can_be_undone_and_keeps_what_it_replaced(browser, base_url, tmp_path):
    page = browser.page()
    mine = json.dumps(raw(app(company="Mine Inc", id="mine")), indent=2) + "\n"
    open_with_stored(page, base_url, mine)
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(raw(app(company="From Backup", id="backup"))))
    choose_backup(page, backup)
    page.locator("#fp-dialog").get_by_role("button", name="Replace with the backup").click()
    live = page.locator("#fp-live")
    live.get_by_text("Backup restored").wait_for()
    assert "From Backup" in page.locator(".fp-card h3").inner_text()
    assert page.evaluate(f"localStorage.getItem({REPLACED_KEY!r})") == mine
    live.get_by_role("button", name="Undo").click()
    live.get_by_text("Put back what this browser had before").wait_for()
    assert stored_text(page) == mine
    assert "Mine Inc" in page.locator(".fp-card h3").inner_text()


def test_starting_over_can_be_undone_even_from_unreadable_data(browser, base_url):
    page = browser.page()
    open_with_stored(page, base_url, "[1, 2", wait_ready=False)
    alert = page.locator("#fp-alert")
    alert.get_by_role("button", name="Start over…").click(timeout=READY_TIMEOUT_MS)
    page.locator("#fp-dialog").get_by_role("button", name="Replace it").click()
    live = page.locator("#fp-live")
    live.get_by_text("Started over").wait_for()
    assert stored(page)["applications"] == []
    live.get_by_role("button", name="Undo").click()
    alert.get_by_text("can't be read").wait_for()
    assert stored_text(page) == "[1, 2"


def test_unknown_fields_are_kept_to_the_digit(browser, base_url):
    page = browser.page()
    document = GOOD.replace('"events": []', '"events": [],\n      "x-tracker": {"id": '
                            '12345678901234567890, "score": 1.10, "scale": 1e2, "neg": -0.0, '
                            '"note": "caf\\u00e9 \\u05e9\\u05dc\\u05d5\\u05dd"}')
    open_with_stored(page, base_url, document)
    page.locator(".fp-row.fp-kind-thank_you").get_by_role("button", name="Mark as sent").click()
    page.locator("#fp-live", has_text="Recorded").wait_for()
    text = stored_text(page)
    assert json.loads(text)["applications"][0]["events"][0]["type"] == "thank_you"
    for exact in ("12345678901234567890", "1.10", "1e2", "-0.0"):
        assert exact in text, exact
    assert json.loads(text)["applications"][0]["x-tracker"]["note"] == "café שלום"


def test_a_framed_planner_changes_nothing_and_offers_its_own_tab(browser, base_url):
    watch_workers(browser)
    page = browser.page()
    # The top-level visit that stored the data starts Python, and then the site's service
    # worker copies the site for offline use (the runtime too). Both are over before the framed
    # page opens, and only what comes after counts.
    open_with_stored(page, base_url, GOOD)
    page.wait_for_selector("#fp-app[data-offline=ready]", timeout=60_000)
    seen = len(browser.requests)
    # The framing page is the test's own, answered by a route: the site's service worker,
    # which answers pages itself (and which a route cannot reach), is let go first.
    page.evaluate("navigator.serviceWorker.getRegistrations()"
                  ".then((all) => Promise.all(all.map((r) => r.unregister())))")
    page.route(base_url + "framer.html", lambda route: route.fulfill(
        content_type="text/html",
        body='<!doctype html><title>Framer</title><iframe src="planner/" width="800" '
             'height="600"></iframe>'))
    page.goto(base_url + "framer.html")
    frame = page.frame_locator("iframe")
    notice = frame.locator("#fp-alert")
    notice.get_by_text("shown inside another page").wait_for(timeout=30_000)
    link = frame.get_by_role("link", name="Open the planner in its own tab")
    assert link.get_attribute("href") == base_url + "planner/"
    assert link.get_attribute("target") == "_blank"
    assert frame.locator("#fp-toolbar, #fp-main button").count() == 0
    assert frame.locator("#fp-app[data-python]").count() == 0  # no worker said how it started
    # Python's worker is made only by the head's script and main.js's start, both over by
    # now, and neither made one: no Python will come later either.
    framed = next(f for f in page.frames if f.url == base_url + "planner/")
    workers = framed.evaluate("window.__workers")
    assert workers, "the theme's search worker was not seen: the watch does not work"
    assert not [url for url in workers if "worker.mjs" in url], workers
    assert [u for u in browser.requests[seen:] if u.endswith("/planner/")]  # it was loaded
    assert not [u for u in browser.requests[seen:] if "pyodide.asm.wasm" in u]  # no Python
    assert stored_text(page) == GOOD


def newer_document() -> str:
    """What a newer planner writes: a feature of the format this one does not know."""
    document = raw(app(decision_expected="2026-12-01"))
    document["features"] = ["decision_expected", "follow_up_by_sms"]
    document["applications"][0]["sms"] = {"number": "+1 555 0100"}
    return json.dumps(document, indent=2)


def test_data_a_newer_planner_saved_is_shown_never_planned_nor_changed(browser, base_url,
                                                                       tmp_path):
    newer = newer_document()
    page = browser.page()
    open_with_stored(page, base_url, newer, wait_ready=False)
    alert = page.locator("#fp-alert")
    alert.get_by_text("saved by a newer version of the planner").wait_for(
        timeout=READY_TIMEOUT_MS)
    assert "records things this version does not know" in alert.inner_text()
    assert "Reload the page to get the newer version" in alert.inner_text()
    assert page.locator("#fp-app").get_attribute("data-newer") == "follow_up_by_sms"
    assert page.locator(".fp-newer li").all_inner_texts() == ["Acme Corp, Data Analyst"]
    assert page.locator(".fp-card, .fp-agenda").count() == 0  # no plan from part of it
    assert page.locator("#fp-toolbar").is_hidden()
    assert alert.get_by_role("button", name="Start over…").count() == 0
    with page.expect_download() as info:
        alert.get_by_role("button", name="Download the stored data").click()
    target = tmp_path / "stored.json"
    info.value.save_as(target)
    assert target.read_text(encoding="utf-8") == newer
    assert stored_text(page) == newer


def test_a_tab_left_open_meets_data_a_newer_planner_saved_in_another(browser, base_url):
    page = browser.page()
    open_with_stored(page, base_url, raw(app()))
    assert page.locator(".fp-card").count() == 1
    # Another tab, on a newer version, saves: this tab stops planning and says why.
    newer = newer_document()
    other = browser.context.new_page()
    other.goto(base_url + "privacy/")
    other.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, newer])
    page.locator("#fp-alert").get_by_text("saved by a newer version").wait_for(timeout=30_000)
    assert page.locator(".fp-card").count() == 0
    assert page.locator("#fp-toolbar").is_hidden()
    assert stored_text(page) == newer
    other.close()
