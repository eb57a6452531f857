"""Screenshots of built pages at phone and desktop widths, to look at as a user would.

Usage: .venv/bin/python scripts/screenshots.py SITE_DIR OUT_DIR [PAGE ...]
(PAGE is a site path like "" or "thank-you/"; the site is served on 127.0.0.1 by the same
static server the browser tests use, in the same Chromium with the same flags.)
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from chromium import launch, new_profile
from static_server import serve


def main() -> None:
    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    pages = sys.argv[3:] or [""]
    out.mkdir(parents=True, exist_ok=True)
    profile = new_profile("fp-screenshots-")
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p, profile)
        page = browser.new_page()
        for width, height in ((375, 812), (1280, 800)):
            page.set_viewport_size({"width": width, "height": height})
            for path in pages:
                page.goto(base + path)
                page.wait_for_timeout(300)
                name = (path.strip("/").replace("/", "_") or "home") + f"-{width}.png"
                page.screenshot(path=str(out / name), full_page=True)
                print(out / name)
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
