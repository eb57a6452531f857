"""The bridge the page calls: JSON text in, JSON text out, every word and date ready to show."""

from __future__ import annotations

import gc
import json
import sys
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup import bridge, dataerrors, dataformat, jsonwrite, planner, views, words
from followup.session import Session
from helpers import app, event, raw

NOW = "2026-11-18T15:00:00+00:00"


def call(name, **request):
    return json.loads(bridge.call(name, json.dumps(request)))


def text(obj) -> str:
    return json.dumps(obj)


def agenda_view(document, now=NOW):
    result = call("agenda", document=text(document), now=now)
    assert result["ok"], result
    return result["view"]


def changed(document, change, now=NOW, **extra):
    result = call("change", document=None if document is None else text(document), now=now,
                  change=change, **extra)
    assert result["ok"], result
    return json.loads(result["text"]), result


# -- the dispatcher and its failures ---------------------------------------------------------

def test_every_function_goes_through_call_and_an_unknown_name_is_a_fault():
    assert set(bridge.FUNCTIONS) == {"agenda", "change", "validate", "describe", "draft",
                                     "calendar", "spreadsheet_preview", "spreadsheet_export"}
    assert call("validate", document=None, timezone="UTC")["ok"] is True
    assert json.loads(bridge.call("explode", "{}")) == {
        "ok": False, "fault": True, "error": 'Unknown planner function "explode".'}


def test_a_missing_optional_package_is_named_so_the_worker_can_load_it(monkeypatch):
    # As in the browser before the holidays wheel is installed: the import itself fails.
    monkeypatch.setitem(sys.modules, "holidays", None)
    document = text(raw(country="US"))
    result = call("agenda", document=document, now=NOW)
    assert result["ok"] is False
    assert result["missing"] == "holidays"
    assert "fault" not in result
    assert result["error"]
    monkeypatch.setitem(sys.modules, "icalendar", None)
    assert call("calendar", document=text(raw()), now=NOW)["missing"] == "icalendar"


