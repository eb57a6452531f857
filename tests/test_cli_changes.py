"""The page's changes from the command line: one table (followup.changes_cli), the same
edit code, so a whole history is made without an editor and reads as the page makes it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from followup import changes_cli, cli, dataformat, edit, validation
from helpers import followup_command

NOW = "2026-11-18T10:00:00-05:00"


def run(*args: str, now: str = NOW) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*followup_command(), *args, "--now", now], capture_output=True,
                          text=True, check=False, timeout=60)


def ok(*args: str, now: str = NOW) -> str:
    done = run(*args, now=now)
    assert done.returncode == 0, done.stderr
    return done.stderr.strip()


def test_a_whole_history_without_an_editor(tmp_path: Path) -> None:
    data = str(tmp_path / "plan.json")
    ok("init", data, "--timezone", "America/New_York", "--country", "US")
    assert ok("add", data, "--company", "Acme Corp", "--role", "Data Analyst", "--ended",
              "2026-11-17T15:00", "--with", "Dana Lee <dana@acme.example>",
              "--with", "Omar Haddad") == "Added Acme Corp (id: acme-corp)."
    assert ok("person", data, "acme-corp", "--name", "Rita Gomez", "--email",
              "rita@acme.example", "--part", "recruiter") == "Saved Rita Gomez."
    ok("notes", data, "acme-corp", "--memorable", "the dashboard story",
       "--discussed", "dana-lee=the month-end report")
    ok("settings", data, "--name", "Sam Rivera", "--email", "sam@example.com",
       "--availability", "weekdays after 2 pm")
    ok("log", data, "acme-corp", "thank-you", "--contact", "dana-lee", "--at",
       "2026-11-18T09:15")  # on the file's time zone, as fix reads it
    ok("set", data, "acme-corp", "--decision", "2026-12-30")
    ok("away", data, "acme-corp", "--from", "2026-12-24", "--until", "2026-12-28",
       "--contact", "dana-lee")
    stored = json.loads(Path(data).read_text(encoding="utf-8"))
    (app,) = stored["applications"]
    assert app["contacts"] == [
        {"id": "dana-lee", "name": "Dana Lee", "email": "dana@acme.example"},
        {"id": "omar-haddad", "name": "Omar Haddad"},
        {"id": "rita-gomez", "name": "Rita Gomez", "email": "rita@acme.example",
         "role": "recruiter"}]
    assert app["interviews"] == [{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                                  "with": ["dana-lee", "omar-haddad"],
                                  "memorable": "the dashboard story",
                                  "discussed": {"dana-lee": "the month-end report"}}]
    assert app["decision_expected"] == "2026-12-30"
    assert app["away"] == [{"from": "2026-12-24", "until": "2026-12-28",
                            "contact": "dana-lee"}]
    assert app["events"] == [{"at": "2026-11-18T09:15:00-05:00", "type": "thank_you",
                              "contact": "dana-lee", "channel": "email"}]
    assert stored["settings"]["candidate"] == {"name": "Sam Rivera", "email": "sam@example.com",
                                               "availability": "weekdays after 2 pm"}
    # The plan reads it as the page would: Omar's note still owed, the far decision date
    # holding the follow-up, the draft to Dana recalling what you discussed with her.
    plan = run("plan", data, "--json")
    steps = json.loads(plan.stdout)["actions"]
    assert [(s["kind"], s["contact"]) for s in steps][:2] == [("thank_you", "omar-haddad"),
                                                              ("follow_up", "dana-lee")]
    assert steps[1]["rule"] == "R8"
    assert "They expect to decide Wed 30 Dec" in steps[1]["why"]
    assert steps[1]["earliest"].startswith("2026-12-29")  # Dana is back from the 28th
    draft = run("draft", data, "acme-corp", "--kind", "follow_up", "--contact", "dana-lee")
    assert "Since we talked about the month-end report," in draft.stdout


def test_the_same_change_from_the_command_line_and_the_page_makes_the_same_file(
        tmp_path: Path) -> None:
    data = tmp_path / "plan.json"
    ok("init", str(data), "--timezone", "Europe/Berlin")
    before = dataformat.load(data.read_text(encoding="utf-8"))
    ok("add", str(data), "--company", "Nordlicht GmbH", "--applied", "2026-11-09",
       "--with", "Jonas Weber <jonas@nordlicht.example>")
    page, _, _ = edit.apply(before[0], before[1], {
        "op": "add_application", "company": "Nordlicht GmbH", "role": "",
        "applied_on": "2026-11-09",
        "interviewers": [{"name": "Jonas Weber", "email": "jonas@nordlicht.example"}]},
        now=validation.parse_datetime(NOW, "now"))
    assert data.read_text(encoding="utf-8") == dataformat.dump(page)  # as the page writes it


def test_what_an_application_was_sent_with_is_set_and_taken_away(tmp_path: Path) -> None:
    data = tmp_path / "plan.json"
    ok("init", str(data), "--timezone", "America/New_York")
    ok("add", str(data), "--company", "Acme Corp", "--applied", "2026-11-10")
    assert ok("set", str(data), "acme-corp", "--posting", "https://jobs.example/42",
              "--resume", "Analyst v3") == "Saved Acme Corp."
    (app,) = json.loads(data.read_text())["applications"]
    assert (app["posting_url"], app["resume"]) == ("https://jobs.example/42", "Analyst v3")
    ok("set", str(data), "acme-corp", "--resume", "")
    (app,) = json.loads(data.read_text())["applications"]
    assert "resume" not in app
    assert app["posting_url"] == "https://jobs.example/42"


def test_move_on_from_several_and_reopen(tmp_path: Path) -> None:
    data = tmp_path / "plan.json"
    document = {"format": "followup-planner", "version": 1,
                "settings": {"timezone": "America/New_York"},
                "applications": [{"id": i, "company": c} for i, c in (
                    ("acme", "Acme Corp"), ("initech", "Initech"), ("hooli", "Hooli"))]}
    data.write_text(json.dumps(document), encoding="utf-8")
    assert ok("move-on", str(data), "acme", "hooli") == (
        "Moved on from 2 applications: Acme Corp, Hooli.")
    closed = [a.get("closed", False) for a in json.loads(data.read_text())["applications"]]
    assert closed == [True, False, True]
    assert ok("move-on", str(data), "hooli", "--reopen") == "Reopened 1 application: Hooli."
    done = run("move-on", str(data), "nobody")
    assert done.returncode != 0
    assert "That application no longer exists" in done.stderr
    assert "Traceback" not in done.stderr


def test_every_change_of_the_page_has_a_command() -> None:
    """Each op of edit.CHANGES is a row of the table, an older command, or the page's own."""
    table = {row.op for row in changes_cli.COMMANDS}
    assert set(edit.CHANGES) == (table | set(changes_cli.OTHER_COMMANDS)
                                 | changes_cli.PAGE_ONLY)
    assert not table & set(changes_cli.OTHER_COMMANDS)
    commands = cli.parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in [*changes_cli.OTHER_COMMANDS.values(), *(r.name for r in changes_cli.COMMANDS)]:
        assert name in commands, name


