"""Finding an application in a long list: the search box (a person's name finds their
application), the filters, and the count of what is shown."""

from __future__ import annotations

from typing import Any

from conftest import READY_TIMEOUT_MS, SHIFT_SO_FAR, SHIFTS, Browser, open_with_stored, wait_until
from helpers import app, event, raw

#: On DEFAULT_NOW (Wed 18 Nov 2026, 10 am, New York): Acme and Initech need a thank-you now;
#: Globex, Hooli and Umbrella are waiting for a reply; Soylent is closed.
APPS = [
    app(),
    app(id="initech", company="Initech", role="Platform Engineer",
        contacts=[{"id": "bo", "name": "Bo Chen", "email": "bo@initech.example"}],
        interviews=[{"id": "r1", "ends_at": "2026-11-17T11:00:00-05:00", "with": ["bo"]}]),
    *[app(id=name.lower(), company=name, contacts=[{"id": "p", "name": person}],
          interviews=[{"id": "r1", "ends_at": "2026-11-16T16:00:00-05:00", "with": ["p"]}],
          events=[event("thank_you", "2026-11-16 19:00", contact="p")])
      for name, person in (("Globex", "Zoë Ōkubo"), ("Hooli", "Gavin B"),
                           ("Umbrella", "Al Wesker"))],
    app(id="soylent", company="Soylent", closed=True,
        contacts=[{"id": "s", "name": "Sol Chenko"}],
        interviews=[{"id": "r1", "ends_at": "2026-11-02T16:00:00-05:00", "with": ["s"]}]),
]


def shown_apps(page: Any) -> dict[str, set[str]]:
    """The applications whose agenda rows, and whose cards, are visible."""
    return page.evaluate("""() => {
      const visible = (sel) => [...document.querySelectorAll(sel)]
        .filter((el) => el.offsetParent !== null).map((el) => el.dataset.app);
      return { rows: [...new Set(visible(".fp-agenda .fp-row[data-app]"))].sort(),
               cards: visible(".fp-card[data-app]").sort() };
    }""")


def test_a_persons_name_finds_their_application_and_filters_narrow_the_list(
        browser: Browser) -> None:
    page = open_with_stored(browser.page(), browser.base_url, raw(*APPS))
    box = page.get_by_label("Find an application")
    count = page.locator("#fp-search-count")
    assert count.inner_text() == ""
    box.fill("chen")  # Bo Chen (Initech) and Sol Chenko (Soylent)
    count.get_by_text("2 of 6 applications shown.").wait_for()
    # Soylent is closed: in the archive, which opens to show it.
    assert shown_apps(page) == {"rows": ["initech"], "cards": ["initech", "soylent"]}
    assert page.locator("#fp-archive").evaluate("(d) => d.open")
    # Sections with nothing left go; the others count what they show.
    titles = [" ".join(t.split()) for t in page.locator(".fp-group:visible").all_inner_texts()]
    assert titles == ["Today (1)", "Closed (1)"], titles
    box.fill("zoe okubo")  # without the accents
    count.get_by_text("1 of 6 applications shown.").wait_for()
    assert shown_apps(page)["cards"] == ["globex"]
    box.fill("nobody here")
    count.get_by_text("No application matches.").wait_for()
    assert shown_apps(page) == {"rows": [], "cards": []}
    box.fill("")
    page.locator("#fp-search-count:empty").wait_for(state="attached")
    assert len(shown_apps(page)["cards"]) == 6
    # The filters, and a search within one.
    page.get_by_role("button", name="Needs me now").click()
    count.get_by_text("2 of 6 applications shown.").wait_for()
    assert shown_apps(page)["cards"] == ["acme", "initech"]
    page.get_by_role("button", name="Waiting for them").click()
    count.get_by_text("3 of 6 applications shown.").wait_for()
    assert shown_apps(page)["cards"] == ["globex", "hooli", "umbrella"]
    waiting = page.get_by_role("button", name="Waiting for them")
    assert waiting.get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Closed").click()
    count.get_by_text("1 of 6 applications shown.").wait_for()
    assert shown_apps(page)["cards"] == ["soylent"]
    page.get_by_role("button", name="All").click()
    box.fill("initech")
    # A change keeps the search: the thank-you sent, Initech's next step shows, still alone.
    page.locator(".fp-row.fp-kind-thank_you[data-app=initech]").get_by_role(
        "button", name="Mark as sent").click()
    page.locator(".fp-row.fp-kind-thank_you[data-app=initech]").wait_for(state="detached")
    assert shown_apps(page) == {"rows": ["initech"], "cards": ["initech"]}
    assert box.input_value() == "initech"
    # Cleared, everything shows with full counts, and stays so through the next change
    # (search.js walks nothing then: the plan draws every row shown and counted).
    box.fill("")
    page.locator("#fp-search-count:empty").wait_for(state="attached")
    page.locator(".fp-row.fp-kind-thank_you[data-app=acme]").get_by_role(
        "button", name="Mark as sent").click()
    page.locator(".fp-row.fp-kind-thank_you[data-app=acme]").wait_for(state="detached")
    assert len(shown_apps(page)["cards"]) == 6
    assert page.locator(".fp-agenda .fp-row[data-app][hidden]").count() == 0
    counted = page.evaluate("""() => [...document.querySelectorAll(".fp-agenda .fp-group")]
      .map((title) => [title.querySelector(".fp-count").textContent.trim(),
                       `(${title.nextElementSibling.children.length})`, title.hidden])""")
    assert counted
    assert all(said == rows and not hidden for said, rows, hidden in counted), counted


def test_a_step_a_reminder_opens_is_shown_even_when_the_search_hid_it(
        browser: Browser) -> None:
    """A reminder's tap opens the planner at its step (#step=KEY, reminders.js); a search or
    a filter still in place that hides it gives way, and the step takes the focus."""
    page = open_with_stored(browser.page(), browser.base_url, raw(*APPS))
    row = page.locator(".fp-row.fp-kind-thank_you[data-app=initech]")
    key = row.get_attribute("data-key")
    page.get_by_role("button", name="Waiting for them").click()
    box = page.get_by_label("Find an application")
    box.fill("globex")
    page.locator("#fp-search-count").get_by_text("1 of 6 applications shown.").wait_for()
    assert not row.is_visible()
    page.evaluate("(key) => { location.hash = 'step=' + encodeURIComponent(key); }", key)
    wait_until(page, "() => (document.activeElement || {}).dataset?.app === 'initech'")
    assert row.is_visible()
    assert box.input_value() == ""
    assert page.get_by_role("button", name="All").get_attribute("aria-pressed") == "true"
    assert len(shown_apps(page)["cards"]) == 6


def test_a_short_list_has_no_search(browser: Browser) -> None:
    page = open_with_stored(browser.page(), browser.base_url, raw(*APPS[:4]))
    assert page.locator(".fp-card").count() == 4
    assert page.get_by_label("Find an application").count() == 0


def test_the_search_is_in_the_saved_plan_too_so_nothing_moves(browser: Browser) -> None:
    """A return visit paints the saved plan first: the search box is in it already, so the
    computed plan does not push the agenda down when it comes."""
    browser.context.add_init_script(script=SHIFTS)
    page = browser.page()
    page.set_viewport_size({"width": 375, "height": 823})
    open_with_stored(page, browser.base_url, raw(*APPS))
    page.reload()
    page.wait_for_selector("#fp-app[data-ready=true][data-cached=false] #fp-main > *",
                           state="attached", timeout=READY_TIMEOUT_MS)
    assert page.locator(".fp-search").count() == 1
    assert page.evaluate(SHIFT_SO_FAR) <= 0.02
