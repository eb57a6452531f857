"""The plan as an iCalendar file: one event per planned step, each with a reminder.

``icalendar`` is imported only here, when the user asks for a calendar. User text goes in as
property values, which the library escapes: a newline in a company name stays text and can
never start a property of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from . import rules, words
from .model import Action, Document

PRODID = "-//Follow-up Planner//followup-planner//EN"
EVENT_MINUTES = 30


def uid(action: Action) -> str:
    """Stable across exports: re-importing the file updates events, never duplicates them."""
    parts = [action.application, action.kind.value, action.contact or "all",
             str(action.attempt or 0)]
    return "-".join(parts) + "@followup-planner"


def title(action: Action, document: Document) -> str:
    return f"{words.step_title(document, action)} ({action.company})"


def calendar(document: Document, actions: Iterable[Action], *, now: datetime,
             site_url: str = "") -> bytes:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Follow-up plan")
    sequence = int(now.timestamp()) // 60
    for action in actions:
        event = icalendar.Event()
        event.add("uid", uid(action))
        event.add("dtstamp", now)
        event.add("sequence", sequence)
        event.add("summary", title(action, document))
        event.add("dtstart", action.suggested)
        event.add("dtend", action.suggested + timedelta(minutes=EVENT_MINUTES))
        window = (f"Window: {words.moment(action.earliest)} to {words.moment(action.latest)}")
        guide = f"{site_url.rstrip('/')}/{action.guide}" if site_url else action.guide
        event.add("description", f"{action.why}\n{window}\nWhy ({action.rule}): {guide}")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title(action, document))
        alarm.add("trigger", timedelta(minutes=-rules.REMINDER_MINUTES))
        event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
