"""Hundreds of applications: recording one event repaints that application's card and the
agenda, and leaves every other card and row as it was (the very same elements).

Cards and rows out of sight are not rendered (content-visibility), so their text is read with
textContent: innerText is empty for them."""

from __future__ import annotations

import json
from datetime import timedelta

from conftest import DEFAULT_NOW, open_with_stored

COUNT = 240


def many() -> dict:
    """``COUNT`` applications, each interviewed yesterday (or the day before) by one person,
    each with its thank-you still to send."""
    apps = []
    for i in range(COUNT):
        ends = DEFAULT_NOW - timedelta(days=1, hours=i % 4)
        apps.append({"id": f"app-{i}", "company": f"Company {i}", "role": "Analyst",
                     "contacts": [{"id": f"c{i}", "name": f"Person {i}"}],
                     "interviews": [{"id": "r1", "ends_at": ends.isoformat(),
                                     "with": [f"c{i}"]}],
                     "events": []})
    return {"format": "followup-planner", "version": 1,
            "settings": {"timezone": "America/New_York"}, "applications": apps}


def text(locator) -> str:
    return " ".join(locator.text_content().split())


def thank_you_rows(page) -> list[str]:
    return page.eval_on_selector_all(".fp-row.fp-kind-thank_you",
                                     "rows => rows.map(r => r.dataset.app)")


def test_recording_one_event_among_hundreds_repaints_its_card_and_the_agenda(browser, base_url):
    page = open_with_stored(browser.page(), base_url, many())
    assert page.locator(".fp-card").count() == COUNT
    assert page.locator("#fp-main.fp-many").count() == 1
    rows = thank_you_rows(page)
    assert sorted(rows) == sorted(f"app-{i}" for i in range(COUNT))
    target = "app-57"
    card = page.locator(f'.fp-card[data-app="{target}"]')
    assert "Next: Send a thank-you note to Person 57" in text(card.locator(".fp-summary"))
    # Keep hold of elements that must not be drawn again: other cards and rows.
    page.evaluate("""target => {
      window.__kept = [...document.querySelectorAll('.fp-card, .fp-row')]
        .filter(el => el.dataset.app !== target);
    }""", target)

    row = page.locator(f'.fp-row.fp-kind-thank_you[data-app="{target}"]')
    row.get_by_role("button", name="Mark as sent").click()
    page.wait_for_selector(f'.fp-row.fp-kind-thank_you[data-app="{target}"]', state="detached")

    # The agenda: that step is gone, every other one is where it was, and the count says so.
    assert thank_you_rows(page) == [r for r in rows if r != target]
    assert f"({COUNT - 1})" in text(page.locator(".fp-agenda h3").first)
    # Its card: the thank-you is in the history and on the timeline, the next step is a follow-up.
    assert "Next: Follow up with Person 57" in text(card.locator(".fp-summary"))
    assert "Thank-you sent to Person 57" in text(card.locator(".fp-timeline"))
    card.get_by_text("Facts and history").click()
    assert "Thank-you sent to Person 57" in text(card.locator(".fp-facts"))
    # Every other card and row is the very element it was, still in the page.
    assert page.evaluate("() => window.__kept.every(el => el.isConnected)")
    # Saved: that one application has the event, no other has one.
    saved = json.loads(page.evaluate("localStorage.getItem('followup-planner')"))
    events = {a["id"]: a["events"] for a in saved["applications"] if a["events"]}
    assert list(events) == [target]
    assert events[target][0]["type"] == "thank_you"

    # Undo: the step comes back in its place, and the card is as before.
    page.locator("#fp-live").get_by_role("button", name="Undo").click()
    page.wait_for_selector(f'.fp-row.fp-kind-thank_you[data-app="{target}"]')
    assert thank_you_rows(page) == rows
    assert "Next: Send a thank-you note to Person 57" in text(card.locator(".fp-summary"))
    assert page.evaluate("() => window.__kept.every(el => el.isConnected)")

    # A new visit shows the same agenda, from the saved text alone.
    agenda = text(page.locator(".fp-agenda"))
    page.reload()
    page.wait_for_selector("#fp-app[data-ready=true][data-cached=false] .fp-card", timeout=120_000)
    assert text(page.locator(".fp-agenda")) == agenda
