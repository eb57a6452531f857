"""Business days: Monday to Friday, minus the public holidays of the user's country.

The ``holidays`` package is imported only when a country is set, and each year's holidays
are looked up once per calendar object.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


class UnknownCountry(LookupError):
    """No public-holiday calendar exists for the country code."""


class BusinessDays:
    def __init__(self, country: str | None = None) -> None:
        self.country = country
        self._years: dict[int, frozenset[date]] = {}
        # Plans across many applications ask about the same few dates again and again.
        self._forward: dict[date, date] = {}

    def _holidays(self, year: int) -> frozenset[date]:
        found = self._years.get(year)
        if found is None:
            import holidays

            assert self.country is not None

            try:
                found = frozenset(holidays.country_holidays(self.country, years=year))
            except NotImplementedError:
                raise UnknownCountry(self.country) from None
            self._years[year] = found
        return found

    def check(self, year: int) -> None:
        """Raise :class:`UnknownCountry` when no public-holiday calendar exists for the
        country (no country: nothing to check)."""
        if self.country is not None:
            self._holidays(year)

    def is_business_day(self, day: date) -> bool:
        if day.weekday() >= _SATURDAY:
            return False
        return self.country is None or day not in self._holidays(day.year)

    def on_or_after(self, day: date) -> date:
        found = self._forward.get(day)
        if found is None:
            found = day
            while not self.is_business_day(found):
                found += _ONE_DAY
            self._forward[day] = found
        return found

    def after(self, day: date) -> date:
        return self.on_or_after(day + _ONE_DAY)

    def on_or_before(self, day: date) -> date:
        while not self.is_business_day(day):
            day -= _ONE_DAY
        return day

    def add(self, day: date, count: int) -> date:
        """The ``count``-th business day after ``day`` (``count`` >= 0; 0 rolls forward)."""
        day = self.on_or_after(day) if count == 0 else day
        for _ in range(count):
            day = self.after(day)
        return day


@functools.cache
def country_of_zone(zone: str) -> str:
    """The country a time zone belongs to (``Asia/Singapore``: ``SG``), from the tz database's
    own zone.tab, or "" when it names none (``UTC``) or the table is not there."""
    from importlib import resources

    try:
        table = (resources.files("tzdata.zoneinfo") / "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return ""
    for line in table.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#") and fields[2] == zone:
            return fields[0]
    return ""
