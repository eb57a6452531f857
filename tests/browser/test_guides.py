"""The guides in real Chromium, under the site's Content-Security-Policy."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_search_finds_a_rule_and_leads_to_its_guide(browser, base_url):
    page = browser.page()
    page.goto(base_url + "thank-you/")
    page.keyboard.press("/")  # the theme's shortcut to the search field
    page.keyboard.type("voicemail")
    result = page.locator('.md-search-result__item a[href*="how-many-times/"]').first
    result.wait_for()
    result.click()
    page.wait_for_url("**/how-many-times/**")
    assert page.get_by_role("heading", level=1).inner_text().startswith("How many times")
    assert "voicemail" in page.locator("article").inner_text()
