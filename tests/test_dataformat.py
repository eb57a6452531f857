"""The data file v1: what it accepts, what it refuses (and how it says so), what it keeps."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from followup import dataformat, edit, jsonwrite
from followup.dataerrors import DataError
from helpers import app, raw


def load(obj):
    return dataformat.load(json.dumps(obj))


def test_a_valid_file_loads_into_records():
    _, document = load(raw())
    (application,) = document.applications
    assert application.company == "Acme Corp"
    assert application.interviews[0].with_ == ("dana",)
    assert document.settings.timezone == "America/New_York"


@pytest.mark.parametrize(("text", "message"), [
    ("", "the file is empty"),
    ("{not json", "not valid JSON: Expecting property name enclosed in double quotes at line 1"),
    ("[1, 2]", "expected a JSON object at the top, found a list"),
    ('{"format": "followup-planner", "version": 1, "x": NaN}', "NaN is not allowed"),
    ('{"format": "followup-planner", "version": 1, "x": -Infinity}', "-Infinity is not allowed"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"a":' * 40 + "1" + "}" * 40, "nested too deeply"),
    ('{"version": 1}', 'format: missing; a Follow-up Planner file says "followup-planner"'),
    ('{"format": "other", "version": 1}', 'format: expected "followup-planner", found "other"'),
    ('{"format": "followup-planner", "version": "1"}', 'version: expected a whole number'),
    ('{"format": "followup-planner", "version": 0}', "version: unknown version 0"),
])
def test_unusable_text_is_refused_with_a_sentence(text, message):
    with pytest.raises(DataError) as caught:
        dataformat.load(text)
    assert message in str(caught.value)


def test_a_newer_version_is_refused_and_says_so():
    newer = raw()
    newer["version"] = 2
    with pytest.raises(DataError, match="version: this file is version 2, written by a newer "
                                        "Follow-up Planner; this one reads up to version 1"):
        load(newer)


def _broken(path_setter):
    obj = raw()
    path_setter(obj)
    return obj


@pytest.mark.parametrize(("change", "message"), [
    (lambda o: o["applications"][0]["interviews"][0].update(ends_at="tomorrow"),
     'applications[0].interviews[0].ends_at: not a date-time: "tomorrow"'),
    (lambda o: o["applications"][0]["interviews"][0].update(ends_at="2026-11-17T15:00:00"),
     "applications[0].interviews[0].ends_at: the date-time \"2026-11-17T15:00:00\" needs a "
     "UTC offset"),
    (lambda o: o["applications"][0].pop("company"), "applications[0].company: missing"),
    (lambda o: o["applications"][0].update(company=7),
     "applications[0].company: expected text, found a number"),
    (lambda o: o["applications"][0]["events"].append(
        {"at": "2026-11-18T09:00:00-05:00", "type": "telegram"}),
     'applications[0].events[0].type: unknown value "telegram"'),
    (lambda o: o["applications"][0]["events"].append(
        {"at": "2026-11-18T09:00:00-05:00", "type": "thank_you", "contact": "zed"}),
     'applications[0].events[0].contact: unknown contact "zed"'),
    (lambda o: o["applications"][0]["events"].append(
        {"at": "2026-11-18T09:00:00-05:00", "type": "thank_you", "interview": "r9"}),
     'applications[0].events[0].interview: unknown interview "r9"'),
    (lambda o: o["applications"][0]["events"].append(
        {"at": "2026-11-18T09:00:00-05:00", "type": "reply"}),
     "applications[0].events[0].tone: missing"),
    (lambda o: o["applications"][0]["events"].append(
        {"at": "2026-11-18T09:00:00-05:00", "type": "follow_up", "channel": "email",
         "outcome": "voicemail"}),
     'applications[0].events[0].outcome: "voicemail" goes with a phone call'),
    (lambda o: o["applications"][0]["interviews"][0].update({"with": ["zed"]}),
     'applications[0].interviews[0].with[0]: unknown contact "zed"'),
    (lambda o: o["applications"][0]["interviews"][0].update(discussed={"zed": "SQL"}),
     'applications[0].interviews[0].discussed.zed: names someone who is not among this '
     'interview\'s interviewers ("with")'),
    (lambda o: o["applications"][0]["interviews"][0].update(discussed={"dana": ["SQL"]}),
     "applications[0].interviews[0].discussed.dana: expected text, found a list"),
    (lambda o: o["applications"][0]["interviews"][0].update(discussed="SQL"),
     "applications[0].interviews[0].discussed: expected an object, found text"),
    (lambda o: o["applications"].append(app()),
     'applications[1].id: application id "acme" is used twice'),
    (lambda o: o["applications"][0].update(away=[{"from": "2026-12-04", "until": "2026-11-23"}]),
     "applications[0].away[0].until: ends before it starts"),
    (lambda o: o["applications"][0].update(decision_expected="soon"),
     'applications[0].decision_expected: not a date: "soon"'),
    (lambda o: o["applications"][0].update(closed="no"),
     'applications[0].closed: expected true or false, found "no"'),
    (lambda o: o["applications"][0].update(notes={"Link": "https://example.org"}),
     "applications[0].notes: expected text, found an object"),
    (lambda o: o["settings"].update(timezone="Mars/Olympus"),
     'settings.timezone: unknown time zone "Mars/Olympus"'),
    (lambda o: o["settings"].update(timezone="../../etc/passwd"),
     "settings.timezone: unknown time zone"),
    (lambda o: o["settings"].update(country="usa"),
     'settings.country: expected a two-letter country code like "US", found "usa"'),
    (lambda o: o.update(applications={}), "applications: expected a list, found an object"),
    (lambda o: o["applications"].append(3), "applications[1]: expected an object, found a number"),
    (lambda o: o["applications"][0].update(id="has space"),
     'applications[0].id: not a usable id: "has space"'),
])
def test_a_mistyped_or_missing_field_names_its_json_path(change, message):
    with pytest.raises(DataError) as caught:
        load(_broken(change))
    assert message in str(caught.value)


RECORDED_AT = datetime.fromisoformat("2026-11-18T09:00:00-05:00")
RECORD = {"op": "record", "app": "acme", "type": "thank_you", "contact": "dana"}


def test_unknown_fields_survive_a_rewrite():
    obj = raw()
    obj["made_by"] = "a coach's spreadsheet"
    obj["settings"]["theme"] = "dark"
    obj["applications"][0]["salary_band"] = {"low": 50, "high": 60}
    obj["applications"][0]["interviews"][0]["room"] = "4B"
    loaded, records = load(obj)
    changed, _, _ = edit.apply(loaded, records, RECORD, now=RECORDED_AT)
    again, document = dataformat.load(jsonwrite.dump(changed))
    assert again["made_by"] == "a coach's spreadsheet"
    assert again["settings"]["theme"] == "dark"
    assert again["applications"][0]["salary_band"] == {"low": 50, "high": 60}
    assert again["applications"][0]["interviews"][0]["room"] == "4B"
    assert len(document.applications[0].events) == 1


def test_edits_do_not_change_the_original_object():
    loaded, records = load(raw())
    edit.apply(loaded, records, RECORD, now=RECORDED_AT)
    assert loaded["applications"][0]["events"] == []


def test_migrations_run_in_order_up_to_the_current_version(monkeypatch):
    """The mechanism a v2 will use: older files are upgraded step by step when read."""
    monkeypatch.setattr(dataformat, "VERSION", 3)
    monkeypatch.setitem(dataformat.MIGRATIONS, 1, lambda o: {**o, "seen": ["1->2"]})
    monkeypatch.setitem(dataformat.MIGRATIONS, 2, lambda o: {**o, "seen": [*o["seen"], "2->3"]})
    upgraded = dataformat.migrate(raw())
    assert upgraded["version"] == 3
    assert upgraded["seen"] == ["1->2", "2->3"]


def test_dump_then_load_is_the_identity():
    first, _ = load(raw())
    again, _ = dataformat.load(jsonwrite.dump(first))
    assert again == first


@pytest.mark.parametrize(("title", "role"), [
    ("Recruiter", "recruiter"), ("Senior Technical Recruiter", "recruiter"),
    ("Talent Partner", "recruiter"), ("Sourcer", "recruiter"), ("Sourcing Lead", "recruiter"),
    ("HR Business Partner", "recruiter"), ("Human Resources", "recruiter"),
    ("People Partner", "recruiter"),
    ("Open Source Lead", "other"), ("Resource Planning Manager", "other"),
    ("Engineering Manager", "other"), ("Chrome Engineer", "other"), ("", "other"),
])
def test_a_role_left_out_is_read_from_the_job_title(title, role):
    """A file without roles: a title that names recruiting makes a recruiter, and words that
    only contain such letters (open source, resource, chrome) do not."""
    document = dataformat.load(json.dumps(raw(app(
        contacts=[{"id": "dana", "name": "Dana Lee"},
                  {"id": "c", "name": "Kim Park", "title": title}]))))[1]
    assert document.applications[0].role_of("c").value == role


@pytest.mark.parametrize(("change", "path", "problem"), [
    (lambda a: a["events"].append({"at": "2026-11-18T09:00:00-05:00", "type": "thank_you",
                                   "note": 5}),
     "applications[0].events[0].note", "expected text, found a number"),
    (lambda a: a.update(sample="yes"), "applications[0].sample",
     'expected true or false, found "yes"'),
    (lambda a: a.update(drafts=[]), "applications[0].drafts", "expected an object, found a list"),
    (lambda a: a.update(drafts={"acme|thank_you|dana|": None}),
     "applications[0].drafts.acme|thank_you|dana|", "expected an object, found null"),
    (lambda a: a.update(drafts={"acme|thank_you|dana|": {"subject": "Hi", "body": 3}}),
     "applications[0].drafts.acme|thank_you|dana|.body", "expected text, found a number"),
])
def test_the_pages_own_fields_are_checked_too(change, path, problem):
    """An event's note, the sample mark and the kept drafts are v1 fields: a wrong type is
    refused with its path, like any other field."""
    document = raw()
    change(document["applications"][0])
    with pytest.raises(DataError) as found:
        dataformat.load(json.dumps(document))
    assert str(found.value) == f"{path}: {problem}"


def test_the_pages_own_fields_load_when_well_formed():
    document = raw(app(sample=True, drafts={"acme|thank_you|dana|": {"subject": "Hi",
                                                                      "body": "Dear Dana,"}},
                       events=[{"at": "2026-11-18T09:00:00-05:00", "type": "thank_you",
                                "contact": "dana", "note": "sent from my phone"}]))
    loaded, _ = dataformat.load(json.dumps(document))
    assert loaded == document  # and kept as they are
