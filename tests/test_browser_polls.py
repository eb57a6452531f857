"""The browser tests wait in a way the planner's Content-Security-Policy allows."""

from __future__ import annotations

import re
from pathlib import Path

BROWSER_TESTS = Path(__file__).parent / "browser"


def test_no_browser_test_polls_with_wait_for_function() -> None:
    """``page.wait_for_function`` evaluates its text with the page's ``eval`` on every poll
    after the first; the page's policy (no 'unsafe-eval') refuses that, so such a wait
    passes only when its condition already holds, and fails on a slow run. Browser tests use
    ``conftest.wait_until`` instead."""
    calls = [f"{path.name}:{n}"
             for path in sorted(BROWSER_TESTS.glob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\.wait_for_function\(", line)]
    assert not calls, calls


def test_no_browser_test_waits_a_fixed_time_for_nothing_to_happen() -> None:
    """A fixed sleep before checking that nothing happened proves nothing on a slow machine
    (and costs time on a fast one). Browser tests wait for an event: an announcement, the
    page's workers having answered (``conftest.settled``), a navigation. Only
    ``conftest.wait_until`` paces its polling with the page's timer."""
    sleeps = [f"{path.name}:{n}"
              for path in sorted(BROWSER_TESTS.glob("test_*.py"))
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if re.search(r"\.wait_for_timeout\(", line)]
    assert not sleeps, sleeps
