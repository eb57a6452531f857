"""The bridge the page calls: JSON text in, JSON text out, every problem a sentence."""

from __future__ import annotations

import json

import pytest

from followup import bridge, dataformat
from helpers import app, raw

NOW = "2026-11-18T15:00:00+00:00"


def call(fn, **request):
    return json.loads(fn(json.dumps(request)))


def text(obj) -> str:
    return json.dumps(obj)


def test_validate_returns_the_document_or_the_reason():
    ok = call(bridge.validate, document=text(raw()))
    assert ok["ok"] is True
    assert ok["document"]["applications"][0]["id"] == "acme"
    bad = call(bridge.validate, document="{oops")
    assert bad == {"ok": False, "error": bad["error"]}
    assert bad["error"].startswith("not valid JSON")


def test_no_stored_document_means_an_empty_one_in_the_browsers_zone():
    result = call(bridge.validate, document=None, timezone="Europe/Paris")
    assert result["document"]["settings"] == {"timezone": "Europe/Paris"}
    assert result["document"]["applications"] == []


def test_agenda_groups_actions_and_describes_each_application():
    result = call(bridge.agenda, document=text(raw()), now="2026-11-17T21:00:00+00:00")
    assert result["ok"]
    first = result["actions"][0]
    assert first["kind"] == "thank_you"
    assert first["group"] == "today"
    assert first["title"] == "Send a thank-you note to Dana Lee"
    (view,) = result["applications"]
    assert view["company"] == "Acme Corp"
    kinds = [step["kind"] for step in view["timeline"]]
    assert kinds[0] == "interview"
    assert kinds[-1] == "move_on"
    assert view["raw"]["id"] == "acme"


def test_draft_and_its_refusal():
    ok = call(bridge.draft, document=text(raw()), now=NOW, app="acme", kind="thank_you")
    assert ok["ok"]
    assert ok["to"] == "dana@acme.example"
    early = call(bridge.draft, document=text(raw()), now="2026-11-17T12:00:00+00:00",
                 app="acme", kind="thank_you")
    assert early["ok"] is False
    assert "Write the thank-you after it" in early["error"]


def test_calendar_is_ics_text():
    result = call(bridge.calendar, document=text(raw()), now=NOW)
    assert result["ics"].startswith("BEGIN:VCALENDAR")
    assert result["events"] == 5


def test_adding_an_application_from_the_form():
    result = call(bridge.change, document=None, timezone="America/New_York", now=NOW,
                  change={"op": "add_application", "company": "Acme Corp", "role": "Analyst",
                          "interviewers": "Dana Lee, Raj Patel", "email": "dana@acme.example",
                          "ends_local": "2026-11-17T15:00"})
    assert result["ok"], result
    (added,) = result["document"]["applications"]
    assert added["id"] == "acme-corp"
    assert added["interviews"][0]["ends_at"] == "2026-11-17T15:00:00-05:00"
    assert added["interviews"][0]["with"] == ["dana-lee", "raj-patel"]
    assert added["contacts"][0]["email"] == "dana@acme.example"
    dataformat.to_document(result["document"])


@pytest.mark.parametrize(("change", "message"), [
    ({"op": "add_application", "company": " ", "ends_local": "2026-11-17T15:00"},
     "Give the company's name."),
    ({"op": "add_application", "company": "A", "ends_local": "yesterday"},
     "not a date and time"),
    ({"op": "record", "app": "nope", "type": "thank_you"}, "no longer exists"),
    ({"op": "record", "app": "acme", "type": "reply"}, "tone: missing"),
    ({"op": "settings", "fields": {"country": "ZZ"}}, 'No public holidays are known for "ZZ"'),
    ({"op": "settings", "fields": {"timezone": "Mars/Base"}}, "unknown time zone"),
    ({"op": "remove", "app": "acme", "what": "interview", "id": "r1"},
     "keeps at least one interview"),
    ({"op": "explode"}, "Unknown change."),
])
def test_a_change_that_cannot_be_made_says_why_and_changes_nothing(change, message):
    before = text(raw())
    result = call(bridge.change, document=before, now=NOW, change=change)
    assert result["ok"] is False
    assert message in result["error"]


def test_recording_keeps_unknown_fields():
    obj = raw(app(custom={"kept": True}))
    obj["extra"] = [1, 2]
    result = call(bridge.change, document=text(obj), now=NOW,
                  change={"op": "record", "app": "acme", "type": "thank_you",
                          "contact": "dana", "channel": "email"})
    assert result["document"]["extra"] == [1, 2]
    assert result["document"]["applications"][0]["custom"] == {"kept": True}
    assert result["document"]["applications"][0]["events"][0]["at"] == NOW


def test_removing_a_contact_also_removes_references_to_it():
    obj = raw(app(events=[{"at": NOW, "type": "thank_you", "contact": "dana"}],
                  away=[{"contact": "dana", "from": "2026-11-20", "until": "2026-11-30"}]))
    result = call(bridge.change, document=text(obj), now=NOW,
                  change={"op": "remove", "app": "acme", "what": "contact", "id": "dana"})
    new = result["document"]["applications"][0]
    assert new["contacts"] == []
    assert new["interviews"][0]["with"] == []
    assert "contact" not in new["events"][0]
    assert "contact" not in new["away"][0]


