"""Headless Chromium as this project runs it: the one list of flags, and the one way to find
the binary ($CHROMIUM first, then ``chromium`` on PATH).

Used by the browser tests (tests/browser/conftest.py), the benchmarks (benchmarks/page.py,
and benchmarks/lighthouse.py, which hands the same flags to Lighthouse) and
scripts/screenshots.py. It imports nothing outside the standard library.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

#: Headless, no sandbox (CI containers), and nothing that talks to Google on its own: every
#: request a page makes must go to the server under test.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class ChromiumMissingError(RuntimeError):
    """No Chromium to run: the message says what to install or set."""


def chromium() -> str:
    """The binary named by $CHROMIUM (the Pages workflow sets it to Playwright's build), else
    Debian's ``chromium`` on PATH."""
    named = os.environ.get("CHROMIUM")
    if named:
        if not (os.path.isfile(named) and os.access(named, os.X_OK)):
            raise ChromiumMissingError(f"$CHROMIUM names {named!r}, which is not an "
                                       "executable file")
        return named
    found = shutil.which("chromium")
    if not found:
        raise ChromiumMissingError("Debian's chromium is not installed, and $CHROMIUM names "
                                   "no other binary (scripts/setup.sh installs it)")
    return found


def chrome_flags() -> str:
    """The flags as one string, the way Lighthouse's ``--chrome-flags`` takes them."""
    return " ".join(CHROMIUM_ARGS)


def new_profile(prefix: str = "fp-profile-") -> Path:
    """A fresh, empty profile directory (user-data-dir): a first visit, nothing cached."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def launch(playwright: Any, profile: str | Path, **options: Any) -> Any:
    """A Playwright persistent context: this binary, these flags, the profile directory
    (user-data-dir) given. Playwright takes the profile as a parameter and refuses
    ``--user-data-dir`` among the flags. ``options`` go to ``launch_persistent_context``."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=chromium(), args=CHROMIUM_ARGS, headless=True,
        **options)
