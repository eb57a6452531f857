"""Accessibility, checked by axe-core (pinned in package.json) inside real Chromium: every
guide page, and the planner in the states a user reaches (agenda, facts, dialogs), light and
dark. Lighthouse's audit sees only a page's first state; these see the rest."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import open_planner

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
GUIDES = ["", "thank-you/", "how-long-to-wait/", "what-to-say/", "how-many-times/",
          "lukewarm-reply/", "moving-on/", "questions/", "checklist/", "privacy/", "credits/"]


def violations(page: Any, within: str | None = None) -> list[dict[str, Any]]:
    """axe's WCAG 2.1 A/AA violations on the page (or inside one element), as short records.

    Only once every finite animation and transition has finished: axe measures colours as
    they are at that instant, and a button caught mid-transition has neither its old nor
    its new contrast."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Through the debugging protocol: the site's policy allows no inline script, rightly.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate("""async (within) => {
        await Promise.all(document.getAnimations()
            .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
            .map((a) => a.finished.catch(() => null)));  // a cancelled one rejects: fine
        const result = await axe.run(within ? document.querySelector(within) : document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
        return result.violations.map((v) => ({id: v.id, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
    }""", within)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_guide_page_passes(browser, base_url, scheme):
    page = browser.page()
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    found = {}
    for path in GUIDES:
        page.goto(base_url + path)
        if problems := violations(page):
            found[path or "/"] = problems
    assert found == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_planner_passes_in_the_states_a_user_reaches(browser, base_url, scheme):
    page = browser.page()
    # the theme turns transitions off for users who ask for less motion; so do these checks
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    open_planner(page, base_url)
    assert page.evaluate("""() => [...document.querySelectorAll("*")]
        .filter((e) => getComputedStyle(e).transitionDuration.split(",")
            .some((d) => parseFloat(d) > 0))
        .map((e) => e.tagName + "." + e.className)""") == []  # no transition left to race
    assert violations(page) == []  # the empty state
    page.get_by_role("button", name="Explore with sample data").click()
    page.wait_for_selector(".fp-sample-banner")
    for summary in page.locator(".fp-facts > summary, .fp-why > summary").all():
        summary.click()
    assert violations(page) == []  # agenda, timelines, facts and history, reasons

    dialog = page.locator("#fp-dialog")
    page.locator(".fp-row.fp-kind-thank_you").get_by_role("button",
                                                          name="Draft thank-you").click()
    dialog.get_by_label("Message").wait_for()
    assert violations(page, "#fp-dialog") == []
    dialog.get_by_role("button", name="Close").click()

    page.locator(".fp-row.fp-kind-follow_up").first.get_by_role(
        "button", name="Record what happened…").click()
    assert violations(page, "#fp-dialog") == []
    dialog.get_by_role("button", name="Cancel").click()

    page.get_by_role("button", name="Your details").click()
    assert violations(page, "#fp-dialog") == []
    # hints are read with their field, and the time zone offers the browser's list
    zone = dialog.get_by_label("Time zone")
    expect(zone).to_have_accessible_description(re.compile(r"such as Europe/Paris"))
    assert dialog.locator(f"#{zone.get_attribute('list')} option[value='Asia/Tokyo']").count() == 1