@pytest.mark.parametrize(("args", "message"), [
    (["set", "nope", "--role", "x"], 'no application with the id "nope"'),
    (["set", "acme-corp"], "nothing to set: give --company"),
    (["add", "--company", "B"], "give --ended (when the interview ended) or --applied"),
    (["add", "--company", "B", "--ended", "tomorrow"], "not a date and time"),
    (["add", "--company", "B", "--ended", "2026-11-17T15:00", "--with", "<x@y.z>"],
     "is not a person"),
    (["remove", "acme-corp", "contact", "nobody"], 'has no contact with the id "nobody" (its '
                                                   "ids: dana-lee)"),
    (["remove", "acme-corp", "away", "x"], "by its number"),
    (["delete", "acme-corp"], "nothing was deleted: add --yes"),
    (["person", "acme-corp", "--name", "  "], "Give the contact's name"),
    (["set", "acme-corp", "--decision", "soon"], "decision_expected"),
    (["notes", "acme-corp", "--discussed", "what"], "--discussed takes ID=TEXT"),
    (["settings", "--country", "XX"], 'No public holidays are known for "XX"'),
])
def test_a_change_that_cannot_be_made_says_why_and_leaves_the_file(tmp_path: Path, args,
                                                                   message) -> None:
    data = tmp_path / "plan.json"
    ok("init", str(data), "--timezone", "America/New_York")
    ok("add", str(data), "--company", "Acme Corp", "--ended", "2026-11-17T15:00", "--with",
       "Dana Lee")
    before = data.read_bytes()
    done = run(args[0], str(data), *args[1:])
    assert done.returncode == 2, done.stderr
    assert message in done.stderr, done.stderr
    assert done.stderr.startswith("followup: ")
    assert done.stderr.count("\n") == 1
    assert data.read_bytes() == before


def test_delete_with_yes_and_remove_take_things_away(tmp_path: Path) -> None:
    data = tmp_path / "plan.json"
    ok("init", str(data), "--timezone", "America/New_York")
    ok("add", str(data), "--company", "Acme Corp", "--ended", "2026-11-17T15:00", "--with",
       "Dana Lee", "--with", "Omar Haddad")
    ok("away", str(data), "acme-corp", "--from", "2026-12-01", "--until", "2026-12-02")
    assert ok("remove", str(data), "acme-corp", "away", "1") == "Removed the absence."
    assert ok("remove", str(data), "acme-corp", "contact", "omar-haddad") == "Removed the person."
    (app,) = json.loads(data.read_text(encoding="utf-8"))["applications"]
    assert [c["id"] for c in app["contacts"]] == ["dana-lee"]
    assert not app.get("away")
    assert ok("delete", str(data), "acme-corp", "--yes") == "Deleted Acme Corp."
    assert json.loads(data.read_text(encoding="utf-8"))["applications"] == []


@pytest.mark.parametrize(("text", "found"), [
    ("Dana Lee", {"name": "Dana Lee"}),
    ("Dana Lee <dana@acme.example>", {"name": "Dana Lee", "email": "dana@acme.example"}),
    ("  Emre Y\u0131ld\u0131z<emre@x.example> ",
     {"name": "Emre Y\u0131ld\u0131z", "email": "emre@x.example"}),
])
def test_a_person_is_a_name_with_an_address_in_angle_brackets(text, found) -> None:
    assert changes_cli.person(text) == found
