"""Spreadsheets in and out (followup.spreadsheet): what a CSV file becomes, what is left out
and why, how the export escapes formulas, and the export -> import round trip."""

from __future__ import annotations

import base64
import codecs
import csv
import io
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from followup import (
    bridge,
    changeerrors,
    dataformat,
    edit,
    jsonwrite,
    planner,
    sheetexport,
    sheetfile,
    spreadsheet,
    views,
)
from followup.sheetfile import SpreadsheetError
from helpers import app, event, raw

TZ = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=TZ)

HUNTR = (
    "title,companyName,listName,createdAt,url,salary\n"
    "Data Analyst,Acme Corp,Applied,2026-11-03T02:00:00.000Z,https://acme.example/job/1,50k\n"
    "Engineer,Globex,Rejected,2026-10-20T14:00:00.000Z,,\n"
    "Designer,Initech,Offer,2026-10-01T14:00:00.000Z,,\n"
    "Product Manager,Umbrella,Wishlist,2026-11-10T14:00:00.000Z,,\n"
    "Analyst,Hooli,Archived,2026-09-01T14:00:00.000Z,,\n"
)


def empty() -> tuple[dict[str, Any], Any]:
    blank = dataformat.new_raw("America/New_York", "US")
    return blank, dataformat.to_document(blank)


def read(text: str, document: dict[str, Any] | None = None, **kw: Any) -> spreadsheet.Reading:
    found = document if document is not None else empty()[0]
    return spreadsheet.read(found, dataformat.to_document(found), text, now=NOW, **kw)


