"""MkDocs hook: a Content-Security-Policy on every page, so the browser itself enforces what
the privacy page promises: nothing is loaded from, or sent to, another origin.

The policy is a ``<meta>`` tag (GitHub Pages cannot send headers), the very first element of
``<head>``, so nothing can come before it. The theme's few inline scripts are allowed by their
SHA-256 hashes, computed here for each page; no other inline script can run.

Under ``mkdocs serve`` no policy is added: the development server injects its own inline
live-reload script into every page, after the hooks have run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

#: Inline ``<script>`` elements that run (JSON data blocks such as the theme's config do not).
_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>(.*?)</script>", re.S)

POLICY = (
    "default-src 'self'; "
    "script-src {scripts}; "
    "style-src 'self' 'unsafe-inline'; "  # the theme sets a few style attributes
    "img-src 'self' data:; "  # the theme's icons are inline SVG
    "font-src 'self'; "
    "connect-src 'self'; "
    "worker-src 'self'; "
    "manifest-src 'self'; "  # the web app manifest (site_app/build/icons.py)
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'"
)


def policy(html: str) -> str:
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)})
    return POLICY.format(scripts=" ".join(["'self'", *hashes]))


def with_policy(html: str) -> str:
    """The page with the policy as the first element of ``<head>``."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    at = re.search(r"<head[^>]*>", html)
    if at is None:
        return html
    return html[:at.end()] + "\n    " + meta + html[at.end():]


_serving = False


def on_startup(command: str, **_: Any) -> None:
    global _serving  # noqa: PLW0603 (MkDocs tells hooks the command only here)
    _serving = command == "serve"


def on_post_page(output: str, **_: Any) -> str:
    return output if _serving else with_policy(output)


def on_post_template(output_content: str, template_name: str, **_: Any) -> str:
    # static templates: 404.html gets the policy; sitemap.xml is not HTML
    if _serving or not template_name.endswith(".html"):
        return output_content
    return with_policy(output_content)
