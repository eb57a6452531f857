"""The plan follows the interviewer's clues at once, and moving on sends nothing: on a phone.

At 375 px, as most job seekers use it. Screenshots go to ``--basetemp``'s folder, to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import open_with_stored, stored, wait_until
from helpers import app, event, raw

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}



def test_a_decision_date_six_weeks_out_moves_the_follow_ups_at_once(browser, base_url,
                                                                     tmp_path: Path):
    page = browser.page()
    page.set_viewport_size(PHONE)
    open_with_stored(page, base_url, raw(app(events=[
        event("thank_you", "2026-11-18 09:00", contact="dana")])))
    row = page.locator(".fp-row.fp-kind-follow_up")
    assert row.locator(".fp-window").inner_text() == "Wed 25 \u2013 Fri 27 Nov"
    page.get_by_text("Facts and history").click()
    page.get_by_role("button", name="Edit facts…").click()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_label("Decision expected on").fill("2026-12-30")
    page.screenshot(path=str(tmp_path / "decision-dialog-375.png"))
    dialog.get_by_role("button", name="Save").click()
    page.locator("#fp-live", has_text="Saved Acme Corp").wait_for()
    assert stored(page)["applications"][0]["decision_expected"] == "2026-12-30"
    # No follow-up before they decide: the first waits until the day before the decision.
    wait_until(page, """() => document.querySelector('.fp-row.fp-kind-follow_up .fp-window')
        ?.textContent === 'Tue 29 \u2013 Thu 31 Dec'""")
    row.get_by_text("Why?").click()
    assert "They expect to decide Wed 30 Dec" in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "decision-moved-375.png"), full_page=True)


def test_moving_on_offers_no_message_and_records_that_you_moved_on(browser, base_url,
                                                                  tmp_path: Path):
    page = browser.page()
    page.set_viewport_size(PHONE)
    sent = {"contact": "dana", "channel": "email", "outcome": "sent"}
    open_with_stored(page, base_url, raw(app(
        interviews=[{"id": "r1", "ends_at": "2026-10-13T15:00:00-04:00", "with": ["dana"]}],
        events=[event("thank_you", "2026-10-14 09:00", contact="dana"),
                event("follow_up", "2026-10-21 10:00", **sent),
                event("follow_up", "2026-10-28 10:00", **sent),
                event("follow_up", "2026-11-04 10:00", **sent)])))
    row = page.locator(".fp-row.fp-kind-move_on")
    row.wait_for()
    page.screenshot(path=str(tmp_path / "move-on-row-375.png"), full_page=True)
    buttons = row.get_by_role("button").all_inner_texts()
    # Its one action: no draft, and nothing to record (there is nothing to send).
    assert buttons == ["Move on"], buttons
    row.get_by_role("button", name="Move on").click()
    page.locator("#fp-live", has_text="Moved on from Acme Corp, Data Analyst.").wait_for()
    assert stored(page)["applications"][0]["closed"] is True
    page.locator("#fp-archive > summary").click()  # ended: in the archive, folded
    ended = page.locator('ul[data-group="ended"]')
    assert "Closed: you have moved on" in ended.inner_text()
    assert ended.get_by_role("button", name="Draft a closing note").count() == 0
    page.screenshot(path=str(tmp_path / "moved-on-375.png"), full_page=True)


def test_a_draft_to_someone_without_an_address_shows_the_gap_on_its_to_line(browser,
                                                                           base_url):
    page = browser.page()
    page.set_viewport_size(PHONE)
    open_with_stored(page, base_url, raw(app(contacts=[{"id": "dana", "name": "Dana Lee"}])))
    page.locator(".fp-row.fp-kind-thank_you").get_by_role("button",
                                                          name="Draft thank-you").click()
    dialog = page.locator("#fp-dialog")
    to = dialog.locator(".fp-to-gap mark")
    assert to.inner_text() == "[Dana Lee's email address]"
    assert "[Dana Lee's email address]" in dialog.locator(".fp-gaps").inner_text()


def test_a_recruiter_added_on_the_page_gets_the_thank_you_to_pass_on(browser, base_url,
                                                                     tmp_path: Path):
    """The interviewer left no address; the user adds the recruiter with "Their part":
    the thank-you's draft then goes to the recruiter, asking them to pass it on."""
    page = browser.page()
    page.set_viewport_size(PHONE)
    open_with_stored(page, base_url, raw(app(
        contacts=[{"id": "dana", "name": "Dana Lee"}],
        interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00", "with": ["dana"]}])))
    page.get_by_text("Facts and history").click()
    page.get_by_role("button", name="Add a person…").click()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_label("Name").fill("Rita Gomez")
    dialog.get_by_label("Their part").select_option(label="Recruiter or HR")
    dialog.get_by_label("Email").fill("rita@acme.example")
    page.screenshot(path=str(tmp_path / "add-recruiter-375.png"))
    dialog.get_by_role("button", name="Save").click()
    page.locator("#fp-live", has_text="Saved Rita Gomez").wait_for()
    assert stored(page)["applications"][0]["contacts"][-1] == {
        "id": "rita-gomez", "name": "Rita Gomez", "email": "rita@acme.example",
        "role": "recruiter"}
    page.locator(".fp-facts .fp-list li", has_text="Rita Gomez (recruiter)").wait_for()
    page.locator(".fp-row.fp-kind-thank_you").get_by_role("button",
                                                          name="Draft thank-you").click()
    draft = page.locator("#fp-dialog .fp-draft")
    draft.wait_for()
    assert "To: rita@acme.example" in draft.inner_text()
    assert "pass on the note below to Dana Lee" in dialog.get_by_label("Message").input_value()
    page.screenshot(path=str(tmp_path / "recruiter-draft-375.png"))
