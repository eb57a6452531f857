"""When people act: the night, the next working morning, the evening before, and the
working days between two days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import rules
from .businessdays import BusinessDays

#: One day, as the windows step through the calendar.
ONE_DAY = timedelta(days=1)


def in_the_night(t: datetime, tz: ZoneInfo) -> bool:
    """Whether ``t`` falls in the night of the zone ``tz`` (rules.NIGHT_START_HOUR to
    rules.NIGHT_END_HOUR)."""
    hour = t.astimezone(tz).hour
    return hour >= rules.NIGHT_START_HOUR or hour < rules.NIGHT_END_HOUR


def next_morning(t: datetime, latest: datetime, tz: ZoneInfo,
                 days: BusinessDays) -> datetime | None:
    """A moment to act that people keep, from ``t`` on: ``t`` itself, or, in the night of
    ``tz``, the next working morning at the start of the working day (or the next morning,
    when the working one would be too late; or the night's end, when 9 am is); None when
    even the night's end is later than ``latest``."""
    if not in_the_night(t, tz):
        return t
    local = t.astimezone(tz)
    morning = local.date() if local.hour < rules.NIGHT_END_HOUR else local.date() + ONE_DAY
    for day, hour in ((days.on_or_after(morning), rules.WORKDAY_START_HOUR),
                      (morning, rules.WORKDAY_START_HOUR), (morning, rules.NIGHT_END_HOUR)):
        candidate = datetime.combine(day, time(hour), tzinfo=tz)
        if candidate <= latest:
            return candidate
    return None


def evening_before(t: datetime, tz: ZoneInfo) -> datetime:
    """The last hour before the night that ``t`` falls in: 8 pm (the hour before
    rules.NIGHT_START_HOUR) that evening, in ``tz``."""
    local = t.astimezone(tz)
    day = local.date() - (ONE_DAY if local.hour < rules.NIGHT_END_HOUR else timedelta())
    return datetime.combine(day, time(rules.NIGHT_START_HOUR - 1), tzinfo=tz)


def business_days_between(days: BusinessDays, start: date, end: date) -> int:
    count = 0
    while start < end:
        start = days.after(start)
        count += 1
    return count
