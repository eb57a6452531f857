"""``followup import`` and ``followup export``, run as a user runs them: a real process, real
files; and the export opened by LibreOffice (Debian's, headless), as a spreadsheet user would."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from helpers import app, followup_command, raw

NOW = "2026-11-18T10:00:00-05:00"
HUNTR = ("title,companyName,listName,createdAt,url\n"
         "Data Analyst,Acme Corp,Applied,2026-11-02T14:00:00.000Z,https://acme.example/1\n"
         "Engineer,Globex,Rejected,2026-10-20T14:00:00.000Z,\n"
         "Designer,Initech,Offer,2026-10-01T14:00:00.000Z,\n")


def run(*args: str, check: bool = True, stdin: bytes | None = None
        ) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run([*followup_command(), *args], capture_output=True, check=False,
                          timeout=60, input=stdin,
                          env={**os.environ, "PYTHONWARNINGS": "error"})
    if check:
        assert done.returncode == 0, done.stderr.decode()
    return done


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(raw(app())))
    return path


def companies(path: Path) -> list[str]:
    return [a["company"] for a in json.loads(path.read_text())["applications"]]


def test_import_previews_and_changes_nothing_without_yes(data, tmp_path):
    sheet = tmp_path / "huntr.csv"
    sheet.write_text(HUNTR)
    before = data.read_bytes()
    done = run("import", str(data), str(sheet), "--now", NOW)
    out = done.stdout.decode()
    assert f"{sheet}: 3 rows below the header, separated by commas." in out
    assert "Columns: title → role; companyName → company; listName → status; createdAt → " \
           "applied; url → url" in out
    assert "To add (2):" in out
    # Huntr gives no date for their answer: none is made up, and the preview says so.
    assert "  row 3: Globex, Engineer: Applied Tue 20 Oct 2026 · They said no, date unknown\n" \
        in out
    assert "Duplicates, left out (1):\n  row 2: Acme Corp, Data Analyst: Acme Corp is already " \
           "in the planner" in out
    assert "Nothing was changed: run again with --yes to add them." in done.stderr.decode()
    assert data.read_bytes() == before
    assert not (tmp_path / "plan.json.bak").exists()


def test_import_with_yes_adds_them_and_keeps_a_backup(data, tmp_path):
    sheet = tmp_path / "huntr.csv"
    sheet.write_text(HUNTR)
    before = data.read_bytes()
    done = run("import", str(data), str(sheet), "--now", NOW, "--yes")
    assert done.stderr.decode().strip().endswith(
        "Added 2 applications from the spreadsheet. Left out: 1 duplicate.")
    assert companies(data) == ["Acme Corp", "Globex", "Initech"]
    assert (tmp_path / "plan.json.bak").read_bytes() == before
    run("check", str(data), "--now", NOW)
    # Once more: everything is a duplicate now, and the file is left as it is.
    again = run("import", str(data), str(sheet), "--now", NOW, "--yes", check=False)
    assert again.returncode == 2
    assert again.stderr.decode() == ("followup: not imported, the file is unchanged: There is "
                                     "nothing to add: every row is already in the planner or "
                                     "could not be read. Nothing was changed.\n")
    assert companies(data) == ["Acme Corp", "Globex", "Initech"]


def test_import_reads_dates_in_the_order_asked_and_says_which(data, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes("\ufeffEmpresa;Puesto;Fecha de entrevista\nBeta;Analista;03/04/2026 15:00\n"
                      .encode())
    out = run("import", str(data), str(sheet), "--now", NOW).stdout.decode()
    # The planner has no country: day first, and the way to read it otherwise is named.
    assert ("Dates in numbers are read as day/month/year (03/04/2026 15:00 is read as Fri 3 "
            "Apr 2026); --dates mdy reads them as month/day/year.") in out
    run("import", str(data), str(sheet), "--now", NOW, "--dates", "mdy", "--yes")
    beta = json.loads(data.read_text())["applications"][1]
    assert beta["interviews"][0]["ends_at"] == "2026-03-04T15:00:00-05:00"


def test_import_json_preview_and_stdin(data):
    done = run("import", str(data), "-", "--now", NOW, "--json",
               stdin=b"Company\tRole\nBeta\tDev\n")
    preview = json.loads(done.stdout)
    assert preview["delimiter_name"] == "tab"
    assert [a["company"] for a in preview["added"]] == ["Beta"]


@pytest.mark.parametrize(("content", "sentence"), [
    (b"", "The file is empty. Nothing was changed."),
    ("Company\nCafé\n".encode("latin-1"), "The file is not UTF-8 text (byte 12 is not). In "
                                          "your spreadsheet, save it as “CSV UTF-8” and import "
                                          "that file. Nothing was changed."),
    (b"Name,Salary\nAcme,1\n", "No column names the company, so nothing can be imported."),
])
def test_import_refuses_bad_files_in_one_line_and_changes_nothing(data, tmp_path, content,
                                                                   sentence):
    sheet = tmp_path / "bad.csv"
    sheet.write_bytes(content)
    before = data.read_bytes()
    done = run("import", str(data), str(sheet), "--now", NOW, "--yes", check=False)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.startswith(f"followup: {sheet}: {sentence}")
    assert err.count("\n") == 1
    assert data.read_bytes() == before


def test_import_refuses_a_50_mb_file_without_reading_it_all(data, tmp_path):
    sheet = tmp_path / "huge.csv"
    with sheet.open("wb") as handle:
        handle.write(b"Company\n")
        handle.truncate(50 * 1024 * 1024)
    before = data.read_bytes()
    done = run("import", str(data), str(sheet), "--now", NOW, "--yes", check=False)
    assert done.returncode == 2
    assert done.stderr.decode() == (f"followup: {sheet}: the file is too large (more than 5 MB;"
                                    " a spreadsheet of applications is at most that); nothing "
                                    "was changed\n")
    assert data.read_bytes() == before


def test_import_of_a_missing_file_says_so(data, tmp_path):
    done = run("import", str(data), str(tmp_path / "nope.csv"), check=False)
    assert done.returncode == 2
    assert done.stderr.decode() == f"followup: {tmp_path / 'nope.csv'}: no such file\n"


def test_export_to_stdout_and_to_a_file_round_trips_through_import(data, tmp_path):
    out = run("export", str(data), "--now", NOW).stdout
    assert out.startswith("\ufeffCompany,Role,Status,".encode())
    target = tmp_path / "out.csv"
    done = run("export", str(data), str(target), "--now", NOW)
    assert done.stderr.decode() == f"Wrote 1 application to {target}\n"
    assert target.read_bytes() == out
    fresh = tmp_path / "fresh.json"
    run("init", str(fresh), "--timezone", "America/New_York", "--country", "US")
    run("import", str(fresh), str(target), "--now", NOW, "--yes")
    back = json.loads(fresh.read_text())["applications"][0]
    original = json.loads(data.read_text())["applications"][0]
    assert (back["company"], back["role"]) == (original["company"], original["role"])
    assert [i["ends_at"] for i in back["interviews"]] == ["2026-11-17T15:00:00-05:00"]
    assert back["contacts"] == [{"id": "dana-lee", "name": "Dana Lee",
                                 "email": "dana@acme.example"}]


# -- LibreOffice ---------------------------------------------------------------------------

_NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}


def _libreoffice() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh installs Debian's "
                    "libreoffice-calc-nogui)")
    return found


def _cells(fods: Path) -> list[list[tuple[str, str | None, str | None]]]:
    """Each row's cells as LibreOffice read them: the text shown, the value type, and the
    formula (None when the cell is a value)."""
    rows = []
    for row in ET.parse(fods).iter(f"{{{_NS['table']}}}table-row"):
        cells = []
        for cell in row.findall("table:table-cell", _NS):
            repeat = int(cell.get(f"{{{_NS['table']}}}number-columns-repeated", "1"))
            text = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", _NS))
            cells += [(text, cell.get(f"{{{_NS['office']}}}value-type"),
                       cell.get(f"{{{_NS['table']}}}formula"))] * min(repeat, 20)
        while cells and cells[-1] == ("", None, None):
            cells.pop()
        rows.append(cells)
    return rows


def test_libreoffice_opens_the_export_as_it_is_meant_with_no_formula(tmp_path):
    office = _libreoffice()
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(raw(
        app(company="=HYPERLINK(\"http://evil.example\",\"click\")", role="+1+1",
            contacts=[{"id": "dana", "name": "@Dana Lée", "email": "dana@acme.example"}],
            interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00", "with": ["dana"],
                         "notes": "-2 days\nsecond line, with a comma; and \"quotes\""}]),
        app(id="cafe", company="Café Müller", role="Chef, pâtisserie"))))
    sheet = tmp_path / "export.csv"
    run("export", str(path), str(sheet), "--now", NOW)
    expected = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"), newline="")))
    # Comma-separated, double quotes, UTF-8 (76), from the first line: the options LibreOffice
    # offers for a CSV file, with a profile of the test's own.
    subprocess.run([office, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "fods",
                    "--outdir", str(tmp_path), str(sheet)],
                   check=True, capture_output=True, timeout=180)
    shown = _cells(tmp_path / "export.fods")
    assert len(shown) == len(expected) == 3
    for got, want in zip(shown, expected, strict=True):
        assert not [c for c in got if c[2] is not None], f"a formula in {got}"
        assert len(got) <= len(want)
        for (text, kind, _), written in zip(got + [("", None, None)] * len(want), want,
                                            strict=False):
            # A date-time stays what it says, as a date cell (shown with its seconds).
            assert text == written or (kind == "date" and text.startswith(written)), \
                (text, written)
    hostile = shown[1]
    assert hostile[0][0] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert hostile[0][1] == "string"
    assert hostile[1][0] == "'+1+1"
    assert hostile[7][0] == "'@Dana Lée <dana@acme.example>"
    assert hostile[9][0] == "'-2 days\nsecond line, with a comma; and \"quotes\""
    assert shown[2][:2] == [("Café Müller", "string", None), ("Chef, pâtisserie", "string", None)]
