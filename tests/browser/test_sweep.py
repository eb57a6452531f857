"""The sweep of quiet applications: several past their last follow-up with no answer are
named in one box; one tap moves on from all of them, and Undo brings them back."""

from __future__ import annotations

from typing import Any

from conftest import READY_TIMEOUT_MS, SHIFT_SO_FAR, SHIFTS, Browser, open_with_stored
from helpers import app, event, raw


def quiet(app_id: str, company: str) -> dict[str, Any]:
    """Three follow-ups in October, no answer: on DEFAULT_NOW (18 Nov) its "Move on" is due."""
    return app(id=app_id, company=company,
               contacts=[{"id": "p", "name": "Pat Doe", "email": "pat@example.org"}],
               interviews=[{"id": "r1", "ends_at": "2026-10-01T15:00:00-04:00", "with": ["p"]}],
               events=[event("thank_you", "2026-10-01 18:00", contact="p"),
                       *(event("follow_up", f"2026-10-{day} 10:00", contact="p")
                         for day in ("08", "15", "22"))])


DOCUMENT = raw(app(), quiet("globex", "Globex"), quiet("hooli", "Hooli"),
               quiet("umbrella", "Umbrella"))


def move_on_rows(page: Any) -> list[str]:
    return page.locator(".fp-agenda .fp-row.fp-kind-move_on").evaluate_all(
        "(rows) => rows.map((r) => r.dataset.app)")


def test_one_tap_moves_on_from_every_quiet_application_and_undo_brings_them_back(
        browser: Browser) -> None:
    page = open_with_stored(browser.page(), browser.base_url, DOCUMENT)
    box = page.locator(".fp-sweep")
    assert "3 applications went quiet after every follow-up: Globex, Hooli, Umbrella." in (
        " ".join(box.inner_text().split()))
    assert move_on_rows(page) == ["globex", "hooli", "umbrella"]
    box.get_by_role("button", name="Move on from all 3").click()
    live = page.locator("#fp-live")
    live.get_by_text("Moved on from 3 applications: Globex, Hooli, Umbrella.").wait_for()
    assert box.count() == 0
    assert move_on_rows(page) == []
    # They leave the agenda for the archive, folded below the cards.
    archive = page.locator("#fp-archive")
    assert archive.evaluate("(d) => d.open") is False
    closed = archive.locator('ul[data-group="ended"] .fp-row')
    assert closed.evaluate_all("(rows) => rows.map((r) => r.dataset.app)") == [
        "globex", "hooli", "umbrella"]
    assert page.locator(".fp-agenda .fp-row[data-app=globex]").count() == 0
    assert page.locator(".fp-row.fp-kind-thank_you[data-app=acme]").count() == 1  # untouched
    live.get_by_role("button", name="Undo").click()
    live.get_by_text("Reopened 3 applications: Globex, Hooli, Umbrella.").wait_for()
    page.locator(".fp-sweep").wait_for()
    assert move_on_rows(page) == ["globex", "hooli", "umbrella"]


def test_a_single_quiet_application_has_no_sweep(browser: Browser) -> None:
    page = open_with_stored(browser.page(), browser.base_url, raw(app(), quiet("globex", "Globex")))
    assert move_on_rows(page) == ["globex"]
    assert page.locator(".fp-sweep").count() == 0


def test_the_sweep_is_in_the_saved_plan_too_so_nothing_moves(browser: Browser) -> None:
    browser.context.add_init_script(script=SHIFTS)
    page = browser.page()
    page.set_viewport_size({"width": 375, "height": 823})
    open_with_stored(page, browser.base_url, DOCUMENT)
    page.reload()
    page.wait_for_selector("#fp-app[data-ready=true][data-cached=false] #fp-main > *",
                           state="attached", timeout=READY_TIMEOUT_MS)
    assert page.locator(".fp-sweep").count() == 1
    assert page.evaluate(SHIFT_SO_FAR) <= 0.02
