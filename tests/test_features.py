"""A document names the features of the format that change its plan
(``followup.features``); a planner that meets one it does not know plans nothing from it,
says a newer version wrote it, and changes nothing: on the page (through the bridge) and on
the command line alike."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup import bridge, dataformat, features
from followup.features import FEATURES, NewerDocument
from helpers import app, event, followup_command, raw

NOW = "2026-11-18T10:00:00-05:00"

#: One document using each feature, and none of the others.
USING: dict[str, dict[str, Any]] = {
    "applied_on": raw(app(interviews=[], contacts=[], applied_on="2026-11-02")),
    "decision_expected": raw(app(decision_expected="2026-12-01")),
    "away": raw(app(away=[{"contact": "dana", "from": "2026-11-23", "until": "2026-11-27"}])),
    "date_unknown": raw(app(events=[event("thank_you", "2026-11-18 09:00", contact="dana",
                                          date_unknown=True)])),
    "call_outcome": raw(app(events=[event("follow_up", "2026-11-25 10:00", contact="dana",
                                          channel="phone", outcome="voicemail")])),
}


def test_every_feature_has_a_document_that_uses_it_alone() -> None:
    assert set(USING) == set(FEATURES)
    for name, document in USING.items():
        dataformat.load(json.dumps(document))  # a valid document
        assert features.used(document) == [name]
    assert features.used(raw()) == []


def test_the_writer_names_the_features_used_after_the_version_and_only_those() -> None:
    both = raw(app(applied_on="2026-11-02", decision_expected="2026-12-01"))
    text = dataformat.dump(both)
    written = json.loads(text)
    assert list(written)[:3] == ["format", "version", "features"]
    assert written["features"] == ["applied_on", "decision_expected"]
    assert "features" not in both  # the object itself is not changed
    # A feature no longer used is no longer named; none used, no key.
    written["applications"][0].pop("applied_on")
    written["applications"][0].pop("decision_expected")
    assert "features" not in json.loads(dataformat.dump(written))
    assert dataformat.dump(json.loads(text)) == text  # stable


@given(st.sets(st.sampled_from(sorted(USING))))
def test_what_is_written_reads_back_with_the_same_features(names: set[str]) -> None:
    apps = [dict(USING[name]["applications"][0], id=f"app-{name}") for name in sorted(names)]
    document = raw(*apps) if apps else raw()
    text = dataformat.dump(document)
    again, _ = dataformat.load(text)
    assert again.get("features", []) == [n for n in FEATURES if n in names]


def newer_text(*names: str) -> str:
    """A document as a newer planner writes it: with features this one does not know."""
    document = json.loads(dataformat.dump(USING["applied_on"]))
    document["features"] = [*document["features"], *names]
    document["applications"][0]["new_field"] = {"what": "this planner cannot plan"}
    return json.dumps(document, indent=2)


def test_a_feature_this_planner_does_not_know_is_refused_with_its_name() -> None:
    with pytest.raises(NewerDocument, match='uses "follow_up_by_sms", which a newer') as caught:
        dataformat.load(newer_text("follow_up_by_sms"))
    assert caught.value.names == ["follow_up_by_sms"]
    assert caught.value.path == "features"


@pytest.mark.parametrize("bad", ["applied_on", ["applied_on", 3], {"applied_on": True}, None])
def test_features_that_are_not_a_list_of_names_are_refused(bad: object) -> None:
    document = dict(raw(), features=bad)
    with pytest.raises(dataformat.DataError, match="features: expected a list of names"):
        dataformat.load(json.dumps(document))


def test_adding_a_feature_is_one_line_and_an_older_table_then_refuses_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A newer planner: one more line in the table, for a field it plans from.
    newer_table = {**FEATURES, "nudge_on": lambda r: any("nudge_on" in a
                                                       for a in r["applications"])}
    document = raw(app(nudge_on="2026-11-30"))
    with monkeypatch.context() as newer:
        newer.setattr(features, "FEATURES", newer_table)
        text = dataformat.dump(document)
        assert json.loads(text)["features"] == ["nudge_on"]
        dataformat.load(text)  # the newer planner reads its own file
    with pytest.raises(NewerDocument):  # this one does not plan from it
        dataformat.load(text)


def test_the_page_is_told_a_newer_planner_wrote_it_and_gets_no_plan() -> None:
    text = newer_text("follow_up_by_sms")
    for name in ("agenda", "validate", "describe"):
        answer = json.loads(bridge.call(name, json.dumps({"document": text, "now": NOW})))
        assert answer["ok"] is False
        assert answer["newer"] == ["follow_up_by_sms"]
        assert answer["holds"] == ["Acme Corp, Data Analyst"]
        assert "newer Follow-up Planner" in answer["error"]
    change = {"op": "settings", "fields": {"country": "US"}}
    answer = json.loads(bridge.call("change", json.dumps(
        {"document": text, "now": NOW, "change": change})))
    assert answer["ok"] is False
    assert "text" not in answer


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*followup_command(), *args, "--now", NOW], capture_output=True,
                          text=True, check=False, timeout=60)


def test_the_command_line_plans_nothing_from_a_newer_file_and_changes_nothing(
        tmp_path: Path) -> None:
    data = tmp_path / "plan.json"
    text = newer_text("follow_up_by_sms")
    data.write_text(text, encoding="utf-8")
    for args in (["plan", str(data)], ["set", str(data), "acme", "--decision", "2026-12-30"]):
        done = run(*args)
        assert done.returncode == 2, done
        assert '"follow_up_by_sms", which a newer Follow-up Planner wrote' in done.stderr
        assert "pip install --upgrade followup-planner" in done.stderr
        assert "Traceback" not in done.stderr
        assert done.stdout == ""
    assert data.read_text(encoding="utf-8") == text
    assert not (tmp_path / "plan.json.bak").exists()


def test_the_command_line_writes_the_features_it_used(tmp_path: Path) -> None:
    data = tmp_path / "plan.json"
    data.write_text(dataformat.dump(raw()), encoding="utf-8")
    assert "features" not in json.loads(data.read_text(encoding="utf-8"))
    done = run("set", str(data), "acme", "--decision", "2026-12-30")
    assert done.returncode == 0, done.stderr
    assert json.loads(data.read_text(encoding="utf-8"))["features"] == ["decision_expected"]
