"""Recording the past and correcting it, on a phone-sized screen (375 px), in real Chromium:
a thank-you sent two days ago, a call with the recruiter rather than the interviewer, and a
time corrected afterwards through the history's Edit.

Each dialog is photographed; the pictures go to ``$FP_SHOTS_DIR`` when it is set (to look
at them), else to the test's own temporary folder.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import open_with_stored, stored, wait_until
from helpers import app, raw

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}

#: Dana interviewed the candidate on Friday 13 November 2026 (the page's clock starts on
#: Wednesday 18 November, 10 am, New York); Raj is the recruiter. Nothing is recorded yet.
DOCUMENT = raw(app(
    contacts=[{"id": "dana", "name": "Dana Lee", "email": "dana@acme.example"},
              {"id": "raj", "name": "Raj Patel", "email": "raj@acme.example",
               "role": "recruiter"}],
    interviews=[{"id": "r1", "ends_at": "2026-11-13T16:00:00-05:00", "with": ["dana"]}]))


def events(page: Any) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = stored(page)["applications"][0]["events"]
    return events


def stored_events_are(page: Any, expected: list[dict[str, Any]]) -> None:
    """Wait until the stored document's events are ``expected``."""
    wait_until(page, """(expected) => {
        const doc = JSON.parse(localStorage.getItem("followup-planner"));
        return JSON.stringify(doc.applications[0].events) === JSON.stringify(expected);
    }""", expected)


def photograph(page: Any, folder: Path, name: str) -> None:
    """The screen with the dialog open, after checking that the dialog fits the screen's
    width and that nothing in it sticks out sideways or overlaps a neighbour."""
    layout = page.evaluate("""() => {
        const dialog = document.querySelector("#fp-dialog");
        const box = dialog.getBoundingClientRect();
        const shown = [...dialog.querySelectorAll("label, input, select, textarea, button, p, h2")]
            .filter((el) => el.getClientRects().length);
        const outside = shown.filter((el) => {
            const r = el.getBoundingClientRect();
            return r.left < box.left - 0.5 || r.right > box.right + 0.5;
        }).map((el) => el.outerHTML.slice(0, 80));
        // Fields and buttons must not cover one another: those of the dialog's body, and
        // those of its button bar (which stays at the bottom while the body scrolls under it).
        const controls = shown.filter((el) => el.matches("input, select, textarea, button"));
        const overlaps = [];
        for (const bar of [false, true]) {
            const group = controls.filter((el) => !!el.closest(".fp-dialog-buttons") === bar);
            group.forEach((a, i) => group.slice(i + 1).forEach((b) => {
                const r = a.getBoundingClientRect(), s = b.getBoundingClientRect();
                const across = r.left < s.right - 1 && s.left < r.right - 1;
                if (across && r.top < s.bottom - 1 && s.top < r.bottom - 1)
                    overlaps.push(`${a.outerHTML.slice(0, 60)} / ${b.outerHTML.slice(0, 60)}`);
            }));
        }
        return {left: box.left, right: box.right, width: innerWidth,
                scrolls: dialog.scrollWidth > dialog.clientWidth, outside, overlaps};
    }""")
    assert layout["left"] >= 0, layout
    assert layout["right"] <= layout["width"], layout
    assert not layout["scrolls"], layout
    assert not layout["outside"], layout
    assert not layout["overlaps"], layout
    page.screenshot(path=str(folder / f"{name}.png"))