def test_sample_data_is_marked_and_removable():
    added = call(bridge.change, document=None, timezone="UTC", now=NOW,
                 change={"op": "load_sample"})
    apps = added["document"]["applications"]
    assert len(apps) == 3
    assert all(a["sample"] for a in apps)
    mixed = added["document"]
    mixed["applications"].append(app())
    removed = call(bridge.change, document=text(mixed), now=NOW, change={"op": "remove_sample"})
    assert [a["id"] for a in removed["document"]["applications"]] == ["acme"]


def test_describe_summarises_a_backup_before_restoring_it():
    result = call(bridge.describe, document=text(raw(app(), app(id="b", company="Beta"))))
    assert result["applications"] == ["Acme Corp", "Beta"]
    assert result["events"] == 0


def test_nothing_is_recorded_before_the_interview_ends_and_the_timeline_shows_it_ahead():
    before = "2026-11-17T12:00:00+00:00"  # the helper's interview ends at 20:00 UTC that day
    document = text(raw(app(events=[])))
    for kind, extra, what in (("thank_you", {}, "a thank-you"),
                              ("follow_up", {"channel": "phone", "outcome": "spoke"},
                               "what happened")):
        refused = call(bridge.change, document=document, now=before,
                       change={"op": "record", "app": "acme", "type": kind, **extra})
        assert refused["ok"] is False
        assert refused["error"] == ("The interview with Acme Corp ends Tue 17 Nov, 3 pm: "
                                    f"record {what} after that.")
    (view,) = call(bridge.agenda, document=document, now=before)["applications"]
    assert view["timeline"][0] == {"kind": "interview", "label": "Interview ends",
                                   "state": "planned", "at": "2026-11-17T15:00:00-05:00"}
    assert call(bridge.change, document=document, now=NOW,
                change={"op": "record", "app": "acme", "type": "thank_you"})["ok"] is True
    (view,) = call(bridge.agenda, document=document, now=NOW)["applications"]
    assert view["timeline"][0]["state"] == "done"


def test_the_history_names_each_event_and_a_wrong_entry_is_never_removed():
    # stored out of order: the history is in time order but keeps each entry's own position
    obj = raw(app(events=[
        {"at": "2026-11-25T10:00:00-05:00", "type": "follow_up", "channel": "phone",
         "outcome": "no_answer", "contact": "dana"},
        {"at": "2026-11-18T09:00:00-05:00", "type": "thank_you", "contact": "dana"},
        {"at": "2026-11-26T09:00:00-05:00", "type": "reply", "tone": "brief"}]))
    (view,) = call(bridge.agenda, document=text(obj), now=NOW)["applications"]
    assert view["history"] == [
        {"index": 1, "at": "2026-11-18T09:00:00-05:00", "label": "Thank-you sent to Dana Lee"},
        {"index": 0, "at": "2026-11-25T10:00:00-05:00",
         "label": "Follow-up (phone, no answer) with Dana Lee"},
        {"index": 2, "at": "2026-11-26T09:00:00-05:00", "label": "Reply received (brief)"}]
    assert [s["label"] for s in view["timeline"] if s["state"] == "done"][1:] == [
        e["label"] for e in view["history"]]

    stale = call(bridge.change, document=text(obj), now=NOW, change={
        "op": "remove", "app": "acme", "what": "event", "index": 0,
        "at": "2026-11-18T09:00:00-05:00"})
    assert stale == {"ok": False, "error": "That entry is no longer in the history."}
    gone = call(bridge.change, document=text(obj), now=NOW, change={
        "op": "remove", "app": "acme", "what": "event", **{k: view["history"][0][k]
                                                         for k in ("index", "at")}})
    assert [e["type"] for e in gone["document"]["applications"][0]["events"]] == [
        "follow_up", "reply"]


def test_a_one_tap_step_comes_with_the_change_that_takes_it_back():
    before = raw(app(custom={"kept": True}))
    sent = call(bridge.change, document=text(before), now=NOW, change={
        "op": "record", "app": "acme", "type": "thank_you", "contact": "dana"})
    assert sent["undo"] == {"op": "remove", "app": "acme", "what": "event", "index": 0,
                            "at": NOW}
    undone = call(bridge.change, document=text(sent["document"]), now=NOW,
                  change=sent["undo"])
    assert undone["document"] == before
    closed = call(bridge.change, document=text(before), now=NOW, change={
        "op": "update_application", "app": "acme", "fields": {"closed": True}})
    reopened = call(bridge.change, document=text(closed["document"]), now=NOW,
                    change=closed["undo"])
    assert reopened["document"]["applications"][0]["closed"] is False
    assert call(bridge.change, document=text(before), now=NOW,
                change={"op": "add_contact", "app": "acme", "name": "Raj"})["undo"] is None
