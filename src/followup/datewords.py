"""Dates and times in plain English words, independent of the machine's locale.

Times follow the user's clock, 12-hour ("3 pm") or 24-hour ("15:00"): an adapter (the
bridge for the page, the command line) says which for the length of one call with
:func:`using_clock`; without it, the 12-hour clock.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date, datetime

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_DASH = "\u2013"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LONG_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


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
