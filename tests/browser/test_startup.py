"""How a first visit starts: the worker asks for the runtime's compiled code before anything
else (download and compile take most of a first visit), and asks for it once."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from site_app.build import planner as build_planner

from conftest import READY_TIMEOUT_MS, browser_on, open_planner
from pages_host import pages_host


def test_the_runtime_is_asked_for_before_the_workers_modules_and_downloaded_once(
        playwright: Any, site: Path) -> None:
    wasm = f"/{build_planner.runtime_dir()}/pyodide.asm.wasm"
    with pages_host() as (server, url), browser_on(playwright, url) as user:
        server.deploy(site)
        # The worker's own modules and Pyodide's script never come until the runtime is asked for.
        server.hold = lambda path: path.endswith(("/app/snapshot.mjs", "/pyodide.mjs"))
        page = open_planner(user.page(), url, wait_ready=False)
        deadline = time.monotonic() + 60
        while (wasm, 200) not in server.log:
            assert time.monotonic() < deadline, f"the runtime was not asked for: {server.log}"
            page.wait_for_timeout(50)  # lets the page run while the host is watched
        server.released.set()
        page.wait_for_selector("#fp-app[data-ready=true]", timeout=READY_TIMEOUT_MS)
        # Asked for once: Pyodide is handed the module compiled from that answer.
        assert [status for path, status in server.log if path == wasm] == [200]
