"""Dates and times in plain English words, independent of the machine's locale.

Times follow the user's clock, 12-hour ("3 pm") or 24-hour ("15:00"): an adapter (the
bridge for the page, the command line) says which for the length of one call with
:func:`using_clock`; without it, the 12-hour clock.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from .model import Channel, EventType, Outcome, Tone

if TYPE_CHECKING:
    from .model import Action, Application, Document, Event

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_DASH = "\u2013"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LONG_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")

#: The agenda's sections, in order, with their titles: the page and ``followup plan`` both
#: show these words. The first four hold steps (:func:`followup.planner.group`); the last two
#: hold applications (waiting for an answer, moved on).
GROUP_TITLES = {
    "overdue": "Overdue",
    "today": "Today",
    "week": "This week",
    "later": "Later",
    "waiting": "Waiting for them",
    "ended": "Closed",
}


@functools.lru_cache(maxsize=4096)
def day(d: date) -> str:
    """``Thu 19 Nov``"""
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"


def day_in_context(d: date, today: date) -> str:
    """``Thu 19 Nov`` in the year of ``today``; in any other year with its year,
    ``Mon 3 Nov 2025``: a date a message states, read on the day it is written."""
    return day(d) if d.year == today.year else f"{day(d)} {d.year}"


def recent_day(d: date, today: date) -> str:
    """A past day as a message names it on ``today``: its weekday within the last six days
    (``Tuesday``; never "today", since a message may be read the next day), otherwise the
    date (:func:`day_in_context`)."""
    if 0 <= (today - d).days <= 6:
        return _LONG_DAYS[d.weekday()]
    return day_in_context(d, today)


def long_day(d: date) -> str:
    """``Thursday 19 November 2026``: a day in full, for the printed plan."""
    return f"{_LONG_DAYS[d.weekday()]} {d.day} {_LONG_MONTHS[d.month - 1]} {d.year}"


#: Whether times are written on the 24-hour clock, for the call under way.
_H24: ContextVar[bool] = ContextVar("followup_h24", default=False)


@contextlib.contextmanager
def using_clock(clock: str | None) -> Iterator[None]:
    """Write times on ``clock`` ("12h" or "24h"; anything else: 12h) inside the block."""
    token = _H24.set(clock == "24h")
    try:
        yield
    finally:
        _H24.reset(token)


def set_clock(clock: str | None) -> None:
    """Write times on ``clock`` from now until the end of the enclosing :func:`using_clock`
    block (for an adapter that learns the document's own setting once inside it)."""
    _H24.set(clock == "24h")


def h24() -> bool:
    """Whether times are written on the 24-hour clock now."""
    return _H24.get()


def clock(t: datetime) -> str:
    """``3 pm``, ``9:30 am``, ``noon``; on the 24-hour clock ``15:00``, ``09:30``"""
    if _H24.get():
        return f"{t.hour:02d}:{t.minute:02d}"
    if t.hour == 12 and t.minute == 0:
        return "noon"
    hour = t.hour % 12 or 12
    suffix = "am" if t.hour < 12 else "pm"
    return f"{hour} {suffix}" if t.minute == 0 else f"{hour}:{t.minute:02d} {suffix}"


def moment(t: datetime, *, full: bool = False) -> str:
    """``Thu 19 Nov, 3 pm`` (in the time zone ``t`` carries); with ``full``,
    ``Thursday 19 November 2026, 3 pm``."""
    return f"{long_day(t.date()) if full else day(t.date())}, {clock(t)}"


def ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def step_title(document: Document, action: Action) -> str:
    """What to do, for whom: ``Follow up with Dana Lee (2nd of 3)``; the same-day retry of
    a call (R11): ``Try calling Dana Lee again``."""
    from . import rules
    from .model import ActionKind

    app = document.application(action.application)
    contact = app.contact(action.contact) if app else None
    to = f" {contact.name or contact.id}" if contact else ""
    if action.kind is ActionKind.THANK_YOU:
        return f"Send a thank-you note{' to' + to if to else ''}"
    if action.kind is ActionKind.FOLLOW_UP and action.rule == "R11":
        # The same-day retry of a call that did not get through: not a new attempt.
        return f"Try calling{to} again" if to else "Try the call again"
    if action.kind is ActionKind.FOLLOW_UP:
        limit = document.settings.max_follow_ups or rules.MAX_FOLLOW_UPS
        return (f"Follow up{' with' + to if to else ''} "
                f"({ordinal(action.attempt or 1)} of {limit})")
    if action.kind is ActionKind.REPLY:
        return f"Reply briefly{' to' + to if to else ''}"
    return "Move on"


def ready(action: Action, now: datetime) -> bool:
    """Whether a step can be done as of ``now``: a thank-you waits for the interview's end."""
    from .model import ActionKind

    return action.kind is not ActionKind.THANK_YOU or action.earliest <= now


def window(action: Action, now: datetime, tz: tzinfo, *, full: bool = False) -> str:
    """When to do a step, in ``tz``: ``Wed 18 Nov, 3 pm · latest Thu 19 Nov, 3 am``,
    ``Tue 24 - Wed 25 Nov``.

    The span's dash is an en dash. A thank-you names the time to act (its suggested moment,
    or ``now`` once that has passed) and the latest moment beside it (``after …: …`` while
    the interview has not ended); the other steps fill a day or a span of days. A step past
    its last moment (overdue) says when that was: ``was due by Wed 25 Nov, 5 pm``. With
    ``full``, every date in full, the year included (the printed plan):
    ``Wednesday 18 November 2026, 3 pm · latest Thursday 19 November 2026, 3 am``,
    ``Tuesday 24 - Wednesday 25 November 2026``.
    """
    from .model import ActionKind

    if action.latest < now:  # overdue, as planner.group has it
        return f"was due by {moment(action.latest.astimezone(tz), full=full)}"
    if action.kind is ActionKind.THANK_YOU:
        # The time to act first, the latest moment beside it.
        latest = f"latest {moment(action.latest.astimezone(tz), full=full)}"
        act = ("now" if action.suggested <= now
               else moment(action.suggested.astimezone(tz), full=full))
        if ready(action, now):
            return f"{act} \u00b7 {latest}"
        return f"after {moment(action.earliest.astimezone(tz), full=full)}: {act} \u00b7 {latest}"
    first = action.earliest.astimezone(tz).date()
    last = action.latest.astimezone(tz).date()
    if full:
        return long_day(first) if first == last else long_span(first, last)
    return day(first) if first == last else span(first, last)


def span(first: date, last: date) -> str:
    """``Tue 24 - Wed 25 Nov``; ``Mon 30 Nov - Wed 2 Dec`` across a month's end."""
    start = f"{_DAYS[first.weekday()]} {first.day}" if (first.year, first.month) == (
        last.year, last.month) else day(first)
    return f"{start} {_EN_DASH} {day(last)}"


def long_span(first: date, last: date) -> str:
    """``Tuesday 24 - Wednesday 25 November 2026``; across a month's end
    ``Monday 30 November - Wednesday 2 December 2026``; across a year's end, each in full."""
    if first.year != last.year:
        start = long_day(first)
    elif first.month != last.month:
        start = f"{_LONG_DAYS[first.weekday()]} {first.day} {_LONG_MONTHS[first.month - 1]}"
    else:
        start = f"{_LONG_DAYS[first.weekday()]} {first.day}"
    return f"{start} {_EN_DASH} {long_day(last)}"


#: What an application waiting after their warm answer is, before its next step.
WARM_WAITING = "They replied warmly."

#: A step's short name, on a timeline: ``Thank-you``, ``Follow-up 2``.
SHORT_LABELS = {"thank_you": "Thank-you", "reply": "Your reply", "move_on": "Move on"}
#: A step as the next thing to do, in a one-line summary: ``Send the thank-you by …``.
DUE_LABELS = {"thank_you": "Send the thank-you", "reply": "Answer their reply",
              "move_on": "Move on"}


def short_label(kind: str, attempt: int | None) -> str:
    return SHORT_LABELS.get(kind, f"Follow-up {attempt}")


def due_label(kind: str, attempt: int | None) -> str:
    return DUE_LABELS.get(kind, f"Follow-up {attempt}")


def slug(text: str, taken: set[Any], fallback: str) -> str:
    """An id made from ``text`` that is not among ``taken``: the one way the planner makes an
    id, for a change and for a spreadsheet's rows alike."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def named(company: str, role: str = "") -> str:
    """An application as the user knows it: ``Acme Corp, Data Analyst`` (the company alone
    when there is no role), so two roles at one company never read alike."""
    return f"{company.strip()}, {role.strip()}" if role.strip() else company.strip()


def event_label(app: Application, event: Event) -> str:
    """What a recorded event was, as the history shows it: ``Thank-you sent to Dana Lee``,
    ``Follow-up (phone, no answer)``, ``Reply received (warm)``; a message of yours that
    answers their brief reply, ``Your reply (email) to Dana Lee``."""
    who = app.contact(event.contact)
    name = (who.name or who.id) if who else ""
    if event.type is EventType.THANK_YOU:
        return f"Thank-you sent to {name}" if name else "Thank-you sent"
    if event.type is EventType.FOLLOW_UP and _answers_a_brief_reply(app, event):
        channel = (event.channel or Channel.EMAIL).value
        return f"Your reply ({channel}){' to ' + name if name else ''}"
    if event.type is EventType.FOLLOW_UP:
        channel = (event.channel or Channel.EMAIL).value
        outcome = (event.outcome or Outcome.SENT).value.replace("_", " ")
        return f"Follow-up ({channel}, {outcome}){' with ' + name if name else ''}"
    tone = f" ({event.tone.value})" if event.tone is not None else ""
    how = " by phone" if event.channel is Channel.PHONE else ""
    return f"Reply received{how}{tone}{' from ' + name if name else ''}"


def _answers_a_brief_reply(app: Application, event: Event) -> bool:
    """Whether ``event``, a message of yours, answers their brief reply: the exchange just
    before it (their answer or your follow-up) is a brief answer, as the planner reads
    answers (``planner.answer_tone``: a call where you spoke to them is one too)."""
    from .planner import answer_tone

    if event.outcome not in (None, Outcome.SENT):
        return False
    before = [e for e in app.events if e is not event and e.at <= event.at
              and e.type in (EventType.REPLY, EventType.FOLLOW_UP)]
    return bool(before) and answer_tone(before[-1]) is Tone.BRIEF


def event_when(event: Event, tz: tzinfo) -> str:
    """When a recorded event happened, in the history's words: ``Wed 18 Nov, 9:15 am``, or
    ``Date unknown`` for an answer imported without a date."""
    return "Date unknown" if event.date_unknown else moment(event.at.astimezone(tz))
