"""Changes to the raw document: recording what happened, closing an application.

Each function takes the raw object and returns a changed deep copy; the caller validates the
result before keeping it. Unknown fields ride along untouched.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from . import words
from .dataformat import DataError
from .model import Application


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


def too_early(app: Application, kind: str, at: datetime, tz: ZoneInfo) -> str | None:
    """Why an event at ``at`` cannot be recorded yet, or None when it can.

    Everything the planner counts happens after an interview: a note, a call or a reply dated
    before every interview has ended would be kept but never counted, so it is refused. So is a
    thank-you for the latest round before that round has ended (R3).
    """
    if not app.interviews:
        return None
    if at < app.interviews[0].ends_at:
        ends = app.interviews[0].ends_at
    elif kind == "thank_you" and at < app.interviews[-1].ends_at:
        ends = app.interviews[-1].ends_at
    else:
        return None
    what = "a thank-you" if kind == "thank_you" else "what happened"
    return (f"The interview with {app.company} ends {words.moment(ends.astimezone(tz))}: "
            f"record {what} after that.")


def set_closed(raw: dict[str, Any], app_id: str, closed: bool = True) -> dict[str, Any]:
    new = copy.deepcopy(raw)
    _app(new, app_id)["closed"] = closed
    return new
