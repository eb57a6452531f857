"""The page and its data: one owner of the document, so nothing is lost or misread. Each of
the first three tests reproduces a defect of the page before it had a store of its own."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import (
    CACHE_KEY,
    KEY,
    READY_TIMEOUT_MS,
    open_planner,
    open_with_stored,
    settled,
    stored,
    wait_until,
    watch_workers,
)
from helpers import app, raw

pytestmark = pytest.mark.browser
#: A first-paint cache may be as long as the document, or this long for a short one.
CACHE_ROOM = 256 * 1024



def test_five_fast_taps_are_five_changes_and_the_repeats_are_asked_about(browser, base_url):
    watch_workers(browser)
    page = browser.page()
    open_with_stored(page, base_url, raw(app(interviews=[
        {"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00", "with": ["dana"]}])))
    # Five taps before the page has redrawn once: each is a change of its own, made in turn.
    # The first records the note; the four after it would thank Dana again the same day
    # (R10), so none of them is kept without the user's say.
    page.locator(".fp-row.fp-kind-thank_you").get_by_role("button", name="Mark as sent").evaluate(
        "button => { for (let i = 0; i < 5; i++) button.click(); }")
    page.locator("#fp-live", has_text="Recorded").wait_for()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_text("(two taps?)").wait_for()
    settled(page)  # all five were answered: nothing more arrives late
    events = stored(page)["applications"][0]["events"]
    assert [e["type"] for e in events] == ["thank_you"]
    # Had it really been sent twice, it can still be kept.
    dialog.get_by_role("button", name="Record anyway").click()
    wait_until(page, "(key) => JSON.parse(localStorage.getItem(key)).applications[0]"
                     ".events.length >= 2", KEY)
    assert [e["type"] for e in stored(page)["applications"][0]["events"]] == ["thank_you"] * 2
    assert page.locator(".fp-row.fp-kind-thank_you").count() == 0


def test_an_application_without_interviews_is_shown_and_can_be_edited(browser, base_url):
    page = browser.page()
    open_with_stored(page, base_url, raw(app(id="lead", company="Referral Co", contacts=[],
                                           interviews=[])))
    card = page.locator(".fp-card", has_text="Referral Co")
    card.wait_for()
    assert page.locator("#fp-alert").is_hidden()
    card.get_by_text("Facts and history").click()
    card.get_by_role("button", name="Add a round…").click()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_label("Who interviewed you").fill("Kim Park")
    dialog.get_by_label("When it ended").fill("2026-11-17T11:00")
    dialog.get_by_role("button", name="Add", exact=True).click()
    page.locator("#fp-live", has_text="Added the interview").wait_for()
    saved = stored(page)["applications"][0]
    assert saved["interviews"][0]["ends_at"] == "2026-11-17T11:00:00-05:00"
    assert "Send a thank-you note to Kim Park" in page.locator(".fp-agenda").inner_text()


@pytest.mark.parametrize("zone", ["Europe/Paris", "Asia/Singapore"])
def test_the_interview_time_is_read_and_offered_in_the_documents_zone(browser, base_url, zone):
    page = browser.page()  # the browser is in New York
    open_with_stored(page, base_url, {**raw(app()), "settings": {"timezone": zone}})
    page.get_by_role("button", name="Add an interview").click()
    dialog = page.locator("#fp-dialog")
    ended = dialog.get_by_label("When the interview ended")
    # Offered as the current hour on the document's clock, and said to be so.
    expected = browser.now.astimezone(ZoneInfo(zone)).replace(minute=0)
    assert ended.input_value() == expected.strftime("%Y-%m-%dT%H:%M")
    assert f"In {zone} time" in dialog.inner_text()
    dialog.get_by_label("Company").fill("Zone Corp")
    dialog.get_by_role("button", name="Add", exact=True).click()
    page.locator("#fp-live", has_text="Added Zone Corp").wait_for()
    added = stored(page)["applications"][1]["interviews"][0]["ends_at"]
    assert datetime.fromisoformat(added) == expected
    assert datetime.fromisoformat(added).utcoffset() == expected.utcoffset()


def test_extreme_but_valid_documents_are_shown(browser, base_url):
    """No interviews, no contacts, sixty applications, very long names, right-to-left text."""
    long_name = "Extraordinarily Long Company Name International Holdings " * 4
    apps = [app(id="none", company="No Interviews Ltd", interviews=[], contacts=[]),
            app(id="nobody", company="Nobody Listed", contacts=[],
                interviews=[{"id": "r1", "ends_at": "2026-11-16T15:00:00-05:00", "with": []}]),
            app(id="long", company=long_name.strip(), role="Senior " * 30),
            app(id="rtl", company="شركة المستقبل", role="محلل بيانات",
                contacts=[{"id": "d", "name": "דנה לוי"}],
                interviews=[{"id": "r1", "ends_at": "2026-11-17T09:00:00-05:00",
                             "with": ["d"]}])]
    apps += [app(id=f"app-{n}", company=f"Company {n}") for n in range(56)]
    page = browser.page()
    open_with_stored(page, base_url, raw(*apps))
    assert page.locator(".fp-card").count() == 60
    assert page.locator("#fp-alert").is_hidden()
    assert "Send a thank-you note to דנה לוי" in page.locator(".fp-agenda").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, "a long name widened the page"
    # The cache of the first paint stays within the document's own size (or 256 K).
    cache = page.evaluate(f"localStorage.getItem({CACHE_KEY!r})")
    document = page.evaluate(f"localStorage.getItem({KEY!r})")
    assert cache is None or len(cache) <= max(len(document), CACHE_ROOM)


def test_the_saved_plan_paints_first_and_its_cache_is_kept_small(browser, base_url):
    page = open_planner(browser.page(), base_url)
    page.get_by_role("button", name="Explore with sample data").click()
    page.wait_for_selector(".fp-sample-banner")
    # The cache is written once the page is idle (at the latest half a second after the
    # change), or when the page is left.
    wait_until(page, "(key) => localStorage.getItem(key) !== null", CACHE_KEY)
    cache = page.evaluate(f"localStorage.getItem({CACHE_KEY!r})")
    document = page.evaluate(f"localStorage.getItem({KEY!r})")
    assert len(cache) <= max(len(document), CACHE_ROOM)
    assert json.loads(cache)["build"] not in ("", "source")  # the build's own version
    page.reload()
    page.wait_for_selector('#fp-app[data-cached="true"] .fp-card', timeout=10_000)
    cached_rows = page.locator(".fp-agenda .fp-what").all_inner_texts()
    tops = "[...document.querySelectorAll('.fp-card')].map(c => c.getBoundingClientRect().top)"
    cached_tops = page.evaluate(tops)
    # Waiting for Python, and looking it.
    button = page.locator(".fp-agenda button").first
    assert button.is_disabled()
    assert float(button.evaluate("b => getComputedStyle(b).opacity")) < 1
    page.wait_for_selector('#fp-app[data-ready=true][data-cached="false"] .fp-card',
                           timeout=READY_TIMEOUT_MS)
    assert page.locator(".fp-agenda .fp-what").all_inner_texts() == cached_rows
    # Each card keeps its place when the live plan replaces the saved one (blank timelines
    # hold the room of the real ones): no jump of a screen's height.
    moved = [abs(a - b) for a, b in zip(cached_tops, page.evaluate(tops), strict=True)]
    assert max(moved) < 150, moved


#: Before the page's scripts: a count of the frames the page has made, the count when the
#: saved plan was put on the page, and, for each worker the page creates, the count then.
WORKER_AFTER_PAINT = """(() => {
  let frames = 0;
  const tick = () => { frames += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  window.__painted = null;
  window.__workers = [];
  new MutationObserver(() => {
    const app = document.getElementById("fp-app");
    if (window.__painted !== null || !app || app.dataset.cached !== "true") return;
    window.__painted = frames;
  }).observe(document, { subtree: true, childList: true, attributes: true,
                         attributeFilter: ["data-cached"] });
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(url, options) {
      window.__workers.push([options && options.name, window.__painted, frames]);
      super(url, options);
    }
  };
})();"""


def test_python_starts_once_the_saved_plan_has_been_on_screen(browser, base_url):
    """The two would share the processor: Python's worker is created after a frame has shown
    the saved plan, whether the page's modules ran before that frame or after it."""
    page = open_planner(browser.page(), base_url)
    page.get_by_role("button", name="Explore with sample data").click()
    page.wait_for_selector(".fp-sample-banner")
    wait_until(page, "(key) => (JSON.parse(localStorage.getItem(key)) || {}).html !== undefined",
               CACHE_KEY)
    page.add_init_script(script=WORKER_AFTER_PAINT)
    for _ in range(4):
        page.reload()
        page.wait_for_selector('#fp-app[data-ready=true][data-cached="false"] .fp-card',
                               timeout=READY_TIMEOUT_MS)
        # The theme's search worker has no name.
        [(painted, created)] = [w[1:] for w in page.evaluate("window.__workers") if w[0]]
        assert painted is not None
        assert created > painted, (painted, created)
        # The planner still holds a screen's height (the mark is not the refused frame's).
        assert page.evaluate("parseFloat(getComputedStyle(document.getElementById('fp-app'))"
                             ".minHeight)") >= page.viewport_size["height"]