def imported(text: str, document: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    """``document`` (by default a new one) with the file imported by the change the page and
    the command line make; the result is checked to load."""
    found = document if document is not None else empty()[0]
    new, _, _ = edit.apply(found, dataformat.to_document(found),
                           {"op": "import_spreadsheet", "text": text, **kw}, now=NOW)
    dataformat.load(jsonwrite.dump(new))
    return new


def exported(document: dict[str, Any]) -> str:
    return sheetexport.export(document, dataformat.to_document(document), now=NOW)


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


# -- a Huntr export --------------------------------------------------------------------------

def test_a_huntr_export_becomes_applications_with_their_outcomes():
    reading = read(HUNTR)
    uses = {c["name"]: c["use"] for c in reading.preview["columns"]}
    assert uses == {"title": "role", "companyName": "company", "listName": "status",
                    "createdAt": "applied", "url": "url", "salary": "notes"}
    apps = {a["company"]: a for a in reading.applications}
    acme = apps["Acme Corp"]
    # 02:00 UTC on 3 Nov is the evening of 2 Nov in New York: the day applied is the user's.
    assert acme["applied_on"] == "2026-11-02"
    assert acme["role"] == "Data Analyst"
    assert acme["interviews"] == []
    assert acme["notes"] == "salary: 50k\nStatus: Applied"
    assert acme["posting_url"] == "https://acme.example/job/1"  # what was applied with
    # Huntr dates no answer: a "no" and an offer are not given the import's day (or any
    # other) as a fact: each is their reply, marked as one whose date is not known.
    for company, tone in (("Globex", "rejection"), ("Initech", "offer")):
        (answer,) = apps[company]["events"]
        assert (answer["tone"], answer["date_unknown"]) == (tone, True)
        assert "closed" not in apps[company]
    details = {a["company"]: a["detail"] for a in reading.preview["added"]}
    assert details["Globex"] == "Applied Tue 20 Oct 2026 · They said no, date unknown"
    assert details["Initech"] == "Applied Thu 1 Oct 2026 · Offer, date unknown"
    # On the wishlist: not applied yet, so the day it was saved is not a day of applying.
    assert "applied_on" not in apps["Umbrella"]
    assert apps["Umbrella"]["notes"] == "Status: Wishlist"
    assert apps["Hooli"]["closed"] is True
    assert reading.preview["not_understood"] == []
    assert reading.preview["duplicates"] == []


def test_a_huntr_import_is_planned_with_the_right_endings():
    new = imported(HUNTR)
    document = dataformat.to_document(new)
    plans = {document.application(p.application).company: p  # type: ignore[union-attr]
             for p in planner.plan(document, now=NOW)}
    # Ended as they ended, with nothing planned and no date anywhere in the plan or the
    # history; Hooli, closed by the user, moved on.
    endings = {"Globex": ("rejection", "They said no (date unknown)"),
               "Initech": ("offer", "Offer received (date unknown)"),
               "Hooli": ("moved_on", "Closed: you have moved on")}
    for company, (ending, summary) in endings.items():
        assert plans[company].ending is not None
        assert (plans[company].ending.value, plans[company].summary) == (ending, summary)
        assert plans[company].actions == ()
    view = views.view(new, dataformat.to_document(new), now=NOW)
    globex = next(a for a in view["applications"] if a["company"] == "Globex")
    (entry,) = globex["history"]
    assert entry["label"].startswith("Date unknown: Reply received (rejection)")
    assert entry["edit"]["at_local"] == ""
    assert not any(m["date"] for m in globex["timeline"] if "date unknown" in m["label"])
    assert "Offer received (date unknown)" in next(
        a for a in view["applications"] if a["company"] == "Initech")["ended_note"]
    # The export still says what the answer was, with no date for it.
    rows = {r[0]: r for r in table(exported(new))}
    assert (rows["Globex"][2], rows["Globex"][10]) == ("Rejected", "")
    assert (rows["Initech"][2], rows["Initech"][10]) == ("Offer", "")
    assert rows["Hooli"][2] == "Moved on"
    acme = plans["Acme Corp"]
    assert acme.status.value == "active"
    assert acme.actions[0].kind.value == "follow_up"


# -- a hand-made spreadsheet -----------------------------------------------------------------

FRENCH = ("\ufeffEntreprise;Poste;Date d'entretien;Contact;E-mail;Remarques;Salaire\n"
          "Acme;Analyste;17/11/2026 15:00;Dana Lee;dana@acme.example;Très bien passé;45 k€\n"
          "Beta;Développeur;03/11/2026;Sam Okafor;;;\n")


def test_a_semicolon_spreadsheet_with_a_bom_and_french_column_names():
    reading = read(FRENCH)
    preview = reading.preview
    assert preview["delimiter_name"] == "semicolon"
    assert [c["use"] for c in preview["columns"]] == [
        "company", "role", "interview", "contact", "email", "notes", "notes"]
    # 17/11 fits only day/month/year: that order is read, and shown with an example.
    assert preview["date_format"] == "dmy"
    assert preview["date_formats"] == ["dmy"]
    assert preview["date_example"] == "03/11/2026 is read as Tue 3 Nov 2026"
    acme, beta = reading.applications
    assert acme["company"] == "Acme"  # the byte order mark is not part of the first name
    assert acme["contacts"] == [{"id": "dana-lee", "name": "Dana Lee",
                                 "email": "dana@acme.example"}]
    assert acme["interviews"] == [{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                                   "with": ["dana-lee"], "notes": "Très bien passé\n"
                                                                  "Salaire: 45 k€"}]
    # No time given: noon on the planner's clock.
    assert beta["interviews"][0]["ends_at"] == "2026-11-03T12:00:00-05:00"


@pytest.mark.parametrize("hint", ["sep=;", "sep=\t", '"sep=|"'])
def test_a_separator_hint_on_the_first_line_is_followed(hint):
    separator = hint.strip('"')[4]
    reading = read(f"{hint}\r\nCompany{separator}Role\r\nAcme{separator}Dev, web\r\n")
    assert reading.preview["delimiter"] == separator
    assert [(a["company"], a["role"]) for a in reading.applications] == [("Acme", "Dev, web")]


def test_ambiguous_dates_follow_the_preference_until_the_user_chooses():
    text = "Company,Interview\nAcme,03/04/2026 10:00\n"
    assert read(text, prefer="mdy").preview["date_format"] == "mdy"
    assert read(text, prefer="mdy").applications[0]["interviews"][0]["ends_at"] \
        == "2026-03-04T10:00:00-05:00"
    chosen = read(text, prefer="mdy", date_format="dmy")
    assert chosen.preview["date_format"] == "dmy"
    assert chosen.preview["date_example"] == "03/04/2026 10:00 is read as Fri 3 Apr 2026"
    assert chosen.applications[0]["interviews"][0]["ends_at"] == "2026-04-03T10:00:00-04:00"


def test_a_chosen_order_that_does_not_fit_a_date_leaves_that_row_out():
    reading = read("Company,Interview\nAcme,17/11/2026\nBeta,03/04/2026\n", date_format="mdy")
    assert [a["company"] for a in reading.applications] == ["Beta"]
    assert reading.preview["not_understood"] == [{"row": 2, "reason": (
        "the interview date “17/11/2026” is not a date (dates in numbers are read as "
        "month/day/year)")}]


@pytest.mark.parametrize(("cell", "ends_at"), [
    ("2026-11-17 15:30", "2026-11-17T15:30:00-05:00"),
    ("2026-11-17T20:30:00Z", "2026-11-17T15:30:00-05:00"),
    ("17 Nov 2026 3:30 pm", "2026-11-17T15:30:00-05:00"),
    ("Tue, Nov 17, 2026 at 3:30 PM", "2026-11-17T15:30:00-05:00"),
    ("Tue Nov 17 2026 15:30:00 GMT-0500 (Eastern Standard Time)", "2026-11-17T15:30:00-05:00"),
    ("1794947400000", "2026-11-17T15:30:00-05:00"),
    ("17.11.2026 15h30", "2026-11-17T15:30:00-05:00"),
    # A wall time a DST change skips is read as the time it really is.
    ("2026-03-08 02:30", "2026-03-08T03:30:00-04:00"),
])
def test_dates_are_read_in_their_common_forms(cell, ends_at):
    reading = read(f'Company,Interview date\nAcme,"{cell}"\n')
    assert reading.applications[0]["interviews"][0]["ends_at"] == ends_at


def test_several_interview_dates_in_one_cell_make_rounds_and_contacts_go_to_the_last():
    reading = read('Company,Interviews,Contacts\nAcme,"2026-11-10 11:00; 2026-11-17 15:00",'
                   '"Dana Lee <dana@acme.example> (+1 555 0100); Sam"\n')
    acme = reading.applications[0]
    assert [i["ends_at"] for i in acme["interviews"]] == [
        "2026-11-10T11:00:00-05:00", "2026-11-17T15:00:00-05:00"]
    assert [i["with"] for i in acme["interviews"]] == [[], ["dana-lee", "sam"]]
    assert acme["contacts"][0] == {"id": "dana-lee", "name": "Dana Lee",
                                   "email": "dana@acme.example", "phone": "+1 555 0100"}


# -- answers and interviews: nothing is dated that the row does not date ---------------------

@pytest.mark.parametrize("column", ["Response date", "Rejected on", "Outcome date",
                                    "Date de réponse", "Absage am", "Fecha de respuesta",
                                    "Data di risposta", "Data de resposta", "Last updated",
                                    "Last contact", "updatedAt", "Dernier contact"])
def test_an_answer_is_dated_from_the_rows_own_date_column(column):
    reading = read(f"Company,Date applied,Status,{column}\nAcme,2026-11-02,Rejected,"
                   "2026-11-12 16:20\n")
    acme, = reading.applications
    assert acme["events"] == [{"at": "2026-11-12T16:20:00-05:00", "type": "reply",
                               "tone": "rejection",
                               "note": "Imported from a spreadsheet"}]
    assert "closed" not in acme
    assert reading.preview["added"][0]["detail"] == ("Applied Mon 2 Nov 2026 · They said no on "
                                                     "Thu 12 Nov 2026")
    plan, = planner.plan(dataformat.to_document(imported(
        f"Company,Date applied,Status,{column}\nAcme,2026-11-02,Rejected,2026-11-12 16:20\n")),
        now=NOW)
    assert plan.summary == "They said no on Thu 12 Nov"


def test_the_answers_own_column_wins_and_other_dates_stay_in_the_notes():
    reading = read("Company,Status,Last contact,Response date,Notes\n"
                   "Acme,Offer,2026-11-10,2026-11-16,great team\n"
                   "Beta,Applied,2026-11-10,,\n")
    acme, beta = reading.applications
    assert [(e["tone"], e["at"]) for e in acme["events"]] == [
        ("offer", "2026-11-16T12:00:00-05:00")]
    assert acme["notes"] == "great team\nLast contact: 2026-11-10"
    # An open application: the date dates nothing, and is kept as written.
    assert beta["events"] == []
    assert beta["notes"] == "Last contact: 2026-11-10\nStatus: Applied"


def test_an_answer_on_a_day_alone_is_not_put_before_the_interview_nor_after_now():
    reading = read("Company,Interview,Status,Response date\n"
                   "Acme,2026-11-17 15:00,Rejected,2026-11-17\n"  # the interview's day
                   "Beta,2026-11-16 11:00,Offer,2026-11-18\n"  # today, before noon
                   "Gamma,2026-11-16 11:00,Rejected,11/16/2026\n", prefer="mdy")
    assert [a["events"][0]["at"] for a in reading.applications] == [
        "2026-11-17T15:00:00-05:00", NOW.isoformat(), "2026-11-16T12:00:00-05:00"]
    # The history says the time is not the file's; the export gives the day alone again.
    assert {a["events"][0]["note"] for a in reading.applications} == {
        "Imported from a spreadsheet, which gives the day but not the time"}
    new = imported("Company,Interview,Status,Response date\n"
                   "Acme,2026-11-17 15:00,Rejected,2026-11-17\n")
    assert table(exported(new))[1][10] == "2026-11-17"
    assert imported(exported(new))["applications"] == new["applications"]


def test_an_answer_date_that_cannot_be_leaves_its_row_out_with_the_reason():
    reading = read("Company,Interview,Date applied,Status,Response date\n"
                   "Acme,2026-11-17 15:00,,Rejected,2026-11-16\n"
                   "Beta,2026-11-17 15:00,,Rejected,2026-11-17 09:00\n"
                   "Gamma,,2026-11-10,Offer,2026-11-09\n"
                   "Delta,,,Offer,2026-11-19\n"
                   "Eta,,,Offer,2026-11-18 11:00\n"
                   "Zeta,,,Rejected,soon\n"
                   "Theta,,,Applied,soon\n")
    assert {r["row"]: r["reason"] for r in reading.preview["not_understood"]} == {
        2: "the answer date, Mon 16 Nov 2026, comes before the interview ended (Tue 17 Nov "
           "2026, 3 pm)",
        3: "the answer date, Tue 17 Nov 2026, comes before the interview ended (Tue 17 Nov "
           "2026, 3 pm)",
        4: "the answer date, Mon 9 Nov 2026, comes before the day applied",
        5: "the answer date, Thu 19 Nov 2026, is still to come",
        6: "the answer date, Wed 18 Nov 2026, is still to come",
        7: "the answer date “soon” is not a date",
    }
    # A row that is not an answer keeps what its date column says, whatever it is.
    theta, = reading.applications
    assert theta["notes"] == "Response date: soon\nStatus: Applied"


def test_an_undated_answer_is_their_reply_with_no_date():
    text = ("Company,Role,Interview,Status,Notes\n"
            "Acme,Analyst,2026-11-10 11:00,Abgelehnt,kind words\n"
            "Beta,Dev,,Offer,\n")
    reading = read(text)
    acme, beta = reading.applications
    assert [(e["tone"], e["date_unknown"]) for e in acme["events"]] == [("rejection", True)]
    assert acme["interviews"][0]["notes"] == "kind words"
    assert [(e["tone"], e["date_unknown"]) for e in beta["events"]] == [("offer", True)]
    assert "closed" not in acme
    assert "closed" not in beta
    assert [a["detail"] for a in reading.preview["added"]] == [
        "Interview Tue 10 Nov 2026, 11 am · They said no, date unknown",
        "No date: nothing will be planned until you add the interview or the day you applied · "
        "Offer, date unknown"]
    new = imported(text)
    plans = planner.plan(dataformat.to_document(new), now=NOW)
    assert [(p.status.value, p.summary, p.actions) for p in plans] == [
        ("ended", "They said no (date unknown)", ()),
        ("ended", "Offer received (date unknown)", ())]
    # Exported and imported again: the same.
    again = imported(exported(new))["applications"]
    assert again == new["applications"]
    assert [r[2] for r in table(exported(new))[1:]] == ["Rejected", "Offer"]


@pytest.mark.parametrize("status", ["Interview", "Interviewed", "interviewing", "Phone screen",
                                    "Final round", "Entretien", "Entrevista", "Colloquio",
                                    "Vorstellungsgespräch"])
def test_an_interview_without_its_date_is_asked_for_not_planned_from_the_day_applied(status):
    text = (f"Company,Role,Date applied,Status,Contact\n"
            f"Acme,Analyst,2026-11-02,{status},Dana Lee\n")
    reading = read(text)
    acme, = reading.applications
    assert "applied_on" not in acme
    assert acme["interviews"] == []
    assert acme["notes"] == f"Date applied: 2026-11-02\nStatus: {status}"
    assert reading.preview["added"][0]["detail"] == (
        f"Interview date needed: the status says “{status}” but no interview date is given, so "
        "nothing is planned until you add the interview to it (the day applied is kept in its "
        "notes) · contact: Dana Lee")
    plan, = planner.plan(dataformat.to_document(imported(text)), now=NOW)
    assert plan.actions == ()
    # With its date, the interview is a round as always, and planned from.
    dated = read(f"Company,Interview,Date applied,Status\nAcme,2026-11-17 15:00,2026-11-02,"
                 f"{status}\n").applications[0]
    assert (dated["applied_on"], dated["interviews"][0]["ends_at"]) == (
        "2026-11-02", "2026-11-17T15:00:00-05:00")
    assert dated["interviews"][0]["notes"] == f"Status: {status}"


def test_the_export_gives_the_answers_date_for_the_import_to_read_back():
    document = raw(app(events=[event("reply", "2026-11-18 09:00", tone="offer")]),
                   app(id="beta", company="Beta", interviews=[], applied_on="2026-11-01",
                       events=[event("reply", "2026-11-12 14:30", tone="rejection")]))
    rows = table(exported(document))
    assert rows[0][10] == "Outcome date"
    assert [(r[2], r[10]) for r in rows[1:]] == [("Offer", "2026-11-18 09:00"),
                                                 ("Rejected", "2026-11-12 14:30")]
    back = imported(exported(document))["applications"]
    assert [[(e["tone"], e["at"]) for e in a["events"]] for a in back] == [
        [("offer", "2026-11-18T09:00:00-05:00")], [("rejection", "2026-11-12T14:30:00-05:00")]]


# -- duplicates and rows not understood ------------------------------------------------------

def test_duplicates_of_the_planner_and_of_earlier_rows_are_left_out():
    document = raw(app())  # Acme Corp, Data Analyst
    reading = read("Company,Role\nacme corp,DATA  analyst\nAcme Corp,\nBeta,Dev\nbeta,dev\n"
                   "Beta,Designer\n", document)
    assert [(d["row"], d["of"]) for d in reading.preview["duplicates"]] == [
        (2, "Acme Corp is already in the planner"), (3, "Acme Corp is already in the planner"),
        (5, "the same as row 4")]
    assert [(a["company"], a["role"]) for a in reading.applications] == [
        ("Beta", "Dev"), ("Beta", "Designer")]
    assert [a["id"] for a in reading.applications] == ["beta", "beta-2"]


def test_rows_that_cannot_be_used_are_listed_with_the_reason():
    text = ("Company,Role,Date applied,Notes\n"
            ",Analyst,2026-11-02,\n"
            "Acme,Analyst,2026-13-45,\n"
            "Beta,Dev,2027-01-02,\n"
            '=HYPERLINK("http://evil.example"),Dev,,\n'
            "Gamma,Dev,2026-11-02,ok,extra,cells\n"
            "Delta,Dev\n"
            ",,,\n")
    reading = read(text)
    assert {r["row"]: r["reason"] for r in reading.preview["not_understood"]} == {
        2: "it has no company name",
        3: "the date applied “2026-13-45” is not a date",
        4: "the date applied, Sat 2 Jan 2027, is still to come",
        5: "the Company cell holds a formula, not a value (save the spreadsheet with values, "
           "or copy and paste them as values)",
        6: "it has 6 cells but the first row names 4 columns (a separator inside a value "
           "without quotes?)",
    }
    # A short row is read (its last cells are empty); an empty row is skipped.
    assert [a["company"] for a in reading.applications] == ["Delta"]


@pytest.mark.parametrize(("data", "sentence"), [
    (b"", "The file is empty. Nothing was changed."),
    (b" \r\n\n", "The file is empty. Nothing was changed."),
    (b"x" * (50 * 1024 * 1024), "The file is too large (50.0 MB); a spreadsheet of "
                                "applications is at most 5 MB. Nothing was changed."),
    ("Company\nCafé Müller\n".encode("latin-1"),
     "The file is not UTF-8 text (byte 12 is not). In your spreadsheet, save it as “CSV "
     "UTF-8” and import that file. Nothing was changed."),
    (b"Company\nAc\x00me\n", "The file holds binary data, not CSV text. Save your "
                             "spreadsheet as CSV (UTF-8) and import that file."),
    (b"PK\x03\x04\x14\x00\x06\x00", "This is a spreadsheet workbook (.xlsx, .ods or .xls), "
                                    "not a CSV file. In your spreadsheet, save or download it "
                                    "as CSV (UTF-8), then import that file."),
])
def test_bad_files_get_a_sentence(data, sentence):
    with pytest.raises(SpreadsheetError) as refused:
        sheetfile.decode(data)
    assert str(refused.value) == sentence


def test_utf16_with_its_bom_is_read():
    text = sheetfile.decode(codecs.BOM_UTF16_LE + "Company\tRole\nCafé\tChef\n"
                            .encode("utf-16-le"))
    assert [a["company"] for a in read(text).applications] == ["Café"]


@pytest.mark.parametrize(("text", "start"), [
    ("Name,Salary\nAcme,1\n", "No column names the company, so nothing can be imported. The "
                              "first row must name the columns, with one called Company (or "
                              "Employer, or companyName); it has: “Name”, “Salary”."),
    ("Company\n" + "Acme\n" * 5001, "The file has more than 5,000 rows"),
    ('Company\n"' + "x" * 200_000 + '"\n', "Row 2 can't be read (a cell is longer than "),
    ("Company\nAc\x00me\n", "The file holds binary data, not CSV text."),
    ("Company\nAc\ud800me\n", "The file holds binary data, not CSV text."),
])
def test_files_that_cannot_be_read_as_a_table_are_refused(text, start):
    with pytest.raises(SpreadsheetError) as refused:
        read(text)
    assert str(refused.value).startswith(start)


def test_an_import_that_adds_nothing_changes_nothing():
    document = raw(app())
    before = json.dumps(document)
    with pytest.raises(changeerrors.ChangeError, match="There is nothing to add"):
        imported("Company,Role\nAcme Corp,Data Analyst\n", document)
    with pytest.raises(changeerrors.ChangeError, match="The file is empty"):
        imported("", document)
    assert json.dumps(document) == before


def test_the_import_change_says_what_was_left_out():
    document = raw(app())
    _, message, undo = edit.apply(document, dataformat.to_document(document), {
        "op": "import_spreadsheet", "text": "Company,Role\nAcme Corp,Data Analyst\nBeta,Dev\n"
                                            ",nothing\n"}, now=NOW)
    assert message == ("Added 1 application from the spreadsheet. Left out: 1 duplicate and 1 "
                       "row not understood.")
    assert undo is None


# -- the export ------------------------------------------------------------------------------

def test_the_export_has_one_row_per_application_with_status_next_step_and_dates():
    document = raw(app(decision_expected="2026-11-25", applied_on="2026-11-02",
                       events=[event("thank_you", "2026-11-18 09:00", contact="dana")]),
                   app(id="beta", company="Beta", role="Dev", closed=True))
    text = exported(document)
    assert text.startswith("\ufeffCompany,Role,Status,")
    assert "\r\n" in text
    assert "\n" not in text.replace("\r\n", "")
    rows = table(text)
    assert rows[0] == list(sheetexport.EXPORT_COLUMNS)
    step = planner.actions(dataformat.to_document(document), now=NOW)[0]
    assert (step.application, step.kind.value, step.attempt) == ("acme", "follow_up", 1)
    assert rows[1] == ["Acme Corp", "Data Analyst", "Active", "Follow up with Dana Lee (1st of 3)",
                       step.latest.astimezone(TZ).strftime("%Y-%m-%d %H:%M"), "2026-11-02",
                       "2026-11-17 15:00", "Dana Lee <dana@acme.example>", "2026-11-25", "", "",
                       "", ""]
    assert rows[2][:5] == ["Beta", "Dev", "Moved on", "Closed: you have moved on", ""]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_cell_that_would_start_a_formula_is_escaped(start):
    name = f"{start}HYPERLINK(\"http://evil.example\")"
    document = raw(app(company=name, role=f"{start}1+1",
                       contacts=[{"id": "dana", "name": f"{start}Dana"}],
                       interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                                    "with": ["dana"], "notes": f"{start}cmd|' /C calc'!A0"}]))
    rows = table(exported(document))
    for cell in rows[1]:
        assert not cell.startswith(sheetfile.FORMULA_STARTS), cell
    assert rows[1][0] == f"'{name}"
    # And an import takes the quote off again.
    back = imported(exported(document))["applications"][0]
    assert back["company"] == name.strip()
    assert back["contacts"][0]["name"] == f"{start}Dana".strip()