def test_a_submodule_that_is_missing_names_its_top_level_package(monkeypatch):
    def fail(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'jinja2.sandbox'", name="jinja2.sandbox")

    monkeypatch.setattr(bridge.drafts, "draft", fail)
    result = call("draft", document=text(raw()), now=NOW, app="acme", kind="thank_you")
    assert result["missing"] == "jinja2"


def test_a_download_that_failed_inside_an_import_is_told_in_its_own_sentence(monkeypatch):
    """The standard library's rest (site_app/stdlib_rest.py) raises an ImportError that says
    why; a new version of the site is no fault, a lost connection is."""
    from site_app.stdlib_rest import OFFLINE, PUBLISHED, Unavailable

    for raised, fault in ((Unavailable(OFFLINE), True),
                          (Unavailable(PUBLISHED, fault=False), False)):
        def fail(*args, raised=raised, **kwargs):
            raise raised

        monkeypatch.setattr(bridge.drafts, "draft", fail)
        result = call("draft", document=text(raw()), now=NOW, app="acme", kind="thank_you")
        assert result == ({"ok": False, "error": raised.for_user, "fault": True} if fault
                          else {"ok": False, "error": raised.for_user})
    # Any other failed import is the unexpected problem it is.
    def other(*args, **kwargs):
        raise ImportError("cannot import name 'x'")

    monkeypatch.setattr(bridge.drafts, "draft", other)
    result = call("draft", document=text(raw()), now=NOW, app="acme", kind="thank_you")
    assert result["fault"] is True
    assert "unexpected problem (ImportError)" in result["error"]


def test_an_unexpected_problem_is_a_fault_without_its_details(monkeypatch):
    def fail(*args, **kwargs):
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(words, "step_title", fail)
    bridge.forget()  # a view kept from another test would not call it
    result = call("agenda", document=text(raw()), now=NOW)
    trace = result.pop("trace")
    assert result == {"ok": False, "fault": True,
                      "error": "The planner hit an unexpected problem (ZeroDivisionError). "
                               "Your data was not changed."}
    # For the developer, where it happened: the innermost frame first, and no message (it
    # could hold the user's data).
    assert trace.startswith("ZeroDivisionError at tests/test_bridge.py:"), trace
    assert " in fail < followup/" in trace, trace
    assert "secret" not in trace
    assert call("change", document=text(raw()), now=NOW,
                change={"op": "add_contact", "app": "acme", "name": "Raj"})["fault"] is True
    broken = json.loads(bridge.call("agenda", "{not json"))
    assert broken["fault"] is True
    assert "Traceback" not in broken["error"]


def test_a_request_that_is_not_an_object_is_refused():
    assert json.loads(bridge.call("agenda", "[]")) == {
        "ok": False, "error": "the request is not a JSON object"}


# -- reading ---------------------------------------------------------------------------------

def test_validate_returns_the_documents_text_or_the_reason():
    ok = call("validate", document=text(raw()))
    assert ok == {"ok": True, "text": jsonwrite.dump(raw()), "applications": 1}
    assert ok["text"].endswith("}\n")
    bad = call("validate", document="{oops")
    assert bad == {"ok": False, "error": bad["error"]}
    assert bad["error"].startswith("not valid JSON")


def test_no_stored_document_means_an_empty_one_in_the_browsers_zone():
    result = call("validate", document=None, timezone="Europe/Paris")
    assert result["applications"] == 0
    stored = json.loads(result["text"])
    assert stored["settings"] == {"timezone": "Europe/Paris"}
    assert stored["applications"] == []
    empty = call("agenda", document=None, timezone="Europe/Paris", now=NOW)["view"]
    assert empty == {
        "timezone": "Europe/Paris", "steps": [], "groups": [], "applications": [],
        "settings": {"name": "", "email": "", "phone": "", "availability": "",
                     "timezone": "Europe/Paris", "country": "", "country_guess": "FR",
                     "max_follow_ups": "", "spacing_days": "", "clock": ""},
        "sample": False, "events": 0}
    # The guess is the zone's country; none for a zone of no country, none once one is set.
    utc = call("agenda", document=None, timezone="UTC", now=NOW)["view"]["settings"]
    assert utc["country_guess"] == ""
    chosen = raw(app(), country="SG", timezone="Asia/Singapore")
    assert agenda_view(chosen)["settings"]["country_guess"] == ""


def test_describe_summarises_a_backup_before_restoring_it():
    backup = raw(app(), app(id="b", company="Beta"))
    result = call("describe", document=text(backup))
    assert result == {"ok": True, "text": jsonwrite.dump(backup),
                      "applications": ["Acme Corp", "Beta"], "events": 0,
                      "timezone": "America/New_York"}


def test_a_step_carries_its_words_its_draft_and_the_change_that_marks_it_done():
    view = agenda_view(raw(), now="2026-11-17T21:00:00+00:00")
    (step,) = view["steps"]
    assert step == {
        "key": "acme|thank_you|dana|", "application": "acme", "company": "Acme Corp",
        "role": "Data Analyst", "kind": "thank_you", "contact": "dana",
        "title": "Send a thank-you note to Dana Lee",
        "when": "Wed 18 Nov, 3 pm · latest Thu 19 Nov, 3 am",
        "when_full": "Wednesday 18 November 2026, 3 pm · latest Thursday 19 November 2026, 3 am",
        "group": "today", "due_from": "2026-11-17T05:00:00Z", "overdue": False, "ready": True,
        "not_yet": None,
        "why": step["why"], "rule": "R2", "guide": "thank-you/#r2",
        "draft": {"app": "acme", "kind": "thank_you", "contact": "dana", "attempt": None},
        "done": {"op": "record", "app": "acme", "type": "thank_you", "contact": "dana",
                 "channel": "email"}}
    assert view["groups"] == [{"id": "today", "title": "Today",
                               "steps": ["acme|thank_you|dana|"], "apps": []}]
    (card,) = view["applications"]
    assert card["headline"] == ("Next: Send a thank-you note to Dana Lee · Wed 18 Nov, 3 pm · "
                                "latest Thu 19 Nov, 3 am")
    # the projected steps are not listed in the agenda but are on the timeline
    assert [m["kind"] for m in card["timeline"]] == [
        "interview", "today", "thank_you", "follow_up", "follow_up", "follow_up", "move_on"]


def test_a_thank_you_before_the_interview_has_ended_is_not_ready_yet():
    view = agenda_view(raw(), now="2026-11-17T12:00:00+00:00")  # it ends at 20:00 UTC
    (step,) = view["steps"]
    assert step["when"] == "after Tue 17 Nov, 3 pm: Wed 18 Nov, 3 pm · latest Thu 19 Nov, 3 am"
    assert step["ready"] is False
    assert step["not_yet"] == ("Write it once the interview has ended, so it can mention what "
                               "you talked about.")
    assert view["applications"][0]["timeline"][:2] == [
        {"kind": "today", "label": "Today", "state": "today", "date": "", "date_full": ""},
        {"kind": "interview", "label": "Interview ends", "state": "planned",
         "date": "Tue 17 Nov", "date_full": "Tuesday 17 November 2026"}]


def test_a_window_of_several_days_and_one_of_a_single_day():
    document = raw(app(events=[event("thank_you", "2026-11-18 09:00", contact="dana")]))
    (step,) = agenda_view(document, now="2026-11-20T15:00:00+00:00")["steps"]
    assert step["when"] == "Wed 25 \u2013 Fri 27 Nov"
    assert step["when_full"] == "Wednesday 25 \u2013 Friday 27 November 2026"
    assert step["done"] is None
    assert step["key"] == "acme|follow_up|dana|1"
    assert step["group"] == "later"  # planned on a Friday: next Wednesday is not this week
    document["applications"][0]["events"].append(
        event("follow_up", "2026-11-25 10:00", channel="phone", outcome="no_answer"))
    retry = agenda_view(document, now="2026-11-25T16:00:00+00:00")["steps"][0]
    assert (retry["rule"], retry["when"]) == ("R11", "Wed 25 Nov")
    assert retry["when_full"] == "Wednesday 25 November 2026"


def test_every_date_is_shown_in_the_documents_time_zone():
    # Stored in UTC, shown in Paris: the interview ended at 3 pm Paris time.
    document = raw(app(interviews=[{"id": "r1", "ends_at": "2026-11-17T14:00:00+00:00",
                                    "with": ["dana"]}],
                       events=[{"at": "2026-11-18T23:30:00+00:00", "type": "follow_up",
                                "channel": "phone", "outcome": "spoke"}]),
                   timezone="Europe/Paris")
    view = agenda_view(document, now="2026-11-17T13:00:00+00:00")
    (step,) = [s for s in view["steps"] if s["kind"] == "thank_you"]
    assert step["when"] == "after Tue 17 Nov, 3 pm: Wed 18 Nov, 3 pm · latest Thu 19 Nov, 3 am"
    assert step["when_full"] == ("after Tuesday 17 November 2026, 3 pm: Wednesday 18 November "
                                 "2026, 3 pm \u00b7 latest Thursday 19 November 2026, 3 am")
    (card,) = view["applications"]
    assert card["rounds"][0]["label"] == "Round 1: ended Tue 17 Nov, 3 pm"
    assert card["history"][0]["label"] == "Thu 19 Nov, 12:30 am: Follow-up (phone, spoke)"
    assert {"kind": "follow_up", "label": "Follow-up (phone, spoke)", "state": "done",
            "date": "Thu 19 Nov", "date_full": "Thursday 19 November 2026"} in card["timeline"]
    assert view["timezone"] == view["settings"]["timezone"] == "Europe/Paris"


def test_an_application_shows_its_people_rounds_absences_and_history_as_words():
    document = raw(app(
        contacts=[{"id": "dana", "name": "Dana Lee", "email": "dana@acme.example",
                   "phone": "+1 555 0100"}, {"id": "raj"}],
        interviews=[{"id": "r1", "ends_at": "2026-11-10T15:00:00-05:00", "with": ["raj"]},
                    {"id": "r2", "ends_at": "2026-11-17T15:00:00-05:00", "with": ["dana"],
                     "memorable": "the whiteboard", "topics": ["SQL", "dashboards"]}],
        events=[event("reply", "2026-11-20 10:00", tone="warm", contact="raj"),
                event("thank_you", "2026-11-18 09:00", contact="dana")],
        away=[{"from": "2026-11-23", "until": "2026-12-04", "contact": "dana"},
              {"from": "2026-12-24", "until": "2026-12-26"}],
        decision_expected="2026-11-25",
        article={"title": "On dashboards", "url": "https://example.com/a"}))
    view = agenda_view(document, now="2026-11-21T15:00:00+00:00")
    (card,) = view["applications"]
    assert card["status"] == "waiting"
    # Raj replied, so the follow-up answers Raj (Dana, away, is not the one to ask).
    assert card["headline"] == ("They replied warmly. Next: Follow up with raj (1st of 3) "
                                "· Tue 24 \u2013 Thu 26 Nov, if all goes quiet.")
    assert {"id": "waiting", "title": "Waiting for them", "steps": [], "apps": ["acme"]} \
        in view["groups"]
    assert card["people"] == [
        {"label": "Dana Lee (interviewer) <dana@acme.example>, +1 555 0100", "name": "Dana Lee",
         "remove": {"op": "remove", "app": "acme", "what": "contact", "id": "dana"}},
        {"label": "raj (interviewer)", "name": "raj",
         "remove": {"op": "remove", "app": "acme", "what": "contact", "id": "raj"}}]
    assert card["rounds"] == [
        {"label": "Round 1: ended Tue 10 Nov, 3 pm", "name": "round 1",
         "remove": {"op": "remove", "app": "acme", "what": "interview", "id": "r1"}},
        {"label": "Round 2: ended Tue 17 Nov, 3 pm", "name": "round 2",
         "remove": {"op": "remove", "app": "acme", "what": "interview", "id": "r2"}}]
    assert card["absences"] == [
        {"label": "Dana Lee: Mon 23 Nov to Fri 4 Dec", "name": "the absence from Mon 23 Nov",
         "remove": {"op": "remove", "app": "acme", "what": "away", "index": 0}},
        {"label": "Everyone: Thu 24 Dec to Sat 26 Dec", "name": "the absence from Thu 24 Dec",
         "remove": {"op": "remove", "app": "acme", "what": "away", "index": 1}}]
    assert card["history"] == [
        {"label": "Fri 20 Nov, 10 am: Reply received (warm) from raj",
         "name": '"Reply received (warm) from raj" (Fri 20 Nov, 10 am)',
         "remove": {"op": "remove", "app": "acme", "what": "event", "index": 0,
                    "at": "2026-11-20T10:00:00-05:00"},
         "edit": {"change": {"op": "update_event", "app": "acme", "index": 0,
                             "at": "2026-11-20T10:00:00-05:00"},
                  "type": "reply", "at_local": "2026-11-20T10:00", "contact": "raj",
                  "channel": "", "outcome": "", "tone": "warm", "note": ""}},
        {"label": "Wed 18 Nov, 9 am: Thank-you sent to Dana Lee",
         "name": '"Thank-you sent to Dana Lee" (Wed 18 Nov, 9 am)',
         "remove": {"op": "remove", "app": "acme", "what": "event", "index": 1,
                    "at": "2026-11-18T09:00:00-05:00"},
         "edit": {"change": {"op": "update_event", "app": "acme", "index": 1,
                             "at": "2026-11-18T09:00:00-05:00"},
                  "type": "thank_you", "at_local": "2026-11-18T09:00", "contact": "dana",
                  "channel": "email", "outcome": "", "tone": "", "note": ""}}]
    assert card["decision"] == "Wed 25 Nov"
    assert card["memorable"] == "the whiteboard"
    assert card["latest_round"] == {
        "id": "r2", "label": "Round 2, ended Tue 17 Nov, 3 pm",
        "people": [{"id": "dana", "name": "Dana Lee", "email": "dana@acme.example",
                    "discussed": ""}],
        "memorable": "the whiteboard", "topics": "SQL, dashboards", "strengths": "",
        "needs": "", "anecdote": "", "notes": ""}
    assert card["round_notes"][-1] == card["latest_round"]
    assert [r["label"] for r in card["round_notes"]] == [
        "Round 1, ended Tue 10 Nov, 3 pm", "Round 2, ended Tue 17 Nov, 3 pm"]
    assert card["facts"] == {"company": "Acme Corp", "role": "Data Analyst",
                             "decision_expected": "2026-11-25", "applied_on": "", "anecdote": "",
                             "article_title": "On dashboards",
                             "article_url": "https://example.com/a", "article_why": "",
                             "posting_url": "", "resume": ""}
    assert card["contacts"] == [["dana", "Dana Lee"], ["raj", "raj"]]
    labels = [(m["label"], m["date"]) for m in card["timeline"]]
    assert labels[:6] == [("Round 1", "Tue 10 Nov"), ("Round 2", "Tue 17 Nov"),
                          ("Thank-you sent to Dana Lee", "Wed 18 Nov"),
                          ("Reply received (warm) from raj", "Fri 20 Nov"), ("Today", ""),
                          ("Dana Lee away until Fri 4 Dec", "Mon 23 Nov")]
    assert ("Decision expected", "Wed 25 Nov") in labels
    assert ("Team away until Sat 26 Dec", "Thu 24 Dec") in labels
    assert view["events"] == 2


def test_an_ended_application_says_so_and_offers_the_closing_note():
    document = raw(app(events=[event("thank_you", "2026-11-18 09:00", contact="dana"),
                               event("reply", "2026-11-20 10:00", tone="rejection")]),
                   app(id="beta", company="Beta", closed=True))
    view = agenda_view(document, now="2026-11-21T15:00:00+00:00")
    assert view["steps"] == []
    assert view["groups"] == [{"id": "ended", "title": "Closed", "steps": [],
                               "apps": ["acme", "beta"]}]
    acme, beta = view["applications"]
    assert acme["headline"] == "They said no on Fri 20 Nov"
    assert acme["ended_note"] == ("They said no on Fri 20 Nov. Not the news you hoped for, "
                                  "but you did everything right; thank them, and put your "
                                  "energy into the next one.")
    assert acme["closing"] == {"app": "acme", "kind": "move_on", "contact": None,
                               "attempt": None}
    assert (beta["closed"], beta["headline"]) == (True, "Closed: you have moved on")


def test_an_application_with_no_interview_and_no_contact_is_shown_and_edited():
    bare = raw({"id": "solo", "company": "Solo Ltd"})
    view = agenda_view(bare)
    (card,) = view["applications"]
    assert card["headline"] == "No interview recorded yet"
    assert (card["rounds"], card["people"], card["contacts"]) == ([], [], [])
    assert (card["memorable"], card["latest_round"]) == ("", None)
    assert card["timeline"] == [{"kind": "today", "label": "Today", "state": "today",
                                 "date": "", "date_full": ""}]
    assert view["groups"] == [{"id": "waiting", "title": "Waiting for them", "steps": [],
                               "apps": ["solo"]}]
    document = bare
    for change in ({"op": "update_application", "app": "solo",
                    "fields": {"decision_expected": "2026-11-30", "role": "Analyst"}},
                   {"op": "add_away", "app": "solo", "from": "2026-11-20",
                    "until": "2026-11-22"},
                   {"op": "record", "app": "solo", "type": "reply", "tone": "brief"},
                   {"op": "add_contact", "app": "solo", "name": "Kim"},
                   {"op": "remove", "app": "solo", "what": "contact", "id": "kim"},
                   {"op": "add_interview", "app": "solo", "ends_local": "2026-11-17T15:00"}):
        document, result = changed(document, change)
        assert result["view"]["applications"][0]["id"] == "solo"
    (card,) = result["view"]["applications"]
    assert card["rounds"][0]["label"] == "Round 1: ended Tue 17 Nov, 3 pm"
    assert card["decision"] == "Mon 30 Nov"


def test_sample_data_is_flagged_in_the_view():
    document, result = changed(None, {"op": "load_sample"}, timezone="UTC")
    assert result["view"]["sample"] is True
    assert all(a["sample"] for a in result["view"]["applications"])
    document["applications"].append(app())
    document, result = changed(document, {"op": "remove_sample"})
    assert [a["id"] for a in document["applications"]] == ["acme"]
    assert result["view"]["sample"] is False


# -- changing --------------------------------------------------------------------------------

def test_a_change_answers_the_new_text_a_message_and_the_new_view():
    result = call("change", document=text(raw()), now=NOW, change={
        "op": "record", "app": "acme", "type": "thank_you", "contact": "dana",
        "channel": "email"})
    assert set(result) == {"ok", "text", "message", "undo", "view", "token", "known"}
    new = json.loads(result["text"])
    assert result["text"] == jsonwrite.dump(new)
    assert result["message"] == "Recorded. The plan is updated."
    assert result["view"]["events"] == 1
    assert result["view"]["steps"][0]["kind"] == "follow_up"


def test_every_answer_is_ascii_text_that_gives_back_every_character():
    # Pyodide hands the worker an ASCII string whole and any other one a character at a time
    # (bridge._text): names in any script, curly quotes and emoji all travel as escapes.
    names = {"company": "Société Générale 東京", "role": "Analyst \u2013 \u201cData\u201d 🚀"}
    person = {"id": "dana", "name": "Dana O\u2019Brien-Núñez", "email": "dana@acme.example"}
    document = raw(app(**names, contacts=[person]))
    answers = [bridge.call("agenda", json.dumps({"document": text(document), "now": NOW})),
               bridge.call("change", json.dumps({
                   "document": json.dumps(document, ensure_ascii=False), "now": NOW,
                   "change": {"op": "record", "app": "acme", "type": "thank_you",
                              "contact": "dana", "channel": "email"}})),
               bridge.call("explode «é»", "{}")]
    assert all(answer.isascii() for answer in answers)
    agenda, change, unknown = (json.loads(answer) for answer in answers)
    assert agenda["ok"], agenda
    assert change["ok"], change
    card = agenda["view"]["applications"][0]
    assert (card["company"], card["role"]) == (names["company"], names["role"])
    assert person["name"] in json.dumps(agenda["view"], ensure_ascii=False)
    stored = json.loads(change["text"])["applications"][0]
    assert {k: stored[k] for k in names} == names
    assert stored["contacts"][0]["name"] == person["name"]
    assert "«é»" in unknown["error"]


def test_adding_an_application_from_the_form():
    document, result = changed(None, {
        "op": "add_application", "company": "Acme Corp", "role": "Analyst",
        "interviewers": "Dana Lee, Raj Patel", "email": "dana@acme.example",
        "ends_local": "2026-11-17T15:00"}, timezone="America/New_York")
    (added,) = document["applications"]
    assert added["id"] == "acme-corp"
    assert added["interviews"][0]["ends_at"] == "2026-11-17T15:00:00-05:00"
    assert added["interviews"][0]["with"] == ["dana-lee", "raj-patel"]
    assert added["contacts"][0]["email"] == "dana@acme.example"
    assert result["message"] == "Added Acme Corp."
    assert [s["title"] for s in result["view"]["steps"]] == [
        "Send a thank-you note to Dana Lee", "Send a thank-you note to Raj Patel"]


@pytest.mark.parametrize(("change", "message"), [
    ({"op": "add_application", "company": " ", "ends_local": "2026-11-17T15:00"},
     "Give the company's name."),
    ({"op": "add_application", "company": "A", "ends_local": "yesterday"},
     "not a date and time"),
    ({"op": "record", "app": "nope", "type": "thank_you"}, "no longer exists"),
    ({"op": "record", "app": "acme", "type": "reply"}, "tone: missing"),
    ({"op": "settings", "fields": {"country": "ZZ"}}, 'No public holidays are known for "ZZ"'),
    ({"op": "settings", "fields": {"timezone": "Mars/Base"}}, "unknown time zone"),
    ({"op": "settings", "fields": {"timezone": "Mars/Base", "country": "US"}},
     "unknown time zone"),
    ({"op": "remove", "app": "acme", "what": "interview", "id": "r1"},
     "keeps at least one interview"),
    ({"op": "explode"}, "Unknown change."),
])
def test_a_change_that_cannot_be_made_says_why(change, message):
    result = call("change", document=text(raw()), now=NOW, change=change)
    assert result["ok"] is False
    assert "fault" not in result
    assert message in result["error"]


def test_recording_keeps_unknown_fields():
    obj = raw(app(custom={"kept": True}))
    obj["extra"] = [1, 2]
    new, _ = changed(obj, {"op": "record", "app": "acme", "type": "thank_you",
                           "contact": "dana", "channel": "email"})
    assert new["extra"] == [1, 2]
    assert new["applications"][0]["custom"] == {"kept": True}
    assert new["applications"][0]["events"][0]["at"] == NOW


def test_removing_a_contact_from_the_view_also_removes_references_to_it():
    obj = raw(app(events=[{"at": NOW, "type": "thank_you", "contact": "dana"}],
                  away=[{"contact": "dana", "from": "2026-11-20", "until": "2026-11-30"}]))
    (card,) = agenda_view(obj)["applications"]
    new, result = changed(obj, card["people"][0]["remove"])
    app_ = new["applications"][0]
    assert app_["contacts"] == []
    assert app_["interviews"][0]["with"] == []
    assert "contact" not in app_["events"][0]
    assert "contact" not in app_["away"][0]
    assert result["view"]["applications"][0]["people"] == []


def test_nothing_is_recorded_before_the_interview_ends():
    before = "2026-11-17T12:00:00+00:00"  # the helper's interview ends at 20:00 UTC that day
    document = text(raw(app(events=[])))
    for kind, extra, what in (("thank_you", {}, "a thank-you"),
                              ("follow_up", {"channel": "phone", "outcome": "spoke"},
                               "what happened")):
        refused = call("change", document=document, now=before,
                       change={"op": "record", "app": "acme", "type": kind, **extra})
        assert refused == {"ok": False,
                           "error": "The interview with Acme Corp ends Tue 17 Nov, 3 pm: "
                                    f"record {what} after that."}
    assert call("change", document=document, now=NOW,
                change={"op": "record", "app": "acme", "type": "thank_you"})["ok"] is True


def test_a_wrong_history_entry_is_never_removed():
    # stored out of order: the history is newest first but keeps each entry's own position
    obj = raw(app(events=[
        {"at": "2026-11-25T10:00:00-05:00", "type": "follow_up", "channel": "phone",
         "outcome": "no_answer", "contact": "dana"},
        {"at": "2026-11-18T09:00:00-05:00", "type": "thank_you", "contact": "dana"},
        {"at": "2026-11-26T09:00:00-05:00", "type": "reply", "tone": "brief"}]))
    (card,) = agenda_view(obj)["applications"]
    assert [(h["remove"]["index"], h["label"]) for h in card["history"]] == [
        (2, "Thu 26 Nov, 9 am: Reply received (brief)"),
        (0, "Wed 25 Nov, 10 am: Follow-up (phone, no answer) with Dana Lee"),
        (1, "Wed 18 Nov, 9 am: Thank-you sent to Dana Lee")]
    stale = call("change", document=text(obj), now=NOW, change={
        "op": "remove", "app": "acme", "what": "event", "index": 0,
        "at": "2026-11-18T09:00:00-05:00"})
    assert stale == {"ok": False, "error": "That entry is no longer in the history."}
    new, _ = changed(obj, card["history"][2]["remove"])
    assert [e["type"] for e in new["applications"][0]["events"]] == ["follow_up", "reply"]


def test_a_history_entry_opens_its_editor_and_the_correction_is_the_views_next_word():
    obj = raw(app(
        contacts=[{"id": "dana", "name": "Dana Lee"}, {"id": "raj", "name": "Raj Patel"}],
        events=[{"at": "2026-11-25T10:00:00+00:00", "type": "follow_up", "channel": "phone",
                 "outcome": "no_answer", "contact": "dana", "note": " Busy line "},
                {"at": "2026-11-18T09:00:00-05:00", "type": "thank_you", "contact": "dana"}]))
    now = "2026-11-26T15:00:00+00:00"
    (card,) = agenda_view(obj, now=now)["applications"]
    newest = card["history"][0]
    # Shown on the document's clock (New York), from the time stored in UTC.
    assert newest["edit"] == {
        "change": {"op": "update_event", "app": "acme", "index": 0,
                   "at": "2026-11-25T10:00:00+00:00"},
        "type": "follow_up", "at_local": "2026-11-25T05:00", "contact": "dana",
        "channel": "phone", "outcome": "no_answer", "tone": "", "note": "Busy line"}
    new, result = changed(obj, {**newest["edit"]["change"], "fields": {
        "at_local": "2026-11-25T11:15", "outcome": "spoke", "tone": "warm", "contact": "raj"}},
        now=now)
    assert result["message"] == "Corrected. The plan is updated."
    assert new["applications"][0]["events"][0] == {
        "at": "2026-11-25T11:15:00-05:00", "type": "follow_up", "channel": "phone",
        "outcome": "spoke", "contact": "raj", "note": " Busy line ", "tone": "warm"}
    (card,) = result["view"]["applications"]
    assert card["history"][0]["label"] == ('Wed 25 Nov, 11:15 am: Follow-up (phone, spoke) '
                                           'with Raj Patel \u00b7 "Busy line"')
    stale = call("change", document=text(obj), now=now,
                 change={**card["history"][0]["edit"]["change"], "fields": {"note": "x"}})
    assert stale == {"ok": False, "error": "That entry is no longer in the history."}


def test_a_one_tap_step_comes_with_the_change_that_takes_it_back():
    before = raw(app(custom={"kept": True}))
    (step,) = agenda_view(before)["steps"]
    sent, result = changed(before, step["done"])
    assert result["undo"] == {"op": "remove", "app": "acme", "what": "event", "index": 0,
                              "at": NOW}
    undone, _ = changed(sent, result["undo"])
    assert undone == before
    closed, result = changed(before, {"op": "update_application", "app": "acme",
                                      "fields": {"closed": True}})
    assert result["message"] == "Moved on from Acme Corp, Data Analyst."
    reopened, result = changed(closed, result["undo"])
    assert reopened["applications"][0]["closed"] is False
    assert result["message"] == "Reopened Acme Corp, Data Analyst."
    _, result = changed(before, {"op": "add_contact", "app": "acme", "name": "Raj"})
    assert result["undo"] is None


# -- drafts and calendars --------------------------------------------------------------------

def test_draft_and_its_refusal():
    ok = call("draft", document=text(raw()), now=NOW, app="acme", kind="thank_you")
    assert ok["ok"]
    assert ok["to"] == "dana@acme.example"
    early = call("draft", document=text(raw()), now="2026-11-17T12:00:00+00:00",
                 app="acme", kind="thank_you")
    assert early["ok"] is False
    assert "Write the thank-you after it" in early["error"]


def test_a_steps_draft_request_is_passed_as_it_is():
    (step,) = agenda_view(raw())["steps"]
    result = call("draft", document=text(raw()), now=NOW, **step["draft"])
    assert result["ok"], result


def test_calendar_is_ics_text():
    result = call("calendar", document=text(raw()), now=NOW)
    assert result["ics"].startswith("BEGIN:VCALENDAR")
    assert result["events"] == 5


def test_a_span_names_its_month_once_unless_it_crosses_one():
    assert words.span(date(2026, 11, 24), date(2026, 11, 25)) == "Tue 24 \u2013 Wed 25 Nov"
    assert words.span(date(2026, 11, 30), date(2026, 12, 2)) == "Mon 30 Nov \u2013 Wed 2 Dec"
    assert words.span(date(2026, 12, 31), date(2027, 1, 4)) == "Thu 31 Dec \u2013 Mon 4 Jan"


def test_a_draft_comes_back_in_the_users_own_kept_words():
    document = raw(app())
    key = "acme|thank_you|dana|"
    document["applications"][0]["drafts"] = {key: {"subject": "Thanks, Dana",
                                                   "body": "Dear Dana, about [the report]."}}
    request = {"document": json.dumps(document), "now": "2026-11-18T10:00:00-05:00",
               "app": "acme", "kind": "thank_you", "contact": "dana", "attempt": None}
    answer = json.loads(bridge.call("draft", json.dumps({**request, "key": key})))
    assert (answer["subject"], answer["kept"], answer["gaps"]) == (
        "Thanks, Dana", True, ["[the report]"])
    assert answer["original"]["body"].startswith("Dear Dana,")
    fresh = json.loads(bridge.call("draft", json.dumps(request)))
    assert fresh["kept"] is False
    assert fresh["subject"] == answer["original"]["subject"]


def test_a_contact_against_the_rules_comes_back_as_a_warning_to_confirm():
    document = raw(app(events=[event("thank_you", "2026-11-18 09:00")]))
    change = {"op": "record", "app": "acme", "type": "follow_up", "channel": "phone",
              "outcome": "no_answer"}
    answer = call("change", document=text(document), now=NOW, change=change)
    assert answer == {
        "ok": False,
        "error": "You sent your thank-you to Acme Corp today. The method says not to follow "
                 "up on the day of the thank-you (R10).",
        "warning": {"rule": "R10", "title": "Never more than once a day",
                    "guide": "how-many-times/#r10"}}
    new, result = changed(document, {**change, "despite": True})
    assert [e["type"] for e in new["applications"][0]["events"]] == ["thank_you", "follow_up"]
    assert result["undo"]["op"] == "remove"


def test_a_panel_timeline_names_each_note_and_history_shows_what_was_said():
    panel = app(contacts=[{"id": "dana", "name": "Dana Lee"}, {"id": "raj", "name": "Raj Patel"}],
                interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                             "with": ["dana", "raj"]}],
                events=[event("reply", "2026-11-16 16:00", contact="dana", tone="warm",
                              channel="phone", note="Loved the case study")])
    card = agenda_view(raw(panel), now="2026-11-19T20:00:00+00:00")["applications"][0]
    marks = [(m["label"], m["state"]) for m in card["timeline"]]
    # Both notes are past their 36 hours (Thu 19 Nov, 3 am): overdue, and told apart by name.
    assert ("Thank-you to Dana Lee", "overdue") in marks
    assert ("Thank-you to Raj Patel", "overdue") in marks
    assert card["history"][0]["label"] == ('Mon 16 Nov, 4 pm: Reply received by phone (warm) '
                                           'from Dana Lee \u00b7 "Loved the case study"')


