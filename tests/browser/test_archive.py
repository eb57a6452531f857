"""The archive: applications that ended leave the agenda and the cards above for a folded
section that keeps their history; one that was moved on from comes back with Reopen."""

from __future__ import annotations

from conftest import Browser, open_with_stored
from helpers import app, event, raw

DOCUMENT = raw(
    app(),
    app(id="initech", company="Initech", contacts=[{"id": "bo", "name": "Bo Chen"}],
        interviews=[{"id": "r1", "ends_at": "2026-11-06T15:00:00-05:00", "with": ["bo"]}],
        events=[event("thank_you", "2026-11-06 18:00", contact="bo"),
                event("reply", "2026-11-16 09:30", tone="rejection", contact="bo")]),
    app(id="globex", company="Globex", closed=True, contacts=[{"id": "al", "name": "Al Ruiz"}],
        interviews=[{"id": "r1", "ends_at": "2026-11-02T15:00:00-05:00", "with": ["al"]}],
        events=[event("thank_you", "2026-11-02 18:00", contact="al")]),
)


def test_ended_applications_are_archived_with_their_history_and_come_back(
        browser: Browser) -> None:
    page = open_with_stored(browser.page(), browser.base_url, DOCUMENT)
    archive = page.locator("#fp-archive")
    title = page.locator("#fp-archive-title")
    assert " ".join(title.inner_text().split()) == "Archive (2)"
    assert archive.evaluate("(d) => d.open") is False  # folded: out of the way
    # Above it, only what is open: the agenda and the cards.
    above = page.locator(".fp-agenda .fp-row[data-app], #fp-main > .fp-card")
    assert set(above.evaluate_all("(els) => els.map((e) => e.dataset.app)")) == {"acme"}
    archive.locator("> summary").click()
    rejected = archive.locator(".fp-card[data-app=initech]")
    rejected.locator(".fp-facts summary").click()
    history = rejected.locator(".fp-history").inner_text()
    assert "Mon 16 Nov, 9:30 am: Reply received (rejection) from Bo Chen" in history, history
    assert "Fri 6 Nov, 6 pm: Thank-you sent to Bo Chen" in history, history
    # Moved on from, it comes back with Reopen.
    moved_on = archive.locator(".fp-card[data-app=globex]")
    moved_on.locator(".fp-facts summary").click()
    moved_on.get_by_role("button", name="Reopen").click()
    page.locator("#fp-live").get_by_text("Reopened Globex").wait_for()
    page.locator("#fp-main > .fp-card[data-app=globex]").wait_for()
    assert " ".join(title.inner_text().split()) == "Archive (1)"
    assert page.locator(".fp-agenda .fp-row[data-app=globex]").count() >= 1
