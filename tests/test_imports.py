"""The browser pays only for what it uses: the core does not load the optional libraries."""

from __future__ import annotations

import subprocess
import sys


def imported_by(statement: str) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", statement],
                          capture_output=True, text=True, check=True, timeout=60)
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_the_core_imports_neither_icalendar_nor_holidays():
    names = imported_by("import followup; import followup.planner, followup.dataformat")
    assert "followup" in names
    assert "icalendar" not in names
    assert "holidays" not in names


def test_the_bridge_loads_only_what_the_first_agenda_needs():
    names = imported_by("import followup.bridge")
    assert not names & {"icalendar", "holidays", "jinja2"}


def test_holidays_load_when_a_country_is_set():
    statement = (
        "import json, followup;"
        "from datetime import datetime, timezone;"
        "d = {'format': 'followup-planner', 'version': 1, 'settings': {'country': 'US'},"
        " 'applications': [{'id': 'a', 'company': 'C', 'interviews':"
        " [{'id': 'r', 'ends_at': '2026-11-17T15:00:00+00:00'}]}]};"
        "followup.plan(followup.load(json.dumps(d))[1],"
        " now=datetime(2026, 11, 18, tzinfo=timezone.utc))"
    )
    assert "holidays" in imported_by(statement)
