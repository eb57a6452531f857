"""The sample data (``load_sample``) does what the guides teach, whenever it is loaded.

The sample is someone's history: a person exploring the planner reads it as an example to
follow. So at any moment it is loaded (any weekday, any hour, any zone, a day the clocks
change), every thank-you goes out after its interview and within the hours R2 gives, the
follow-ups keep R7, R10 and R12, nothing is dated after the moment of loading, and no step
opens already missed. The moment is an input (``now``), never the real clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup import dataformat, edit, planner, recordchecks, rules, validation
from followup.model import Channel, EventType

#: Zones whose clocks do something unusual: DST forward and back (at 2 am, at midnight, by
#: half an hour, "negative" in Dublin), far from UTC either way, and quarter-hour offsets.
ZONES = ["America/New_York", "Europe/London", "Europe/Dublin", "Europe/Paris",
         "Australia/Lord_Howe", "Australia/Sydney", "Pacific/Chatham", "Pacific/Kiritimati",
         "Pacific/Pago_Pago", "America/Santiago", "America/Havana", "Asia/Kathmandu",
         "America/St_Johns", "Africa/Casablanca", "Asia/Tehran", "Antarctica/Troll", "UTC"]

#: Local dates around a DST change in each zone (2026), hour by hour in the sweep below.
CHANGES = [("America/New_York", "2026-03-08"), ("America/New_York", "2026-11-01"),
           ("Europe/London", "2026-03-29"), ("Europe/London", "2026-10-25"),
           ("Australia/Lord_Howe", "2026-04-05"), ("America/Santiago", "2026-04-05"),
           ("America/Santiago", "2026-09-06")]


def loaded(zone: str, now: datetime) -> dict[str, Any]:
    blank = dataformat.new_raw(zone)
    new, message, _ = edit.apply(blank, dataformat.to_document(blank), {"op": "load_sample"},
                                 now=now)
    assert message == "Added three sample applications, marked (sample)."
    return new


def broken_rules(new: dict[str, Any], now: datetime) -> list[str]:
    """Every rule of the guides the sample goes against, as sentences ([] when none)."""
    tz = ZoneInfo(new["settings"]["timezone"])
    document = dataformat.to_document(new)
    problems: list[str] = []
    assert len(document.applications) == 3
    for app in document.applications:
        name = app.company

        def day(t: datetime) -> date:
            return t.astimezone(tz).date()

        for interview in app.interviews:
            if interview.ends_at > now:
                problems.append(f"{name}: the interview ends after now")
        for event in app.events:
            if event.at > now:
                problems.append(f"{name}: a {event.type.value} after now ({event.at})")
            local = event.at.astimezone(tz)
            if local.weekday() >= 5:
                problems.append(f"{name}: a {event.type.value} on a weekend ({local})")
            if not rules.NIGHT_END_HOUR <= local.hour < rules.NIGHT_START_HOUR:
                problems.append(f"{name}: a {event.type.value} in the night ({local})")
        notes = [e for e in app.events if e.type is EventType.THANK_YOU]
        follow_ups = [e for e in app.events if e.type is EventType.FOLLOW_UP]
        end = app.interviews[-1].ends_at
        for note in notes:
            after = note.at - end
            if after <= timedelta(0):  # R3
                problems.append(f"{name}: the thank-you is not after the interview")
            if after > timedelta(hours=rules.THANK_YOU_LATEST_HOURS):  # R2
                problems.append(f"{name}: the thank-you {after} after the interview")
            if after > timedelta(hours=rules.THANK_YOU_SUGGESTED_HOURS):  # R2: sooner is better
                problems.append(f"{name}: the thank-you later than the suggested "
                                f"{rules.THANK_YOU_SUGGESTED_HOURS} hours ({after})")
        if follow_ups and not notes:
            problems.append(f"{name}: follow-ups without a thank-you")
        if len(follow_ups) > rules.MAX_FOLLOW_UPS:  # R7
            problems.append(f"{name}: {len(follow_ups)} follow-ups")
        for f in follow_ups:
            if notes and f.at <= notes[0].at:
                problems.append(f"{name}: a follow-up before the thank-you")
            if any(day(f.at) == day(n.at) for n in notes):  # R10
                problems.append(f"{name}: a follow-up on the day of the thank-you")
        days = [day(e.at) for e in (*notes, *follow_ups)]
        if len(set(days)) != len(days):  # R10
            problems.append(f"{name}: two contacts on one day")
        emails = sorted(day(f.at) for f in follow_ups if f.channel is not Channel.PHONE)
        for first, second in pairwise(emails):  # R12
            if (second - first).days < rules.MIN_EMAIL_GAP_DAYS:
                problems.append(f"{name}: emails {first} and {second}")
        # Recorded one by one, the way the page and `followup log` record them: the method's
        # own checks (R3, R7, R10, R12, R14) have nothing to say.
        raw_app = next(a for a in new["applications"] if a["id"] == app.id)
        for index, raw_event in enumerate(raw_app["events"]):
            before = dict(raw_app, events=raw_app["events"][:index])
            earlier = dataformat.to_document(dict(new, applications=[before])).applications[0]
            at = validation.parse_datetime(raw_event["at"])
            fields = {k: str(raw_event[k]) for k in ("contact", "channel", "outcome", "tone")
                      if raw_event.get(k)}
            fields.setdefault("channel", "email")
            early = recordchecks.too_early(earlier, raw_event["type"], at, tz,
                                           fields.get("contact"))
            against = recordchecks.over_contact(earlier, document.settings, raw_event["type"],
                                                at, fields, now)
            problems += [f"{name}: {said}" for said in (early, against and against[1]) if said]
    # What it shows first is what to do next, never a step already missed.
    problems += [f"{a.company}: the {a.kind.value} step closed at {a.latest}"
                 for a in planner.actions(document, now=now) if a.latest < now]
    return problems


@st.composite
def moments(draw: st.DrawFn) -> tuple[str, datetime]:
    """A zone for the planner and a moment: any wall time there (skipped or repeated ones
    too), told in that zone or in another."""
    zone = draw(st.one_of(st.sampled_from(ZONES), st.timezone_keys()))
    wall = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
    now = wall.replace(tzinfo=ZoneInfo(zone), fold=draw(st.integers(0, 1)))
    told = draw(st.one_of(st.just(zone), st.sampled_from(ZONES)))
    return zone, now.astimezone(ZoneInfo(told))


@settings(max_examples=400, deadline=None)
@given(moments())
@example(("America/New_York", datetime(2026, 3, 9, 10, 30, tzinfo=ZoneInfo("America/New_York"))))
@example(("Europe/London", datetime(2026, 11, 16, 8, 0, tzinfo=UTC)))
def test_the_sample_follows_every_rule_whenever_it_is_loaded(moment):
    zone, now = moment
    assert broken_rules(loaded(zone, now), now) == []


@pytest.mark.parametrize(("zone", "day"), CHANGES)
def test_the_sample_follows_every_rule_hour_by_hour_around_a_clock_change(zone, day):
    tz = ZoneInfo(zone)
    start = datetime.fromisoformat(day).replace(tzinfo=tz) - timedelta(days=3)
    for hours in range(0, 7 * 24, 1):
        now = (start.astimezone(UTC) + timedelta(hours=hours, minutes=17)).astimezone(tz)
        assert broken_rules(loaded(zone, now), now) == [], now


def test_the_sample_follows_every_rule_on_every_weekday_and_hour():
    """A plain week: Monday 16 Nov 2026, hour by hour (the loads people make most)."""
    tz = ZoneInfo("America/New_York")
    for hours in range(7 * 24):
        now = datetime(2026, 11, 16, tzinfo=tz) + timedelta(hours=hours, minutes=45)
        assert broken_rules(loaded("America/New_York", now), now) == [], now
