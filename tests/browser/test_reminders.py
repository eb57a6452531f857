"""Nudges without a server: the installed app's badge counts the steps due, and a periodic
sync (dispatched through the DevTools protocol, as the browser would at a moment of its
choosing) makes the service worker show one notification for what is due, read from this
browser's storage; tapping it opens the planner at that step. Off, it shows nothing."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from conftest import DEFAULT_NOW, Browser, open_planner, open_with_stored, wait_until
from helpers import app, event, raw

#: Due on DEFAULT_NOW (Wed 18 Nov, 10 am in New York): the thank-yous to Acme and Initech.
#: Not due: Globex's follow-up (the thank-you is sent; the first follow-up opens next week).
DOCUMENT = raw(
    app(),
    app(id="initech", company="Initech", contacts=[{"id": "bo", "name": "Bo Chen"}],
        interviews=[{"id": "r1", "ends_at": "2026-11-17T11:00:00-05:00", "with": ["bo"]}]),
    app(id="globex", company="Globex", contacts=[{"id": "al", "name": "Al Ruiz"}],
        interviews=[{"id": "r1", "ends_at": "2026-11-16T16:00:00-05:00", "with": ["al"]}],
        events=[event("thank_you", "2026-11-16 19:00", contact="al")]),
)
#: The page records its calls to the badge (and still makes them).
BADGE = """(() => {
  window.__fpBadge = [];
  const set = navigator.setAppBadge, clear = navigator.clearAppBadge;
  navigator.setAppBadge = function (n) {
    window.__fpBadge.push(n);
    return set ? set.call(this, n) : Promise.resolve();
  };
  navigator.clearAppBadge = function () {
    window.__fpBadge.push(0);
    return clear ? clear.call(this) : Promise.resolve();
  };
})();"""
NOTIFICATIONS = """() => navigator.serviceWorker.ready.then((r) => r.getNotifications())
  .then((all) => all.map((n) => ({ title: n.title, body: n.body, url: n.data && n.data.url })))"""


def ready_for_reminders(browser: Browser) -> tuple[Any, Any, str]:
    """The planner with DOCUMENT, its offline copy (the service worker) in place, notifications
    allowed; the DevTools session and the worker's registration id."""
    browser.context.add_init_script(script=BADGE)
    origin = browser.base_url.rstrip("/")
    page = open_with_stored(browser.page(), browser.base_url, DOCUMENT)
    page.wait_for_selector("#fp-app[data-offline=ready]", timeout=60_000)
    cdp = browser.context.new_cdp_session(page)
    # (as an installed app has them; this call replaces what the origin had)
    cdp.send("Browser.grantPermissions", {
        "origin": origin, "permissions": ["notifications", "periodicBackgroundSync"]})
    registrations: list[str] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(
        r["registrationId"] for r in e["registrations"] if not r["isDeleted"]))
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 30
    while not registrations:  # the events come on the DevTools session, in their own time
        assert time.monotonic() < deadline, "the service worker's registration was not told"
        page.evaluate("() => new Promise((resolve) => requestAnimationFrame(resolve))")
    return page, cdp, registrations[-1]


def dispatch(browser: Browser, page: Any, cdp: Any, registration: str) -> None:
    """A periodic sync, as the browser would fire it, on the worker's clock set to the page's."""
    [worker] = browser.context.service_workers
    moment = (DEFAULT_NOW + timedelta(hours=1)).timestamp() * 1000
    worker.evaluate("(t) => { Date.now = () => t; }", moment)
    cdp.send("ServiceWorker.dispatchPeriodicSyncEvent", {
        "origin": browser.base_url.rstrip("/"), "registrationId": registration,
        "tag": "followup-due"})


def notified(browser: Browser, page: Any, cdp: Any, registration: str) -> list[dict[str, str]]:
    """The notifications shown after a periodic sync. Under load (1 run in 5), no notification
    followed an event dispatched through the DevTools protocol, while the worker's reminder
    run by hand right after showed it: the event is dispatched again, three times at most."""
    for _ in range(3):
        dispatch(browser, page, cdp, registration)
        try:
            return wait_until(page, NOTIFICATIONS, timeout_ms=10_000)
        except AssertionError:
            continue
    raise AssertionError("no notification after three periodic syncs")