def test_the_text_a_change_returns_is_not_read_again_and_another_text_is(monkeypatch):
    document = raw(app())
    first = call("change", document=text(document), now=NOW,
                 change={"op": "record", "app": "acme", "type": "thank_you"})
    reads = []
    real_load = dataformat.load
    monkeypatch.setattr(dataformat, "load", lambda t: reads.append(t) or real_load(t))
    again = call("agenda", document=first["text"], now=NOW)
    assert again["view"] == first["view"]
    assert reads == []  # the very text the change returned: not parsed and validated again
    other = json.loads(first["text"])
    other["applications"][0]["company"] = "Acme Two"
    assert call("agenda", document=json.dumps(other), now=NOW)["view"]["applications"][0][
        "company"] == "Acme Two"
    assert len(reads) == 1
    broken = first["text"].replace('"Acme Corp"', '""')
    assert call("agenda", document=broken, now=NOW)["ok"] is False


def test_a_document_read_is_kept_out_of_the_collectors_walks_and_freed_once_dropped():
    # bridge._settle: what a document read keeps alive is frozen once (not at each change);
    # nothing frozen is garbage already, and reference counting frees the document when the
    # next one replaces it.
    def kept_apps() -> int:  # the 300-application document's objects still alive, anywhere
        return sum(1 for o in gc.get_objects()
                   if type(o) is dict and o.get("company") == "Company 299")

    gc.unfreeze()
    gc.collect()
    try:
        many = text(raw(*[app(id=f"app-{i}", company=f"Company {i}") for i in range(300)]))
        first = call("agenda", document=many, now=NOW)
        assert gc.get_freeze_count() > 300 * 10  # its raw objects, records and view
        gc.unfreeze()
        assert gc.collect() == 0  # nothing was frozen that was garbage already
        assert kept_apps() > 0  # the document the bridge holds, and its view
        gc.freeze()
        held = gc.get_freeze_count()
        step = first["view"]["steps"][0]
        changed = call("change", known=first["known"], shown=first["token"], now=NOW,
                       change=step["done"])
        assert changed["ok"], changed
        assert gc.get_freeze_count() <= held  # a change reads no document: nothing frozen
        assert call("agenda", document=text(raw()), now=NOW)["ok"]
        assert kept_apps() == 0  # replaced: freed by reference counting, though frozen
        assert gc.get_freeze_count() < held - 300 * 10
    finally:
        bridge.forget()
        gc.unfreeze()


