"""Stories, each a small v1 document planned at a fixed moment (tests/scenarios/*.json).

Every scenario runs twice, through the command line (``followup plan FILE --json --now``)
and through the bridge the page calls (``agenda``), and both must agree with the steps the
file expects: kind, application, rule, window (ISO minutes; for a step the page shows, the
window as it reads), attempt, whether it is a projection, and key words of the reason. A
scenario may also expect how each application's card reads (status, headline, the ended
note, the closing draft) and the order of its timeline.

Every ``now`` carries its UTC offset, and the suite as a whole plans at awkward moments in
local time: a Friday evening, a Saturday, a day the clocks change, a zone ahead of UTC.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from followup import bridge
from helpers import followup_command

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _call(name: str, **request: Any) -> dict[str, Any]:
    answer = json.loads(bridge.call(name, json.dumps(request)))
    assert answer["ok"], answer
    return answer


def _check_step(where: str, found: dict[str, Any], expected: dict[str, Any]) -> None:
    for key in ("kind", "rule"):
        assert found[key] == expected[key], f"{where}: {key}"
    why = found["why"].lower()
    for words in expected["why_has"]:
        assert words.lower() in why, f"{where}: {words!r} not in {found['why']!r}"


def test_there_are_enough_scenarios():
    assert len(SCENARIOS) >= 70


def _local_now(scenario: dict[str, Any]) -> datetime:
    """The scenario's moment in the document's own time zone."""
    zone = ZoneInfo(scenario["document"].get("settings", {}).get("timezone", "UTC"))
    return datetime.fromisoformat(scenario["now"]).astimezone(zone)


def _is_dst_change_day(local: datetime) -> bool:
    zone = local.tzinfo
    start = datetime.combine(local.date(), time(0), tzinfo=zone)
    end = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
    return start.utcoffset() != end.utcoffset()


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_moment_carries_an_explicit_utc_offset(path: Path) -> None:
    now = _load(path)["now"]
    assert re.search(r"(Z|[+-]\d\d:\d\d)$", now), (path.stem, now)
    assert datetime.fromisoformat(now).tzinfo is not None, (path.stem, now)


def test_the_suite_plans_at_awkward_moments() -> None:
    """Some stories are planned on a Friday evening, a Saturday, the day the clocks change,
    and in a zone ahead of UTC (where the local day starts before UTC's), all local time."""
    moments = {path.stem: _local_now(_load(path)) for path in SCENARIOS}
    awkward = {
        "Friday evening": [n for n, t in moments.items() if t.weekday() == 4 and t.hour >= 17],
        "Saturday": [n for n, t in moments.items() if t.weekday() == 5],
        "a daylight-saving change": [n for n, t in moments.items() if _is_dst_change_day(t)],
        "a zone ahead of UTC": [n for n, t in moments.items()
                                if (t.utcoffset() or timedelta(0)) > timedelta(0)],
    }
    missing = [what for what, found in awkward.items() if not found]
    assert not missing, missing


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_command_line_plans_the_story(path: Path, tmp_path: Path) -> None:
    scenario = _load(path)
    data = tmp_path / "plan.json"
    data.write_text(json.dumps(scenario["document"]), encoding="utf-8")
    done = subprocess.run([*followup_command(), "plan", str(data), "--json",
                           "--now", scenario["now"]],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    actions = json.loads(done.stdout)["actions"]
    expected = scenario["expect"]
    assert len(actions) == len(expected), [(a["kind"], a["rule"]) for a in actions]
    for n, (found, wanted) in enumerate(zip(actions, expected, strict=True)):
        where = f"{path.stem} step {n}"
        _check_step(where, found, wanted)
        assert found["application"] == wanted["app"], where
        assert found["earliest"].startswith(wanted["earliest"]), (where, found["earliest"])
        assert found["latest"].startswith(wanted["latest"]), (where, found["latest"])
        assert found["attempt"] == wanted.get("attempt"), where
        assert found["contact"] == wanted.get("contact"), where
        assert found["projected"] is wanted["projected"], where


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_the_page_shows_the_story(path: Path) -> None:
    scenario = _load(path)
    document = json.dumps(scenario["document"])
    view = _call("agenda", document=document, now=scenario["now"])["view"]
    # The page lists the steps the user can take now; the projections stay on the timeline.
    shown = [e for e in scenario["expect"] if not e["projected"]]
    assert len(view["steps"]) == len(shown), [(s["kind"], s["rule"]) for s in view["steps"]]
    for n, (step, wanted) in enumerate(zip(view["steps"], shown, strict=True)):
        where = f"{path.stem} shown step {n}"
        _check_step(where, step, wanted)
        assert step["application"] == wanted["app"], where
        assert step["contact"] == wanted.get("contact"), where
        assert step["when"] == wanted["window"], where
        if step["kind"] == "move_on":  # moving on sends nothing (R7): no draft is offered
            assert step["draft"] is None, where
        if "draft_has" in wanted or "draft_lacks" in wanted:
            draft = _call("draft", document=document, now=scenario["now"], **step["draft"])
            text = f"To: {draft['to']}\n{draft['subject']}\n{draft['body']}"
            for words in wanted.get("draft_has", []):
                assert words in text, (where, text)
            for words in wanted.get("draft_lacks", []):
                assert words not in text, (where, text)
    cards = {card["id"]: card for card in view["applications"]}
    for app_id, wanted in scenario.get("apps", {}).items():
        card = cards[app_id]
        where = f"{path.stem} card {app_id}"
        assert card["status"] == wanted["status"], where
        if "headline" in wanted:
            assert card["headline"] == wanted["headline"], where
        for words in wanted.get("ended_note_has", []):
            assert words in card["ended_note"], (where, card["ended_note"])
        for words in wanted.get("ended_note_lacks", []):
            assert words not in card["ended_note"], (where, card["ended_note"])
        if wanted.get("no_closing"):  # moved on after silence: no message to send
            assert card["closing"] is None, where
        if "closing_draft_has" in wanted or "closing_draft_lacks" in wanted:
            closing = card["closing"]
            assert closing is not None, where
            draft = _call("draft", document=document, now=scenario["now"], **closing)
            text = f"{draft['subject']}\n{draft['body']}"
            for words in wanted.get("closing_draft_has", []):
                assert words in text, (where, text)
            for words in wanted.get("closing_draft_lacks", []):
                assert words.lower() not in text.lower(), (where, text)
    for app_id, labels in scenario.get("timeline", {}).items():
        found = [mark["label"] for mark in cards[app_id]["timeline"]]
        assert found[:len(labels)] == labels, (path.stem, found)


def test_command_line_and_page_say_the_same_reasons() -> None:
    """The page's steps are the command line's steps the user can take now, word for word."""
    from followup import dataformat, datewords, planner

    for path in SCENARIOS:
        scenario = _load(path)
        document = json.dumps(scenario["document"])
        _, parsed = dataformat.load(document)
        now = datetime.fromisoformat(scenario["now"])
        clock = parsed.settings.clock.value if parsed.settings.clock else None
        with datewords.using_clock(clock):  # the document's own clock, as both adapters use it
            mine = [(a.application, a.kind.value, a.why)
                    for a in planner.actions(parsed, now=now) if not a.projected]
        view = _call("agenda", document=document, now=scenario["now"])["view"]
        assert [(s["application"], s["kind"], s["why"]) for s in view["steps"]] == mine, path
