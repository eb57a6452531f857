"""MkDocs hook: the site's own stylesheet (docs/assets/extra.css) is published under a name
made from its content, ``assets/extra.<first 8 hex digits of its sha256>.css``, as the theme's
are. On a return visit the offline copy then answers it at once (``NAMED_BY_CONTENT`` in
site_app/sw.js) instead of the server being asked whether it changed: a round trip that every
page's first paint, the saved plan's included, would wait for."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

#: The stylesheet as mkdocs.yml names it (``extra_css``).
SOURCE = "assets/extra.css"


def published(content: bytes) -> str:
    """Where the stylesheet with this content is published."""
    return f"assets/extra.{hashlib.sha256(content).hexdigest()[:8]}.css"


def on_files(files: Files, config: Any, **_: Any) -> Files:
    """The file published under its new name, and the pages' link to it (``extra_css``, read
    when the pages are rendered, after this)."""
    source = files.get_file_from_path(SOURCE)
    if source is not None:
        dest = published(Path(source.abs_src_path or "").read_bytes())
        files.remove(source)
        files.append(File(SOURCE, source.src_dir, source.dest_dir, source.use_directory_urls,
                          dest_uri=dest))
        config["extra_css"] = [dest if css == SOURCE else css for css in config["extra_css"]]
    return files
