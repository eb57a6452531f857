"""Time zones without the tzdata package, as in the browser: the zone files are on zoneinfo's
search path (the site's packed copy, written there), and a zone that is not there asks for
the package instead of being refused; outside the browser it is refused, by name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

from followup import bridge

SRC = Path(__file__).resolve().parent.parent / "src"
NOW = "2026-11-20T10:00:00-05:00"


def document(zone: str) -> str:
    return json.dumps({"format": "followup-planner", "version": 1,
                       "settings": {"timezone": zone}, "applications": []})


def without_tzdata(tmp_path: Path, zone: str, *present: str, browser: bool = True) -> dict:
    """``agenda`` on a document in ``zone``, in a Python where tzdata cannot be imported and
    zoneinfo's search path holds only ``present`` (files of the tzdata package); ``browser``:
    with ``sys.platform`` as Pyodide's."""
    folder = tmp_path / "zoneinfo"
    for name in present:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(resources.files("tzdata.zoneinfo").joinpath(name).read_bytes())
    code = ("import sys; sys.modules['tzdata'] = None\n"
            + ("sys.platform = 'emscripten'\n" if browser else "")
            + "from followup import bridge\n"
            "print(bridge.call('agenda', sys.stdin.read()))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, input=json.dumps({"document": document(zone), "now": NOW}),
                          env={**os.environ, "PYTHONTZPATH": str(folder),
                               "PYTHONPATH": str(SRC)})
    answer: dict = json.loads(done.stdout)
    return answer


def test_a_zone_on_the_search_path_plans_without_the_package(tmp_path):
    answer = without_tzdata(tmp_path, "America/New_York", "America/New_York", "zone.tab")
    assert answer["ok"], answer
    # Which country the zone is in comes from the zone.tab beside it.
    assert answer["view"]["settings"]["country_guess"] == "US"


def test_another_zone_asks_for_the_package_instead_of_being_refused(tmp_path):
    answer = without_tzdata(tmp_path, "Europe/Paris", "America/New_York", "zone.tab")
    assert answer["ok"] is False
    assert answer["missing"] == "tzdata", answer


def test_outside_the_browser_a_zone_it_cannot_find_is_refused_by_name(tmp_path):
    answer = without_tzdata(tmp_path, "Europe/Paris", "America/New_York", browser=False)
    assert answer["ok"] is False
    assert "missing" not in answer
    assert 'unknown time zone "Europe/Paris"' in answer["error"]


def test_in_the_browser_without_zone_tab_the_package_is_asked_for(tmp_path):
    answer = without_tzdata(tmp_path, "America/New_York", "America/New_York")
    assert answer["missing"] == "tzdata", answer


def test_with_the_package_an_unknown_zone_is_still_refused_by_name():
    answer = json.loads(bridge.call("agenda", json.dumps({"document": document("Mars/Olympus"),
                                                          "now": NOW})))
    assert answer["ok"] is False
    assert "missing" not in answer
    assert 'unknown time zone "Mars/Olympus"' in answer["error"]
