"""Times on the user's own clock: 12-hour ("3 pm") or 24-hour ("15:00"), from the document's
setting, else the device (the page) or the locale (the command line)."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup import bridge, cli, datewords
from helpers import app, followup_command, raw

NOW = "2026-11-18T10:00:00-05:00"


def test_a_time_is_written_on_the_clock_in_use():
    t = datetime(2026, 11, 19, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    morning = t.replace(hour=9, minute=5)
    assert (datewords.clock(t), datewords.clock(morning)) == ("3 pm", "9:05 am")
    with datewords.using_clock("24h"):
        assert (datewords.clock(t), datewords.clock(morning)) == ("15:00", "09:05")
        assert datewords.moment(t) == "Thu 19 Nov, 15:00"
        with datewords.using_clock("12h"):
            assert datewords.clock(t) == "3 pm"
        assert datewords.clock(t) == "15:00"
    assert datewords.clock(t) == "3 pm"  # the block's end puts the clock back


def _agenda(document: dict, **request: str) -> dict:
    answer = json.loads(bridge.call("agenda", json.dumps(
        {"document": json.dumps(document), "now": NOW, **request})))
    assert answer["ok"], answer
    return answer["view"]


def _thank_you_when(view: dict) -> str:
    return next(s["when"] for s in view["steps"] if s["kind"] == "thank_you")


def test_the_page_writes_times_on_the_devices_clock_unless_the_document_names_one():
    plain = raw(app())
    assert _thank_you_when(_agenda(plain)) == "Wed 18 Nov, 3 pm \u00b7 latest Thu 19 Nov, 3 am"
    assert _thank_you_when(_agenda(plain, clock="24h")) == (
        "Wed 18 Nov, 15:00 \u00b7 latest Thu 19 Nov, 03:00")
    # the kept view is not reused across clocks
    assert _thank_you_when(_agenda(plain)) == "Wed 18 Nov, 3 pm \u00b7 latest Thu 19 Nov, 3 am"
    named = raw(app(), clock="12h")
    assert _thank_you_when(_agenda(named, clock="24h")).startswith("Wed 18 Nov, 3 pm")
    named = raw(app(), clock="24h")
    view = _agenda(named)
    assert _thank_you_when(view).startswith("Wed 18 Nov, 15:00")
    assert "15:00" in next(s["why"] for s in view["steps"] if s["kind"] == "thank_you")


def _plan_text(tmp_path: Path, document: dict, **env: str) -> str:
    data = tmp_path / "plan.json"
    data.write_text(json.dumps(document), encoding="utf-8")
    done = subprocess.run([*followup_command(), "plan", str(data), "--now", NOW],
                          capture_output=True, text=True, check=False, timeout=60,
                          env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(("env", "clock"), [
    ({}, "12h"), ({"LANG": "C.UTF-8"}, "12h"), ({"LANG": "en_US.UTF-8"}, "12h"),
    ({"LANG": "de_DE.UTF-8"}, "24h"), ({"LC_TIME": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "24h"),
    ({"LC_ALL": "en_US.UTF-8", "LC_TIME": "de_DE.UTF-8"}, "12h"), ({"LANG": "en_GB.UTF-8"}, "24h"),
])
def test_the_command_line_takes_the_clock_of_the_locale(env, clock):
    assert cli.clock_of_locale(env) == clock


def test_the_command_line_writes_times_on_the_locales_clock_unless_the_file_names_one(
        tmp_path):
    plain = raw(app())
    assert "3 pm" in _plan_text(tmp_path, plain)
    german = _plan_text(tmp_path, plain, LANG="de_DE.UTF-8")
    assert "15:00" in german
    assert " pm" not in german
    assert "3 pm" in _plan_text(tmp_path, raw(app(), clock="12h"), LANG="de_DE.UTF-8")
    assert "15:00" in _plan_text(tmp_path, raw(app(), clock="24h"))


def test_an_unknown_clock_setting_is_refused_by_name(tmp_path):
    data = tmp_path / "plan.json"
    data.write_text(json.dumps(raw(app(), clock="13h")), encoding="utf-8")
    done = subprocess.run([*followup_command(), "check", str(data), "--now", NOW],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 2
    assert "settings.clock" in done.stderr
    assert "12h, 24h" in done.stderr


def test_the_clock_is_a_setting_beside_the_country():
    from followup import changeerrors, dataformat, edit

    def settings(fields: dict) -> dict:
        document = raw(app())
        new, _, _ = edit.apply(document, dataformat.to_document(document),
                               {"op": "settings", "fields": fields},
                               now=datetime.fromisoformat(NOW))
        return new["settings"]

    assert settings({"clock": "24h"})["clock"] == "24h"
    assert "clock" not in settings({"clock": ""})  # as the device shows times
    with pytest.raises(changeerrors.ChangeError, match="12-hour or the 24-hour clock"):
        settings({"clock": "25h"})
    view = _agenda(raw(app(), clock="24h"))
    assert view["settings"]["clock"] == "24h"


@pytest.mark.parametrize("device", ["12h", "24h"])
def test_a_change_of_the_clock_setting_shows_at_once(device):
    """The view a settings change answers with is on the new setting; clearing the setting
    goes back to the device's clock."""
    def change(document: dict, fields: dict) -> tuple[dict, str]:
        answer = json.loads(bridge.call("change", json.dumps({
            "document": json.dumps(document), "now": NOW, "clock": device,
            "change": {"op": "settings", "fields": fields}})))
        assert answer["ok"], answer
        return json.loads(answer["text"]), _thank_you_when(answer["view"])

    other = "24h" if device == "12h" else "12h"
    document, when = change(raw(app()), {"clock": other})
    assert when.startswith("Wed 18 Nov, 15:00" if other == "24h" else "Wed 18 Nov, 3 pm")
    _, when = change(document, {"clock": ""})
    assert when.startswith("Wed 18 Nov, 15:00" if device == "24h" else "Wed 18 Nov, 3 pm")
