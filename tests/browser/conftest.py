"""Real headless Chromium (Debian's) driven by Playwright, against the built site served by a
plain static server on 127.0.0.1. Every test fails on a console error, a page error, or a
request that leaves 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from static_server import serve

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TIMEZONE = "America/New_York"
READY_TIMEOUT_MS = 120_000


def chromium() -> str:
    """Debian's chromium, or the binary named by $CHROMIUM (the Pages workflow sets it)."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not found:
        pytest.fail("Debian's chromium is not installed (scripts/setup.sh installs it)")
    return found


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
    context: Any = None
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self) -> Any:
        self.context = self.playwright.chromium.launch_persistent_context(
            str(self.profile), executable_path=chromium(), args=CHROMIUM_ARGS, headless=True,
            timezone_id=TIMEZONE, locale="en-US", accept_downloads=True,
            viewport={"width": self.width, "height": 900})
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.context.on("page", self._watch)
        for page in self.context.pages:
            self._watch(page)
        return self.context

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


@pytest.fixture
def browser(playwright: Any, base_url: str) -> Iterator[Browser]:
    profile = Path(tempfile.mkdtemp(prefix="fp-profile-"))
    b = Browser(playwright, base_url, profile)
    b.open()
    yield b
    b.close()
    shutil.rmtree(profile, ignore_errors=True)
    b.check()


def open_planner(page: Any, base_url: str, *, wait_ready: bool = True) -> Any:
    page.goto(base_url + "planner/")
    if wait_ready:
        page.wait_for_selector("#fp-app[data-ready=true]", timeout=READY_TIMEOUT_MS)
        page.wait_for_selector("#fp-main > *", timeout=30_000)
    return page
