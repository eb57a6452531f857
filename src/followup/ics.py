"""The plan as an iCalendar file that calendar apps can import again and again.

``icalendar`` is imported only here, when the user asks for a calendar. User text goes in as
property values, which the library escapes: a newline in a company name stays text and can
never start a property of its own.

What the file holds, and why:

- **One event per planned step, at the moment to act.** Google Calendar and Outlook drop the
  ``VALARM`` of an imported event, so the event's own start is the reminder: ``DTSTART`` is
  the step's suggested moment, or, once that has passed (an overdue thank-you, a follow-up
  window already open), the next quarter hour after the export. Each event keeps a
  ``VALARM`` for the apps that honour it, and says ``STATUS:CONFIRMED`` (so a step that comes
  back, say after an undo, is un-cancelled).
- **A ``VTIMEZONE`` for every ``TZID`` used**, made by ``icalendar`` itself
  (``Calendar.add_missing_timezones``), with the zone's rules from the year before the
  file's first event to the year after its last.
- **``UID``: one per step** (application, kind, contact, attempt), the same in every export,
  so a re-import updates events instead of duplicating them.
- **``SEQUENCE``: the seconds from 2020-01-01 UTC to the export moment** (``now``), and
  ``DTSTAMP`` is ``now``: a later export always carries a higher ``SEQUENCE``, so the app
  takes its times over the ones it has (a whole number of minutes would tie for two exports
  within the same minute). It fits RFC 5545's 32-bit ``INTEGER`` until 2088.
- **``STATUS:CANCELLED`` for steps that are gone.** A step done or dropped since an earlier
  export is no longer in the plan; unless the file says so, the old event stays in the
  user's calendar. Nothing about earlier exports is stored (the page has no place the CLI
  shares, the file may be exported from several devices, and a log of exports would be one
  more thing to keep in sync). It is not needed: what the plan held before is derivable from
  the document, because the plan is a pure function of the document and the clock, and the
  document's history is its recorded events. So, for each application, the planner is run
  again on the document as it stood just before each recorded event and before each later
  interview (with the events and interviews up to then, as of then), and on the application
  as if still open when it is closed. Every step those earlier plans held whose ``UID`` is
  not in today's plan gets an event with that ``UID``, ``STATUS:CANCELLED``, the new
  ``SEQUENCE``, no alarm, and the time it last had. That covers a thank-you sent, follow-up
  *n* made, a brief reply answered, an offer or a rejection, and a closed application.
  Bounded: the :data:`REPLAYS` latest states per application, and at most
  :data:`MAX_CANCELLED` cancellations per application. Not covered (there is nothing left
  in the document to derive them from): a deleted application, a removed contact, a lowered
  follow-up limit. A cancellation the calendar never had is harmless: apps ignore it or show
  it struck through at a past time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable
from datetime import MAXYEAR, MINYEAR, UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from . import datewords, plancontext, planner, rules, timing, words
from .businessdays import BusinessDays
from .model import Action, Application, Document

#: Working days for a calendar event's morning: weekends only (the export has no country's
#: holidays at hand here; a holiday morning is still a morning).
_WEEKDAYS = BusinessDays(None)

PRODID = "-//Follow-up Planner//followup-planner//EN"
EVENT_MINUTES = 30
#: ``SEQUENCE`` counts seconds from here to the export moment.
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
#: A step whose suggested moment has passed starts at the next multiple of this after ``now``.
ROUND_TO = timedelta(minutes=15)
#: How many earlier states of one application are planned again to find the steps now gone.
REPLAYS = 16
#: The most ``STATUS:CANCELLED`` events for one application.
MAX_CANCELLED = 32


def uid(action: Action) -> str:
    """Stable across exports: re-importing the file updates events, never duplicates them."""
    parts = [action.application, action.kind.value, action.contact or "all",
             str(action.attempt or 0)]
    return "-".join(parts) + "@followup-planner"


def title(action: Action, document: Document) -> str:
    return f"{words.step_title(document, action)} ({action.company})"


def sequence(now: datetime) -> int:
    """Grows with the export moment: whole seconds since :data:`SEQUENCE_EPOCH`.

    Kept within RFC 5545's ``INTEGER`` (0 to 2**31 - 1) for a clock before 2020 or after 2088.
    """
    return min(max(0, (now - SEQUENCE_EPOCH) // timedelta(seconds=1)), 2**31 - 1)


def starts_at(action: Action, now: datetime, days: BusinessDays = _WEEKDAYS) -> datetime:
    """When the user should act: the suggested moment, or soon after ``now`` once it passed;
    never in the night of the plan's zone while the window allows the morning (the next
    working one by ``days``, the document's business days, as the planner has it)."""
    if action.suggested >= now:
        return action.suggested
    # The next multiple of ROUND_TO, counted in UTC (every offset in use today is one).
    rounded = SEQUENCE_EPOCH - ((SEQUENCE_EPOCH - now) // ROUND_TO) * ROUND_TO
    zone = action.suggested.tzinfo
    if isinstance(zone, ZoneInfo):
        # An overdue step is done the next morning rather than in the night.
        limit = action.latest if action.latest > rounded else rounded + timedelta(days=4)
        start = timing.next_morning(rounded, limit, zone, days) or rounded
        return start.astimezone(zone)
    return rounded.astimezone(zone)


def earlier_steps(document: Document, app: Application, *, now: datetime,
                  days: BusinessDays | None = None) -> list[Action]:
    """The steps of ``app`` that an earlier plan held and today's plan does not.

    The earlier plans are the planner's output for the application as it stood just before
    each of its recorded events and later interviews (the :data:`REPLAYS` latest of those),
    and, if it is closed, as if it were still open now. Each step comes with the time it
    last had; at most :data:`MAX_CANCELLED`, the latest first. ``days``: the document's
    business days, to share their holidays across applications.
    """
    ctx = plancontext.context(document.settings, now, days)
    current = {uid(a) for a in planner.plan_application(app, ctx).actions}
    cuts = sorted({e.at for e in app.events} | {i.ends_at for i in app.interviews[1:]})
    states: list[tuple[datetime, Application]] = []
    for cut in cuts[-REPLAYS:]:
        interviews = tuple(i for i in app.interviews if i.ends_at < cut)
        events = tuple(e for e in app.events if e.at < cut)
        states.append((cut, dataclasses.replace(app, interviews=interviews, events=events,
                                                closed=False)))
    if app.closed:
        states.append((now, dataclasses.replace(app, closed=False)))
    found: dict[str, Action] = {}
    for moment, state in states:
        then = plancontext.context(document.settings, moment, days=ctx.days)
        for action in planner.plan_application(state, then).actions:
            key = uid(action)
            if key not in current:
                found.pop(key, None)  # re-inserted: the latest state's time, in order
                found[key] = action
    return list(reversed(found.values()))[:MAX_CANCELLED]


def calendar(document: Document, actions: Iterable[Action], *, now: datetime,
             site_url: str = "", applications: Collection[str] | None = None) -> bytes:
    """The calendar of ``actions``, with a cancellation for every step gone since earlier.

    Cancellations are for the applications named in ``applications`` (a one-application
    export), or for every application of the document when it is ``None``.
    """
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Follow-up plan")
    stamp = now.astimezone(UTC)
    seq = sequence(now)
    span: list[datetime] = []

    def add_event(action: Action, start: datetime, status: str) -> icalendar.Event:
        end = start + timedelta(minutes=EVENT_MINUTES)
        span.extend((start, end))
        event = icalendar.Event()
        event.add("uid", uid(action))
        event.add("dtstamp", stamp)
        event.add("sequence", seq)
        event.add("status", status)
        event.add("summary", title(action, document))
        event.add("dtstart", start)
        event.add("dtend", end)
        cal.add_component(event)
        return event

    exported: set[str] = set()
    days = BusinessDays(document.settings.country)
    for action in actions:
        exported.add(uid(action))
        event = add_event(action, starts_at(action, now, days), "CONFIRMED")
        window = f"Window: {datewords.moment(action.earliest)} to {datewords.moment(action.latest)}"
        guide = f"{site_url.rstrip('/')}/{action.guide}" if site_url else action.guide
        event.add("description", f"{action.why}\n{window}\nWhy ({action.rule}): {guide}")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title(action, document))
        alarm.add("trigger", timedelta(minutes=-rules.REMINDER_MINUTES))
        event.add_component(alarm)
    for app in document.applications:
        if applications is not None and app.id not in applications:
            continue
        for gone in earlier_steps(document, app, now=now, days=days):
            if uid(gone) in exported:
                continue
            event = add_event(gone, gone.suggested, "CANCELLED")
            event.add("transp", "TRANSPARENT")
            event.add("description", "Done or no longer needed: the planner has dropped "
                                     "this step.")
    if span:
        # The zone's rules from the year before the first event to the year after the last,
        # so an event the user moves a little still has its offsets.
        first, last = min(span).date(), max(span).date()
        cal.add_missing_timezones(first_date=date(max(first.year - 1, MINYEAR), 1, 1),
                                  last_date=date(min(last.year + 2, MAXYEAR), 1, 1))
    data: bytes = cal.to_ical()
    return data
