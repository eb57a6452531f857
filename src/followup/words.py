"""The planner's things in words: a step's title and window, a recorded event, an id.

Dates and times are :mod:`followup.datewords`' (re-exported here for the page's bridge), the
names of sections and steps :mod:`followup.labels`'.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from .datewords import day, long_day, long_span, moment, ordinal, span
from .model import Channel, EventType, Outcome, Tone
from .rules import RuleId

if TYPE_CHECKING:
    from .model import Action, Application, Document, Event


__all__ = ["event_label", "event_when", "named", "ready", "slug", "step_title", "window"]


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
    if action.kind is ActionKind.FOLLOW_UP and action.rule == RuleId.R11:
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
    answers (``responses.answer_tone``: a call where you spoke to them is one too)."""
    from .responses import answer_tone

    if event.outcome not in (None, Outcome.SENT):
        return False
    before = [e for e in app.events if e is not event and e.at <= event.at
              and e.type in (EventType.REPLY, EventType.FOLLOW_UP)]
    return bool(before) and answer_tone(before[-1]) is Tone.BRIEF


def event_when(event: Event, tz: tzinfo) -> str:
    """When a recorded event happened, in the history's words: ``Wed 18 Nov, 9:15 am``, or
    ``Date unknown`` for an answer imported without a date."""
    return "Date unknown" if event.date_unknown else moment(event.at.astimezone(tz))
