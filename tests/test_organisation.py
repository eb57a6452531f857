"""One organisation, several roles: at most one contact with it a day (R10), in the plan
(tests/test_planner.py) and before recording, for the page and the command line alike."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime

import pytest

from followup import dataformat, edit
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
    with pytest.raises(edit.RuleWarning) as found:
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
