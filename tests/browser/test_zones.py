"""Time zones in the browser: the site's packed copy of the tz database (one gzipped file,
made from the pinned tzdata wheel) gives every zone without unpacking the tzdata package;
without that file, the package loads when a zone is asked for. Either way the plan is the
command line's."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from test_holidays import command_line_first_follow_up, document, local

from conftest import open_with_stored, shows

pytestmark = pytest.mark.browser

BROWSER_ZONE = "Asia/Tokyo"


@pytest.mark.parametrize(("zone", "packed"), [(BROWSER_ZONE, True), ("America/Sao_Paulo", True),
                                              ("America/Sao_Paulo", False)])
def test_zones_come_from_the_sites_packed_copy_or_else_from_the_package(
        zone, packed, browser_at, base_url, tmp_path):
    ended, sent, now_text = "2026-11-18T15:00", "2026-11-19T09:00", "2026-11-20T10:00"
    now = local(now_text, zone)
    doc = document(None, zone, ended, sent)
    expected = command_line_first_follow_up(doc, now, tmp_path)

    browser = browser_at(now, timezone=BROWSER_ZONE)
    asked: list[str] = []  # by the page and its worker (the offline copy's requests aside)
    browser.context.on("request", lambda r: r.service_worker or asked.append(r.url))
    if not packed:
        browser.context.route("**/zones.gz", lambda route: route.fulfill(status=410))
    page = open_with_stored(browser.page(), base_url, doc)
    window = page.locator(".fp-row.fp-kind-follow_up").first.locator(".fp-window").inner_text()
    for moment in (expected["earliest"], expected["latest"]):
        assert shows(window, datetime.fromisoformat(moment).astimezone(ZoneInfo(zone)),
                     month=False), (window, expected)
    assert any(url.endswith("/zones.gz") for url in asked)
    # No request names a zone (the page's or the document's).
    assert not [url for url in asked if "Tokyo" in url or "Sao_Paulo" in url]
    wheels = [url for url in asked if "/tzdata-" in url and url.endswith(".whl")]
    if packed:
        assert not wheels, f"the tz database's package was downloaded: {wheels}"
    else:
        assert wheels, asked
        # The refusal is the fault this test injects; the failed request is its echo.
        browser.errors[:] = [e for e in browser.errors if "410" not in e]
