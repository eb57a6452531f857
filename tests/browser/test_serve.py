"""The README's first command: ``mkdocs serve`` gives a working planner (the development
server injects its own live-reload script, so the build-only parts must stay out of its way)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import CHROMIUM_ARGS, READY_TIMEOUT_MS, TIMEZONE, chromium

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_development_server_runs_the_planner(playwright):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "mkdocs serve did not start"
                time.sleep(0.3)
        context = playwright.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="fp-serve-"), executable_path=chromium(),
            args=CHROMIUM_ARGS, headless=True, timezone_id=TIMEZONE)
        errors: list[str] = []
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "planner/")
        page.wait_for_selector("#fp-app[data-ready=true]", timeout=READY_TIMEOUT_MS)
        page.get_by_role("button", name="Explore with sample data").click()
        page.wait_for_selector(".fp-card")
        assert page.locator(".fp-card").count() == 3
        context.close()
        assert errors == []
        assert [u for u in requests if not u.startswith((base, "blob:", "data:"))] == []
    finally:
        server.terminate()
        server.wait(timeout=30)