def test_a_first_visit_paints_the_page_before_the_planner_draws_itself(browser, base_url):
    """With no saved plan, the first frame is the page as it came ("Loading the planner…"),
    and main.js draws the planner (its loading bar, its buttons) once that frame is made.
    Drawn at once, the planner's first layout was part of the first paint whenever the
    page's modules came in before it. The page's clock is held (no animation frame, no
    timer) until the page has loaded, which waits for main.js to have run."""
    page = browser.page()
    browser.context.clock.pause_at(browser.clock())
    page.goto(base_url + "planner/", wait_until="load")
    assert page.locator("#fp-app").inner_text().strip() == "Loading the planner…"
    assert page.locator("#fp-progress").count() == 0
    browser.context.clock.resume()
    page.wait_for_selector("#fp-progress", state="attached")
    page.wait_for_selector("#fp-app[data-ready=true] #fp-main > *", timeout=READY_TIMEOUT_MS)


def test_the_saved_plan_shows_before_any_module_has_loaded(browser, base_url):
    """The page's own first-paint script (site_app/first-paint.js, inline, allowed by its hash)
    shows the saved plan by itself, and only the plan this build drew from the document stored
    now."""
    page = open_planner(browser.page(), base_url)
    page.get_by_role("button", name="Explore with sample data").click()
    page.wait_for_selector(".fp-sample-banner")
    wait_until(page, "(key) => (JSON.parse(localStorage.getItem(key)) || {}).html !== undefined",
               CACHE_KEY)
    rows = page.locator(".fp-agenda .fp-what").all_inner_texts()
    document = page.evaluate(f"localStorage.getItem({KEY!r})")
    cache = page.evaluate(f"localStorage.getItem({CACHE_KEY!r})")
    # No module of the planner runs: main.js is answered by one that does nothing (the offline
    # copy's service worker is let go first, so that the page's requests reach the route).
    page.evaluate("navigator.serviceWorker.getRegistrations()"
                  ".then((all) => Promise.all(all.map((r) => r.unregister())))")
    page.route("**/app/main.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body="export {};"))
    put = "([k, v]) => localStorage.setItem(k, v)"

    def shown() -> bool:
        # The first-paint script is inline and paints synchronously while the page is read,
        # and the stand-in main.js does nothing: at DOMContentLoaded the paint is final.
        page.reload(wait_until="domcontentloaded")
        return page.locator("#fp-app[data-cached=true] .fp-card").count() > 0

    assert shown()
    assert page.locator(".fp-agenda .fp-what").all_inner_texts() == rows
    assert page.locator(".fp-agenda button").first.is_disabled()
    assert page.locator(".fp-refreshing").is_visible()
    # Another document stored (one character more): nothing of the old plan shows.
    page.evaluate(put, [KEY, document + " "])
    assert not shown()
    assert "Loading the planner" in page.locator("#fp-app").inner_text()
    # The document again, with a cache another build wrote: not shown either.
    page.evaluate(put, [KEY, document])
    page.evaluate(put, [CACHE_KEY, json.dumps({**json.loads(cache), "build": "0" * 16})])
    assert not shown()
    # The cache as it was: shown again; and with the page's own modules, the live plan.
    page.evaluate(put, [CACHE_KEY, cache])
    assert shown()
    page.unroute("**/app/main.js")
    page.reload()
    page.wait_for_selector('#fp-app[data-ready=true][data-cached="false"] .fp-card',
                           timeout=READY_TIMEOUT_MS)
    assert page.locator(".fp-agenda .fp-what").all_inner_texts() == rows


def test_a_failed_python_call_is_told_in_plain_words_and_changes_nothing(browser, base_url):
    page = browser.page()
    open_with_stored(page, base_url, raw(app()))
    before = page.evaluate(f"localStorage.getItem({KEY!r})")
    # The calendar's package loads on first use; its download fails (with no offline copy,
    # which would answer for it).
    page.wait_for_selector("#fp-app[data-offline=ready]", timeout=60_000)
    page.evaluate("() => caches.keys().then((ks) => Promise.all(ks.map((k) => caches.delete(k))))")
    # The context's routes also see the requests the service worker passes on.
    browser.context.route("**/wheels/icalendar-*", lambda route: route.abort())
    page.get_by_role("button", name="Add to calendar (.ics)").click()
    live = page.locator("#fp-live")
    live.get_by_text("could not be downloaded").wait_for()
    assert "Check the connection" in live.inner_text()
    alert = page.locator("#fp-alert")
    assert "Something went wrong inside the planner" in alert.inner_text()
    assert "Traceback" not in alert.inner_text()
    assert page.evaluate(f"localStorage.getItem({KEY!r})") == before
    # The connection is back: the same button works.
    browser.context.unroute("**/wheels/icalendar-*")
    with page.expect_download() as download:
        page.get_by_role("button", name="Add to calendar (.ics)").click()
    assert download.value.suggested_filename.endswith(".ics")
    live.get_by_text("Calendar downloaded").wait_for()
    # A file cannot update itself: the page says so, and how to update the events.
    assert "It does not change by itself" in live.inner_text()
    assert "its events replace the last ones" in live.inner_text()
    assert page.evaluate(f"localStorage.getItem({KEY!r})") == before
    # The aborted download is the fault this test injects; its echo in the console is expected.
    browser.errors[:] = [e for e in browser.errors if "ERR_FAILED" not in e]
