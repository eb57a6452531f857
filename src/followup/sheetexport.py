"""The document written as a CSV for spreadsheet users: one row per application, with its
status, next step and dates.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from . import planner, responses, validation, words
from .model import Application, AppPlan, Document, Ending, Event, Status
from .sheetfile import escape
from .sheetwords import _DAY_ONLY

#: The export's columns, in order.
EXPORT_COLUMNS: Final = ("Company", "Role", "Status", "Next step", "Next step by", "Applied on",
                         "Interviews", "Contacts", "Decision expected", "Notes", "Outcome date",
                         "Posting URL", "Résumé")


def _status(app: Application, plan: AppPlan, raw_app: dict[str, Any],
            tz: ZoneInfo) -> tuple[str, Event | None]:
    """The plan's status, and the answer that ended it (for its date)."""
    final = None
    if plan.status is Status.ENDED and plan.ending in (Ending.OFFER, Ending.REJECTION):
        # As the planner reads it: since the latest interview, or, with no date on record to
        # count from, among all the application's events.
        since = responses.current_events(app, tz)
        final = responses.final_answer(since if since is not None else list(app.events))
    ending = plan.ending if plan.status is Status.ENDED else None
    if ending is not None:
        return ({Ending.OFFER: "Offer", Ending.REJECTION: "Rejected"}.get(ending, "Moved on"),
                final)
    return ("Waiting for them" if plan.status is Status.WAITING else "Active"), None


def _answer_cell(answer: Event, raw_app: dict[str, Any], tz: ZoneInfo) -> str:
    """The day and time of their answer; its day alone when an import read only a day;
    nothing when its date is not known."""
    if answer.date_unknown:
        return ""
    for found in raw_app.get("events") or []:
        if (isinstance(found, dict) and found.get("note") == _DAY_ONLY
                and found.get("type") == "reply"
                and validation.parse_datetime(found.get("at")) == answer.at):
            return answer.at.astimezone(tz).date().isoformat()
    return _local(answer.at, tz)


def _local(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return local.strftime("%Y-%m-%d %H:%M" + (":%S" if local.second else ""))


def export(raw: dict[str, Any], document: Document, *, now: datetime) -> str:
    """One row per application: its status, next step and dates, in the planner's time zone,
    every cell that would start a formula escaped. Starts with a byte order mark (so
    spreadsheets read it as UTF-8) and ends its rows with CRLF (RFC 4180)."""
    tz = ZoneInfo(document.settings.timezone)
    plans = planner.plan(document, now=now)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    raw_apps = raw.get("applications") or []
    for app, plan, raw_app in zip(document.applications, plans, raw_apps, strict=True):
        steps = [a for a in plan.actions if not a.projected]
        step = steps[0] if steps else None
        latest = app.interviews[-1] if app.interviews else None
        notes = [raw_app.get("notes")] + [i.get("notes") for i in raw_app.get("interviews") or []
                                          if isinstance(i, dict)]
        people = []
        for c in app.contacts:
            person = c.name + (f" <{c.email}>" if c.email else "")
            person += f" ({c.phone})" if c.phone else ""
            people.append(person.strip())
        in_latest = set(latest.with_) if latest else set()
        order = sorted(range(len(people)), key=lambda i: app.contacts[i].id not in in_latest)
        status, answer = _status(app, plan, raw_app, tz)
        writer.writerow([escape(cell.replace("\x00", "")) for cell in (
            app.company, app.role, status,
            words.step_title(document, step) if step else plan.summary,
            _local(step.latest, tz) if step else "",
            app.applied_on.isoformat() if app.applied_on else "",
            "; ".join(_local(i.ends_at, tz) for i in app.interviews),
            "; ".join(people[i] for i in order),
            app.decision_expected.isoformat() if app.decision_expected else "",
            "\n".join(n.strip() for n in notes if isinstance(n, str) and n.strip()),
            _answer_cell(answer, raw_app, tz) if answer is not None else "",
            app.posting_url, app.resume,
        )])
    return "\ufeff" + out.getvalue()