# -- many applications: each one's share of the view is kept while it holds ---------------------

def _many(n, now):
    """``n`` applications, each interviewed a day or two before ``now`` with its thank-you due."""
    apps = []
    for i in range(n):
        ends = (now - timedelta(days=1 + i % 2, hours=1 + i % 5)).isoformat()
        apps.append(app(id=f"app-{i}", company=f"Company {i}",
                        contacts=[{"id": f"c{i}", "name": f"Person {i}"}],
                        interviews=[{"id": "r1", "ends_at": ends, "with": [f"c{i}"]}]))
    return raw(*apps)


def _fresh_view(raw_doc, document, now):
    """The view computed from nothing kept (what the page showed before the cache)."""
    return views.view(raw_doc, document, now)


def test_a_change_to_one_application_of_many_plans_that_one_and_sends_what_differs(
        monkeypatch):
    now = datetime.fromisoformat(NOW)
    document = text(_many(40, now))
    first = call("agenda", document=document, now=NOW)
    planned = []
    real = planner.plan_application
    monkeypatch.setattr(planner, "plan_application",
                        lambda a, ctx, *busy: planned.append(a.id) or real(a, ctx, *busy))
    step = next(s for s in first["view"]["steps"] if s["application"] == "app-7")
    later = (now + timedelta(minutes=3)).isoformat()
    result = call("change", document=document, now=later, change=step["done"],
                  shown=first["token"])
    assert result["ok"], result
    assert planned == ["app-7"]
    assert "view" not in result
    delta = result["delta"]
    assert delta["base"] == first["token"]
    assert [a["id"] for a in delta["changed"]] == ["app-7"]
    assert step["key"] not in delta["steps"]
    # Made whole with the view shown (as the page's store does), it is the view itself.
    new_raw = json.loads(result["text"])
    whole = _fresh_view(new_raw, dataformat.to_document(new_raw),
                        datetime.fromisoformat(later))
    assert _merged(first["view"], delta) == json.loads(json.dumps(whole))
    # A view the bridge no longer knows (or never sent) gets the whole view.
    again = call("agenda", document=result["text"], now=later, shown="another-7")
    assert "delta" not in again
    assert again["view"] == _merged(first["view"], delta)


