"""Public holidays in the browser come from the site's table, never from importing the
``holidays`` package, and they move the plan exactly as the command line's package does."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import open_with_stored, shows

pytestmark = pytest.mark.browser

#: (country, zone, interview ended, thank-you sent, now): each first follow-up falls on or
#: beside that country's holidays (Thanksgiving; Christmas and a Boxing Day moved to Monday;
#: Golden Week; Ascension and Whit Monday).
CASES = {
    "US": ("America/New_York", "2026-11-18T15:00", "2026-11-19T09:00", "2026-11-20T10:00"),
    "GB": ("Europe/London", "2026-12-17T15:00", "2026-12-18T09:00", "2026-12-21T10:00"),
    "JP": ("Asia/Tokyo", "2027-04-21T15:00", "2027-04-22T09:00", "2027-04-23T10:00"),
    "DE": ("Europe/Berlin", "2027-05-05T15:00", "2027-05-06T09:00", "2027-05-07T10:00"),
}


def local(text: str, zone: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def document(country: str | None, zone: str, ended: str, sent: str) -> dict:
    settings: dict = {"timezone": zone, "candidate": {"name": "Sam Rivera"}}
    if country:
        settings["country"] = country
    return {
        "format": "followup-planner", "version": 1, "settings": settings,
        "applications": [{
            "id": "acme", "company": "Acme", "role": "Data Analyst",
            "contacts": [{"id": "dana", "name": "Dana Lee", "email": "dana@acme.example"}],
            "interviews": [{"id": "r1", "ends_at": local(ended, zone).isoformat(),
                            "with": ["dana"]}],
            "events": [{"at": local(sent, zone).isoformat(), "type": "thank_you",
                        "contact": "dana", "channel": "email"}],
        }],
    }


def command_line_first_follow_up(doc: dict, now: datetime, tmp_path: Path) -> dict:
    """The first follow-up of ``followup plan --json`` (the package, imported directly)."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    done = subprocess.run([sys.executable, "-m", "followup", "plan", str(path), "--json",
                           "--now", now.isoformat()],
                          capture_output=True, text=True, check=True)
    return next(a for a in json.loads(done.stdout)["actions"] if a["kind"] == "follow_up")


@pytest.mark.parametrize("country", CASES)
def test_the_first_agenda_has_the_holidays_without_loading_the_package(
        country, browser_at, base_url, tmp_path):
    zone, ended, sent, now_text = CASES[country]
    now = local(now_text, zone)
    doc = document(country, zone, ended, sent)
    expected = command_line_first_follow_up(doc, now, tmp_path)
    # The holidays matter here: without the country, the command line plans another window.
    unaware = command_line_first_follow_up(document(None, zone, ended, sent), now, tmp_path)
    assert (unaware["earliest"], unaware["latest"]) != (expected["earliest"], expected["latest"])

    browser = browser_at(now, timezone=zone)
    # The service worker downloads every file for the offline copy, that wheel included;
    # what matters is whether the page (or its worker) asked for it.
    asked: list[str] = []
    browser.context.on("request", lambda r: r.service_worker or asked.append(r.url))
    page = open_with_stored(browser.page(), base_url, doc)
    window = page.locator(".fp-row.fp-kind-follow_up").first.locator(".fp-window").inner_text()
    earliest = datetime.fromisoformat(expected["earliest"]).astimezone(ZoneInfo(zone))
    latest = datetime.fromisoformat(expected["latest"]).astimezone(ZoneInfo(zone))
    assert shows(window, earliest, month=False), (window, expected)
    assert shows(window, latest, month=False), (window, expected)
    if country == "US":  # Thanksgiving, Thu 26 Nov 2026: the week starts on Fri 27
        assert (earliest.day, latest.day, latest.month) == (27, 1, 12)
    assert any(url.endswith("/holidays.json") for url in asked)
    assert any(url.endswith(".whl") for url in asked)  # the page's own wheels are seen
    wheels = [url for url in asked if "/holidays-" in url and url.endswith(".whl")]
    assert not wheels, f"the holidays package was downloaded: {wheels}"
