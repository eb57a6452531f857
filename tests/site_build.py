"""Building the site once per test session, as ``mkdocs build --strict`` does it.

Two variables, both set by the Pages workflow only, make the tests' build the deployed one:

- ``FOLLOWUP_SITE_DIR``: build there (relative to the repository root) instead of into the
  directory the caller names; the workflow uploads that directory, the very build the tests
  ran against.
- ``FOLLOWUP_SITE_URL``: the address the site is deployed at, given to MkDocs as
  ``SITE_URL`` (canonical links, the sitemap, the 404 page's links). Without it the build
  has no ``site_url``, whatever ``SITE_URL`` a shell exports, so the tests never depend on
  it. (It is not ``SITE_URL`` itself, which ``mkdocs serve`` would also obey, moving the
  development server's pages under the deployed path.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(dest: Path) -> Path:
    """Build into ``dest`` (or ``$FOLLOWUP_SITE_DIR``); returns where it built."""
    named = os.environ.get("FOLLOWUP_SITE_DIR")
    if named:
        dest = ROOT / named
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "SITE_URL": os.environ.get("FOLLOWUP_SITE_URL", "")}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(dest)],
        cwd=ROOT, capture_output=True, text=True, timeout=900, env=env, check=False)
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}"
    return dest
