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

from conftest import READY_TIMEOUT_MS, Browser

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_development_server_runs_the_planner(playwright, tmp_path):
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:  # a file, not a pipe nobody drains
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "mkdocs serve did not start"
                time.sleep(0.3)
        browser = Browser(playwright, base, Path(tempfile.mkdtemp(prefix="fp-serve-")))
        browser.open()
        page = browser.page()
        page.goto(base + "planner/")
        page.wait_for_selector("#fp-app[data-ready=true]", timeout=READY_TIMEOUT_MS)
        page.get_by_role("button", name="Explore with sample data").click()
        page.wait_for_selector(".fp-card")
        assert page.locator(".fp-card").count() == 3
        browser.close()
        browser.check()
    finally:
        server.terminate()
        server.wait(timeout=30)
