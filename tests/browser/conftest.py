"""Real headless Chromium (Debian's) driven by Playwright, against the built site served by a
plain static server on 127.0.0.1. Every test fails on a console error, a page error, or a
request that leaves 127.0.0.1."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

# The flags and the binary live in tests/chromium.py; imported here by their old names.
from chromium import CHROMIUM_ARGS, chromium
from static_server import serve

TIMEZONE = "America/New_York"
READY_TIMEOUT_MS = 120_000
#: Where the page's clock starts unless a test asks for another moment (``browser_at``): a
#: plain Wednesday morning, away from weekends, holidays and DST changes. The clock is
#: Playwright's, installed before any page loads; it keeps ticking, so timers work, and the
#: page hands its time to Python with every request.
DEFAULT_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo(TIMEZONE))
NO_TIME = timedelta()


def local_input(moment: datetime, zone: str) -> str:
    """A value for a datetime-local field: the wall time of ``moment`` in ``zone``."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@dataclass
class Browser:
    """One browser profile (user-data-dir) that can be closed and opened again."""

    playwright: Any
    base_url: str
    profile: Path
    width: int = 1280
    #: the moment the page's clock starts at (timezone-aware), and the browser's IANA zone
    now: datetime = DEFAULT_NOW
    timezone: str = TIMEZONE
    context: Any = None
    _started: float | None = None  # time.monotonic() at the first open
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self) -> Any:
        self.context = self.playwright.chromium.launch_persistent_context(
            str(self.profile), executable_path=chromium(), args=CHROMIUM_ARGS, headless=True,
            timezone_id=self.timezone, locale="en-US", accept_downloads=True,
            viewport={"width": self.width, "height": 900})
        # Before any page loads (about:blank included), so pages never see the real time.
        self.context.clock.install(time=self.clock())
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.context.on("page", self._watch)
        for page in self.context.pages:
            self._watch(page)
        return self.context

    def clock(self) -> datetime:
        """The page's time: ``now`` plus the real time since the first open, so a restarted
        browser goes on from where it was instead of jumping back."""
        if self._started is None:
            self._started = time.monotonic()
        return self.now + timedelta(seconds=time.monotonic() - self._started)

    def local_input(self, delta: timedelta = NO_TIME, zone: str | None = None) -> str:
        """A datetime-local value for ``now + delta`` (elapsed time, also across a DST
        change) in ``zone``: by default the browser's, which a new document takes."""
        return local_input(self.now.astimezone(UTC) + delta, zone or self.timezone)

    def _watch(self, page: Any) -> None:
        page.on("console", lambda m: m.type == "error" and self.errors.append(
            f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def page(self) -> Any:
        pages = self.context.pages
        return pages[0] if pages else self.context.new_page()

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
            self.context = None

    def check(self) -> None:
        """No console or page error, and every request stayed on the server under test."""
        assert not self.errors, "console or page errors:\n" + "\n".join(self.errors)
        outside = [u for u in self.requests
                   if not u.startswith((self.base_url, "blob:", "data:"))]
        assert not outside, f"requests left 127.0.0.1: {outside}"
        assert self.requests, "no request was recorded"


@contextmanager
def browser_on(playwright: Any, url: str) -> Iterator[Browser]:
    """An open browser with a profile of its own on the site at ``url`` (another server
    than the session's); closed, removed and checked at the end."""
    profile = Path(tempfile.mkdtemp(prefix="fp-profile-"))
    browser = Browser(playwright, url, profile)
    browser.open()
    try:
        yield browser
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    browser.check()


@pytest.fixture
def browser_at(playwright: Any, base_url: str) -> Iterator[Callable[..., Browser]]:
    """``browser_at(now, timezone="America/New_York")``: an open browser whose pages start at
    ``now`` (timezone-aware) in that IANA zone; closed and checked at teardown."""
    made: list[Browser] = []

    def make(now: datetime, timezone: str = TIMEZONE) -> Browser:
        if now.tzinfo is None:
            raise ValueError("browser_at needs a timezone-aware moment")
        profile = Path(tempfile.mkdtemp(prefix="fp-profile-"))
        b = Browser(playwright, base_url, profile, now=now, timezone=timezone)
        made.append(b)
        b.open()
        return b

    yield make
    for b in made:
        b.close()
        shutil.rmtree(b.profile, ignore_errors=True)
    for b in made:
        b.check()


@pytest.fixture
def browser(browser_at: Callable[..., Browser]) -> Browser:
    """A browser at ``DEFAULT_NOW`` in ``TIMEZONE``."""
    return browser_at(DEFAULT_NOW)


def open_planner(page: Any, base_url: str, *, wait_ready: bool = True) -> Any:
    page.goto(base_url + "planner/")
    if wait_ready:
        page.wait_for_selector("#fp-app[data-ready=true]", timeout=READY_TIMEOUT_MS)
        page.wait_for_selector("#fp-main > *", timeout=30_000)
    return page


#: Where the page keeps the user's document (localStorage).
KEY = "followup-planner"
#: Where the page keeps the plan a return visit paints first (js/paintcache.js).
CACHE_KEY = "followup-planner.first-paint"


def stored_text(page: Any) -> str | None:
    """The stored document's text, as the page wrote it (None when nothing is stored)."""
    found: str | None = page.evaluate("(key) => localStorage.getItem(key)", KEY)
    return found


def stored(page: Any) -> dict[str, Any]:
    """The stored document, read as JSON ({} when nothing is stored)."""
    text = stored_text(page)
    found: dict[str, Any] = json.loads(text) if text else {}
    return found


def open_with_stored(page: Any, base_url: str, data: str | dict[str, Any], *,
                     wait_ready: bool = True) -> Any:
    """The planner opened on ``data`` (text, or a document to write as JSON) as its stored
    data, as an earlier visit or a restore would have left it."""
    text = data if isinstance(data, str) else json.dumps(data)
    open_planner(page, base_url, wait_ready=False)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, text])
    return open_planner(page, base_url, wait_ready=wait_ready)


