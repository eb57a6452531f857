"""Dates as a spreadsheet writes them (ISO, numbers in either order, month names, epoch
seconds), read into days and moments; and the order of day and month a file uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Final
from zoneinfo import ZoneInfo

from . import datewords

#: The day's hour given to an interview whose time is not said.
DEFAULT_HOUR: Final = 12

#: The formats of a date written in numbers, by the order of day and month.
DATE_FORMATS: Final = {"dmy": "day/month/year", "mdy": "month/day/year"}


_MONTH_NAMES: Final = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_TIME = (r"(?:(?:[T ,]+|\s+at\s+)(?P<h>\d{1,2})[:h.](?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
         r"\s*(?P<ampm>[ap]\.?\s?m\.?)?)?")
_ZONE = r"(?:\s*(?:GMT|UTC)?\s*(?P<z>Z|[+-]\d{2}:?\d{2}))?(?:\s*\([^)]*\))?"
_ISO = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME + _ZONE, re.I)
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4}|\d{2})" + _TIME
                      + _ZONE, re.I)
_WEEKDAY = r"(?:[A-Za-z]{3,9}\.?,?\s+)?"
_DAY_MONTH = re.compile(_WEEKDAY + r"(?P<d>\d{1,2})\.?\s+(?P<mn>[A-Za-z]{3,9})\.?,?\s+"
                        r"(?P<y>\d{4})" + _TIME + _ZONE, re.I)
_MONTH_DAY = re.compile(_WEEKDAY + r"(?P<mn>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
                        r",?\s+(?P<y>\d{4})" + _TIME + _ZONE, re.I)
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")


@dataclass(frozen=True)
class _When:
    """A date read from a cell, with its time and UTC offset when the cell said them."""

    day: date
    at: time | None = None
    offset: timedelta | None = None


def _numeric_order(cell: str) -> tuple[int, int] | None:
    """The two leading numbers of a date like 03/04/2026, or None for another form."""
    found = _NUMERIC.fullmatch(cell.strip())
    return (int(found["a"]), int(found["b"])) if found else None


def _read_date(cell: str, order: str) -> _When | None:
    """A cell as a date (``order``: "dmy" or "mdy" for dates written in numbers only)."""
    text = cell.strip()
    if _EPOCH.fullmatch(text):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        moment = datetime.fromtimestamp(seconds, UTC)
        return _When(moment.date(), moment.time().replace(microsecond=0), timedelta())
    found = _ISO.fullmatch(text)
    if found:
        year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    elif (found := _NUMERIC.fullmatch(text)) is not None:
        first, second = int(found["a"]), int(found["b"])
        day, month = (first, second) if order != "mdy" else (second, first)
        year = int(found["y"]) + (2000 if len(found["y"]) == 2 else 0)
    elif (found := _DAY_MONTH.fullmatch(text) or _MONTH_DAY.fullmatch(text)) is not None:
        month_number = _MONTH_NAMES.get(found["mn"].lower())
        if month_number is None:
            return None
        year, month, day = int(found["y"]), month_number, int(found["d"])
    else:
        return None
    try:
        found_day = date(year, month, day)
    except ValueError:
        return None
    at = None
    if found["h"] is not None:
        hour, minute = int(found["h"]), int(found["mi"])
        ampm = (found["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 23 or minute > 59:
            return None
        at = time(hour, minute, min(int(found["s"] or 0), 59))
    offset = None
    if found["z"] is not None:
        zone = found["z"].upper()
        if zone == "Z":
            offset = timedelta()
        else:
            digits = zone[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            if zone[0] == "-":
                offset = -offset
            if abs(offset) >= timedelta(hours=24):
                return None
    return _When(found_day, at, offset)


def _moment(when: _When, tz: ZoneInfo) -> datetime:
    """The moment a date-time names: with its own offset, or on the planner's clock (noon
    when no time is given), in the planner's zone and in its one written form."""
    at = when.at if when.at is not None else time(DEFAULT_HOUR)
    if when.offset is not None:
        moment = datetime.combine(when.day, at, tzinfo=timezone(when.offset))
    else:
        moment = datetime.combine(when.day, at, tzinfo=tz)
    # Through UTC: a wall time skipped by a DST change becomes the time it really is.
    return moment.astimezone(UTC).astimezone(tz)


def _local_day(when: _When, tz: ZoneInfo) -> date:
    if when.offset is None or when.at is None:
        return when.day
    return _moment(when, tz).date()


def _pick_order(cells: Iterable[str], wanted: str | None, prefer: str | None
                ) -> tuple[str, list[str], str]:
    """The order of day and month (given, else the only one that reads every date, else the
    preferred one), the orders that read every date, and an example of a date so read."""
    numeric = [c.strip() for c in cells if _numeric_order(c) is not None]
    if not numeric:
        return "", [], ""
    fitting = [o for o in DATE_FORMATS if all(_read_date(c, o) for c in numeric)]
    if wanted in DATE_FORMATS:
        order = str(wanted)
    elif fitting:
        order = prefer if prefer in fitting else fitting[0]
    else:
        order = max(DATE_FORMATS, key=lambda o: sum(1 for c in numeric if _read_date(c, o)))
    # The example that tells the two orders apart best: one whose first two numbers differ.
    ambiguous = [c for c in numeric if (p := _numeric_order(c)) and p[0] != p[1]
                 and p[0] <= 12 and p[1] <= 12]
    sample = next((c for c in ambiguous + numeric if _read_date(c, order)), "")
    example = ""
    if sample:
        read = _read_date(sample, order)
        assert read is not None
        example = f"{sample} is read as {datewords.day(read.day)} {read.day.year}"
    return order, fitting, example
