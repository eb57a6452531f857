"""A plain static file server for the built site, on 127.0.0.1, with optional gzip.

Used by the browser tests, the screenshots and the benchmarks: the built files, served as
GitHub Pages would serve them, never a development server.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar

_COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".txt", ".map", ".xml")


class _Handler(http.server.SimpleHTTPRequestHandler):
    gzip_enabled = False
    stats: ClassVar[dict[str, int]] = {}
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".mjs": "text/javascript",
        ".whl": "application/zip", ".json": "application/json",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        """Send a body, counting its bytes (the bytes on the wire, less headers)."""
        while chunk := source.read(64 * 1024):
            outputfile.write(chunk)
            self.stats["bytes"] = self.stats.get("bytes", 0) + len(chunk)
        self.stats["requests"] = self.stats.get("requests", 0) + 1

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip_enabled and accepts and path.suffix in _COMPRESSIBLE
                and path.is_file()):
            return super().send_head()
        modified = email.utils.formatdate(int(path.stat().st_mtime), usegmt=True)
        if self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)
            self.end_headers()
            return None
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Last-Modified", modified)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextmanager
def serve(root: Path, *, gzip_enabled: bool = False,
          stats: dict[str, int] | None = None) -> Iterator[str]:
    """Serve ``root``; yields the base URL, ``http://127.0.0.1:PORT/``. ``stats`` (if given)
    counts the body bytes and responses sent."""
    handler = type("Handler", (_Handler,), {"gzip_enabled": gzip_enabled,
                                            "stats": stats if stats is not None else {}})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