def _merged(base, delta):
    """The page's delta.js ``merged``, for the test: the delta over the view it was told against."""
    apps = {a["id"]: a for a in base["applications"]} | {a["id"]: a for a in delta["changed"]}
    steps = {s["key"]: s for s in base["steps"]} | {s["key"]: s for s in delta["changed_steps"]}
    return {"timezone": delta["timezone"], "settings": delta["settings"],
            "sample": delta["sample"], "events": delta["events"], "groups": delta["groups"],
            "applications": [apps[i] for i in delta["applications"]],
            "steps": [steps[k] for k in delta["steps"]]}


def test_the_text_written_keeps_each_unchanged_applications_text_and_is_the_same_text():
    now = datetime.fromisoformat(NOW)
    document = text(_many(5, now))
    first = call("agenda", document=document, now=NOW)
    for n, step in enumerate(first["view"]["steps"][:3]):
        result = call("change", document=document, now=NOW, change=step["done"])
        assert result["ok"], result
        assert result["text"] == jsonwrite.dump(json.loads(result["text"])), n
        document = result["text"]
    # forget() leaves nothing of the user's behind (the worker's memory snapshot).
    session = bridge.remembered
    assert session.last is not None
    assert session.parts
    assert session.dumped
    assert session.sent
    bridge.forget()
    assert (session.last, session.last_token, session.parts, session.dumped, session.sent) \
        == (None, "", {}, {}, {})


