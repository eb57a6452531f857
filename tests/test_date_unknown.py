"""An answer whose date nobody recorded (a spreadsheet that does not say): it counts, and
nothing shows a date for it, until the user gives one."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime

import pytest

from followup import dataformat, drafts, edit, planner, views
from followup.dataerrors import DataError
from helpers import app, event, followup_command, raw

NOW = datetime.fromisoformat("2026-11-25T10:00:00-05:00")


def undated(tone: str = "offer") -> dict:
    answer = {**event("reply", "2026-11-25 09:00", tone=tone), "date_unknown": True}
    return raw(app(events=[event("thank_you", "2026-11-18 09:00", contact="dana"), answer]))


def test_an_undated_answer_ends_the_application_without_a_date():
    document = dataformat.to_document(undated())
    (plan,) = planner.plan(document, now=NOW)
    assert plan.summary == "Offer received (date unknown)"
    view = views.view(undated(), document, NOW)
    (card,) = view["applications"]
    newest = card["history"][0]
    assert newest["label"] == "Date unknown: Reply received (offer)"
    assert newest["edit"]["at_local"] == ""
    marks = [m for m in card["timeline"] if "date unknown" in m["label"]]
    assert [(m["label"], m["date"]) for m in marks] == [("Reply received (offer) (date unknown)",
                                                         "")]


def test_a_time_given_to_it_makes_it_an_ordinary_entry():
    document = undated("rejection")
    index = 1
    change = {"op": "update_event", "app": "acme", "index": index,
              "at": document["applications"][0]["events"][index]["at"],
              "fields": {"at_local": "2026-11-24T16:30"}}
    new, _, _ = edit.apply(document, dataformat.to_document(document), change, now=NOW)
    entry = new["applications"][0]["events"][index]
    assert "date_unknown" not in entry
    assert entry["at"] == "2026-11-24T16:30:00-05:00"
    (plan,) = planner.plan(dataformat.to_document(new), now=NOW)
    assert plan.summary == "They said no on Tue 24 Nov"


def test_date_unknown_is_true_or_false():
    document = undated()
    document["applications"][0]["events"][1]["date_unknown"] = "yes"
    with pytest.raises(DataError, match=r"events\[1\]\.date_unknown: expected true or false"):
        dataformat.load(json.dumps(document))


def test_the_command_line_history_says_date_unknown(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(undated()), encoding="utf-8")
    done = subprocess.run([*followup_command(), "history", str(path), "acme"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[1:] == [
        "   1. Wed 18 Nov, 9 am: Thank-you sent to Dana Lee",
        "   2. Date unknown: Reply received (offer)"]


def test_a_draft_refused_after_an_undated_answer_invents_no_date():
    document = dataformat.to_document(undated("rejection"))
    with pytest.raises(drafts.DraftError) as refused:
        drafts.draft(document, "acme", "follow_up", now=NOW)
    assert "(a no, date unknown)" in str(refused.value)
    assert "Wed 25 Nov" not in str(refused.value)


def test_an_undated_warm_reply_is_thanked_and_explained_without_a_day():
    """A warm reply with no date (say an undated rejection whose tone was changed to warm):
    the plan and the follow-up's draft speak of it without inventing its day."""
    document = dataformat.to_document(undated("warm"))
    (plan,) = planner.plan(document, now=NOW)
    follow_up = next(a for a in plan.actions if a.kind.value == "follow_up")
    assert "replied warmly (date unknown)" in follow_up.why, follow_up.why
    assert "Wed 25 Nov" not in follow_up.why
    d = drafts.draft(document, "acme", "follow_up", now=NOW, attempt=1)
    assert "Thank you again for your message about the Data Analyst position" in d.body
    assert "25 Nov" not in d.body


def test_a_call_is_our_call_whoever_placed_it():
    """"Called: we spoke…" records your call as an answer: the follow-up thanks them for
    "our call", never "your call", which would say that they rang."""
    call = event("reply", "2026-11-25 09:00", tone="warm", channel="phone")
    document = dataformat.to_document(raw(app(events=[
        event("thank_you", "2026-11-18 09:00", contact="dana"), call])))
    d = drafts.draft(document, "acme", "follow_up", now=datetime.fromisoformat(
        "2026-12-03T10:00:00-05:00"), attempt=1)
    assert "Thank you again for our call on Wed 25 Nov" in d.body
    assert "your call" not in d.body
