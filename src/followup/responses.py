"""Their answers, as the planner reads an application's events: the tone of an answer, the
current stretch of events, the final answer and how the application ended.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from . import datewords
from .model import Application, Channel, Ending, Event, EventType, Outcome, Tone


def answer_tone(event: Event) -> Tone | None:
    """The tone of an answer from them, or None when the event is not one.

    A reply is an answer, whatever its channel; so is a follow-up call in which you spoke to
    them: speaking is an answer. A call without a recorded tone counts as a brief reply.
    """
    if event.type is EventType.REPLY:
        return event.tone or Tone.BRIEF
    if (event.type is EventType.FOLLOW_UP and event.channel is Channel.PHONE
            and event.outcome is Outcome.SPOKE):
        return event.tone or Tone.BRIEF
    return None


def current_events(app: Application, tz: ZoneInfo) -> list[Event] | None:
    """The events of the current stretch: since the latest interview ended, or, with no
    interview yet, since the day of applying; None when there is neither."""
    if app.interviews:
        end = app.interviews[-1].ends_at
        return [e for e in app.events if e.at >= end]
    if app.applied_on is not None:
        start = app.applied_on
        return [e for e in app.events if e.at.astimezone(tz).date() >= start]
    return None


def final_answer(events: list[Event]) -> Event | None:
    """The last offer or "no" among ``events``, if any."""
    return next((e for e in reversed(events)
                 if answer_tone(e) in (Tone.OFFER, Tone.REJECTION)), None)


def ending(app: Application, tz: ZoneInfo) -> Ending | None:
    """How the application ended: an offer, a "no", moved on (closed), or None (not ended)."""
    since = current_events(app, tz)
    final = final_answer(since if since is not None else list(app.events))
    if final is not None:
        return Ending.OFFER if answer_tone(final) is Tone.OFFER else Ending.REJECTION
    return Ending.MOVED_ON if app.closed else None


def answer_words(event: Event, day: date, name: str = "") -> str:
    """Their answer, as a sentence: ``Rita Gomez replied warmly on Thu 26 Nov`` (``They``
    when nobody is named; ``(date unknown)`` for an answer imported without a date)."""
    on = "(date unknown)" if event.date_unknown else f"on {datewords.day(day)}"
    if event.type is EventType.REPLY:
        who = name or "They"
        return (f"{who} replied warmly {on}" if event.tone is Tone.WARM
                else f"{who} answered briefly {on}")
    them = name or "them"
    if event.tone is None:
        return (f"You spoke to {them} {on}; with no tone recorded, the call counts as a "
                "brief reply")
    return (f"You spoke to {them} {on} and it went well" if event.tone is Tone.WARM
            else f"You spoke to {them} {on} and they kept it brief")