ZONES = ["America/New_York", "Europe/Paris", "Australia/Sydney", "Asia/Kolkata", "UTC"]
#: Around the clock changes of 2026 (New York, Paris, Sydney) and ordinary days.
STARTS = ["2026-03-07T20:00:00+00:00", "2026-03-28T20:00:00+00:00", "2026-04-04T12:00:00+00:00",
          "2026-10-24T20:00:00+00:00", "2026-10-31T20:00:00+00:00", "2026-11-18T15:00:00+00:00",
          "2026-12-31T22:00:00+00:00"]


@st.composite
def _documents(draw):
    """A few applications at every stage, and a run of moments, each after the one before."""
    zone = draw(st.sampled_from(ZONES))
    start = datetime.fromisoformat(draw(st.sampled_from(STARTS)))
    apps = []
    for i in range(draw(st.integers(1, 4))):
        contacts = [{"id": c, "name": c.upper()} for c in ["a", "b"][:draw(st.integers(0, 2))]]
        ids = [c["id"] for c in contacts]
        ends = start + timedelta(minutes=draw(st.integers(-60 * 24 * 12, 60 * 30)))
        rounds = [{"id": "r1", "ends_at": ends.isoformat(), "with": ids}]
        if draw(st.booleans()):
            rounds.insert(0, {"id": "r0", "with": ids[:1], "ends_at": (ends - timedelta(
                minutes=draw(st.integers(60, 60 * 24 * 4)))).isoformat()})
        events, t = [], ends
        for _ in range(draw(st.integers(0, 4))):
            t += timedelta(minutes=draw(st.integers(1, 60 * 24 * 6)))
            kind = draw(st.sampled_from(["thank_you", "follow_up", "reply"]))
            found = {"at": t.isoformat(), "type": kind}
            if kind == "thank_you" and ids:
                found["contact"] = draw(st.sampled_from(ids))
            if kind == "follow_up":
                found["channel"] = draw(st.sampled_from(["email", "phone"]))
                found["outcome"] = ("sent" if found["channel"] == "email" else
                                    draw(st.sampled_from(["voicemail", "no_answer", "spoke"])))
            if kind == "reply":
                found["tone"] = draw(st.sampled_from(["warm", "brief", "rejection", "offer"]))
            events.append(found)
        one = app(id=f"app-{i}", company=f"Co {i}", contacts=contacts, interviews=rounds,
                  events=events, closed=draw(st.booleans()) and draw(st.booleans()))
        if draw(st.booleans()):
            one["decision_expected"] = (ends + timedelta(days=draw(st.integers(-2, 9)))).date(
                ).isoformat()
        if draw(st.booleans()):
            first = (ends + timedelta(days=draw(st.integers(-2, 9)))).date()
            one["away"] = [{"from": first.isoformat(),
                            "until": (first + timedelta(days=draw(st.integers(0, 6)))).isoformat()}]
        apps.append(one)
    document = raw(*apps, timezone=zone)
    if draw(st.booleans()):
        document["settings"]["country"] = draw(st.sampled_from(["US", "FR", "GB"]))
    moments = [start]
    for _ in range(draw(st.integers(1, 8))):
        step = draw(st.one_of(st.integers(0, 90), st.integers(0, 60 * 60 * 30)))  # seconds
        moments.append(moments[-1] + timedelta(seconds=step))
    touched = draw(st.lists(st.integers(0, len(apps) - 1), min_size=len(moments),
                            max_size=len(moments)))
    return document, moments, touched


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_a_view_made_from_the_last_one_is_the_view_made_from_nothing(case):
    document, moments, touched = case
    loaded = dataformat.to_document(document)
    session = Session()
    for now, index in zip(moments, touched, strict=True):
        kept = session.view(document, loaded, now)
        assert kept == _fresh_view(document, loaded, now), now
        # Now and then an application changes (a note in its history): only it is planned anew.
        if index % 2 == 0:
            changed = json.loads(json.dumps(document))
            changed["applications"][index]["events"].append(
                {"at": (now - timedelta(days=30)).isoformat(), "type": "reply", "tone": "warm",
                 "note": f"seen at {now.isoformat()}"})
            loaded = dataformat.to_document(changed, previous=(document, loaded))
            document = changed


