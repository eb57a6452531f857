"""A document whose time zone is not the browser's: the document's zone reads the times the
user types and shows the plan's, on a fixed clock."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import DEFAULT_NOW, TIMEZONE, open_planner, page_now, shows, stored
from followup import dataformat, planner

pytestmark = pytest.mark.browser



def set_document_zone(page, zone: str) -> None:
    page.get_by_role("button", name="Your details").click()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_label("Time zone").fill(zone)
    dialog.get_by_role("button", name="Save").click()
    page.locator("#fp-live", has_text="Saved your details").wait_for()
    assert stored(page)["settings"]["timezone"] == zone


def add_interview_ending(page, company: str, ends_local: str) -> str:
    """Add an interview that ended at ``ends_local`` (typed as is); return the field's default."""
    first = page.get_by_role("button", name="Add the interview")
    (first if first.count() else page.get_by_role("button", name="Add an interview")).click()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_label("Company").fill(company)
    dialog.get_by_label("Who interviewed you").fill("Dana Lee")
    ended = dialog.get_by_label("When the interview ended")
    default = ended.input_value()
    ended.fill(ends_local)
    dialog.get_by_role("button", name="Add", exact=True).click()
    page.locator("#fp-live", has_text=f"Added {company}").wait_for()
    return default


def steps(page, kind: str) -> list[planner.Action]:
    """The package's own plan for the stored document at the page's time."""
    _, document = dataformat.load(json.dumps(stored(page)))
    return [a for a in planner.actions(document, now=page_now(page)) if a.kind.value == kind]


def check_plan_is_read_and_shown_in(page, zone: ZoneInfo, browser_zone: ZoneInfo) -> None:
    """The thank-you and, once it is sent, the first follow-up show the document's wall times,
    not the browser's."""
    (thank_you,) = steps(page, "thank_you")
    latest = thank_you.latest
    assert latest.astimezone(zone).hour != latest.astimezone(browser_zone).hour
    row = page.locator(".fp-row.fp-kind-thank_you")
    window = row.locator(".fp-window").inner_text()
    assert " \u00b7 latest " in window  # the time to act, the latest beside it
    assert shows(window, latest.astimezone(zone), hour=True), window
    assert not shows(window, latest.astimezone(browser_zone), hour=True), window

    row.get_by_role("button", name="Mark as sent").click()
    page.locator("#fp-live", has_text="Recorded").wait_for()
    first = steps(page, "follow_up")[0]
    window = page.locator(".fp-row.fp-kind-follow_up").first.locator(".fp-window").inner_text()
    assert shows(window, first.earliest.astimezone(zone), month=False), window


def test_a_paris_document_in_a_new_york_browser(browser, base_url):
    assert browser.now == DEFAULT_NOW  # Wed 18 Nov 2026, 10:00 in New York: 16:00 in Paris
    page = open_planner(browser.page(), base_url)
    set_document_zone(page, "Europe/Paris")
    default = add_interview_ending(page, "Paris SA", "2026-11-18T14:00")
    # the typed time is read on the document's clock: 14:00 in Paris, 08:00 in New York
    interview = stored(page)["applications"][0]["interviews"][0]
    assert interview["ends_at"] == "2026-11-18T14:00:00+01:00"
    check_plan_is_read_and_shown_in(page, ZoneInfo("Europe/Paris"), ZoneInfo(TIMEZONE))
    # The form's suggested end is the hour it is now on the document's clock (16:00 in
    # Paris), since that is how the form reads it. The page before the rewrite offered the
    # browser's wall time (10:00) and so recorded 10:00 in Paris: six hours off.
    assert default == browser.local_input(zone="Europe/Paris")


def test_a_new_york_document_in_a_singapore_browser(browser_at, base_url):
    # Thu 19 Nov 2026, 08:00 in Singapore: still Wed 18 Nov, 19:00 in New York
    now = datetime(2026, 11, 19, 8, 0, tzinfo=ZoneInfo("Asia/Singapore"))
    browser = browser_at(now, timezone="Asia/Singapore")
    page = open_planner(browser.page(), base_url)
    assert page.evaluate("new Date().getDate()") == 19  # the browser's own wall clock
    set_document_zone(page, TIMEZONE)
    default = add_interview_ending(page, "Gotham Inc", "2026-11-18T17:00")
    interview = stored(page)["applications"][0]["interviews"][0]
    assert interview["ends_at"] == "2026-11-18T17:00:00-05:00"
    check_plan_is_read_and_shown_in(page, ZoneInfo(TIMEZONE), ZoneInfo("Asia/Singapore"))
    # the first follow-up counts its week from the document's day (Wed 18), not Thu 19
    first = steps(page, "follow_up")[0]
    assert first.earliest.astimezone(ZoneInfo(TIMEZONE)).date().isoformat() == "2026-11-25"
    assert default == browser.local_input(zone=TIMEZONE)  # 19:00, not Singapore's 08:00
