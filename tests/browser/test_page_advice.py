"""What a candidate records and keeps, in real Chromium: what happened earlier (with a note),
a call where they spoke, the country asked on first use, and a draft kept across a reload."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import TIMEZONE, open_planner, open_with_stored, page_now, stored
from helpers import app, event, raw

pytestmark = pytest.mark.browser



def test_the_first_interview_asks_for_the_country_with_a_guess(browser, base_url):
    page = open_planner(browser.page(), base_url)  # en-US
    page.get_by_role("button", name="Add the interview").click()
    dialog = page.locator("#fp-dialog")
    country = dialog.get_by_label("Your country, for public holidays")
    assert country.input_value() == "US"
    dialog.get_by_label("Company").fill("Initech")
    dialog.get_by_role("button", name="Add", exact=True).click()
    page.locator("#fp-live", has_text="Added Initech").wait_for()
    assert stored(page)["settings"]["country"] == "US"
    page.get_by_role("button", name="Add an interview").click()
    assert dialog.get_by_label("Your country, for public holidays").count() == 0  # asked once


def test_the_country_guess_follows_the_time_zone_before_the_language(browser_at, base_url):
    # An en-US browser in Singapore: the zone says where the user is.
    singapore = browser_at(datetime(2026, 11, 27, 16, 30, tzinfo=ZoneInfo("Asia/Singapore")),
                           timezone="Asia/Singapore")
    page = open_planner(singapore.page(), base_url)
    page.get_by_role("button", name="Add the interview", exact=True).click()
    assert page.locator("#fp-dialog").get_by_label(
        "Your country, for public holidays").input_value() == "SG"


def test_a_call_where_they_spoke_is_recorded_earlier_as_a_reply_with_a_note(browser,
                                                                            base_url):
    page = browser.page()  # Wed 18 Nov 2026, 10 am, New York
    open_with_stored(page, base_url, raw(app(events=[
        event("thank_you", "2026-11-09 09:00", contact="dana")],
        interviews=[{"id": "r1", "ends_at": "2026-11-06T15:00:00-05:00", "with": ["dana"]}])))
    page.get_by_role("button", name="Record what happened…").click()
    dialog = page.locator("#fp-dialog")
    # It opens at the page's current minute (the clock started at 10:00 and keeps ticking).
    shown = datetime.fromisoformat(dialog.get_by_label("When").input_value())
    assert abs(shown.replace(tzinfo=ZoneInfo(TIMEZONE)) - page_now(page)) < timedelta(minutes=2)
    dialog.get_by_label("When").fill("2026-11-17T16:30")
    dialog.get_by_label("Note (optional)").fill("Dana says the team meets Friday")
    dialog.get_by_role("button", name="Called: we spoke…").click()
    dialog.get_by_text("how did it go?").wait_for()
    dialog.get_by_role("button", name="Warm: real news or next steps").click()
    page.locator("#fp-live", has_text="Recorded").wait_for()
    last = stored(page)["applications"][0]["events"][-1]
    assert last == {"at": "2026-11-17T16:30:00-05:00", "type": "reply", "channel": "phone",
                    "tone": "warm", "contact": "dana", "note": "Dana says the team meets Friday"}
    assert page.locator('ul[data-group="waiting"]').count() == 1  # a warm answer: their turn
    # What is still to come cannot be recorded.
    page.locator(".fp-facts summary").click()
    page.get_by_role("button", name="They replied…").click()
    dialog.get_by_label("How did it sound?").select_option("warm")
    assert dialog.get_by_label("Who").input_value() == "dana"
    dialog.get_by_label("When").fill("2026-11-19T09:00")
    dialog.get_by_role("button", name="Record").click()
    dialog.locator(".fp-form-error").get_by_text("is still to come").wait_for()
    assert len(stored(page)["applications"][0]["events"]) == 2  # nothing was recorded


def test_an_edited_draft_is_kept_across_a_reload_until_the_step_is_done(browser, base_url):
    page = browser.page()
    open_with_stored(page, base_url, raw(app()))
    row = page.locator(".fp-row.fp-kind-thank_you")
    row.get_by_role("button", name="Draft thank-you").click()
    dialog = page.locator("#fp-dialog")
    body = dialog.get_by_label("Message")
    original = body.input_value()
    # Under the title, which application it is about (two roles at one company differ).
    assert dialog.locator(".fp-draft > .fp-note").first.inner_text() == "Acme Corp, Data Analyst"
    body.fill(original.replace("Dear Dana,", "Hi Dana,") + "\nP.S. [the report]\n")
    dialog.get_by_role("button", name="Close").click()
    page.locator("#fp-live", has_text="Your draft is kept").wait_for()

    page.reload()
    open_planner(page, base_url)
    page.locator(".fp-row.fp-kind-thank_you").get_by_role("button",
                                                          name="Draft thank-you").click()
    assert dialog.get_by_label("Message").input_value().startswith("Hi Dana,")
    assert "[the report]" in dialog.locator(".fp-gaps").inner_text()
    dialog.get_by_role("button", name="Start again from the planner's words").click()
    assert dialog.get_by_label("Message").input_value() == original
    dialog.get_by_label("Message").fill("Hi Dana, my own words again.")
    dialog.get_by_role("button", name="Close").click()
    page.locator("#fp-live", has_text="Your draft is kept").wait_for()
    page.locator(".fp-row.fp-kind-thank_you").get_by_role("button", name="Mark as sent").click()
    page.locator("#fp-live", has_text="Recorded").wait_for()
    assert "drafts" not in stored(page)["applications"][0]  # done: the words are let go


def test_an_offer_ends_as_an_offer_with_its_own_note(browser, base_url):
    page = browser.page()
    open_with_stored(page, base_url, raw(app(events=[
        event("thank_you", "2026-11-09 09:00", contact="dana"),
        event("reply", "2026-11-17 10:00", tone="offer", contact="dana")],
        interviews=[{"id": "r1", "ends_at": "2026-11-06T15:00:00-05:00", "with": ["dana"]}])))
    page.locator("#fp-archive > summary").click()  # ended: in the archive, folded
    closed = page.locator('ul[data-group="ended"]')
    assert "Offer received on Tue 17 Nov" in closed.inner_text()
    assert "Congratulations" in closed.inner_text()
    assert "moved on" not in closed.inner_text().lower()
    assert page.locator("h3.fp-group-ended").inner_text().startswith("Closed")
    closed.get_by_role("button", name="Draft a closing note").click()
    dialog = page.locator("#fp-dialog")
    assert dialog.get_by_label("Subject").input_value().startswith("Thank you for the offer")
    assert "[the date you will answer by]" in dialog.locator(".fp-gaps").inner_text()


def test_a_gentler_plan_is_chosen_in_your_details(browser, base_url):
    page = browser.page()
    open_with_stored(page, base_url, raw(app(events=[
        event("thank_you", "2026-11-10 09:00", contact="dana")],
        interviews=[{"id": "r1", "ends_at": "2026-11-09T15:00:00-05:00", "with": ["dana"]}])))
    assert "(1st of 3)" in page.locator(".fp-row.fp-kind-follow_up").inner_text()
    page.get_by_role("button", name="Your details").click()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_label("Follow-ups at most").select_option("2")
    dialog.get_by_label("Days between follow-ups").fill("10")
    dialog.get_by_role("button", name="Save").click()
    page.locator("#fp-live", has_text="Saved your details").wait_for()
    assert "(1st of 2)" in page.locator(".fp-row.fp-kind-follow_up").inner_text()
    settings = stored(page)["settings"]
    assert (settings["max_follow_ups"], settings["spacing_days"]) == (2, 10)


def test_a_second_contact_on_one_day_is_told_before_it_is_kept(browser, base_url):
    page = browser.page()  # Wed 18 Nov 2026, 10 am, New York
    open_with_stored(page, base_url, raw(app(events=[
        event("thank_you", "2026-11-18 09:00", contact="dana")])))
    events = lambda: stored(page)["applications"][0]["events"]  # noqa: E731
    page.get_by_role("button", name="Record what happened…").click()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_role("button", name="Called: left a voicemail").click()
    # Before anything is saved, the user hears which rule it goes against.
    dialog.get_by_role("heading", name="Record it anyway?").wait_for()
    dialog.get_by_text("You sent your thank-you to Acme Corp today. The method says not to "
                       "follow up on the day of the thank-you (R10).").wait_for()
    guide = dialog.get_by_role("link", name="Read the guide (R10: Never more than once a day)")
    assert guide.get_attribute("href") == "../how-many-times/#r10"
    assert len(events()) == 1
    dialog.get_by_role("button", name="Don't record").click()
    assert len(events()) == 1

    # It happened: recorded anyway (this time from the card), and the plan goes on from it.
    page.locator(".fp-facts summary").click()
    page.get_by_role("button", name="You got in touch…").click()
    dialog.get_by_role("button", name="Called: left a voicemail").click()
    dialog.get_by_role("button", name="Record anyway").click()
    page.locator("#fp-live", has_text="Recorded").wait_for()
    assert [(e["type"], e.get("outcome")) for e in events()] == [
        ("thank_you", None), ("follow_up", "voicemail")]
    assert "(2nd of 3)" in page.locator(".fp-row.fp-kind-follow_up").first.inner_text()


def test_each_interviewer_has_an_email_and_notes_and_their_own_thank_you(browser, base_url):
    page = open_planner(browser.page(), base_url)  # Wed 18 Nov 2026, 10 am, New York
    page.get_by_role("button", name="Add the interview").click()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_label("Company").fill("Initech")
    dialog.get_by_label("Who interviewed you").fill("Dana Lee")
    dialog.get_by_label("Their email (optional)").fill("dana@initech.example")
    dialog.get_by_role("button", name="Add another interviewer").click()
    dialog.get_by_label("Interviewer 2", exact=True).fill("Raj Patel")
    dialog.get_by_label("Interviewer 2's email (optional)").fill("raj@initech.example")
    dialog.get_by_label("When the interview ended").fill("2026-11-17T15:00")
    dialog.get_by_role("button", name="Add", exact=True).click()
    page.locator("#fp-live", has_text="Added Initech").wait_for()
    assert [(c["name"], c["email"]) for c in stored(page)["applications"][0]["contacts"]] == [
        ("Dana Lee", "dana@initech.example"), ("Raj Patel", "raj@initech.example")]

    # A second round with someone new, then notes on the first round, which stays editable.
    card = page.locator(".fp-card", has_text="Initech")
    card.get_by_text("Facts and history").click()
    card.get_by_role("button", name="Add a round…").click()
    dialog.get_by_label("Who interviewed you").fill("Kim Park")
    dialog.get_by_label("Their email (optional)").fill("kim@initech.example")
    dialog.get_by_label("When it ended").fill("2026-11-18T09:00")
    dialog.get_by_role("button", name="Add", exact=True).click()
    page.locator("#fp-live", has_text="Added the interview").wait_for()
    card.get_by_role("button", name="Notes on Round 1, ended Tue 17 Nov, 3 pm").click()
    dialog.get_by_label("What you talked about with Dana Lee").fill("our talk about the Q3 report")
    dialog.get_by_role("button", name="Save").click()
    page.locator("#fp-live", has_text="Saved the interview").wait_for()
    first = stored(page)["applications"][0]["interviews"][0]
    assert first["discussed"] == {"dana-lee": "our talk about the Q3 report"}

    # Each person's draft is addressed to them and recalls what you discussed with them.
    card.get_by_role("button", name="Notes on Round 2, ended Wed 18 Nov, 9 am").click()
    dialog.get_by_label("What you talked about with Kim Park").fill("the data platform roadmap")
    dialog.get_by_role("button", name="Save").click()
    page.locator("#fp-live", has_text="Saved the interview").wait_for()
    # Dana and Raj are still owed round 1's notes (within its 36 hours); Kim, round 2's.
    assert page.locator(".fp-row.fp-kind-thank_you").count() == 3
    page.locator(".fp-row.fp-kind-thank_you", has_text="Kim Park").get_by_role(
        "button", name="Draft thank-you").click()
    assert "I especially enjoyed the data platform roadmap." in dialog.get_by_label(
        "Message").input_value()
    assert "kim%40initech.example" in dialog.locator("#fp-mailto").get_attribute("href")
    dialog.get_by_role("button", name="Close").click()
    # From the card, a contact is credited to the person chosen.
    card.get_by_role("button", name="You got in touch…").click()
    dialog.get_by_label("Who").select_option(label="Raj Patel")
    dialog.get_by_role("button", name="Email sent").click()
    page.locator("#fp-live", has_text="Recorded").wait_for()
    assert stored(page)["applications"][0]["events"][-1]["contact"] == "raj-patel"


def test_an_application_with_no_interview_yet_gets_its_follow_ups(browser, base_url):
    page = open_planner(browser.page(), base_url)  # Wed 18 Nov 2026, 10 am, New York
    page.get_by_role("button", name="Add the interview", exact=True).click()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_role("button", name="Add the application instead").click()
    dialog.get_by_role("heading", name="Add an application").wait_for()
    assert dialog.get_by_label("Applied on").input_value() == "2026-11-18"
    dialog.get_by_label("Company").fill("Globex")
    dialog.get_by_label("Applied on").fill("2026-11-16")
    dialog.get_by_label("Who to follow up with (optional)").fill("Ana Ruiz")
    dialog.get_by_label("Their email (optional)").fill("ana@globex.example")
    dialog.get_by_role("button", name="Add", exact=True).click()
    page.locator("#fp-live", has_text="Added Globex").wait_for()
    saved = stored(page)["applications"][0]
    assert (saved["applied_on"], saved["interviews"]) == ("2026-11-16", [])
    row = page.locator(".fp-row.fp-kind-follow_up")
    assert "Follow up with Ana Ruiz (1st of 3)" in row.inner_text()
    assert "Mon 23 \u2013 Wed 25 Nov" in row.inner_text()
