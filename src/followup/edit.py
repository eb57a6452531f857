"""Changes to the raw document: recording what happened, closing an application.

Each function takes the raw object and returns a changed deep copy; the caller validates the
result before keeping it. Unknown fields ride along untouched.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from .dataformat import DataError


def _app(raw: dict[str, Any], app_id: str) -> dict[str, Any]:
    for app in raw.get("applications", []):
        if isinstance(app, dict) and app.get("id") == app_id:
            return app
    raise DataError("", f'no application with the id "{app_id}"')


def add_event(raw: dict[str, Any], app_id: str, event: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``raw`` with ``event`` appended to the application's history."""
    new = copy.deepcopy(raw)
    _app(new, app_id).setdefault("events", []).append(event)
    return new


def event(kind: str, at: datetime, **fields: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {"at": at.isoformat(), "type": kind}
    found.update({k: v for k, v in fields.items() if v is not None})
    return found


def set_closed(raw: dict[str, Any], app_id: str, closed: bool = True) -> dict[str, Any]:
    new = copy.deepcopy(raw)
    _app(new, app_id)["closed"] = closed
    return new
