"""What an application was sent with: the posting's link and the résumé version, entered in
its facts, shown on its card (the link opens the posting) and kept in the data."""

from __future__ import annotations

from conftest import Browser, open_with_stored, stored
from helpers import app, raw


def test_the_posting_and_the_resume_sent_are_kept_and_shown(browser: Browser) -> None:
    page = open_with_stored(browser.page(), browser.base_url, raw(app()))
    card = page.locator(".fp-card[data-app=acme]")
    card.locator(".fp-facts summary").click()
    assert "Applied with" not in card.inner_text()
    card.get_by_role("button", name="Edit facts…").click()
    dialog = page.locator("#fp-dialog")
    dialog.get_by_label("The job posting (link)").fill("https://jobs.example/acme/42")
    dialog.get_by_label("Résumé sent").fill("Data analyst, v3")
    dialog.get_by_role("button", name="Save").click()
    page.locator("#fp-live").get_by_text("Saved Acme Corp.").wait_for()
    (kept,) = stored(page)["applications"]
    assert (kept["posting_url"], kept["resume"]) == ("https://jobs.example/acme/42",
                                                     "Data analyst, v3")
    card.locator(".fp-facts").get_by_text("Résumé: Data analyst, v3").wait_for()
    link = card.get_by_role("link", name="the job posting")
    assert link.get_attribute("href") == "https://jobs.example/acme/42"
    assert link.get_attribute("rel") == "noopener noreferrer"
    # Not a web address (a pasted address without its scheme, or worse): accepted by the form,
    # shown as text, never as a link.
    card.get_by_role("button", name="Edit facts…").click()
    dialog.get_by_label("The job posting (link)").fill("javascript:alert(1)")
    dialog.get_by_role("button", name="Save").click()
    page.locator("#fp-live").get_by_text("Saved Acme Corp.").wait_for()
    card.locator(".fp-facts").get_by_text("the job posting: javascript:alert(1)").wait_for()
    assert card.get_by_role("link", name="the job posting").count() == 0
    # Emptied, it leaves the data.
    card.get_by_role("button", name="Edit facts…").click()
    dialog.get_by_label("The job posting (link)").fill("")
    dialog.get_by_role("button", name="Save").click()
    card.locator(".fp-facts").get_by_text("the job posting").wait_for(state="detached")
    (kept,) = stored(page)["applications"]
    assert "posting_url" not in kept
