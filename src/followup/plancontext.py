"""What every application's plan shares: the clock reading, the zone, the calendar and
the limits (pure: ``now`` is given).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import rules
from .businessdays import BusinessDays
from .model import Settings
from .validation import check_timezone


@dataclass(frozen=True, slots=True)
class Context:
    now: datetime
    tz: ZoneInfo
    today: date
    days: BusinessDays
    max_follow_ups: int
    spacing: int
    _times: dict[tuple[date, int], datetime] = field(default_factory=dict)

    def local_day(self, t: datetime) -> date:
        return t.astimezone(self.tz).date()

    def after_hours(self, t: datetime, hours: timedelta) -> datetime:
        return (t.astimezone(UTC) + hours).astimezone(self.tz)

    def at(self, day: date, hour: int) -> datetime:
        found = self._times.get((day, hour))
        if found is None:
            found = self._times[day, hour] = datetime.combine(day, time(hour), tzinfo=self.tz)
        return found


def context(settings: Settings, now: datetime, days: BusinessDays | None = None) -> Context:
    """What every application's plan shares: the clock reading, zone, calendar and limits."""
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    tz = check_timezone(settings.timezone)
    return Context(
        now=now.astimezone(tz),
        tz=tz,
        today=now.astimezone(tz).date(),
        days=days if days is not None else BusinessDays(settings.country),
        max_follow_ups=min(settings.max_follow_ups or rules.MAX_FOLLOW_UPS,
                           rules.MAX_FOLLOW_UPS),
        # R13: a spacing of one's own only makes the plan gentler, never tighter.
        spacing=max(settings.spacing_days or rules.DEFAULT_SPACING_DAYS,
                    rules.DEFAULT_SPACING_DAYS),
    )
