"""The calendar export: one event per step, a reminder each, stable UIDs, inert user text."""

from __future__ import annotations

import icalendar

from followup import ics, planner
from helpers import app, at, doc, event

NOW = at("2026-11-18 10:00")


def export(document, now=NOW):
    steps = planner.actions(document, now=now)
    return steps, icalendar.Calendar.from_ical(ics.calendar(document, steps, now=now))


def test_one_event_with_a_reminder_per_planned_step():
    steps, cal = export(doc())
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(steps) == 5
    for ev, step in zip(events, steps, strict=False):
        assert ev.decoded("dtstart") == step.suggested
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
    assert set(later_uids) <= set(first_uids)
    assert int(next(iter(later.walk("VEVENT")))["sequence"]) > int(
        next(iter(first.walk("VEVENT")))["sequence"])


def test_user_text_can_never_add_properties():
    evil = app(company="Acme\r\nATTENDEE:mailto:boss@evil.example\nX-EVIL:1",
               contacts=[{"id": "dana", "name": "Dana\nORGANIZER:mailto:x@evil.example"}])
    raw_text = ics.calendar(doc(evil), planner.actions(doc(evil), now=NOW), now=NOW)
    cal = icalendar.Calendar.from_ical(raw_text)
    for ev in cal.walk("VEVENT"):
        assert "ATTENDEE" not in ev
        assert "ORGANIZER" not in ev
        assert "X-EVIL" not in ev
        assert "ATTENDEE:mailto:boss@evil.example" in str(ev["summary"])
    assert b"\nATTENDEE" not in raw_text
    assert b"\nX-EVIL" not in raw_text