@given(st.text())
def test_escaping_is_undone_exactly_and_never_leaves_a_formula(cell):
    escaped = sheetfile.escape(cell)
    assert not escaped.startswith(sheetfile.FORMULA_STARTS)
    assert sheetfile._unescape(escaped) == cell


# -- the round trip --------------------------------------------------------------------------

def test_a_planner_document_survives_export_and_import():
    """Company, role, rounds, contacts, the day applied, the decision day and the notes come
    back; the outcome too (an offer or a "no" as a reply, moving on as closed)."""
    document = raw(
        app(decision_expected="2026-11-25", applied_on="2026-11-02",
            contacts=[{"id": "dana", "name": "Dana Lee", "email": "dana@acme.example",
                       "phone": "+1 555 0100"}],
            interviews=[{"id": "r1", "ends_at": "2026-11-10T11:00:00-05:00", "with": ["dana"]},
                        {"id": "r2", "ends_at": "2026-11-17T15:00:00-05:00", "with": ["dana"],
                         "notes": "=sum of things\nsecond line"}]),
        app(id="beta", company="Beta; Ltd, \"the best\"", role="",
            contacts=[], interviews=[], applied_on="2026-11-01", closed=True),
        app(id="gamma", company="Gamma", role="Analyst",
            events=[event("reply", "2026-11-18 09:00", tone="rejection")]),
    )
    back = imported(exported(document))["applications"]
    assert [(a["company"], a["role"]) for a in back] == [
        ("Acme Corp", "Data Analyst"), ("Beta; Ltd, \"the best\"", ""), ("Gamma", "Analyst")]
    acme, beta, gamma = back
    assert [i["ends_at"] for i in acme["interviews"]] == [
        "2026-11-10T11:00:00-05:00", "2026-11-17T15:00:00-05:00"]
    # The contact comes back under an id made from the name, with every fact of theirs.
    assert acme["contacts"] == [{**document["applications"][0]["contacts"][0], "id": "dana-lee"}]
    assert acme["interviews"][-1]["with"] == ["dana-lee"]
    assert acme["interviews"][-1]["notes"] == "=sum of things\nsecond line"
    assert (acme["applied_on"], acme["decision_expected"]) == ("2026-11-02", "2026-11-25")
    assert beta["closed"] is True
    assert beta["applied_on"] == "2026-11-01"
    # Their answer comes back on its own day ("Outcome date"), not the import's.
    assert [(e["type"], e["tone"], e["at"]) for e in gamma["events"]] == [
        ("reply", "rejection", "2026-11-18T09:00:00-05:00")]
    # Exported again, the same spreadsheet (the next step is planned from the same facts,
    # except for the events a row does not carry).
    again = table(exported(imported(exported(document))))
    first = table(exported(document))
    keep = [0, 1, 5, 6, 7, 8, 9, 10]
    assert [[r[i] for i in keep] for r in again] == [[r[i] for i in keep] for r in first]


