"""The ``followup`` command, run as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from helpers import app, event, followup_command, raw

NOW = "2026-11-18T10:00:00-05:00"


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*followup_command(), *args], capture_output=True, text=True,
                          check=False, timeout=60, env={**os.environ, "PYTHONWARNINGS": "error"})
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(raw(app(events=[event("thank_you", "2026-11-18 09:00",
                                                     contact="dana")]))))
    return path


def test_plan_json_lists_every_action_with_its_fields(data):
    out = json.loads(run("plan", str(data), "--now", NOW, "--json").stdout)
    kinds = [a["kind"] for a in out["actions"]]
    assert kinds == ["follow_up", "follow_up", "follow_up", "move_on"]
    first = out["actions"][0]
    assert first == {
        "application": "acme", "company": "Acme Corp", "kind": "follow_up", "contact": "dana",
        "channel": "email", "earliest": "2026-11-25T09:00:00-05:00",
        "suggested": "2026-11-25T09:00:00-05:00", "latest": "2026-11-27T17:00:00-05:00",
        "attempt": 1, "rule": "R5", "why": first["why"], "guide": "how-long-to-wait/#r5",
        "projected": False,
    }
    assert "Wed 18 Nov" in first["why"]


def test_plan_text_is_a_readable_agenda(data):
    # Mon 23 Nov: the 1st follow-up (Wed 25 Nov) is this week; the rest is later.
    out = run("plan", str(data), "--now", "2026-11-23T10:00:00-05:00").stdout
    assert out.splitlines()[0] == "This week"
    assert "Acme Corp: Follow up with Dana Lee (1st of 3)" in out
    assert "Later" in out
    assert "Acme Corp: Move on" in out
    # each step's window as the page shows it, under its title
    lines = out.splitlines()
    follow_up = lines.index("  Acme Corp: Follow up with Dana Lee (1st of 3)")
    assert lines[follow_up + 1].startswith("      Wed 25 \u2013 Fri 27 Nov. Follow-up 1 of 3.")


def test_draft_prints_subject_and_body_and_refuses_an_early_thank_you(data):
    out = run("draft", str(data), "acme", "--kind", "follow_up", "--now", NOW).stdout
    assert out.startswith("To: dana@acme.example\nSubject: Checking in: Data Analyst")
    early = run("draft", str(data), "acme", "--kind", "thank_you",
                "--now", "2026-11-17T14:00:00-05:00", check=False)
    assert early.returncode == 2
    assert early.stderr.startswith("followup: The interview with Acme Corp ends Tue 17 Nov")
    assert early.stdout == ""


def test_ics_writes_a_calendar_file(data, tmp_path):
    out = tmp_path / "plan.ics"
    run("ics", str(data), "--now", NOW, "-o", str(out))
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    statuses = sorted(str(e["status"]) for e in cal.walk("VEVENT"))
    assert statuses == ["CANCELLED"] + ["CONFIRMED"] * 4  # the sent note comes back cancelled


def test_log_records_events_atomically_and_keeps_a_backup(data):
    before = data.read_text()
    run("log", str(data), "acme", "follow-up", "--channel", "phone", "--outcome", "no_answer",
        "--at", "2026-11-25T10:00:00-05:00")
    assert Path(str(data) + ".bak").read_text() == before
    events = json.loads(data.read_text())["applications"][0]["events"]
    assert events[-1] == {"at": "2026-11-25T10:00:00-05:00", "type": "follow_up",
                          "channel": "phone", "outcome": "no_answer"}
    plan = json.loads(run("plan", str(data), "--now", "2026-11-25T11:00:00-05:00",
                          "--json").stdout)
    assert plan["actions"][0]["rule"] == "R11"
    run("log", str(data), "acme", "reply", "--tone", "rejection",
        "--at", "2026-11-26T10:00:00-05:00")
    plan = json.loads(run("plan", str(data), "--now", "2026-11-26T11:00:00-05:00",
                          "--json").stdout)
    assert plan["actions"] == []
    assert not list(data.parent.glob(".plan.json.*.tmp"))


def test_log_close_ends_the_plan(data):
    run("log", str(data), "acme", "close", "--now", NOW)
    assert json.loads(data.read_text())["applications"][0]["closed"] is True
    assert "Nothing to do" in run("plan", str(data), "--now", NOW).stdout


def test_log_refuses_what_would_make_the_file_invalid(data):
    before = data.read_bytes()
    done = run("log", str(data), "acme", "thank-you", "--contact", "zed", "--at", NOW,
               check=False)
    assert done.returncode == 2
    assert "not recorded, the file is unchanged" in done.stderr
    assert 'unknown contact "zed"' in done.stderr
    assert data.read_bytes() == before
    assert not Path(str(data) + ".bak").exists()


def test_log_refuses_a_thank_you_dated_before_the_interview_ended(data):
    before = data.read_bytes()
    done = run("log", str(data), "acme", "thank-you", "--at", "2026-11-17T14:00:00-05:00",
               check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("followup: not recorded, the file is unchanged: The interview with "
                           "Acme Corp ends Tue 17 Nov, 3 pm: record a thank-you after that.\n")
    assert data.read_bytes() == before


@pytest.mark.parametrize(("content", "message"), [
    ("not json at all", "not valid JSON"),
    ("[]", "expected a JSON object at the top"),
    ('{"format": "followup-planner", "version": 9}', "this file is version 9"),
    ('{"format": "followup-planner", "version": 1, "n": NaN}', "NaN is not allowed"),
    (json.dumps(raw(app(interviews=[{"id": "r1", "ends_at": "tomorrow"}]))),
     'applications[0].interviews[0].ends_at: not a date-time: "tomorrow"'),
])
@pytest.mark.parametrize("command", ["plan", "check", "ics", "log"])
def test_bad_input_is_one_line_exit_2_and_the_file_untouched(tmp_path, content, message,
                                                             command):
    path = tmp_path / "bad.json"
    path.write_text(content)
    extra = ["acme", "close"] if command == "log" else []
    done = run(command, str(path), *extra, "--now", NOW, check=False)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert path.read_text() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_missing_file_and_bad_now_are_plain_errors(tmp_path):
    done = run("plan", str(tmp_path / "nope.json"), "--now", NOW, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("nope.json: no such file")
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(raw()))
    done = run("plan", str(path), "--now", "yesterday", check=False)
    assert done.returncode == 2
    assert done.stderr.strip() == 'followup: --now: not a date-time: "yesterday"'


def test_check_reports_a_valid_file(data):
    out = run("check", str(data), "--now", NOW).stdout
    assert out.strip().endswith("valid (1 application)")


@pytest.mark.parametrize(("now", "message"), [
    ("yesterday", 'followup: --now: not a date-time: "yesterday"'),
    ("2026-11-18T10:00", 'followup: --now: the date-time "2026-11-18T10:00" needs a UTC '
                         "offset, like 2026-11-17T15:00:00-05:00"),
])
def test_check_honours_now(data, now, message):
    # a moment years away from the file's dates and the clock is fine ...
    assert run("check", str(data), "--now", "2031-01-01T00:30:00+14:00").returncode == 0
    # ... and a bad one is read, not ignored: one sentence, exit 2
    done = run("check", str(data), "--now", now, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message + "\n")


def test_init_creates_a_file_the_other_commands_read(tmp_path):
    path = tmp_path / "new.json"
    run("init", str(path), "--timezone", "Europe/Paris", "--country", "FR")
    assert json.loads(path.read_text())["settings"] == {"timezone": "Europe/Paris",
                                                        "country": "FR"}
    assert run("check", str(path), "--now", NOW).returncode == 0
    again = run("init", str(path), check=False)
    assert again.returncode == 2
    assert "already exists" in again.stderr


def test_python_dash_m_runs_the_same_command(data):
    done = subprocess.run([sys.executable, "-m", "followup", "check", str(data), "--now", NOW],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert "valid" in done.stdout


def test_init_takes_the_country_checks_it_and_says_when_there_is_none(tmp_path):
    now = ["--now", "2025-06-01T10:00:00+00:00"]  # a year whose 5 January is a Sunday
    made = tmp_path / "us.json"
    done = subprocess.run([*followup_command(), "init", str(made), "--country", "us", *now],
                          capture_output=True, text=True, timeout=60, check=False,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert json.loads(made.read_text())["settings"] == {"timezone": "UTC", "country": "US"}
    bad = tmp_path / "xx.json"
    done = subprocess.run([*followup_command(), "init", str(bad), "--country", "XX", *now],
                          capture_output=True, text=True, timeout=60, check=False,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert done.stderr.strip() == ('followup: --country: No public holidays are known for "XX"; '
                                   "use a two-letter code like US, GB or FR.")
    assert not bad.exists()
    none = tmp_path / "none.json"
    done = subprocess.run([*followup_command(), "init", str(none), *now],
                          capture_output=True, text=True, timeout=60, check=False,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0
    assert "No country set" in done.stderr


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """Dana interviewed the candidate; Raj is the recruiter. A thank-you and a call are
    recorded, the call stored before the thank-you in the file."""
    path = tmp_path / "plan.json"
    contacts = [{"id": "dana", "name": "Dana Lee"},
                {"id": "raj", "name": "Raj Patel", "title": "Recruiter"}]
    path.write_text(json.dumps(raw(app(contacts=contacts, events=[
        event("follow_up", "2026-11-25 10:00", channel="phone", outcome="no_answer",
              contact="dana", custom={"kept": True}),
        event("thank_you", "2026-11-18 09:00", contact="dana", note="Sent from my phone")]))))
    return path


def test_history_numbers_the_entries_oldest_first(history):
    done = run("history", str(history), "acme", "--now", "2026-11-26T10:00:00-05:00")
    assert done.stdout.splitlines() == [
        "Acme Corp, oldest first:",
        '   1. Wed 18 Nov, 9 am: Thank-you sent to Dana Lee \u00b7 "Sent from my phone"',
        "   2. Wed 25 Nov, 10 am: Follow-up (phone, no answer) with Dana Lee"]
    assert f"followup fix {history} acme NUMBER" in done.stderr
    entries = json.loads(run("history", str(history), "acme", "--json").stdout)["entries"]
    assert [(e["number"], e["type"]) for e in entries] == [(1, "thank_you"), (2, "follow_up")]
    missing = run("history", str(history), "globex", check=False)
    assert (missing.returncode, missing.stderr) == (
        2, 'followup: no application with the id "globex"\n')


def test_fix_corrects_an_entry_under_the_lock_and_keeps_a_backup(history):
    before = history.read_text()
    done = run("fix", str(history), "acme", "2", "--at", "2026-11-25T16:30", "--outcome",
               "spoke", "--tone", "warm", "--contact", "raj", "--note", "Call me Friday",
               "--now", "2026-11-26T10:00:00-05:00")
    assert done.stderr == ("Corrected Acme Corp's entry 2: Wed 25 Nov, 4:30 pm: Follow-up "
                           "(phone, spoke) with Raj Patel.\n")
    assert Path(str(history) + ".bak").read_text() == before
    events = json.loads(history.read_text())["applications"][0]["events"]
    assert events[0] == {"at": "2026-11-25T16:30:00-05:00", "type": "follow_up",
                         "channel": "phone", "outcome": "spoke", "contact": "raj",
                         "custom": {"kept": True}, "note": "Call me Friday", "tone": "warm"}
    # A moved entry takes its new place; "" takes the note away.
    done = run("fix", str(history), "acme", "1", "--at", "2026-11-26T09:00:00-05:00",
               "--note", "", "--now", "2026-11-26T10:00:00-05:00")
    assert done.stderr.startswith("Corrected Acme Corp's entry 2: Thu 26 Nov, 9 am: Thank-you")
    events = json.loads(history.read_text())["applications"][0]["events"]
    assert events[1] == {"at": "2026-11-26T09:00:00-05:00", "type": "thank_you",
                         "contact": "dana"}
    assert not list(history.parent.glob(".plan.json.*.tmp"))


@pytest.mark.parametrize(("args", "message"), [
    (["2", "--at", "2026-11-27T09:00"], "not corrected, the file is unchanged: Fri 27 Nov, "
                                        "9 am is still to come: record it once it has "
                                        "happened."),
    (["2", "--at", "2026-11-18T11:00"], "not corrected, the file is unchanged: You sent your "
                                        "thank-you to Acme Corp on Wed 18 Nov. The method says "
                                        "not to follow up on the day of the thank-you (R10). "
                                        "If it happened, correct it with --anyway"),
    (["2", "--contact", "zed"], 'not corrected, the file is unchanged: '
                                'applications[0].events[0].contact: unknown contact "zed"'),
    (["2", "--at", "soon"], "not corrected, the file is unchanged: The time it happened is "
                            "not a date and time."),
    (["3", "--note", "x"], "no entry 3 in the history of Acme Corp (its entries are 1 to 2; "
                           "see followup history"),
    (["1"], "nothing to correct: give --at, --channel, --outcome, --tone, --contact or --note"),
])
def test_fix_refuses_in_one_line_and_leaves_the_file_alone(history, args, message):
    before = history.read_bytes()
    done = run("fix", str(history), "acme", *args, "--now", "2026-11-26T10:00:00-05:00",
               check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"followup: {message}"), done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert history.read_bytes() == before
    assert not Path(str(history) + ".bak").exists()


def test_fix_anyway_records_what_really_happened(history):
    run("fix", str(history), "acme", "2", "--at", "2026-11-18T11:00", "--anyway",
        "--now", "2026-11-26T10:00:00-05:00")
    events = json.loads(history.read_text())["applications"][0]["events"]
    assert events[0]["at"] == "2026-11-18T11:00:00-05:00"
