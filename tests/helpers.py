"""Builders for data documents used across the tests."""

from __future__ import annotations

import copy
import json
import re
import shutil
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from followup import dataformat
from followup.model import Document

TZ = "America/New_York"


def app(**overrides: Any) -> dict[str, Any]:
    """One application: Dana interviewed the candidate on Tue 17 Nov 2026 until 3 pm."""
    base: dict[str, Any] = {
        "id": "acme",
        "company": "Acme Corp",
        "role": "Data Analyst",
        "contacts": [{"id": "dana", "name": "Dana Lee", "email": "dana@acme.example"}],
        "interviews": [{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00", "with": ["dana"]}],
        "events": [],
    }
    base.update(copy.deepcopy(overrides))
    return base


def raw(*apps: dict[str, Any], **settings: Any) -> dict[str, Any]:
    return {
        "format": "followup-planner",
        "version": 1,
        "settings": {"timezone": TZ, **settings},
        "applications": list(apps) if apps else [app()],
    }


def doc(*apps: dict[str, Any], **settings: Any) -> Document:
    return dataformat.load(json.dumps(raw(*apps, **settings)))[1]


def at(text: str) -> datetime:
    """A local New York date-time: ``at("2026-11-18 10:00")``."""
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(TZ))


def event(kind: str, when: str, **fields: Any) -> dict[str, Any]:
    return {"at": at(when).isoformat(), "type": kind, **fields}


def followup_command() -> list[str]:
    """The installed ``followup`` console script, as a user would run it."""
    found = shutil.which("followup", path=str(Path(sys.executable).parent))
    assert found, "the package's console script is not installed next to this Python"
    return [found]


def build_folder(site: Path) -> Path:
    """The built site's one build folder, ``planner/<fingerprint>/``: the planner's modules,
    worker, wheels, lock, holiday table and zones (site_app/build/planner.py)."""
    found = [p for p in (site / "planner").iterdir()
             if p.is_dir() and re.fullmatch(r"[0-9a-f]{16}", p.name)]
    assert len(found) == 1, found
    return found[0]
