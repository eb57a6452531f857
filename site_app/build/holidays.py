"""The planner's table of public holidays, ``holidays.json`` in the build's folder.

The table is made by the ``holidays`` package itself (:func:`followup.businessdays.holiday_table`)
for every country the planner accepts, over :data:`followup.businessdays.TABLE_YEARS`. The
page's worker fetches it while Python starts and names it to the package, so a plan within
those years never waits for importing ``holidays`` (a 1.7 MB wheel); the command line keeps
using the package directly. The build's ``holidays`` must be the version the page loads
(``site_app/browser-wheels.txt``), so the table and the package agree in the browser too.

Kept in ``.cache/holidays`` by what makes it.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from followup import businessdays

from . import CACHE, BuildError, norm, pinned, write_if_changed

KEPT = CACHE / "holidays"
#: Where the table goes in the site (the worker fetches it from there).
TARGET = "holidays.json"


def pinned_version() -> str:
    """The version of ``holidays`` the page loads, from browser-wheels.txt."""
    for name, version in pinned():
        if norm(name) == "holidays":
            return version
    raise BuildError("site_app/browser-wheels.txt pins no holidays==VERSION")


def table_bytes() -> bytes:
    """The table as the site serves it: compact JSON, one country a line."""
    installed = metadata.version("holidays")
    wanted = pinned_version()
    if installed != wanted:
        raise BuildError(f"the build has holidays {installed} but the page loads {wanted} "
                         "(site_app/browser-wheels.txt): install holidays=={wanted} in .venv "
                         "(pip install -e '.[dev]') so the table says what the page's package "
                         "says")
    digest = hashlib.sha256(installed.encode() + b"\0" + json.dumps(
        businessdays.TABLE_YEARS).encode() + b"\0" + Path(businessdays.__file__).read_bytes())
    kept = KEPT / f"{digest.hexdigest()[:16]}.json"
    if not kept.exists():
        table = businessdays.holiday_table(businessdays.table_countries(),
                                           businessdays.TABLE_YEARS)
        countries = table.pop("countries")
        head = json.dumps(table, separators=(",", ":"))[:-1]
        lines = [f"{json.dumps(code)}:{json.dumps(days, separators=(',', ':'))}"
                 for code, days in countries.items()]
        text = head + ',"countries":{\n' + ",\n".join(lines) + "\n}}\n"
        json.loads(text)  # the file is JSON, whatever the layout
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(text, encoding="utf-8")
    return kept.read_bytes()


def write(folder: Path) -> None:
    """The table, into the build's folder."""
    write_if_changed(folder / TARGET, table_bytes())
