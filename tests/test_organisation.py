"""One organisation, several roles: at most one contact with it a day (R10), in the plan
(tests/test_planner.py) and before recording, for the page and the command line alike."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup import changeerrors, dataformat, edit, planner
from followup.model import ActionKind
from helpers import app, event, followup_command, raw

NOW = datetime.fromisoformat("2026-11-25T16:00:00-05:00")
SENT = {"contact": "dana", "channel": "email", "outcome": "sent"}


def two_roles(*first_events: dict) -> dict:
    thanked = event("thank_you", "2026-11-18 09:00", contact="dana")
    return raw(app(id="analyst", events=[thanked, *first_events]),
               app(id="bi", company="ACME corp", role="BI Developer", events=[thanked]))


def record(document: dict, app_id: str, kind: str, at: str, **more: object) -> dict:
    change = {"op": "record", "app": app_id, "type": kind, "at": at, "contact": "dana", **more}
    new, _, _ = edit.apply(document, dataformat.to_document(document), change, now=NOW)
    return new


def test_a_second_follow_up_with_one_organisation_on_one_day_is_asked_about():
    document = two_roles(event("follow_up", "2026-11-25 10:00", **SENT))
    with pytest.raises(changeerrors.RuleWarning) as found:
        record(document, "bi", "follow_up", "2026-11-25T15:00:00-05:00")
    assert found.value.rule == "R10"
    assert "You already got in touch with Acme Corp on Wed 25 Nov about the Data Analyst role" \
        in str(found.value)
    # Had it really happened, it is kept, and the plan goes on from it.
    new = record(document, "bi", "follow_up", "2026-11-25T15:00:00-05:00", despite=True)
    assert [e["type"] for e in new["applications"][1]["events"]] == ["thank_you", "follow_up"]
    # Another day is fine.
    record(document, "bi", "follow_up", "2026-11-26T10:00:00-05:00")


def test_thank_yous_for_two_roles_on_one_day_are_one_contact():
    document = raw(app(id="analyst", events=[event("thank_you", "2026-11-18 09:00",
                                                   contact="dana")]),
                   app(id="bi", company="Acme Corp", role="BI Developer"))
    record(document, "bi", "thank_you", "2026-11-18T09:30:00-05:00")


def test_the_command_line_asks_the_same_before_recording(tmp_path):
    data = tmp_path / "plan.json"
    text = json.dumps(two_roles(event("follow_up", "2026-11-25 10:00", **SENT)))
    data.write_text(text, encoding="utf-8")
    done = subprocess.run([*followup_command(), "log", str(data), "bi", "follow-up",
                           "--contact", "dana", "--at", "2026-11-25T15:00:00-05:00",
                           "--now", NOW.isoformat()],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 2
    assert "at most once a day (R10)" in done.stderr
    assert "--anyway" in done.stderr
    assert data.read_text(encoding="utf-8") == text


@settings(max_examples=80, deadline=None)
@given(gap_hours=st.integers(min_value=0, max_value=24 * 12),
       second_company=st.sampled_from(["Acme Corp", "ACME corp.", "Acme Corp (sample)"]),
       second_first=st.booleans(),
       late_hours=st.sampled_from([0, 0, 1, 7, 26, 50, 75]))
def test_following_the_plan_never_meets_the_once_a_day_warning(gap_hours, second_company,
                                                               second_first, late_hours):
    """Two roles at one organisation, interviews some hours apart: every step done when the
    plan says (on time, or some hours after it was suggested: a window still open, a note
    overdue) is recorded without the R10 question, whichever of two steps due at one moment
    is done first (the plan keeps the organisation's contacts, done and planned, thank-yous
    included, on separate days)."""
    first_end = datetime.fromisoformat("2026-11-16T15:00:00-05:00")
    second_end = first_end + timedelta(hours=gap_hours)
    document = raw(
        app(id="analyst", interviews=[{"id": "r1", "ends_at": first_end.isoformat(),
                                        "with": ["dana"]}]),
        app(id="bi", company=second_company, role="BI Developer",
            interviews=[{"id": "r1", "ends_at": second_end.isoformat(), "with": ["dana"]}]))
    now = first_end
    done = 0
    for _ in range(40):
        pending = [a for a in planner.actions(dataformat.to_document(document), now=now)
                   if a.kind is not ActionKind.MOVE_ON and not a.projected]
        if not pending:
            break
        step = min(pending, key=lambda a: (max(a.suggested, now),
                                           (a.application == "bi") != second_first))
        if step.suggested > now:  # the user gets to it, some hours late; the plan again
            now = step.suggested + timedelta(hours=late_hours)
            continue
        kind = "thank_you" if step.kind is ActionKind.THANK_YOU else "follow_up"
        change = {"op": "record", "app": step.application, "type": kind,
                  "at": now.isoformat(), "contact": step.contact or "dana",
                  "channel": "email", **({"outcome": "sent"} if kind == "follow_up" else {})}
        try:
            document, _, _ = edit.apply(document, dataformat.to_document(document), change,
                                        now=now)
        except changeerrors.RuleWarning as warning:
            pytest.fail(f"{step.application} {step.kind.value} at {now}: {warning}")
        done += 1
    else:
        pytest.fail("the plan went on past forty turns")
    assert done >= 4  # two thank-yous and a follow-up each, at least


def _due_today(document: dict, now: datetime) -> list[tuple[str, str]]:
    """The steps the plan has for today (due now, or suggested later today)."""
    today = now.date()
    return [(a.application, a.kind.value)
            for a in planner.actions(dataformat.to_document(document), now=now)
            if not a.projected and a.kind is not ActionKind.MOVE_ON
            and a.suggested.astimezone(now.tzinfo).date() <= today]


def test_two_follow_ups_open_for_days_are_not_both_for_today():
    """Both roles thanked on Wed 18 Nov; on Tue 1 Dec both follow-up windows have been open
    for days: one is for today, the other moves to the next working day."""
    now = datetime.fromisoformat("2026-12-01T10:00:00-05:00")
    assert len(_due_today(two_roles(), now)) == 1, _due_today(two_roles(), now)


def test_an_overdue_thank_you_keeps_today_clear_of_another_roles_follow_up():
    """The BI interview ended Fri 20 Nov and its note is overdue ("send it today"); the
    analyst's follow-up, open from Wed 25 Nov, waits for another day."""
    now = datetime.fromisoformat("2026-11-25T10:00:00-05:00")
    document = raw(app(id="analyst", events=[event("thank_you", "2026-11-18 09:00",
                                                   contact="dana")]),
                   app(id="bi", company="Acme Corp", role="BI Developer",
                       interviews=[{"id": "r1", "ends_at": "2026-11-20T15:00:00-05:00",
                                    "with": ["dana"]}]))
    assert _due_today(document, now) == [("bi", "thank_you")]
