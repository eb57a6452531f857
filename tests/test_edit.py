"""Changes to the document (followup.edit): one implementation for the page and the CLI."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest

from followup import cli, dataformat, edit, jsonwrite, planner, views
from followup.changeerrors import ChangeError, RuleWarning
from followup.dataerrors import DataError
from helpers import app, at, raw

NOW = datetime.fromisoformat("2026-11-18T10:00:00-05:00")


def apply(document, spec, now=NOW):
    return edit.apply(document, dataformat.to_document(document), spec, now=now)


def test_apply_returns_a_changed_copy_a_message_and_the_undo():
    before = raw()
    kept = copy.deepcopy(before)
    new, message, undo = apply(before, {"op": "record", "app": "acme", "type": "thank_you",
                                        "contact": "dana"})
    assert before == kept
    assert new["applications"][0]["events"] == [
        {"at": "2026-11-18T10:00:00-05:00", "type": "thank_you", "contact": "dana",
         "channel": "email"}]
    assert message == "Recorded. The plan is updated."
    assert undo == {"op": "remove", "app": "acme", "what": "event", "index": 0,
                    "at": "2026-11-18T10:00:00-05:00"}
    assert apply(new, undo)[0] == before


def test_every_change_is_listed_once():
    assert set(edit.CHANGES) == {
        "add_application", "update_application", "delete_application", "add_interview",
        "update_interview", "add_contact", "add_away", "remove", "record", "update_event",
        "settings", "load_sample", "remove_sample", "save_draft", "import_spreadsheet",
        "move_on_from"}


def test_several_applications_are_moved_on_from_at_once_and_undo_reopens_them():
    before = raw(app(), app(id="initech", company="Initech"), app(id="globex", company="Globex"))
    new, message, undo = apply(before, {"op": "move_on_from", "apps": ["acme", "globex"]})
    assert message == "Moved on from 2 applications: Acme Corp, Globex."
    assert [a.get("closed", False) for a in new["applications"]] == [True, False, True]
    assert undo == {"op": "move_on_from", "apps": ["acme", "globex"], "closed": False}
    back, message, again = apply(new, undo)
    assert message == "Reopened 2 applications: Acme Corp, Globex."
    assert [a.get("closed", False) for a in back["applications"]] == [False, False, False]
    assert again == {"op": "move_on_from", "apps": ["acme", "globex"], "closed": True}


@pytest.mark.parametrize(("apps", "said"), [
    ([], "Name each application once."), ("acme", "Name each application once."),
    (["acme", "acme"], "Name each application once."),
    (["acme", "gone"], "That application no longer exists"),
])
def test_a_sweep_that_names_no_application_or_a_missing_one_changes_nothing(apps, said):
    before = raw()
    kept = copy.deepcopy(before)
    with pytest.raises(ChangeError, match=said):
        apply(before, {"op": "move_on_from", "apps": apps})
    assert before == kept


@pytest.mark.parametrize("spec", [None, [], {"op": "explode"}, {"no": "op"}])
def test_an_unknown_change_is_refused(spec):
    with pytest.raises(ChangeError, match="Unknown change"):
        apply(raw(), spec)


def test_a_result_that_would_not_load_is_refused_and_nothing_changes():
    before = raw()
    with pytest.raises(DataError, match='unknown contact "zed"'):
        apply(before, {"op": "record", "app": "acme", "type": "thank_you", "contact": "zed"})
    assert before == raw()


def test_recording_fills_in_the_same_defaults_for_everyone():
    document = raw()
    follow, _, _ = apply(document, {"op": "record", "app": "acme", "type": "follow_up",
                                    "at": "2026-11-25T10:00:00-05:00"})
    assert follow["applications"][0]["events"][-1] == {
        "at": "2026-11-25T10:00:00-05:00", "type": "follow_up", "channel": "email",
        "outcome": "sent"}
    reply, _, _ = apply(document, {"op": "record", "app": "acme", "type": "reply",
                                   "tone": "warm"})
    assert reply["applications"][0]["events"][-1] == {
        "at": "2026-11-18T10:00:00-05:00", "type": "reply", "tone": "warm"}


def test_recording_too_early_is_refused_with_the_interviews_end():
    with pytest.raises(ChangeError, match=r"ends Tue 17 Nov, 3 pm: record a thank-you"):
        apply(raw(), {"op": "record", "app": "acme", "type": "thank_you"},
              now=at("2026-11-17 14:00"))


def test_an_application_without_interviews_or_contacts_accepts_every_kind_of_edit():
    document = raw({"id": "solo", "company": "Solo"})
    for spec in ({"op": "record", "app": "solo", "type": "follow_up"},
                 {"op": "add_away", "app": "solo", "from": "2026-11-20", "until": "2026-11-21"},
                 {"op": "update_application", "app": "solo", "fields": {"role": "Analyst"}},
                 {"op": "add_contact", "app": "solo", "name": "Kim Ng"},
                 {"op": "add_interview", "app": "solo", "interviewers": "Kim Ng",
                  "ends_local": "2026-11-17T15:00"}):
        document, _, _ = apply(document, spec)
    (solo,) = document["applications"]
    assert solo["contacts"] == [{"id": "kim-ng", "name": "Kim Ng"}]
    assert solo["interviews"] == [{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                                   "with": ["kim-ng"]}]
    assert solo["role"] == "Analyst"


def test_the_command_line_records_exactly_what_the_page_records(tmp_path, capsys):
    path = tmp_path / "plan.json"
    path.write_text(jsonwrite.dump(raw()))
    assert cli.main(["log", str(path), "acme", "follow-up", "--contact", "dana",
                     "--now", "2026-11-25T10:00:00-05:00"]) == 0
    by_cli = json.loads(path.read_text())
    by_page, _, _ = apply(raw(), {"op": "record", "app": "acme", "type": "follow_up",
                                  "contact": "dana"}, now=at("2026-11-25 10:00"))
    assert by_cli == json.loads(dataformat.dump(by_page))  # as the page writes it
    assert "Recorded follow up for Acme Corp (Wed 25 Nov, 10 am)." in capsys.readouterr().err


def test_the_command_line_closes_through_the_same_change(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(jsonwrite.dump(raw(app(custom=1))))
    assert cli.main(["log", str(path), "acme", "close", "--now", NOW.isoformat()]) == 0
    closed, _, _ = apply(raw(app(custom=1)), {"op": "update_application", "app": "acme",
                                              "fields": {"closed": True}})
    assert json.loads(path.read_text()) == closed


@pytest.mark.parametrize("spec", [
    {"op": "record", "app": "acme", "type": "thank_you", "contact": "dana"},
    {"op": "add_contact", "app": "acme", "name": "Kim Park"},
    {"op": "add_away", "app": "acme", "from": "2026-12-21", "until": "2026-12-31"},
    {"op": "add_interview", "app": "acme", "interviewers": "Kim Park",
     "ends_local": "2026-11-20T10:00"},
    {"op": "settings", "fields": {"name": "Sam"}},
])
def test_a_list_or_object_written_as_null_is_treated_as_empty(spec):
    # A valid file may say null for a list or an object it has none of (found by the fuzz).
    document = raw(app(events=None, away=None))
    document["settings"]["candidate"] = None
    _, loaded = dataformat.load(json.dumps(document))
    new, _, _ = edit.apply(document, loaded, spec, now=datetime(2026, 11, 20, 12, tzinfo=UTC))
    dataformat.to_document(new)


def test_what_happened_earlier_is_recorded_on_the_documents_clock_with_a_note():
    document = raw(timezone="Europe/Paris")
    new, _, _ = apply(document, {"op": "record", "app": "acme", "type": "reply",
                                 "channel": "phone", "tone": "warm",
                                 "at_local": "2026-11-18T09:30", "note": " Call back Monday "},
                      now=at("2026-11-20 10:00"))
    assert new["applications"][0]["events"][-1] == {
        "at": "2026-11-18T09:30:00+01:00", "type": "reply", "channel": "phone",
        "tone": "warm", "note": "Call back Monday"}
    with pytest.raises(ChangeError, match="is still to come"):
        apply(document, {"op": "record", "app": "acme", "type": "reply",
                         "at_local": "2026-11-21T09:30"}, now=at("2026-11-20 10:00"))


def test_a_kept_draft_lasts_until_its_step_is_done():
    now = at("2026-11-18 10:00")
    key = "acme|thank_you|dana|"
    kept, message, _ = apply(raw(), {"op": "save_draft", "app": "acme", "key": key,
                                     "subject": "Thanks", "body": "Dear Dana, [gap]"}, now=now)
    assert kept["applications"][0]["drafts"] == {key: {"subject": "Thanks",
                                                        "body": "Dear Dana, [gap]"}}
    assert "kept" in message
    done, _, _ = apply(kept, {"op": "record", "app": "acme", "type": "thank_you",
                              "contact": "dana"}, now=now)
    assert "drafts" not in done["applications"][0]
    cleared, _, _ = apply(kept, {"op": "save_draft", "app": "acme", "key": key,
                                 "subject": "", "body": " "}, now=now)
    assert "drafts" not in cleared["applications"][0]


def test_the_first_interview_can_bring_the_country():
    document = raw()
    new, _, _ = apply(document, {"op": "add_application", "company": "Globex",
                                 "ends_local": "2026-11-17T15:00", "country": "us"},
                      now=at("2026-11-18 10:00"))
    assert new["settings"]["country"] == "US"
    with pytest.raises(ChangeError, match="No public holidays are known"):
        apply(document, {"op": "add_application", "company": "Globex",
                         "ends_local": "2026-11-17T15:00", "country": "XX"},
              now=at("2026-11-18 10:00"))


def test_a_gentler_plan_stays_within_the_methods_ceilings():
    new, _, _ = apply(raw(), {"op": "settings",
                              "fields": {"max_follow_ups": "2", "spacing_days": "10"}})
    assert (new["settings"]["max_follow_ups"], new["settings"]["spacing_days"]) == (2, 10)
    back, _, _ = apply(new, {"op": "settings", "fields": {"max_follow_ups": "",
                                                          "spacing_days": ""}})
    assert "max_follow_ups" not in back["settings"]
    assert "spacing_days" not in back["settings"]
    for fields, sentence in (({"max_follow_ups": "4"}, "choose from 1 to 3"),
                             ({"spacing_days": "2"}, r"choose from 7 \(the method's own\) to 60"),
                             # fewer days than the method's would not be gentler
                             ({"spacing_days": "5"}, "choose from 7"),
                             ({"spacing_days": "soon"}, "choose from 7")):
        with pytest.raises(ChangeError, match=sentence):
            apply(raw(), {"op": "settings", "fields": fields})


def _history(*events):
    return raw(app(events=list(events)))


def _refused(document, spec, now=NOW):
    with pytest.raises(RuleWarning) as caught:
        apply(document, spec, now=now)
    new, _, _ = apply(document, {**spec, "despite": True}, now=now)
    assert len(new["applications"][0]["events"]) == len(document["applications"][0]["events"]) + 1
    return caught.value


THANKED = {"at": "2026-11-18T09:00:00-05:00", "type": "thank_you", "channel": "email"}


def test_a_follow_up_on_the_thank_you_day_is_told_before_it_is_kept():
    warning = _refused(_history(THANKED), {"op": "record", "app": "acme", "type": "follow_up",
                                           "channel": "phone", "outcome": "voicemail"})
    assert warning.rule == "R10"
    assert str(warning) == ("You sent your thank-you to Acme Corp today. The method says not "
                            "to follow up on the day of the thank-you (R10).")


def test_a_second_contact_on_one_day_is_told_and_a_retried_call_is_not():
    first = {"at": "2026-11-25T10:00:00-05:00", "type": "follow_up", "channel": "email",
             "outcome": "sent"}
    later = datetime.fromisoformat("2026-11-25T15:00:00-05:00")
    warning = _refused(_history(THANKED, first),
                       {"op": "record", "app": "acme", "type": "follow_up", "channel": "phone",
                        "outcome": "no_answer"}, now=later)
    assert warning.rule == "R10"
    assert "already followed up with Acme Corp today" in str(warning)
    # R11: a call that did not get through may be tried again the same day.
    missed = {**first, "channel": "phone", "outcome": "no_answer"}
    apply(_history(THANKED, missed), {"op": "record", "app": "acme", "type": "follow_up",
                                      "channel": "phone", "outcome": "voicemail"}, now=later)
    # Several interviewers thanked on one day are one contact; the same one twice is a slip.
    panel = raw(app(contacts=[{"id": "dana", "name": "Dana Lee"}, {"id": "lee", "name": "Lee"}],
                    events=[{**THANKED, "contact": "dana"}]))
    apply(panel, {"op": "record", "app": "acme", "type": "thank_you", "contact": "lee"})
    assert _refused(panel, {"op": "record", "app": "acme", "type": "thank_you",
                            "contact": "dana"}).rule == "R10"


def test_an_email_follow_up_too_soon_after_the_last_is_told():
    first = {"at": "2026-11-25T10:00:00-05:00", "type": "follow_up", "channel": "email",
             "outcome": "sent"}
    warning = _refused(_history(THANKED, first),
                       {"op": "record", "app": "acme", "type": "follow_up",
                        "at": "2026-11-27T10:00:00-05:00"},
                       now=datetime.fromisoformat("2026-11-27T12:00:00-05:00"))
    assert warning.rule == "R12"
    assert str(warning) == ("You emailed Acme Corp on Wed 25 Nov. The method leaves at least "
                            "3 days between two emails (R12).")
    # Three days on, or by phone, it is within the rules.
    apply(_history(THANKED, first), {"op": "record", "app": "acme", "type": "follow_up",
                                     "at": "2026-11-28T10:00:00-05:00"},
          now=datetime.fromisoformat("2026-11-28T12:00:00-05:00"))


def test_a_fourth_attempt_and_a_second_answer_to_a_brief_reply_are_told():
    strikes = [{"at": f"2026-12-{d:02d}T10:00:00-05:00", "type": "follow_up",
                "channel": "email", "outcome": "sent"} for d in (1, 8, 15)]
    late = datetime.fromisoformat("2026-12-22T10:00:00-05:00")
    spec = {"op": "record", "app": "acme", "type": "follow_up"}
    assert _refused(_history(THANKED, *strikes), spec, now=late).rule == "R7"
    # A gentler plan stops sooner.
    gentle = raw(app(events=[THANKED, *strikes[:2]]), max_follow_ups=2)
    assert _refused(gentle, spec, now=late).rule == "R7"
    # After a warm reply the count starts again.
    warm = {"at": "2026-12-16T10:00:00-05:00", "type": "reply", "tone": "warm"}
    apply(_history(THANKED, *strikes, warm), spec, now=late)
    brief = {**warm, "tone": "brief"}
    answered = {**strikes[0], "at": "2026-12-18T10:00:00-05:00"}
    apply(_history(THANKED, *strikes[:2], brief), spec, now=late)
    assert _refused(_history(THANKED, *strikes[:2], brief, answered), spec,
                    now=late).rule == "R14"


def test_the_command_line_tells_the_rule_and_records_only_with_anyway(tmp_path, capsys):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_history(THANKED)))
    before = path.read_text()
    command = ["log", str(path), "acme", "follow-up", "--at", "2026-11-18T11:00:00-05:00",
               "--now", NOW.isoformat()]
    assert cli.main(command) == 2
    assert "not to follow up on the day of the thank-you (R10)" in capsys.readouterr().err
    assert path.read_text() == before
    assert cli.main([*command, "--anyway"]) == 0
    assert len(json.loads(path.read_text())["applications"][0]["events"]) == 2


def test_each_interviewer_brings_their_own_email_and_an_earlier_round_stays_editable():
    new, _, _ = apply(raw(), {"op": "add_application", "company": "Globex",
                              "ends_local": "2026-11-16T11:00",
                              "interviewers": [{"name": "Kim Park", "email": "kim@globex.example"},
                                               {"name": "Lee Wong"},
                                               {"name": "", "email": ""}]})
    globex = new["applications"][1]
    assert globex["contacts"] == [
        {"id": "kim-park", "name": "Kim Park", "email": "kim@globex.example"},
        {"id": "lee-wong", "name": "Lee Wong"}]
    assert globex["interviews"][0]["with"] == ["kim-park", "lee-wong"]
    # A second round: a new person with an email, and Kim again (same contact, not a copy).
    new, _, _ = apply(new, {"op": "add_interview", "app": "globex",
                            "ends_local": "2026-11-17T16:00",
                            "interviewers": [{"name": "Ana Ruiz", "email": "ana@globex.example"},
                                             {"name": "kim park"}]})
    globex = new["applications"][1]
    assert [c["id"] for c in globex["contacts"]] == ["kim-park", "lee-wong", "ana-ruiz"]
    assert globex["interviews"][1]["with"] == ["ana-ruiz", "kim-park"]
    # Round 1, though no longer the latest, takes each person's notes and email.
    new, _, _ = apply(new, {"op": "update_interview", "app": "globex", "interview": "r1",
                            "fields": {"memorable": "the demo"},
                            "people": {"kim-park": {"discussed": "the Q3 dashboard"},
                                       "lee-wong": {"email": "lee@globex.example",
                                                    "discussed": "  "}}})
    globex = new["applications"][1]
    assert globex["interviews"][0]["discussed"] == {"kim-park": "the Q3 dashboard"}
    assert globex["interviews"][0]["memorable"] == "the demo"
    assert globex["contacts"][1]["email"] == "lee@globex.example"
    with pytest.raises(ChangeError, match="no longer listed"):
        apply(new, {"op": "update_interview", "app": "globex", "interview": "r1",
                    "people": {"ana-ruiz": {"discussed": "x"}}})
    with pytest.raises(ChangeError, match="Give the name of the interviewer"):
        apply(new, {"op": "add_interview", "app": "globex", "ends_local": "2026-11-17T16:00",
                    "interviewers": [{"name": "", "email": "who@globex.example"}]})


def test_an_application_with_no_interview_yet_is_added_with_the_day_of_applying():
    new, message, _ = apply(raw(), {"op": "add_application", "company": "Globex",
                                    "role": "Analyst", "applied_on": "2026-11-16",
                                    "interviewers": [{"name": "Ana Ruiz",
                                                      "email": "ana@globex.example"}]})
    assert message == "Added Globex."
    globex = new["applications"][1]
    assert (globex["applied_on"], globex["interviews"]) == ("2026-11-16", [])
    assert globex["contacts"] == [{"id": "ana-ruiz", "name": "Ana Ruiz",
                                   "email": "ana@globex.example"}]
    document = dataformat.to_document(new)
    steps = [a for a in planner.actions(document, now=NOW) if a.application == "globex"]
    assert (steps[0].kind.value, steps[0].rule, steps[0].contact) == ("follow_up", "R5",
                                                                     "ana-ruiz")
    with pytest.raises(ChangeError, match="Thu 19 Nov is still to come"):
        apply(raw(), {"op": "add_application", "company": "Globex", "applied_on": "2026-11-19"})
    with pytest.raises(ChangeError, match="Give the time the interview ended"):
        apply(raw(), {"op": "add_application", "company": "Globex"})


@pytest.mark.parametrize("hour", [0, 9, 13, 23])
def test_the_sample_never_opens_with_an_overdue_step(hour):
    """Whatever the day and hour, the sample shows what to do next, not what was missed."""
    for day in range(14):  # two weeks from Monday 16 Nov 2026: every weekday and weekend
        now = datetime.fromisoformat(f"2026-11-{16 + day:02d}T{hour:02d}:30:00-05:00")
        new, _, _ = apply(dataformat.new_raw("America/New_York"), {"op": "load_sample"}, now=now)
        document = dataformat.to_document(new)
        late = [(a.application, a.kind.value) for a in planner.actions(document, now=now)
                if a.latest < now]
        assert late == [], now


def test_what_the_sample_candidate_did_fell_on_weekdays():
    for day in range(7):
        now = datetime.fromisoformat(f"2026-11-{16 + day:02d}T10:30:00-05:00")
        new, _, _ = apply(dataformat.new_raw("America/New_York"), {"op": "load_sample"}, now=now)
        done = [datetime.fromisoformat(e["at"]) for a in new["applications"]
                for e in a["events"]]
        assert done, now
        assert all(t.weekday() < 5 for t in done), now


def test_a_change_to_one_application_reads_only_that_one_again():
    two = raw(app(), app(id="globex", company="Globex"))
    document = dataformat.to_document(two)
    new, records, _, _ = edit.change(two, document, {"op": "record", "app": "acme",
                                                     "type": "thank_you"}, now=NOW)
    assert records.applications[1] is document.applications[1]  # Globex: untouched, kept
    assert records.applications[0] is not document.applications[0]
    assert records == dataformat.to_document(new)  # the same records as reading it afresh
    # A change that breaks an application is still refused.
    with pytest.raises(DataError):
        edit.change(two, document, {"op": "record", "app": "acme", "type": "thank_you",
                                    "contact": "zed"}, now=NOW)


def test_a_thank_yous_kept_words_end_with_it_and_never_become_the_next_rounds():
    two = raw(app(interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                               "with": ["dana"]},
                              {"id": "r2", "ends_at": "2026-11-20T16:00:00-05:00",
                               "with": ["dana"]}]))
    document = dataformat.to_document(two)
    kept, _, _ = edit.apply(two, document, {"op": "save_draft", "app": "acme",
                                            "key": "acme|thank_you|dana|",
                                            "subject": "Thanks for round 1", "body": "Hi"},
                            now=NOW)
    done, _, _ = apply(kept, {"op": "record", "app": "acme", "type": "thank_you",
                              "contact": "dana"})
    assert "drafts" not in done["applications"][0]


def test_a_person_with_their_own_notes_can_be_removed():
    panel = raw(app(contacts=[{"id": "dana", "name": "Dana Lee"}, {"id": "bo", "name": "Bo"}],
                    interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                                 "with": ["dana", "bo"], "discussed": {"bo": "SQL"}}]))
    new, _, _ = apply(panel, {"op": "remove", "app": "acme", "what": "contact", "id": "bo"})
    assert "discussed" not in new["applications"][0]["interviews"][0]


def test_an_older_files_spacing_does_not_block_saving_other_details():
    older = raw(app(), spacing_days=5)  # accepted by earlier versions of the page
    new, _, _ = apply(older, {"op": "settings", "fields": {"name": "Sam", "spacing_days": "5"}})
    assert new["settings"]["candidate"]["name"] == "Sam"
    with pytest.raises(ChangeError, match="choose from 7"):
        apply(older, {"op": "settings", "fields": {"spacing_days": "4"}})


def test_a_change_to_one_application_copies_that_one_and_shares_the_others():
    before = raw(app(id="a", company="A"), app(id="b", company="B"), app(id="c", company="C"))
    kept = copy.deepcopy(before)
    document = dataformat.to_document(before)
    new, records, _, _ = edit.change(before, document, {
        "op": "record", "app": "b", "type": "thank_you", "contact": "dana"}, now=NOW)
    assert before == kept  # the document it came from is unchanged
    old_apps, new_apps = before["applications"], new["applications"]
    assert new_apps[0] is old_apps[0]
    assert new_apps[2] is old_apps[2]
    assert new_apps[1] is not old_apps[1]
    assert len(new_apps[1]["events"]) == 1
    assert new["settings"] is not before["settings"]
    # the records of what did not change are kept too; the new records are the new document's
    assert records.applications[0] is document.applications[0]
    assert records == dataformat.to_document(new)


# -- correcting a recorded entry (update_event) ----------------------------------------------

PANEL = [{"id": "dana", "name": "Dana Lee"}, {"id": "raj", "name": "Raj Patel",
                                               "title": "Recruiter"}]


def _fix(document, index, fields, now=NOW, **extra):
    entry = document["applications"][0]["events"][index]
    return apply(document, {"op": "update_event", "app": "acme", "index": index,
                            "at": entry["at"], "fields": fields, **extra}, now=now)


def test_an_entry_is_corrected_in_place_and_keeps_what_the_change_does_not_name():
    sent = {**THANKED, "contact": "dana", "custom": {"kept": [1.5, None]}, "note": "Sent at 9"}
    document = raw(app(contacts=PANEL, events=[sent]))
    kept = copy.deepcopy(document)
    new, message, undo = _fix(document, 0, {"at_local": "2026-11-18T08:40", "contact": "raj",
                                            "channel": "letter", "note": "  "})
    assert document == kept
    assert message == "Corrected. The plan is updated."
    assert undo is None
    assert new["applications"][0]["events"] == [
        {"at": "2026-11-18T08:40:00-05:00", "type": "thank_you", "channel": "letter",
         "contact": "raj", "custom": {"kept": [1.5, None]}}]
    # Only what is named changes: the time stays to the second when it is not given.
    stamped = raw(app(events=[{**THANKED, "at": "2026-11-18T09:00:07-05:00"}]))
    noted, _, _ = _fix(stamped, 0, {"note": "By post too"})
    assert noted["applications"][0]["events"] == [
        {**THANKED, "at": "2026-11-18T09:00:07-05:00", "note": "By post too"}]


def test_a_corrected_time_in_the_future_or_before_the_interview_is_refused():
    document = _history(THANKED)
    with pytest.raises(ChangeError, match="Wed 18 Nov, 11 am is still to come"):
        _fix(document, 0, {"at_local": "2026-11-18T11:00"})
    with pytest.raises(ChangeError, match="ended Tue 17 Nov, 3 pm: record a thank-you"):
        _fix(document, 0, {"at_local": "2026-11-17T14:00"})
    # An offset may be given; a time on another clock is the same moment.
    new, _, _ = _fix(document, 0, {"at_local": "2026-11-18T14:30:00+00:00"})
    assert new["applications"][0]["events"][0]["at"] == "2026-11-18T14:30:00+00:00"


def test_a_stale_or_unknown_entry_is_never_corrected():
    document = _history(THANKED)
    for index, stamp in ((0, "2026-11-18T09:00:01-05:00"), (1, THANKED["at"]),
                         (-1, THANKED["at"]), (True, THANKED["at"]), ("0", THANKED["at"])):
        with pytest.raises(ChangeError, match="no longer in the history"):
            apply(document, {"op": "update_event", "app": "acme", "index": index, "at": stamp,
                             "fields": {"note": "x"}})
    for fields in (None, {"type": "reply"}, {"at": THANKED["at"]}):
        with pytest.raises(ChangeError, match="Unknown change to a history entry"):
            _fix(document, 0, fields)
    with pytest.raises(DataError, match='unknown contact "zed"'):
        _fix(document, 0, {"contact": "zed"})


def test_a_correction_that_now_goes_against_a_rule_is_told_and_kept_despite_it():
    first = {"at": "2026-11-25T10:00:00-05:00", "type": "follow_up", "channel": "email",
             "outcome": "sent"}
    later = datetime.fromisoformat("2026-11-27T12:00:00-05:00")
    document = _history(THANKED, first)
    # Moved onto the day of the thank-you: R10, as if it were recorded then.
    with pytest.raises(RuleWarning) as caught:
        _fix(document, 1, {"at_local": "2026-11-18T09:30"}, now=later)
    assert caught.value.rule == "R10"
    assert str(caught.value) == ("You sent your thank-you to Acme Corp on Wed 18 Nov. The "
                                 "method says not to follow up on the day of the thank-you "
                                 "(R10).")
    new, _, _ = _fix(document, 1, {"at_local": "2026-11-18T09:30"}, now=later, despite=True)
    assert new["applications"][0]["events"][1]["at"] == "2026-11-18T09:30:00-05:00"
    # The entry is not counted against itself: a new time on its own day is no second contact.
    moved, _, _ = _fix(document, 1, {"at_local": "2026-11-25T16:00"}, now=later)
    assert moved["applications"][0]["events"][1]["at"] == "2026-11-25T16:00:00-05:00"
    # What already went against a rule is not told again for a correction of its note.
    noted, _, _ = _fix(new, 1, {"note": "They asked me to call"}, now=later)
    assert noted["applications"][0]["events"][1]["note"] == "They asked me to call"
    # A second email two days after another: R12.
    second = {**first, "at": "2026-12-02T10:00:00-05:00"}
    with pytest.raises(RuleWarning) as caught:
        _fix(_history(THANKED, first, second), 2, {"at_local": "2026-11-27T10:00"},
             now=datetime.fromisoformat("2026-12-03T12:00:00-05:00"))
    assert caught.value.rule == "R12"


def test_a_call_corrected_to_a_talk_with_the_recruiter_is_their_answer():
    called = {"at": "2026-11-25T10:00:00-05:00", "type": "follow_up", "channel": "phone",
              "outcome": "no_answer", "contact": "dana"}
    document = raw(app(contacts=PANEL, events=[THANKED, called]))
    new, _, _ = _fix(document, 1, {"outcome": "spoke", "tone": "warm", "contact": "raj"},
                     now=at("2026-11-26 10:00"))
    assert new["applications"][0]["events"][1] == {**called, "outcome": "spoke", "tone": "warm",
                                                   "contact": "raj"}
    (app_plan,) = planner.plan(dataformat.to_document(new), now=at("2026-11-26 10:00"))
    assert app_plan.status.value == "waiting"
    with pytest.raises(ChangeError, match="Only a call ends in no answer"):
        _fix(document, 1, {"channel": "email"})
    # Taking the outcome away leaves a follow-up sent, as record would have it.
    emailed, _, _ = _fix(document, 1, {"channel": "email", "outcome": ""},
                         now=at("2026-11-26 10:00"))
    assert "outcome" not in emailed["applications"][0]["events"][1]


def test_a_correction_onto_a_day_the_organisation_was_contacted_about_another_role_is_told():
    other = app(id="acme-2", company="Acme Corp", role="Data Engineer",
                events=[{"at": "2026-11-25T10:00:00-05:00", "type": "follow_up",
                         "channel": "email", "outcome": "sent"}])
    mine = {"at": "2026-11-26T10:00:00-05:00", "type": "follow_up", "channel": "email",
            "outcome": "sent"}
    document = raw(app(events=[THANKED, mine]), other)
    with pytest.raises(RuleWarning) as caught:
        _fix(document, 1, {"at_local": "2026-11-25T15:00"}, now=at("2026-11-27 10:00"))
    assert caught.value.rule == "R10"
    assert "about the Data Engineer role" in str(caught.value)


def test_a_person_is_added_with_their_part_and_it_can_be_set_later():
    """The page's "Their part" and the data's ``role``: a recruiter added by name, then an
    existing person's part set by naming them again; a part that is not one of the three
    is refused and nothing changes."""
    document, message, _ = apply(raw(), {"op": "add_contact", "app": "acme",
                                         "name": "Rita Gomez", "email": "rita@acme.example",
                                         "role": "recruiter"})
    assert message == "Saved Rita Gomez."
    assert document["applications"][0]["contacts"][-1] == {
        "id": "rita-gomez", "name": "Rita Gomez", "email": "rita@acme.example",
        "role": "recruiter"}
    document, _, _ = apply(document, {"op": "add_contact", "app": "acme", "name": "dana lee",
                                      "role": "interviewer"})
    assert document["applications"][0]["contacts"][0] == {
        "id": "dana", "name": "Dana Lee", "email": "dana@acme.example", "role": "interviewer"}
    with pytest.raises(ChangeError, match='part is "interviewer", "recruiter" or "other"'):
        apply(document, {"op": "add_contact", "app": "acme", "name": "Kim", "role": "boss"})
    view = views.view(document, dataformat.to_document(document), NOW)
    people = [p["label"] for p in view["applications"][0]["people"]]
    assert people == ["Dana Lee (interviewer) <dana@acme.example>",
                      "Rita Gomez (recruiter) <rita@acme.example>"]