def wait_until(page: Any, predicate: str, arg: Any = None, *,
               timeout_ms: float = 10_000) -> Any:
    """Wait until ``predicate`` (a JavaScript function of ``arg``) returns a truthy value in
    the page, and return it.

    Not ``page.wait_for_function``: that one evaluates its text again on every poll with the
    page's ``eval``, which the planner's Content-Security-Policy refuses, so it passes only
    when the first check is already true. ``page.evaluate`` compiles the function through
    the DevTools protocol, which the policy does not govern; the polling stays here, on real
    time, whatever the page's (fake) clock does.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        value = page.evaluate(predicate, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_ms:.0f} ms waiting for {predicate}")
        page.wait_for_timeout(50)


#: An init script that lists, in every page and frame, the scripts of the workers made (the
#: theme's search has one of its own), and counts the calls the page sent to them (messages
#: with an ``id``) against the answers that came back.
WATCH_WORKERS = """
(() => {
  const Real = window.Worker;
  if (!Real) return;
  window.__workers = []; window.__asked = 0; window.__answered = 0;
  window.Worker = class extends Real {
    constructor(url, ...rest) {
      super(url, ...rest);
      window.__workers.push(String(url));
      this.addEventListener("message", (event) => {
        if (event.data && event.data.id !== undefined) window.__answered += 1;
      });
    }
    postMessage(message, ...rest) {
      if (message && message.id !== undefined) window.__asked += 1;
      return super.postMessage(message, ...rest);
    }
  };
})();
"""


def watch_workers(browser: Any) -> None:
    """Count the page's workers and calls from now on (``WATCH_WORKERS``); call before the
    page opens."""
    browser.context.add_init_script(WATCH_WORKERS)


def settled(page: Any, timeout_ms: float = 30_000) -> None:
    """Wait until Python has answered every call the page made (``watch_workers``). The store
    makes its changes one after another, the next one's call posted in the same turn as the
    last one's answer is handled, so once nothing is in flight, nothing more is on its way."""
    wait_until(page, "() => window.__asked > 0 && window.__asked === window.__answered",
               timeout_ms=timeout_ms)


def page_now(page: Any) -> datetime:
    """The page's clock (``Date.now()``, Playwright's fake), as an aware UTC datetime."""
    return datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, UTC)


def shows(text: str, moment: datetime, *, month: bool = True, hour: bool = False) -> bool:
    """Whether ``text`` names ``moment``'s wall time (weekday, day, month, hour) in both of the
    page's date wordings: Intl's "Thu, Nov 19, 3:00 PM" and Python's "Thu 19 Nov, 3 pm"
    (or "noon")."""
    parts = [rf"\b{moment:%a}\b", rf"\b{moment.day}\b"] + ([rf"\b{moment:%b}\b"] if month else [])
    if hour:
        clock = f"{moment.hour % 12 or 12}" + (f":{moment:%M}" if moment.minute else "(:00)?")
        noon = r"\bnoon\b|" if (moment.hour, moment.minute) == (12, 0) else ""
        parts.append(rf"{noon}\b{clock}\s?{moment:%p}")
    return all(re.search(part, text, re.IGNORECASE) for part in parts)


#: The page's layout shift since navigation, as Lighthouse counts it (shifts without input).
SHIFTS = """(() => {
  window.__fpShift = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__fpShift += e.value;
  }).observe({ type: "layout-shift", buffered: true });
})();"""
#: The shift so far, read after the next two frames (what the last change moved is counted).
SHIFT_SO_FAR = """() => new Promise((resolve) => requestAnimationFrame(() =>
  requestAnimationFrame(() => resolve(window.__fpShift))))"""