def test_the_badge_counts_the_steps_due(browser: Browser) -> None:
    page, _, _ = ready_for_reminders(browser)
    wait_until(page, "() => window.__fpBadge.length > 0")
    assert page.evaluate("window.__fpBadge.at(-1)") == 2
    # One thank-you recorded: one step is due.
    page.locator(".fp-row[data-app=acme]").get_by_role("button", name="Mark as sent").click()
    wait_until(page, "() => window.__fpBadge.at(-1) === 1")
    page.locator(".fp-row[data-app=initech]").get_by_role("button", name="Mark as sent").click()
    wait_until(page, "() => window.__fpBadge.at(-1) === 0")  # cleared


def test_a_reminder_tells_what_is_due_opens_its_step_and_stops_when_turned_off(
        browser: Browser) -> None:
    page, cdp, registration = ready_for_reminders(browser)
    reminders = page.locator("#fp-reminders")
    reminders.get_by_role("button", name="Remind me on this device").click()
    page.locator("#fp-live").get_by_text("Reminders are on for this device.").wait_for()
    [shown] = notified(browser, page, cdp, registration)
    assert shown["title"] == "Follow-up Planner"
    # (in the agenda's order: Initech's interview ended first)
    assert shown["body"] == "2 steps are due today: Initech, Acme Corp."
    # Tapped: the planner, at the first of those steps.
    [worker] = browser.context.service_workers
    worker.evaluate("""() => self.registration.getNotifications()
      .then(([n]) => { n.close(); return openStep(n.data.url); })""")
    row = page.locator(".fp-row[data-app=initech]")
    wait_until(page, "() => (document.activeElement || {}).dataset?.app === 'initech'")
    assert row.is_visible()
    assert "#" not in page.url
    # A change is in the next reminder: Initech's thank-you sent, Acme's is left.
    thank_you = page.locator(".fp-row.fp-kind-thank_you[data-app=initech]")
    thank_you.get_by_role("button", name="Mark as sent").click()
    thank_you.wait_for(state="detached")
    moment = (DEFAULT_NOW + timedelta(hours=1)).timestamp() * 1000
    wait_until(page, """(t) => caches.open("followup-reminders")
      .then((c) => c.match(new URL("../reminders.json", location.href))).then((r) => r.json())
      .then((kept) => kept.steps.every((s) => !s.key.startsWith("initech|thank_you")))""")
    assert worker.evaluate("""(t) => remind(t).then(() => self.registration.getNotifications())
      .then((all) => all.map((n) => n.body))""", moment) == ["1 step is due today: Acme Corp."]
    # Off: the worker's reminder, run to its end, shows nothing.
    reminders.get_by_role("button", name="Turn off reminders").click()
    page.locator("#fp-live").get_by_text("Reminders are off for this device.").wait_for()
    worker.evaluate("() => self.registration.getNotifications()"
                    ".then((all) => all.forEach((n) => n.close()))")
    assert worker.evaluate("(t) => remind(t).then(() => self.registration.getNotifications())"
                           ".then((all) => all.length)", moment) == 0


def test_reminders_are_offered_only_for_a_plan_of_ones_own(browser: Browser) -> None:
    browser.context.add_init_script(script=BADGE)
    page = open_planner(browser.page(), browser.base_url)  # a first visit: no plan yet
    wait_until(page, "() => window.__fpBadge.length > 0")  # the plan was looked at ...
    assert page.evaluate("window.__fpBadge") == [0]  # ... and nothing is counted
    assert page.locator("#fp-reminders").is_hidden()
    # The sample plan has steps due, and counts for nothing either.
    page.get_by_role("button", name="Explore with sample data").click()
    page.locator(".fp-sample-banner").wait_for()
    assert page.locator(".fp-agenda .fp-row").count() > 0
    assert set(page.evaluate("window.__fpBadge")) == {0}
    assert page.locator("#fp-reminders").is_hidden()


def test_where_the_browser_cannot_remind_the_page_says_so_and_points_to_the_calendar(
        browser: Browser) -> None:
    # As in Firefox or Safari: no periodic background sync.
    browser.context.add_init_script(
        script="delete ServiceWorkerRegistration.prototype.periodicSync;")
    page = open_with_stored(browser.page(), browser.base_url, DOCUMENT)
    said = page.locator("#fp-reminders")
    said.get_by_text("This browser cannot remind you by itself").wait_for()
    assert "Add the plan to your calendar" in said.inner_text()
    assert said.get_by_role("button").count() == 0
