"""The guides in real Chromium, under the site's Content-Security-Policy."""

from __future__ import annotations

import pytest

from conftest import (
    CACHE_KEY,
    KEY,
    READY_TIMEOUT_MS,
    open_planner,
    wait_until,
    watch_workers,
)

pytestmark = pytest.mark.browser


def test_search_finds_a_rule_and_leads_to_its_guide(browser, base_url):
    page = browser.page()
    page.goto(base_url + "thank-you/")
    page.keyboard.press("/")  # the theme's shortcut to the search field
    page.keyboard.type("voicemail")
    result = page.locator('.md-search-result__item a[href*="how-many-times/"]').first
    result.wait_for()
    result.click()
    page.wait_for_url("**/how-many-times/**")
    assert page.get_by_role("heading", level=1).inner_text().startswith("How many times")
    assert "voicemail" in page.locator("article").inner_text()


def search_finds_voicemail(page) -> None:
    """The theme's search, as a user works it: its shortcut, a word, the guide that says it."""
    page.keyboard.press("/")
    page.keyboard.type("voicemail")
    page.locator('.md-search-result__item a[href*="how-many-times/"]').first.wait_for()


def search_workers(page) -> list[str]:
    found: list[str] = page.evaluate(
        "() => window.__workers.filter((url) => /\\/workers\\/search\\./.test(url))")
    return found


#: Before the page's scripts: the planner's start state when each worker is really made
#: (#fp-app's data-boot, and data-cached: "false" once a computed plan is drawn), and
#: whether a saved plan was shown first (data-cached="true").
WHEN_MADE = """(() => {
  const Real = window.Worker;
  window.__madeAt = [];
  window.__savedShown = false;
  new MutationObserver(() => {
    const app = document.getElementById("fp-app");
    if (app && app.dataset.cached === "true") window.__savedShown = true;
  }).observe(document, { subtree: true, childList: true, attributes: true,
                         attributeFilter: ["data-cached"] });
  window.Worker = class extends Real {
    constructor(url, ...rest) {
      super(url, ...rest);
      const app = document.getElementById("fp-app");
      const state = app ? `${app.dataset.boot} ${app.dataset.cached}` : "no #fp-app";
      window.__madeAt.push([String(url), state]);
    }
  };
})();"""


def test_on_the_planner_page_the_search_index_is_made_once_the_planner_has_started(
        browser, base_url):
    """The theme makes its search worker, which indexes every guide, as soon as its script
    runs; on the planner page that waits until the planner's start is over, its first plan
    drawn (the CPU goes to Python's start first), and the search works then as on any
    page. The page opens with a saved plan on a return visit, so that the wait covers the
    plan computed after it, not the saved one."""
    browser.context.add_init_script(WHEN_MADE)
    watch_workers(browser)
    page = open_planner(browser.page(), base_url)
    page.get_by_role("button", name="Explore with sample data").click()
    wait_until(page, "(key) => (JSON.parse(localStorage.getItem(key)) || {}).html !== undefined",
               CACHE_KEY)  # the plan kept for the next visit's first paint
    page.reload()  # a return visit: the saved plan first, then the computed one
    made = wait_until(page, """() => window.__madeAt.filter(([url]) =>
      /\\/workers\\/search\\./.test(url)).map(([, boot]) => boot)""", timeout_ms=60_000)
    assert made == ["ready false"]  # Python ready, and its first plan drawn
    assert page.evaluate("() => window.__savedShown")
    assert len(search_workers(page)) == 1
    search_finds_voicemail(page)


def test_on_the_planner_page_the_search_works_while_the_planner_still_starts(browser, base_url):
    """Used before the planner's start is over, the search makes its worker at once."""
    watch_workers(browser)
    held: list = []

    def hold(route) -> None:  # Python's worker never comes, for now
        held.append(route)

    page = browser.page()
    page.route("**/app/worker.mjs", hold)
    page.goto(base_url + "planner/")
    # The theme's script has run (at DOMContentLoaded) and asked for its search worker, and
    # the planner is starting (main.js says so) ...
    wait_until(page, "() => document.readyState === 'complete'"
                     " && document.getElementById('fp-app').dataset.boot === 'booting'")
    assert held, "Python's worker was not asked for"
    assert search_workers(page) == []  # ... which is not made yet
    search_finds_voicemail(page)
    assert len(search_workers(page)) == 1
    assert page.locator("#fp-app[data-ready]").count() == 0  # the planner still starts
    held[0].continue_()
    page.wait_for_selector("#fp-app[data-ready=true]", timeout=READY_TIMEOUT_MS)
    assert len(search_workers(page)) == 1


def test_on_the_planner_page_unreadable_data_lets_the_search_start(browser, base_url):
    """Stored data the planner cannot read draws no plan: the start is over all the same,
    and the search worker is made without the search being used."""
    watch_workers(browser)
    page = browser.page()
    page.goto(base_url + "planner/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, "{ not a planner file"])
    page.reload()
    page.wait_for_selector("#fp-app[data-readonly=true]", timeout=READY_TIMEOUT_MS)
    wait_until(page, "() => window.__workers.some((url) => /\\/workers\\/search\\./.test(url))")
    assert len(search_workers(page)) == 1
