"""The site's build steps as plain code: what the planner page needs beyond the pages.

One entry point, ``python -m site_app.build DEST`` (:mod:`site_app.build.__main__`), runs
the steps in order without MkDocs; the MkDocs hooks (``site_app/hooks/``) are thin adapters
that call the same two phases around the pages:

1. :func:`site_app.build.steps.before_pages`: the wheels, their lock and the build's
   fingerprint (:mod:`.wheels`), which the planner page's template and first-paint script
   name, and the page's modules bundled (:func:`.planner.bundle`, esbuild);
2. :func:`site_app.build.steps.after_pages`: the holiday table (:mod:`.holidays`), the app's
   manifest and icons (:mod:`.icons`), the runtime, wheels, zones and page modules
   (:mod:`.planner`), and last the offline copy's service worker, which lists them all.

Every step writes a file only when its content changed (:func:`write_if_changed`) and fails
with one :class:`BuildError` that says what to run.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "site_app"
#: What the build keeps between runs, each step in a folder of its own.
CACHE = ROOT / ".cache"
#: The wheels the page loads besides our own, pinned.
PINS = APP / "browser-wheels.txt"


class BuildError(RuntimeError):
    """A build step could not do its work; the message says why and what to run."""


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write ``data`` to ``target`` unless it already holds exactly that; whether it wrote."""
    if target.exists() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def pinned() -> list[tuple[str, str]]:
    """(name, version) for each line of browser-wheels.txt."""
    found = []
    for raw_line in PINS.read_text().splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            if not version:
                raise BuildError(f"site_app/browser-wheels.txt: {line!r} pins no version "
                                 "(NAME==VERSION)")
            found.append((name, version))
    return found


def norm(name: str) -> str:
    """A distribution's name as wheels and the lock spell it (PEP 503, with underscores)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def run(cmd: list[str], what: str, **kwargs: Any) -> str:
    """Run a tool and return what it printed; on failure, a BuildError with the last lines
    it wrote."""
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines()
                 if line.strip() and not line.startswith("WARNING: Location")
                 and len(line) < 300]
        raise BuildError(f"{what} failed:\n" + "\n".join(lines[-12:]))
    return done.stdout