#: Values, not formulas: a cell that starts with "=" leaves its row out (tested above).
_names = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P", "S"),
                               exclude_characters=";<>()\n\r"), max_size=20).filter(
    lambda s: not s.startswith("="))
_moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2026, 11, 17))
_answers = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2026, 11, 19))


@st.composite
def spreadsheets(draw: st.DrawFn) -> str:
    """A hand-made spreadsheet: any separator, any names (formula characters too), dates with
    and without times, contacts, statuses and notes."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    rows = [["Company", "Role", "Interview date", "Date applied", "Contact", "Email", "Status",
             "Decision", "Notes", "Extra", "Response date"]]
    for _ in range(draw(st.integers(1, 6))):
        moments = draw(st.lists(_moments, max_size=2))
        with_time = draw(st.booleans())
        rows.append([
            draw(_names.filter(str.strip)), draw(_names),
            "; ".join(m.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
                      for m in moments),
            draw(st.one_of(st.just(""), _moments.map(lambda m: m.strftime("%d/%m/%Y")))),
            draw(_names), draw(st.sampled_from(["", "dana@acme.example"])),
            draw(st.sampled_from(["", "Applied", "Rejected", "Offer", "Closed", "Wishlist",
                                  "Interview", "Phone screen", "Abgelehnt"])),
            draw(st.one_of(st.just(""), _moments.map(lambda m: m.date().isoformat()))),
            # A file holding NUL is refused as binary; the export leaves NUL out.
            draw(st.text(st.characters(codec="utf-8", exclude_characters="\x00"),
                         max_size=30).filter(
                lambda s: not s.startswith("="))),
            draw(_names),
            # An answer's day: with or without its time; before the interview, or to come,
            # its row is left out (by both imports alike).
            draw(st.one_of(st.just(""), _answers.map(lambda m: m.strftime("%Y-%m-%d")),
                           _answers.map(lambda m: m.strftime("%Y-%m-%d %H:%M"))))])
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spreadsheets())
def test_export_then_import_gives_the_same_applications(text):
    if not read(text, date_format="dmy").applications:
        assume(False)  # every row left out (an answer dated before its interview, or to come)
    first = imported(text, date_format="dmy")
    again = imported(exported(first))
    assert again["applications"] == first["applications"]


# -- the page's bridge -----------------------------------------------------------------------

def call(name: str, **request: Any) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(bridge.call(name, json.dumps(request)))
    return answer


def test_the_bridge_previews_the_file_bytes_and_exports():
    document = jsonwrite.dump(raw(app()))
    data = base64.b64encode(FRENCH.encode("utf-8")).decode("ascii")
    answer = call("spreadsheet_preview", document=document, now=NOW.isoformat(), data=data,
                  prefer="mdy")
    assert answer["ok"] is True
    assert answer["text"] == FRENCH.removeprefix("\ufeff")
    assert [a["company"] for a in answer["preview"]["added"]] == ["Acme", "Beta"]
    changed = call("change", document=document, now=NOW.isoformat(),
                   change={"op": "import_spreadsheet", "text": answer["text"],
                           "date_format": answer["preview"]["date_format"]})
    assert changed["ok"] is True
    assert [a["company"] for a in changed["view"]["applications"]] == ["Acme Corp", "Acme",
                                                                       "Beta"]
    out = call("spreadsheet_export", document=changed["text"], now=NOW.isoformat())
    assert out["rows"] == 3
    assert out["csv"].startswith("\ufeffCompany,")


def test_the_bridge_says_why_a_file_cannot_be_previewed():
    bad = call("spreadsheet_preview", document=None, timezone="UTC", now=NOW.isoformat(),
               data=base64.b64encode("é".encode("latin-1")).decode("ascii"))
    assert bad == {"ok": False, "error": "The file is not UTF-8 text (byte 1 is not). In your "
                   "spreadsheet, save it as “CSV UTF-8” and import that file. Nothing was "
                   "changed."}
    garbled = call("spreadsheet_preview", document=None, now=NOW.isoformat(), data="%%%")
    assert garbled == {"ok": False, "error": "The file could not be read. Nothing was changed."}


def test_what_was_applied_with_goes_out_and_comes_back_in(tmp_path):
    """The posting's address and the résumé version: in the export's own columns, read back
    by an import; Teal's column names too."""
    document = raw(app(posting_url="https://jobs.example/42", resume="Analyst v3"))
    rows = table(exported(document))
    assert rows[0][-2:] == ["Posting URL", "Résumé"]
    assert rows[1][-2:] == ["https://jobs.example/42", "Analyst v3"]
    back = read(exported(document))
    (acme,) = back.applications
    assert (acme["posting_url"], acme["resume"]) == ("https://jobs.example/42", "Analyst v3")
    teal = ("Company,Job Position,Job Posting URL,Resume Version,Date Applied\r\n"
            "Initech,Engineer,https://initech.example/7,Engineer 2026,2026-11-02\r\n")
    (initech,) = read(teal).applications
    assert (initech["posting_url"], initech["resume"]) == ("https://initech.example/7",
                                                           "Engineer 2026")
