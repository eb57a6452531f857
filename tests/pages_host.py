"""A host like GitHub Pages, for the deploy tests: one origin whose whole site a deploy
replaces, with Pages' caching: ``Cache-Control: max-age=600``, an ETag and a Last-Modified
date for each file, and 304 when the browser's copy is still the one served.

``stale`` dates every answer eleven minutes back, so that the browser holds it as expired at
once: a return after the cache period, without waiting for it. ``hold`` names files whose
answer waits until the test lets them go (a download the browser is closed in the middle of).
"""

from __future__ import annotations

import email.utils
import hashlib
import http.server
import mimetypes
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

#: GitHub Pages' own cache period, in seconds.
MAX_AGE = 600
TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
         ".whl": "application/zip", ".json": "application/json", ".gz": "application/gzip",
         ".webmanifest": "application/manifest+json"}


@dataclass
class Host:
    """What the host serves now (``root``), and how."""

    root: Path | None = None
    stale: bool = False
    #: files answered as already expired even when ``stale`` is off (kept fresh for less
    #: time than the page that names them)
    stale_files: Callable[[str], bool] = lambda path: False
    #: the host takes connections and closes them unanswered (the network fails): offline,
    #: for the service worker too (the browser's offline mode does not reach it)
    down: bool = False
    hold: Callable[[str], bool] = lambda path: False
    released: threading.Event = field(default_factory=threading.Event)
    #: every request: (path, status)
    log: list[tuple[str, int]] = field(default_factory=list)

    def deploy(self, root: Path) -> None:
        """Publishes the site in ``root``: every later request is answered from it."""
        self.root = root


def _handler(host: Host) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.answer(body=True)

        def do_HEAD(self) -> None:
            self.answer(body=False)

        def answer(self, *, body: bool) -> None:
            path = self.path.split("?", 1)[0]
            if host.down:
                self.close_connection = True
                return
            assert host.root is not None, "nothing deployed"
            file = host.root / path.lstrip("/")
            if file.is_dir():
                file = file / "index.html"
            if host.hold(path):
                host.released.wait(timeout=300)
            if not file.is_file() or ".." in path:
                host.log.append((path, 404))
                self.send(404, b"not found", "text/plain", {}, body=body)
                return
            data = file.read_bytes()
            tag = '"' + hashlib.sha1(data).hexdigest()[:20] + '"'
            expired = host.stale or host.stale_files(path)
            when = time.time() - (MAX_AGE + 60 if expired else 0)
            headers = {"ETag": tag, "Cache-Control": f"max-age={MAX_AGE}",
                       "Date": email.utils.formatdate(when, usegmt=True),
                       "Last-Modified": email.utils.formatdate(file.stat().st_mtime,
                                                               usegmt=True)}
            if self.headers.get("If-None-Match") == tag:
                host.log.append((path, 304))
                self.send(304, b"", "", headers, body=False)
                return
            host.log.append((path, 200))
            kind = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "text/plain"
            self.send(200, data, kind, headers, body=body)

        def send(self, status: int, data: bytes, kind: str, headers: dict[str, str], *,
                 body: bool) -> None:
            self.send_response_only(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if kind:
                self.send_header("Content-Type", kind)
            if status != 304:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body and status != 304:
                with suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

    return Handler


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A browser closed mid-answer (the tests close browsers on purpose): not an error."""


@contextmanager
def pages_host() -> Iterator[tuple[Host, str]]:
    """A host on 127.0.0.1; yields it and its base URL."""
    host = Host()
    server = _Server(("127.0.0.1", 0), _handler(host))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield host, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        host.released.set()
        server.shutdown()
        server.server_close()
