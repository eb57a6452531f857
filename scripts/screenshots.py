"""Screenshots of built pages at phone and desktop widths, to look at as a user would.

Usage: .venv/bin/python scripts/screenshots.py SITE_DIR OUT_DIR [PAGE ...]
(PAGE is a site path like "" or "thank-you/"; the site is served on 127.0.0.1.)
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def main() -> None:
    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    pages = sys.argv[3:] or [""]
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    profile = tempfile.mkdtemp()
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            profile, executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS,
            headless=True)
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
    server.shutdown()


if __name__ == "__main__":
    main()
