"""What makes the site an installable app: the web app manifest and its icons.

- ``manifest.webmanifest`` at the site's root: the name, the colours, the icons, and a
  ``start_url`` on the planner with the whole site as ``scope``, so the installed app opens on
  the planner and the guides open inside it too. Every URL in it is relative to the manifest,
  so the site works under any sub-path.
- The icons (``assets/icons/``) are drawn from one source, ``site_app/icon.svg``, by
  ``rsvg-convert`` (Debian's ``librsvg2-bin``, which scripts/setup.sh installs). They are kept
  in ``.cache/icons`` by a fingerprint of the source and of what is asked of it, so a build
  without the rasteriser still works once they were made.
- :func:`head` tells the theme override (``site_app/overrides/main.html``) what to put in
  every page's head: the manifest, the theme colour, the iOS home-screen tags.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from . import APP, CACHE, BuildError, write_if_changed

SOURCE = APP / "icon.svg"
KEPT = CACHE / "icons"
#: The colour of the site's header (``--md-primary-fg-color`` in docs/assets/extra.css, in
#: both schemes): the installed app's title bar and splash screen.
THEME_COLOR = "#00695c"
#: Under twelve characters, so a phone's home screen shows it whole.
SHORT_NAME = "Follow-up"
MANIFEST = "manifest.webmanifest"
ICONS = "assets/icons"
#: Where the installed app opens, relative to the manifest (the site's root).
START = "planner/"


class Icon(NamedTuple):
    name: str
    size: int
    #: None: the source as drawn (rounded corners, transparent outside them). A number: a
    #: full-bleed square of the theme colour with the source scaled by it in the middle; at
    #: 0.8 the drawing stays inside a maskable icon's safe zone (the middle circle of 80%).
    scale: float | None
    #: its ``purpose`` in the manifest, or None when the manifest does not list it
    purpose: str | None


ICON_SET = (
    Icon("icon-192.png", 192, None, "any"),
    Icon("icon-512.png", 512, None, "any"),
    Icon("maskable-512.png", 512, 0.8, "maskable"),
    # iOS rounds the corners itself and paints what is transparent black: a full square.
    Icon("apple-touch-icon.png", 180, 1.0, None),
    Icon("favicon.png", 48, None, None),
)


def icon_svg(icon: Icon, source: str) -> str:
    """The SVG that ``icon`` is drawn from: the source itself, or the source scaled inside a
    full-bleed square of the theme colour."""
    if icon.scale is None:
        return source
    inner = re.sub(r"<\?xml[^>]*\?>", "", source).strip()
    inner = re.sub(r"<!--.*?-->", "", inner, flags=re.S)
    side = 512 * icon.scale
    at = (512 - side) / 2
    opening = re.search(r"<svg\b[^>]*>", inner)
    if opening is None:
        raise BuildError("site_app/icon.svg has no <svg> element")
    attrs = re.sub(r'\s(?:x|y|width|height)="[^"]*"', "", opening.group()[4:-1])
    placed = f'<svg x="{at:g}" y="{at:g}" width="{side:g}" height="{side:g}"{attrs}>'
    inner = inner[:opening.start()] + placed + inner[opening.end():]
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" '
            f'height="512"><rect width="512" height="512" fill="{THEME_COLOR}"/>{inner}</svg>')


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header; (0, 0) when it is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return (0, 0)
    width, height = struct.unpack(">II", data[16:24])
    return (width, height)


def _rasteriser() -> str:
    found = shutil.which("rsvg-convert")
    if found is None:
        raise BuildError("rsvg-convert is missing: it draws the app's icons from "
                         "site_app/icon.svg. Run scripts/setup.sh, or install Debian's "
                         "librsvg2-bin (apt-get install librsvg2-bin)")
    return found


def render(icon: Icon, source: str) -> bytes:
    """The icon as PNG, from .cache/icons when this source was drawn at this size before."""
    svg = icon_svg(icon, source)
    digest = hashlib.sha256(f"{icon.size}\0".encode() + svg.encode()).hexdigest()[:16]
    kept = KEPT / f"{digest}-{icon.name}"
    if not kept.exists():
        with tempfile.TemporaryDirectory() as tmp:
            svg_path = Path(tmp) / "icon.svg"
            svg_path.write_text(svg, encoding="utf-8")
            out = Path(tmp) / "icon.png"
            done = subprocess.run(
                [_rasteriser(), "--width", str(icon.size), "--height", str(icon.size),
                 "--format", "png", "--output", str(out), str(svg_path)],
                capture_output=True, text=True, check=False)
            data = out.read_bytes() if out.exists() else b""
            if done.returncode != 0 or png_size(data) != (icon.size, icon.size):
                raise BuildError(f"rsvg-convert could not draw {icon.name} "
                                 f"({icon.size} by {icon.size} pixels) from site_app/icon.svg:\n"
                                 f"{done.stderr.strip()}")
        KEPT.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(data)
    return kept.read_bytes()


@dataclass(frozen=True)
class Site:
    """What the manifest says of the site (mkdocs.yml's site_name, site_description and
    theme.language)."""

    name: str
    description: str
    language: str


def manifest(site: Site) -> dict[str, Any]:
    """The web app manifest; every URL in it is relative to the manifest (the site's root)."""
    return {
        "id": "./",  # resolved against start_url: the planner's address names the app
        "name": site.name,
        "short_name": SHORT_NAME,
        "description": " ".join(site.description.split()),
        "lang": site.language,
        "dir": "ltr",
        "start_url": START,
        "scope": "./",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOR,
        "background_color": THEME_COLOR,
        "categories": ["productivity", "business"],
        "icons": [{"src": f"{ICONS}/{icon.name}", "sizes": f"{icon.size}x{icon.size}",
                   "type": "image/png", "purpose": icon.purpose}
                  for icon in ICON_SET if icon.purpose],
        # A long press on the installed app's icon: the planner, and the guides beside it.
        "shortcuts": [
            {"name": "The planner", "url": START},
            {"name": "The guides", "short_name": "Guides", "url": "./"},
            {"name": "One-page checklist", "short_name": "Checklist", "url": "checklist/"},
        ],
    }


def head() -> dict[str, str]:
    """What site_app/overrides/main.html puts in every page's head (``config.extra.app``)."""
    return {
        "manifest": MANIFEST,
        "theme_color": THEME_COLOR,
        "title": SHORT_NAME,
        "apple_touch_icon": f"{ICONS}/apple-touch-icon.png",
    }


def write(target: Path, site: Site) -> None:
    """The icons and the manifest, into the built site ``target``."""
    if not SOURCE.exists():
        raise BuildError("site_app/icon.svg is missing: every icon of the app is drawn from it")
    source = SOURCE.read_text(encoding="utf-8")
    for icon in ICON_SET:
        write_if_changed(target / ICONS / icon.name, render(icon, source))
    text = json.dumps(manifest(site), indent=2, ensure_ascii=False) + "\n"
    write_if_changed(target / MANIFEST, text.encode())
