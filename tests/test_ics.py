"""The calendar export: one event per step at the moment to act, a reminder each, stable UIDs,
a VTIMEZONE for every TZID, cancellations for steps gone since an earlier export, a SEQUENCE
that grows with the export moment, inert user text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from followup import ics, planner
from helpers import app, at, doc, event

NOW = at("2026-11-18 10:00")
THANK_YOU = "acme-thank_you-dana-0@followup-planner"


def export(document, now=NOW, **options):
    steps = planner.actions(document, now=now)
    return steps, icalendar.Calendar.from_ical(ics.calendar(document, steps, now=now, **options))


def by_uid(cal):
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def status(ev):
    return str(ev["status"])


def active(cal):
    return [e for e in cal.walk("VEVENT") if status(e) == "CONFIRMED"]


def cancelled(cal):
    return [e for e in cal.walk("VEVENT") if status(e) == "CANCELLED"]


def test_one_event_with_a_reminder_per_planned_step():
    steps, cal = export(doc())
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(steps) == 5
    for ev, step in zip(events, steps, strict=True):
        assert ev.decoded("dtstart") == step.suggested
        assert status(ev) == "CONFIRMED"
        assert step.why in str(ev["description"])
        (alarm,) = ev.walk("VALARM")
        assert alarm["action"] == "DISPLAY"
        assert alarm.decoded("trigger").total_seconds() == -15 * 60


def test_uids_are_stable_so_reimporting_updates_instead_of_duplicating():
    _, first = export(doc())
    _, later = export(doc(app(events=[event("thank_you", "2026-11-18 11:00",
                                            contact="dana")])), now=at("2026-11-18 12:00"))
    first_uids = [str(e["uid"]) for e in first.walk("VEVENT")]
    later_uids = [str(e["uid"]) for e in later.walk("VEVENT")]
    assert len(set(first_uids)) == len(first_uids)
    assert len(set(later_uids)) == len(later_uids)
    assert set(later_uids) == set(first_uids)  # the sent note is there, cancelled


# -- the event's own time is the reminder ---------------------------------------------------

def test_dtstart_is_the_suggested_moment_with_a_time_not_a_whole_day():
    steps, cal = export(doc())
    events = by_uid(cal)
    thank_you = next(s for s in steps if s.kind.value == "thank_you")
    ev = events[ics.uid(thank_you)]
    start = ev.decoded("dtstart")
    assert isinstance(start, datetime)  # not an all-day date
    assert start == thank_you.suggested == at("2026-11-18 15:00")  # 24 hours after the end
    assert ev.decoded("dtend") - start == timedelta(minutes=ics.EVENT_MINUTES)
    for step in steps:
        assert events[ics.uid(step)].decoded("dtstart") == step.suggested > NOW


def test_a_step_whose_suggested_moment_has_passed_starts_at_the_next_quarter_hour():
    late = at("2026-11-19 08:07")  # the ideal moment (18 Nov, 3 pm) has passed; still in time
    steps, cal = export(doc(), now=late)
    thank_you = next(s for s in steps if s.kind.value == "thank_you")
    assert thank_you.suggested < late
    start = by_uid(cal)[THANK_YOU].decoded("dtstart")
    assert start == at("2026-11-19 08:15")
    assert start.utcoffset() == timedelta(hours=-5)
    overdue = at("2026-11-20 17:45")  # exactly on a quarter hour: now
    _, cal = export(doc(), now=overdue)
    assert by_uid(cal)[THANK_YOU].decoded("dtstart") == overdue


def test_a_calendar_event_never_rings_in_the_night_of_the_users_zone():
    """A Sydney candidate after a New York interview that ended at 9 am there (1 am in
    Sydney): the thank-you's 24th hour is 1 am, so the event starts at 8 pm the evening
    before; exported at night once that has passed, the event waits for the morning, inside
    the window."""
    sydney = doc(app(interviews=[{"id": "r1", "ends_at": "2026-11-17T09:00:00-05:00",
                                  "with": ["dana"]}]), timezone="Australia/Sydney")
    steps, cal = export(sydney, now=at("2026-11-17 12:00"))
    zone = ZoneInfo("Australia/Sydney")
    starts = {uid: ev.decoded("dtstart") for uid, ev in by_uid(cal).items()}
    for step in steps:
        local = starts[ics.uid(step)].astimezone(zone)
        assert 8 <= local.hour < 21, (step.kind, local)
    thank_you = next(s for s in steps if s.kind.value == "thank_you")
    assert starts[THANK_YOU].astimezone(zone) == datetime(2026, 11, 18, 20, tzinfo=zone)
    assert thank_you.latest == datetime(2026, 11, 19, 13, tzinfo=zone)
    # Exported at 11 pm that evening: 9 am, still inside the window.
    _, cal = export(sydney, now=datetime(2026, 11, 18, 23, 0, tzinfo=zone))
    start = by_uid(cal)[THANK_YOU].decoded("dtstart").astimezone(zone)
    assert start == datetime(2026, 11, 19, 9, tzinfo=zone)
    # Overdue, and exported late on a Friday evening: the event waits for Monday morning.
    _, cal = export(sydney, now=datetime(2026, 11, 20, 22, 10, tzinfo=zone))
    start = by_uid(cal)[THANK_YOU].decoded("dtstart").astimezone(zone)
    assert start == datetime(2026, 11, 23, 9, tzinfo=zone)


def test_an_overdue_step_exported_at_night_waits_for_a_working_morning_not_a_holiday():
    """The planner's working days are the calendar's: overdue on the eve of Thanksgiving
    (United States), the event waits for Friday morning, not the holiday."""
    zone = ZoneInfo("America/New_York")
    document = doc(app(interviews=[{"id": "r1", "ends_at": "2026-11-20T15:00:00-05:00",
                                    "with": ["dana"]}]), country="US")
    _, cal = export(document, now=datetime(2026, 11, 25, 22, 10, tzinfo=zone))
    start = by_uid(cal)[THANK_YOU].decoded("dtstart").astimezone(zone)
    assert start == datetime(2026, 11, 27, 9, tzinfo=zone)
    # Without a country, only weekends are days off: Thursday morning.
    _, cal = export(doc(app(interviews=[{"id": "r1", "ends_at": "2026-11-20T15:00:00-05:00",
                                         "with": ["dana"]}])),
                    now=datetime(2026, 11, 25, 22, 10, tzinfo=zone))
    start = by_uid(cal)[THANK_YOU].decoded("dtstart").astimezone(zone)
    assert start == datetime(2026, 11, 26, 9, tzinfo=zone)


# -- VTIMEZONE -------------------------------------------------------------------------------

def used_tzids(cal):
    return {ev[name].params["TZID"] for ev in cal.walk("VEVENT")
            for name in ("dtstart", "dtend") if "TZID" in ev[name].params}


@pytest.mark.parametrize(("zone", "offsets"), [("America/New_York", 2), ("Europe/Berlin", 2),
                                               ("Australia/Lord_Howe", 1), ("Asia/Kolkata", 1)])
def test_a_vtimezone_for_every_tzid_that_gives_the_same_instants(zone, offsets):
    document = doc(app(interviews=[{"id": "r1", "ends_at": "2026-10-20T15:00:00+00:00",
                                    "with": ["dana"]}]), timezone=zone)
    now = datetime(2026, 10, 20, 16, tzinfo=UTC)
    steps, cal = export(document, now=now)
    assert used_tzids(cal) == {zone}
    (vtimezone,) = cal.walk("VTIMEZONE")
    assert vtimezone["tzid"] == zone
    assert cal.get_missing_tzids() == set()
    # Read back with the file's own VTIMEZONE, every start is the instant the planner meant,
    # across the autumn change of clocks too.
    file_zone = vtimezone.to_tz(lookup_tzid=False)  # not the zoneinfo of that name
    for step in steps:
        start = by_uid(cal)[ics.uid(step)]["dtstart"].dt
        local = start.replace(tzinfo=None)
        assert local.replace(tzinfo=file_zone) == step.suggested
    assert len({s.suggested.utcoffset() for s in steps}) == offsets  # 2: clocks changed


def test_the_vtimezone_comes_before_the_events_and_utc_needs_none():
    _, cal = export(doc())
    assert cal.subcomponents[0].name == "VTIMEZONE"
    raw_utc = ics.calendar(doc(timezone="UTC"), planner.actions(doc(timezone="UTC"), now=NOW),
                           now=NOW)
    assert b"VTIMEZONE" not in raw_utc
    assert b"TZID" not in raw_utc


def test_an_empty_plan_is_a_valid_empty_calendar():
    raw_text = ics.calendar(doc(app(interviews=[])), [], now=NOW)
    cal = icalendar.Calendar.from_ical(raw_text)
    assert list(cal.walk("VEVENT")) == []
    assert list(cal.walk("VTIMEZONE")) == []


# -- cancellations ---------------------------------------------------------------------------

def test_a_step_done_since_the_last_export_comes_out_cancelled_with_the_same_uid():
    _, before = export(doc())
    assert status(by_uid(before)[THANK_YOU]) == "CONFIRMED"
    sent = doc(app(events=[event("thank_you", "2026-11-18 11:00", contact="dana")]))
    steps, after = export(sent, now=at("2026-11-18 12:00"))
    assert THANK_YOU not in {ics.uid(s) for s in steps}
    gone = by_uid(after)[THANK_YOU]
    assert status(gone) == "CANCELLED"
    assert int(gone["sequence"]) > int(by_uid(before)[THANK_YOU]["sequence"])
    assert gone.decoded("dtstart") == by_uid(before)[THANK_YOU].decoded("dtstart")
    assert list(gone.walk("VALARM")) == []
    assert str(gone["transp"]) == "TRANSPARENT"
    assert [str(e["uid"]) for e in cancelled(after)] == [THANK_YOU]
    assert len(active(after)) == len(steps) == 4


def test_a_follow_up_made_is_cancelled_and_the_next_ones_stay():
    made = doc(app(events=[event("thank_you", "2026-11-18 11:00", contact="dana"),
                           event("follow_up", "2026-11-25 10:00", contact="dana",
                                 channel="email", outcome="sent")]))
    _, cal = export(made, now=at("2026-11-25 11:00"))
    assert sorted(str(e["uid"]) for e in cancelled(cal)) == [
        "acme-follow_up-dana-1@followup-planner", THANK_YOU]
    assert {str(e["uid"]) for e in active(cal)} == {
        "acme-follow_up-dana-2@followup-planner", "acme-follow_up-dana-3@followup-planner",
        "acme-move_on-all-0@followup-planner"}


@pytest.mark.parametrize("ending", [{"closed": True},
                                    {"events": [event("reply", "2026-11-18 11:00",
                                                      tone="rejection")]}])
def test_a_closed_or_ended_application_cancels_every_step_it_had(ending):
    planned = {ics.uid(s) for s in planner.actions(doc(), now=NOW)}
    steps, cal = export(doc(app(**ending)), now=at("2026-11-18 12:00"))
    assert steps == []
    assert {str(e["uid"]) for e in cancelled(cal)} == planned
    assert active(cal) == []
    assert cal.walk("VTIMEZONE")  # cancelled events have times in the zone too


def test_a_plan_nothing_has_happened_to_cancels_nothing():
    _, cal = export(doc())
    assert cancelled(cal) == []


def test_a_step_that_only_moved_is_updated_not_cancelled():
    moved = doc(app(decision_expected="2026-11-20"))
    _, cal = export(moved)
    assert cancelled(cal) == []


def test_a_one_application_export_cancels_only_that_applications_steps():
    beta = app(id="beta", company="Beta", events=[event("thank_you", "2026-11-18 09:00",
                                                        contact="dana")])
    acme = app(events=[event("thank_you", "2026-11-18 09:30", contact="dana")])
    document = doc(acme, beta)
    _, everything = export(document)
    assert {str(e["uid"]) for e in cancelled(everything)} == {
        THANK_YOU, "beta-thank_you-dana-0@followup-planner"}
    steps = [s for s in planner.actions(document, now=NOW) if s.application == "beta"]
    only = icalendar.Calendar.from_ical(ics.calendar(document, steps, now=NOW,
                                                     applications=["beta"]))
    assert [str(e["uid"]) for e in cancelled(only)] == ["beta-thank_you-dana-0@followup-planner"]


def test_cancellations_are_bounded_however_long_the_history(monkeypatch):
    contacts = [{"id": f"c{i}", "name": f"Person {i}"} for i in range(60)]
    everyone = [c["id"] for c in contacts]
    # 60 notes, all recorded at once (no contact): 60 thank-yous gone, and more
    one_round = doc(app(contacts=contacts, events=[event("thank_you", "2026-11-18 09:00")],
                        interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                                     "with": everyone}], closed=True))
    _, cal = export(one_round)
    assert len(cancelled(cal)) == ics.MAX_CANCELLED
    # eleven rounds of 60 notes each: only the latest states are planned again
    interviews = [{"id": f"r{m}", "ends_at": f"2026-{m:02d}-10T15:00:00-05:00",
                   "with": everyone} for m in range(1, 12)]
    events = [event("thank_you", f"2026-{m:02d}-11 09:{i:02d}", contact=f"c{i}")
              for m in range(1, 12) for i in range(60)]
    busy = doc(app(contacts=contacts, interviews=interviews, events=events, closed=True))
    runs = []
    real = planner.plan_application
    monkeypatch.setattr(planner, "plan_application",
                        lambda application, ctx: runs.append(1) or real(application, ctx))
    assert 0 < len(ics.earlier_steps(busy, busy.applications[0], now=NOW)) <= ics.MAX_CANCELLED
    assert len(runs) == 1 + ics.REPLAYS + 1  # today, the latest states, as if still open


# -- SEQUENCE and DTSTAMP --------------------------------------------------------------------

@pytest.mark.parametrize(("first", "second"), [("10:00:10", "10:00:50"),
                                               ("10:00:59", "10:01:59"),
                                               ("10:00:00", "10:01:00")])
def test_a_later_export_where_a_step_moved_has_a_higher_sequence(first, second):
    then = datetime.fromisoformat(f"2026-11-18T{first}-05:00")
    later = datetime.fromisoformat(f"2026-11-18T{second}-05:00")
    _, before = export(doc(), now=then)
    # the decision date, learnt in between, moves the first follow-up
    _, after = export(doc(app(decision_expected="2026-11-20")), now=later)
    uid = "acme-follow_up-dana-1@followup-planner"
    old, new = by_uid(before)[uid], by_uid(after)[uid]
    assert old.decoded("dtstart") != new.decoded("dtstart")
    assert int(new["sequence"]) > int(old["sequence"])
    assert {int(e["sequence"]) for e in after.walk("VEVENT")} == {ics.sequence(later)}
    assert new.decoded("dtstamp") == later.astimezone(UTC)
    assert new["dtstamp"].to_ical().endswith(b"Z")


def test_sequence_counts_seconds_from_a_fixed_epoch_and_fits_an_ical_integer():
    assert ics.sequence(ics.SEQUENCE_EPOCH) == 0
    assert ics.sequence(datetime(2020, 1, 1, 0, 1, tzinfo=UTC)) == 60
    assert ics.sequence(at("2026-11-18 10:00")) < ics.sequence(at("2026-11-18 10:00:01"))
    assert ics.sequence(datetime(2019, 1, 1, tzinfo=UTC)) == 0
    assert ics.sequence(datetime(2200, 1, 1, tzinfo=ZoneInfo("UTC"))) == 2**31 - 1


# -- user text -------------------------------------------------------------------------------

def test_user_text_can_never_add_properties():
    evil = app(company="Acme\r\nATTENDEE:mailto:boss@evil.example\nX-EVIL:1",
               contacts=[{"id": "dana", "name": "Dana\nORGANIZER:mailto:x@evil.example"}],
               events=[event("thank_you", "2026-11-18 09:00", contact="dana")])
    raw_text = ics.calendar(doc(evil), planner.actions(doc(evil), now=NOW), now=NOW)
    cal = icalendar.Calendar.from_ical(raw_text)
    assert cancelled(cal)  # the cancelled note carries the same text
    for ev in cal.walk("VEVENT"):
        assert "ATTENDEE" not in ev
        assert "ORGANIZER" not in ev
        assert "X-EVIL" not in ev
        assert "ATTENDEE:mailto:boss@evil.example" in str(ev["summary"])
    assert b"\nATTENDEE" not in raw_text
    assert b"\nX-EVIL" not in raw_text
