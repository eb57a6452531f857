"""The site's table of public holidays (what the browser reads) says what the ``holidays``
package (what the command line imports) says, for every day of several countries and years;
outside its years, and with no table, the package answers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
from site_app.build import holidays as build_holidays

from followup import businessdays
from followup.businessdays import TABLE_ENV, TABLE_YEARS, BusinessDays, UnknownCountry
from helpers import build_folder

ROOT = Path(__file__).resolve().parent.parent
#: UK: the package's other code for GB, which the planner accepts too.
COUNTRIES = ["US", "GB", "UK", "DE", "FR", "SG", "AU", "JP", "IN", "BR", "CA"]
YEARS = [TABLE_YEARS[0], 2024, 2025, 2026, 2027, 2028, TABLE_YEARS[1]]




def every_day(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


def from_table(table: dict, country: str, year: int) -> set[date]:
    first, _ = table["years"]
    return {date(year, 1, 1) + timedelta(days=day - 1)
            for day in table["countries"][country][year - first]}


@pytest.fixture(scope="module")
def table() -> dict:
    """The site's whole table, as the build makes it (kept in .cache by the hook)."""
    return json.loads(build_holidays.table_bytes())


@pytest.fixture
def with_table(table, tmp_path, monkeypatch) -> Path:
    """The table named in the environment, as the browser's worker names it."""
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps(table))
    monkeypatch.setenv(TABLE_ENV, str(path))
    return path


def test_the_table_is_what_the_package_gives(table):
    assert table["format"] == "followup-holidays"
    assert table["holidays"] == holidays.__version__
    assert table["years"] == list(TABLE_YEARS)
    for country in COUNTRIES:
        for year in YEARS:
            package = {d for d in holidays.country_holidays(country, years=year)
                       if d.year == year}
            assert from_table(table, country, year) == package, (country, year)


def test_the_table_covers_every_country_the_planner_accepts(table):
    accepted = []
    for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            try:
                holidays.country_holidays(a + b, years=2026)
            except NotImplementedError:
                continue
            accepted.append(a + b)
    assert sorted(table["countries"]) == accepted
    assert len(accepted) > 200
    width = TABLE_YEARS[1] - TABLE_YEARS[0] + 1
    assert all(len(years) == width for years in table["countries"].values())


def test_a_small_table_is_made_the_same_way():
    small = businessdays.holiday_table(["US", "JP"], (2026, 2027))
    assert list(small["countries"]) == ["JP", "US"]
    assert small["years"] == [2026, 2027]
    thanksgiving = date(2026, 11, 26).timetuple().tm_yday
    assert thanksgiving in small["countries"]["US"][0]
    assert thanksgiving not in small["countries"]["JP"][0]
    with pytest.raises(UnknownCountry):
        businessdays.holiday_table(["US", "XX"], (2026, 2026))


@pytest.mark.usefixtures("with_table")
def test_business_days_from_the_table_answer_as_the_package_does_every_day(monkeypatch):
    tabled = {c: BusinessDays(c) for c in COUNTRIES}
    for country in COUNTRIES:
        for year in YEARS:
            assert tabled[country]._holidays(year) == businessdays._from_table(country, year)
    monkeypatch.delenv(TABLE_ENV)
    package = {c: BusinessDays(c) for c in COUNTRIES}
    for country in COUNTRIES:
        for year in YEARS:
            assert businessdays._from_table(country, year) is None
            for day in every_day(year):
                assert (tabled[country].is_business_day(day)
                        == package[country].is_business_day(day)), (country, day)
            start = date(year, 1, 1)
            for n in (0, 1, 3, 5, 10):
                assert tabled[country].add(start, n) == package[country].add(start, n)


@pytest.mark.usefixtures("with_table")
def test_outside_the_tables_years_the_package_answers():
    for year in (TABLE_YEARS[0] - 1, TABLE_YEARS[1] + 1):
        assert businessdays._from_table("US", year) is None
        days = BusinessDays("US")
        package = frozenset(holidays.country_holidays("US", years=year))
        assert days._holidays(year) == package
        christmas = date(year, 12, 25)
        assert days.is_business_day(christmas) is False


@pytest.mark.usefixtures("with_table")
def test_a_country_with_no_calendar_is_unknown_with_the_table_as_without(monkeypatch):
    for code in ("XX", "QQ", "ZZ"):
        with pytest.raises(UnknownCountry):
            BusinessDays(code).check(2026)
    monkeypatch.delenv(TABLE_ENV)
    for code in ("XX", "QQ", "ZZ"):
        with pytest.raises(UnknownCountry):
            BusinessDays(code).check(2026)


def test_a_missing_or_foreign_table_means_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv(TABLE_ENV, str(tmp_path / "absent.json"))
    assert businessdays._from_table("US", 2026) is None
    other = tmp_path / "other.json"
    other.write_text('{"format": "something-else"}')
    monkeypatch.setenv(TABLE_ENV, str(other))
    assert businessdays._from_table("US", 2026) is None
    assert date(2026, 11, 26) in BusinessDays("US")._holidays(2026)


def test_within_the_tables_years_the_package_is_never_imported(with_table):
    """As in the browser before the package is loaded: importing ``holidays`` fails."""
    script = """
import sys
sys.modules["holidays"] = None  # any import of it raises ModuleNotFoundError
from datetime import date
from followup.businessdays import BusinessDays
days = BusinessDays("US")
assert not days.is_business_day(date(2026, 11, 26))
assert days.add(date(2026, 11, 25), 1) == date(2026, 11, 27)
try:
    days.is_business_day(date(YEAR, 7, 3))
except ModuleNotFoundError as exc:
    print("needs", exc.name)
""".replace("YEAR", str(TABLE_YEARS[1] + 1))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={TABLE_ENV: str(with_table), "PATH": ""}, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "needs holidays"


def test_the_build_needs_the_holidays_version_the_page_loads(monkeypatch):
    hook = build_holidays
    pinned = hook.pinned_version()
    assert pinned == holidays.__version__
    pins = (ROOT / "site_app/browser-wheels.txt").read_text()
    assert re.search(rf"^holidays=={re.escape(pinned)}\b", pins, re.M)
    monkeypatch.setattr(hook, "pinned_version", lambda: "0.1")
    with pytest.raises(hook.BuildError, match=r"the page loads 0\.1"):
        hook.table_bytes()


def test_the_build_writes_the_table_and_keeps_it_offline(site, table):
    written = build_folder(site) / "holidays.json"
    assert json.loads(written.read_text()) == table
    worker = (site / "sw.js").read_text()
    files = json.loads(re.search(r"const FILES = (\[.*?\]);", worker, re.S).group(1))
    folder = build_folder(site)
    assert f"{folder.relative_to(site).as_posix()}/holidays.json" in files
    assert 'new URL("holidays.json", planner)' in (folder / "app/worker.mjs").read_text()