def test_a_text_written_from_kept_parts_is_the_whole_text_and_still_refuses_a_lone_surrogate():
    document = _many(4, datetime.fromisoformat(NOW))
    parts: dict = {}
    assert jsonwrite.dump(document, parts=parts) == jsonwrite.dump(document)
    assert len(parts) == 4
    changed = {**document, "applications": [*document["applications"][:3],
                                            {**document["applications"][3], "role": "Lead"}]}
    assert jsonwrite.dump(changed, parts=parts) == jsonwrite.dump(changed)
    bad = {**changed, "applications": [*changed["applications"][:3],
                                       {**changed["applications"][3], "role": "\ud800"}]}
    with pytest.raises(dataerrors.DataError):
        jsonwrite.dump(bad, parts=parts)
    assert jsonwrite.dump(changed, parts=parts) == jsonwrite.dump(changed)  # kept as it was


def test_a_document_the_bridge_holds_is_named_instead_of_sent_again():
    now = datetime.fromisoformat(NOW)
    document = text(_many(6, now))
    first = call("agenda", document=document, now=NOW)
    step = first["view"]["steps"][0]
    by_name = call("change", known=first["known"], now=NOW, change=step["done"],
                   shown=first["token"])
    assert by_name["ok"], by_name
    assert by_name["known"] != first["known"]  # the new document has its own name
    by_text = call("change", document=document, now=NOW, change=step["done"])
    assert by_text["text"] == by_name["text"]
    # A name the bridge no longer holds (another document was read since) is refused, and
    # the caller sends the text.
    stale = call("change", known=by_name["known"], now=NOW, change=step["done"])
    assert stale["ok"] is False
    assert stale["unknown"] is True
    assert "fault" not in stale
    # A new document (none stored) has no name to give.
    assert "known" not in call("agenda", document=None, now=NOW, timezone="UTC")


def test_an_applications_own_notes_are_on_its_card_as_written():
    notes = "Status: Applied\nLink: https://example.org/job"
    (card,) = agenda_view(raw(app(notes=notes)))["applications"]
    assert card["notes"] == notes
    (card,) = agenda_view(raw(app()))["applications"]
    assert card["notes"] == ""
