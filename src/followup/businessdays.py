"""Business days: Monday to Friday, minus the public holidays of the user's country.

The ``holidays`` package is imported only when a country is set, and each year's holidays
are looked up once per calendar object.

The browser avoids even that import for the years it is likely to need: at site-build time
:func:`holiday_table` asks the ``holidays`` package itself for every country's public holidays
over :data:`TABLE_YEARS`, and the page's worker names that table (a JSON file) in the
environment variable :data:`TABLE_ENV` before the first call. A year the table covers is read
from it; any other year, or no table at all (the command line), imports the package as before.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5

#: The environment variable that names the holiday table's file (the browser's worker sets it).
TABLE_ENV = "FOLLOWUP_HOLIDAYS_TABLE"
#: The table's "format" and "version".
TABLE_FORMAT = "followup-holidays"
TABLE_VERSION = 1
#: The years the site's table covers (first, last): the years around now that a plan reaches.
#: Move them on as the years pass; outside them the browser loads the package, as before.
TABLE_YEARS = (2020, 2035)
_CODE = re.compile(r"^[A-Z]{2}$")


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
            assert self.country is not None
            found = _from_table(self.country, year)
            if found is None:
                import holidays

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


def table_countries() -> list[str]:
    """Every country code the planner accepts (two letters) that ``holidays`` has a calendar
    for: the countries the site's table covers."""
    import holidays

    return sorted(code for code in holidays.list_supported_countries() if _CODE.match(code))


def holiday_table(countries: Iterable[str], years: tuple[int, int]) -> dict[str, Any]:
    """The public holidays of ``countries`` over the years ``years`` (first, last), as the
    ``holidays`` package gives them: for each country, one list per year of the days of the
    year (1 for 1 January) that are holidays. Raises :class:`UnknownCountry` for a country
    the package has no calendar for."""
    from importlib import metadata

    import holidays

    first, last = years
    table: dict[str, list[list[int]]] = {}
    for country in sorted(countries):
        per_year = []
        for year in range(first, last + 1):
            try:
                days = holidays.country_holidays(country, years=year)
            except NotImplementedError:
                raise UnknownCountry(country) from None
            per_year.append(sorted(d.timetuple().tm_yday for d in days if d.year == year))
        table[country] = per_year
    return {"format": TABLE_FORMAT, "version": TABLE_VERSION,
            "holidays": metadata.version("holidays"), "years": [first, last], "countries": table}


@functools.cache
def _read_table(path: str) -> dict[str, Any] | None:
    """The table in the file at ``path``, or None when there is none to use."""
    try:
        with open(path, encoding="utf-8") as f:
            table = json.load(f)
    except (OSError, ValueError):
        return None
    if (not isinstance(table, dict) or table.get("format") != TABLE_FORMAT
            or table.get("version") != TABLE_VERSION):
        return None
    return table


def _from_table(country: str, year: int) -> frozenset[date] | None:
    """The holidays of ``country`` in ``year`` from the table named by :data:`TABLE_ENV`; None
    when no table is named or it does not cover the year. A country missing from a table that
    covers the year has no calendar: :class:`UnknownCountry`."""
    path = os.environ.get(TABLE_ENV)
    table = _read_table(path) if path else None
    if table is None:
        return None
    first, last = table["years"]
    if not first <= year <= last:
        return None
    per_year = table["countries"].get(country)
    if per_year is None:
        raise UnknownCountry(country)
    start = date(year, 1, 1).toordinal() - 1
    return frozenset(date.fromordinal(start + day) for day in per_year[year - first])


@functools.cache
def country_of_zone(zone: str) -> str:
    """The country a time zone belongs to (``Asia/Singapore``: ``SG``), from the tz database's
    own zone.tab, or "" when it names none (``UTC``) or the table is not there."""
    table = _zone_tab()
    for line in (table or "").splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#") and fields[2] == zone:
            return fields[0]
    return ""


def ask_for_tz_database() -> None:
    """In the browser, without the tzdata package: raises ModuleNotFoundError for it, which
    followup.bridge answers as {"missing": "tzdata"}, and the page's worker loads it. The zone
    files usually come from the site's packed copy instead (written where zoneinfo looks
    first); this is for a file that copy lacks, or the copy missing. Elsewhere it does nothing.
    """
    import importlib.util
    import sys

    if sys.platform == "emscripten" and importlib.util.find_spec("tzdata") is None:
        raise ModuleNotFoundError("the time zone database is not loaded", name="tzdata")


def _zone_tab() -> str | None:
    """zone.tab: the tzdata package's, else the first in zoneinfo's search path (where the
    browser writes the site's copy before its first call, without loading the package)."""
    from importlib import resources
    from pathlib import Path
    from zoneinfo import TZPATH

    try:
        return (resources.files("tzdata.zoneinfo") / "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        pass
    for folder in TZPATH:
        try:
            return (Path(folder) / "zone.tab").read_text(encoding="utf-8")
        except OSError:
            continue
    ask_for_tz_database()
    return None
