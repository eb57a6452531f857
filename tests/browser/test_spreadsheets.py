"""Spreadsheets in and out on the planner page: a Huntr export, a hand-made semicolon sheet
with a byte order mark and French column names, and the planner's own export, each previewed
(nothing stored changes) and then added as one change; the export's formula cells escaped;
files that can't be imported refused in a sentence."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from test_accessibility import violations

from conftest import open_planner, open_with_stored, stored
from helpers import app, raw

pytestmark = pytest.mark.browser
HUNTR = ("title,companyName,listName,createdAt,url\n"
         "Data Analyst,Acme Corp,Applied,2026-11-02T14:00:00.000Z,https://acme.example/1\n"
         "Engineer,Globex,Rejected,2026-10-20T14:00:00.000Z,\n"
         "Designer,Initech,Offer,2026-10-01T14:00:00.000Z,https://initech.example/2\n")
HAND_MADE = ("\ufeffEntreprise;Poste;Date d'entretien;Contact;E-mail;Remarques\n"
             "Fabrikam;Analyste;03/04/2026 15:00;Léa Martin;lea@fabrikam.example;Très bien\n"
             "Contoso;Comptable;;;;=SOMME(A1:A3)\n")



def choose(page: Any, path: Path) -> Any:
    """Picks ``path`` with "Import a spreadsheet…"; the dialog that answers."""
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import a spreadsheet…").click()
    chooser.value.set_files(str(path))
    dialog = page.locator("#fp-dialog")
    dialog.locator("#fp-dialog-title").wait_for()
    return dialog


def test_a_huntr_export_is_previewed_then_added(browser, base_url, tmp_path):
    page = browser.page()
    open_with_stored(page, base_url, raw(app()))  # Acme Corp, Data Analyst
    before = stored(page)
    sheet = tmp_path / "huntr.csv"
    sheet.write_text(HUNTR)
    dialog = choose(page, sheet)
    assert dialog.locator("#fp-dialog-title").inner_text() == "Import this spreadsheet?"
    added = dialog.locator("#fp-import-added")
    assert added.get_by_role("heading").inner_text() == "Will be added (2)"
    # Huntr gives no day for an answer: the preview says so, and none is made up.
    assert added.locator("li").all_inner_texts() == [
        "Row 3: Globex, Engineer. Applied Tue 20 Oct 2026 · They said no, date unknown",
        "Row 4: Initech, Designer. Applied Thu 1 Oct 2026 · Offer, date unknown"]
    assert dialog.locator("#fp-import-duplicates li").all_inner_texts() == [
        "Row 2: Acme Corp, Data Analyst (Acme Corp is already in the planner)"]
    # Cancel: nothing changes.
    dialog.get_by_role("button", name="Cancel").click()
    page.locator("#fp-live").get_by_text("Nothing was imported.").wait_for()
    assert stored(page) == before
    dialog = choose(page, sheet)
    assert stored(page) == before
    dialog.get_by_role("button", name="Add 2 applications").click()
    page.locator("#fp-live").get_by_text(
        "Added 2 applications from the spreadsheet. Left out: 1 duplicate.").wait_for()
    assert dialog.is_hidden()
    apps = {a["company"]: a for a in stored(page)["applications"]}
    assert list(apps) == ["Acme Corp", "Globex", "Initech"]
    assert apps["Initech"]["applied_on"] == "2026-10-01"
    (answer,) = apps["Initech"]["events"]
    assert (answer["tone"], answer["date_unknown"]) == ("offer", True)
    assert apps["Initech"]["posting_url"] == "https://initech.example/2"
    assert "notes" not in apps["Initech"]
    # The "no" and the offer ended: both are in the archive.
    page.locator("#fp-archive > summary").click()
    cards = page.locator("#fp-archive .fp-card h3").all_inner_texts()
    assert any("Globex" in c for c in cards)
    assert any("Initech" in c for c in cards)
    # Good news is not filed under moved on: the offer, with no date.
    card = page.locator(".fp-card").filter(has_text="Initech")
    assert "Offer received (date unknown)" in card.inner_text()
    card.locator(".fp-facts summary").click()
    posting = card.get_by_role("link", name="the job posting")
    assert posting.get_attribute("href") == "https://initech.example/2"
    assert "Date unknown: Reply received (offer)" in card.locator(".fp-facts").inner_text()
    # Its history holds no date for the answer: there is none.
    assert "Offer received on" not in card.inner_text()


def test_a_hand_made_sheet_is_read_with_the_date_order_the_user_confirms(browser, base_url,
                                                                         tmp_path):
    page = browser.page()
    open_planner(page, base_url)  # a new, empty planner
    sheet = tmp_path / "candidatures.csv"
    sheet.write_bytes(HAND_MADE.encode("utf-8"))
    dialog = choose(page, sheet)
    order = dialog.get_by_label("Dates written in numbers are")
    # 03/04/2026 fits both orders: this browser (en-US) writes the month first.
    assert order.input_value() == "mdy"
    hint = dialog.locator("#fp-f-date-format-hint")
    assert hint.inner_text().startswith("03/04/2026 15:00 is read as Wed 4 Mar 2026.")
    assert dialog.locator("#fp-import-refused li").all_inner_texts() == [
        "Row 3: the Remarques cell holds a formula, not a value (save the spreadsheet with "
        "values, or copy and paste them as values)"]
    assert violations(page, "#fp-dialog") == []
    order.select_option("dmy")
    dialog.locator("#fp-f-date-format-hint").get_by_text("is read as Fri 3 Apr 2026").wait_for()
    # Shown again with the other order: the focus stays on the choice just made.
    assert page.evaluate("document.activeElement.id") == "fp-f-date-format"
    assert dialog.locator("#fp-import-added li").all_inner_texts() == [
        "Row 2: Fabrikam, Analyste. Interview Fri 3 Apr 2026, 3 pm with Léa Martin"]
    assert stored(page) == {}
    dialog.get_by_role("button", name="Add 1 application").click()
    page.locator("#fp-live").get_by_text("Added 1 application from the spreadsheet.").wait_for()
    fabrikam, = stored(page)["applications"]
    assert fabrikam["company"] == "Fabrikam"
    assert [(c["name"], c["email"]) for c in fabrikam["contacts"]] == [
        ("Léa Martin", "lea@fabrikam.example")]
    assert fabrikam["interviews"][0]["with"] == [fabrikam["contacts"][0]["id"]]
    assert fabrikam["interviews"][0]["ends_at"] == "2026-04-03T15:00:00-04:00"
    assert fabrikam["interviews"][0]["notes"] == "Très bien"


def test_the_export_escapes_formulas_and_imports_back_as_the_same_applications(
        browser, base_url, tmp_path):
    page = browser.page()
    mine = raw(
        app(company="=HYPERLINK(\"http://evil.example\")", role="+1 analyst",
            decision_expected="2026-11-25",
            contacts=[{"id": "dana", "name": "Dana Lee", "email": "dana@acme.example"}]),
        app(id="beta", company="Beta", role="Dev", contacts=[], interviews=[],
            applied_on="2026-11-02"))
    open_with_stored(page, base_url, mine)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export for a spreadsheet").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    sheet = tmp_path / "export.csv"
    download.save_as(sheet)
    data = sheet.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfCompany,Role,Status,Next step,")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r[:2] for r in rows[1:]] == [["'=HYPERLINK(\"http://evil.example\")", "'+1 analyst"],
                                         ["Beta", "Dev"]]
    assert rows[1][2:4] == ["Active", "Send a thank-you note to Dana Lee"]
    page.locator("#fp-live").get_by_text("Spreadsheet downloaded with 2 applications").wait_for()

    # Another device: a new planner imports the file.
    other = browser.context.new_page()
    other.goto(base_url + "planner/")
    other.evaluate("localStorage.clear()")
    open_planner(other, base_url)
    dialog = choose(other, sheet)
    assert dialog.locator("#fp-import-added li").count() == 2
    dialog.get_by_role("button", name="Add 2 applications").click()
    other.locator("#fp-live").get_by_text("Added 2 applications from the spreadsheet.").wait_for()
    back = stored(other)["applications"]
    for got, was in zip(back, mine["applications"], strict=True):
        assert (got["company"], got["role"]) == (was["company"], was["role"])
        assert [i["ends_at"] for i in got["interviews"]] == \
            [i["ends_at"] for i in was["interviews"]]
        assert [(c["name"], c.get("email")) for c in got["contacts"]] == \
            [(c["name"], c.get("email")) for c in was["contacts"]]
        assert (got.get("applied_on"), got.get("decision_expected")) == \
            (was.get("applied_on"), was.get("decision_expected"))


@pytest.mark.parametrize(("content", "sentence"), [
    pytest.param(b"Company\n" + b"x" * (6 * 1024 * 1024), "is too large (6.0 MB); a "
                 "spreadsheet of applications is at most 5 MB. Nothing was changed.",
                 id="too-large"),
    pytest.param("Company\nCafé\n".encode("latin-1"), "The file is not UTF-8 text (byte 12 "
                 "is not). In your spreadsheet, save it as “CSV UTF-8” and import that file. "
                 "Nothing was changed.", id="latin-1"),
    pytest.param(b"", "The file is empty. Nothing was changed.", id="empty"),
])
def test_a_file_that_cannot_be_imported_is_refused_in_a_sentence(browser, base_url, tmp_path,
                                                                 content, sentence):
    page = browser.page()
    open_with_stored(page, base_url, raw(app()))
    before = stored(page)
    sheet = tmp_path / "bad.csv"
    sheet.write_bytes(content)
    dialog = choose(page, sheet)
    assert dialog.locator("#fp-dialog-title").inner_text() == "This file can't be imported"
    assert sentence in dialog.locator("#fp-import-problem").inner_text()
    assert stored(page) == before