def test_a_call_with_the_recruiter_and_a_thank_you_sent_earlier_then_corrected(
        browser, base_url, tmp_path):
    shots = Path(os.environ.get("FP_SHOTS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.page()
    page.set_viewport_size(PHONE)
    open_with_stored(page, base_url, DOCUMENT)
    dialog = page.locator("#fp-dialog")

    # The thank-you went out two days ago at 9:15, before it was marked.
    two_days_ago = (browser.now - timedelta(days=2)).replace(hour=9, minute=15)
    row = page.locator(".fp-row.fp-kind-thank_you")
    page.screenshot(path=str(shots / "0-agenda.png"))
    row.get_by_role("button", name="Sent earlier…").click()
    dialog.get_by_role("heading", name="Sent earlier: Acme Corp, Data Analyst",
                       exact=True).wait_for()
    assert "Send a thank-you note to Dana Lee" in dialog.inner_text()
    photograph(page, shots, "1-thank-you-sent-earlier")
    dialog.get_by_label("When you sent it").fill(two_days_ago.strftime("%Y-%m-%dT%H:%M"))
    dialog.get_by_role("button", name="Record").click()
    thank_you = {"at": "2026-11-16T09:15:00-05:00", "type": "thank_you", "contact": "dana",
                 "channel": "email"}
    stored_events_are(page, [thank_you])
    assert two_days_ago.isoformat() == thank_you["at"]
    page.locator(".fp-row.fp-kind-follow_up").wait_for()

    # A call where they spoke, from the agenda's step: with Raj, the recruiter, not Dana.
    page.locator(".fp-row.fp-kind-follow_up").get_by_role(
        "button", name="Record what happened…").click()
    dialog.get_by_role("heading", name="What happened? Acme Corp, Data Analyst",
                       exact=True).wait_for()
    who = dialog.get_by_label("Who")
    assert who.input_value() == "dana"  # the step's person, first
    assert who.locator("option").all_inner_texts() == ["Dana Lee", "Raj Patel"]
    photograph(page, shots, "2-what-happened")
    who.select_option(label="Raj Patel")
    dialog.get_by_role("button", name="Called: we spoke…").click()
    spoke_to = dialog.get_by_label("Who did you speak to?")
    spoke_to.wait_for()
    assert spoke_to.input_value() == "raj"  # the same choice, asked again beside the answer
    assert dialog.get_by_text("how did it go?").is_visible()
    photograph(page, shots, "3-we-spoke-who-and-how")
    dialog.get_by_role("button", name="Warm: real news or next steps").click()
    wait_until(page, """() => JSON.parse(localStorage.getItem("followup-planner"))
        .applications[0].events.length === 2""")
    call = events(page)[1]
    assert {k: call[k] for k in ("type", "channel", "tone", "contact")} == {
        "type": "reply", "channel": "phone", "tone": "warm", "contact": "raj"}
    assert page.locator(".fp-card .fp-summary").inner_text().startswith("They replied warmly.")

    # The thank-you's time, corrected afterwards from the history.
    page.locator(".fp-facts summary").click()
    history = page.locator(".fp-facts .fp-history")
    assert history.locator("li").all_inner_texts()[1].startswith(
        "Mon 16 Nov, 9:15 am: Thank-you sent to Dana Lee")
    history.get_by_role("button",
                        name='Edit "Thank-you sent to Dana Lee" (Mon 16 Nov, 9:15 am)').click()
    dialog.get_by_role("heading", name="Edit: Acme Corp, Data Analyst",
                       exact=True).wait_for()
    when = dialog.get_by_label("When")
    assert when.input_value() == "2026-11-16T09:15"
    assert dialog.get_by_label("How").input_value() == "email"
    assert dialog.get_by_label("Who").input_value() == "dana"
    photograph(page, shots, "4-edit-the-thank-you")
    # A time still to come is refused in the dialog, and nothing changes.
    when.fill((browser.now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    dialog.get_by_role("button", name="Save").click()
    dialog.locator(".fp-form-error").get_by_text("is still to come").wait_for()
    photograph(page, shots, "5-edit-refused")
    assert events(page)[0] == thank_you
    when.fill("2026-11-16T08:40")
    dialog.get_by_role("button", name="Save").click()
    page.locator("#fp-live", has_text="Corrected").wait_for()
    stored_events_are(page, [{**thank_you, "at": "2026-11-16T08:40:00-05:00"}, call])
    entries = history.locator("li").all_inner_texts()
    assert entries[0].startswith("Wed 18 Nov, 10")  # the page's clock, as it ticks
    assert "Reply received by phone (warm) from Raj Patel" in entries[0]
    assert entries[1].startswith("Mon 16 Nov, 8:40 am: Thank-you sent to Dana Lee")
    assert "9:15" not in history.inner_text()
    history.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "6-history.png"))
