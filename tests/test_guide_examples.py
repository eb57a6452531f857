"""The guides' worked examples are the planner's own output (site_app/hooks/examples.py).

Every value the built guides show from an example is checked here against the planner run on
its own, through the command line (``followup plan --json``, ``followup draft --json``) and
the page's bridge; the hook refuses an example that disagrees with what a guide relies on;
and no "In the planner" box in the sources types a date or a time by hand.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup import bridge, datewords

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "site_app" / "examples"
DOCS = ROOT / "docs"
GUIDES = ["thank-you", "how-long-to-wait", "what-to-say", "how-many-times", "lukewarm-reply",
          "moving-on", "questions"]


@functools.cache
def hook():
    spec = importlib.util.spec_from_file_location("examples_hook",
                                                  ROOT / "site_app/hooks/examples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the planner, run on its own -------------------------------------------------------------

def followup(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "followup", *args], capture_output=True,
                          text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@functools.cache
def example_file(name: str, tmp: Path) -> tuple[dict, Path]:
    data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    path = tmp / f"{name}.json"
    path.write_text(json.dumps(data["document"]), encoding="utf-8")
    return data, path


def _key(action: dict, seen: set[str]) -> str:
    if action["rule"] == "R11":
        key = "retry"
    elif action["kind"] == "follow_up":
        key = f"follow_up_{action['attempt']}"
    else:
        key = action["kind"]
    if key in seen:
        key = f"{key}_{action['contact']}"
    seen.add(key)
    return key


def _weekday(d: date) -> str:
    return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
            "Sunday")[d.weekday()]


def _moment(prefix: str, t: datetime) -> dict[str, str]:
    return {prefix: datewords.moment(t), f"{prefix}.day": datewords.day(t.date()),
            f"{prefix}.time": datewords.clock(t), f"{prefix}.weekday": _weekday(t.date())}


def _day(prefix: str, d: date) -> dict[str, str]:
    return {prefix: datewords.day(d), f"{prefix}.weekday": _weekday(d)}


@functools.cache
def expected(name: str, tmp: Path) -> dict[str, str]:
    """Every field of an example, worked out from the command line's own output."""
    data, path = example_file(name, tmp)
    now = data["now"]
    doc = data["document"]
    tz = ZoneInfo(doc["settings"]["timezone"])
    app = doc["applications"][0]
    at = lambda text: datetime.fromisoformat(text).astimezone(tz)  # noqa: E731
    found = _moment("now", at(now))
    if app.get("interviews"):
        found.update(_moment("interview", at(app["interviews"][-1]["ends_at"])))
    for field, name_ in (("applied_on", "applied"), ("decision_expected", "decision")):
        if app.get(field):
            found.update(_day(name_, date.fromisoformat(app[field])))
    for away in app.get("away", []):
        found.update(_day("away.from", date.fromisoformat(away["from"])))
        found.update(_day("away.until", date.fromisoformat(away["until"])))
    counts: dict[str, int] = {}
    names = {"thank_you": "thank_you_sent", "follow_up": "follow_up_made",
             "reply": "reply_received"}
    for event in sorted(app.get("events", []), key=lambda e: datetime.fromisoformat(e["at"])):
        kind = names[event["type"]]
        counts[kind] = counts.get(kind, 0) + 1
        found.update(_moment(kind, at(event["at"])))
        found.update(_moment(f"{kind}_{counts[kind]}", at(event["at"])))
    actions = json.loads(followup("plan", str(path), "--json", "--now", now))["actions"]
    # The text agenda names each step; its lines come in the same order as the JSON's.
    text = followup("plan", str(path), "--now", now)
    titles = re.findall(r"^  (?! )[^:\n]+: (.+)$", text, re.M)
    assert len(titles) == len(actions), text
    seen: set[str] = set()
    for action, title in zip(actions, titles, strict=True):
        key = _key(action, seen)
        earliest, latest = at(action["earliest"]), at(action["latest"])
        if latest < datetime.fromisoformat(now):  # overdue: when it was due
            window = f"was due by {datewords.moment(latest)}"
        elif action["kind"] == "thank_you":  # the time to act, the latest beside it
            suggested = at(action["suggested"])
            act = ("now" if suggested <= datetime.fromisoformat(now)
                   else datewords.moment(suggested))
            window = f"{act} \u00b7 latest {datewords.moment(latest)}"
            if datetime.fromisoformat(now) < earliest:
                window = f"after {datewords.moment(earliest)}: {window}"
        elif earliest.date() == latest.date():
            window = datewords.day(earliest.date())
        else:
            window = datewords.span(earliest.date(), latest.date())
        found.update({f"{key}.title": title, f"{key}.window": window,
                      f"{key}.why": action["why"], f"{key}.rule": action["rule"],
                      f"{key}.channel": action["channel"]})
        for edge in ("earliest", "suggested", "latest"):
            found.update(_moment(f"{key}.{edge}", at(action[edge])))
        found.update(_day(f"{key}.opens", earliest.date()))
        found.update(_day(f"{key}.closes", latest.date()))
    return found


# -- what the built guides show -------------------------------------------------------------

_VALUE = re.compile(r'<span class="planner-value" data-example="([^"]+)" '
                    r'data-field="([^"]+)">(.*?)</span>', re.S)
_DRAFT = re.compile(r'<div class="email"([^>]*)>(.*?)</div>', re.S)


def _article(site: Path, path: str) -> str:
    page = (site / path / "index.html").read_text(encoding="utf-8")
    return page.split("<article", 1)[1].split("</article>", 1)[0]


def _plain(fragment: str) -> str:
    text = re.sub(r"<[^>]+>", " ", fragment)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def shown_values(site: Path) -> list[tuple[str, str, str, str]]:
    return [(path, m.group(1), m.group(2), html.unescape(m.group(3)))
            for path in GUIDES for m in _VALUE.finditer(_article(site, path))]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("examples")


def test_every_example_value_in_the_guides_is_what_the_planner_computes(site, work):
    shown = shown_values(site)
    assert len(shown) > 60
    for path, name, field, text in shown:
        want = expected(name, work)
        assert field in want, f"{path}: {name}.{field} is not a field the planner gives"
        assert text == want[field], (f"{path}: example {name} shows {field} = {text!r}; the "
                                     f"planner computes {want[field]!r}")


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.json")))
def test_every_field_a_guide_may_show_is_what_the_command_line_computes(name, work):
    """Not only the values shown today: every field the hook offers a guide."""
    assert hook().load(name).values == expected(name, work)


def test_every_step_shown_reads_as_on_the_planner_page(site, work):
    """A step the page lists (not a projection) has the page's own title, when and why."""
    checked = 0
    for path, name, field, text in shown_values(site):
        key, _, what = field.rpartition(".")
        if what not in ("title", "window", "why"):
            continue
        data, _ = example_file(name, work)
        answer = json.loads(bridge.call("agenda", json.dumps(
            {"document": json.dumps(data["document"]), "now": data["now"]})))
        assert answer["ok"], answer
        want = expected(name, work)
        for step in answer["view"]["steps"]:
            if step["title"] == want[f"{key}.title"] and step["why"] == want[f"{key}.why"]:
                page = {"title": step["title"], "window": step["when"], "why": step["why"]}
                assert text == page[what], f"{path}: {name}.{field} is {text!r} on the page"
                checked += 1
    assert checked >= 10


def test_every_worked_draft_is_the_planners_own_draft(site, work):
    drafts = [(path, m) for path in GUIDES for m in _DRAFT.finditer(_article(site, path))]
    assert {path for path, _ in drafts} >= {"thank-you", "what-to-say", "lukewarm-reply"}
    for path, match in drafts:
        attrs = dict(re.findall(r'(data-[a-z]+)="([^"]*)"', match.group(1)))
        assert {"data-example", "data-draft"} <= set(attrs), (
            f"{path}: a worked email not rendered from an example")
        data, file = example_file(attrs["data-example"], work)
        kind, _, attempt = attrs["data-draft"].rpartition("_")
        if not attempt.isdigit():
            kind, attempt = attrs["data-draft"], ""
        args = ["draft", str(file), data["document"]["applications"][0]["id"], "--kind", kind,
                "--json", "--now", data["now"]] + (["--attempt", attempt] if attempt else [])
        draft = json.loads(followup(*args))
        assert not draft["gaps"]
        want = re.sub(r"\s+", " ", f"Subject: {draft['subject']} {draft['body']}").strip()
        assert _plain(match.group(2)) == want, path


def test_every_example_is_shown_by_some_guide(site):
    used = {name for _, name, _, _ in shown_values(site)}
    used |= {m for path in GUIDES for m in re.findall(r'data-example="([^"]+)"',
                                                     _article(site, path))}
    assert used == {p.stem for p in EXAMPLES.glob("*.json")}


# -- the hook refuses an example that disagrees ---------------------------------------------

@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    for path in EXAMPLES.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _expect(folder: Path, name: str, **expect: str) -> None:
    path = folder / f"{name}.json"
    data = json.loads(path.read_text())
    data["expect"] = {key.replace("__", "."): value for key, value in expect.items()}
    path.write_text(json.dumps(data))


def test_every_example_holds_what_its_guide_relies_on():
    for path in EXAMPLES.glob("*.json"):
        example = hook().load(path.stem)
        assert json.loads(path.read_text()).get("expect"), f"{path.name}: nothing relied on"
        assert example.steps, path.name


def test_an_example_that_disagrees_with_its_guide_fails_the_build(examples_copy):
    _expect(examples_copy, "decision-friday", follow_up_1__opens="Wed 3 Mar",
            follow_up_1__rule="R8")
    renderer = hook().Renderer(examples_copy)
    page = 'Opens **{{ example("decision-friday").follow_up_1.opens }}**.'
    with pytest.raises(hook().ExampleError,
                       match=r"docs/how-long-to-wait\.md:1: site_app/examples/decision-friday"
                             r"\.json: the guide relies on follow_up_1\.opens = 'Wed 3 Mar', "
                             r"but the planner gives 'Thu 4 Mar'"):
        renderer.render(page, "docs/how-long-to-wait.md")


def test_the_build_checks_every_example_before_any_page(examples_copy, monkeypatch):
    _expect(examples_copy, "three-strikes", move_on__rule="R15")
    monkeypatch.setattr(hook(), "EXAMPLES", examples_copy)
    with pytest.raises(hook().ExampleError, match=r"move_on\.rule = 'R15'"):
        hook().on_pre_build()


def test_an_unshown_example_fails_the_build(examples_copy, monkeypatch):
    renderer = hook().Renderer(examples_copy)
    renderer.render('{{ example("three-strikes").move_on.window }}', "t.md")
    monkeypatch.setattr(hook(), "_renderer", renderer)
    with pytest.raises(hook().ExampleError, match=r"no guide shows the examples .*week-later"):
        hook().on_post_build()


@pytest.mark.parametrize(("markdown", "message"), [
    ('{{ example("no-such").thank_you.window }}', r't\.md:1: no example "no-such"'),
    ('{{ example("tuesday-interview").thank_you.windw }}',
     r'example "tuesday-interview" has no field "thank_you.windw"; it has: '),
    ('{{ example("three-strikes").follow_up_1.window }}', r'no field "follow_up_1.window"'),
    ("\n<!-- planner-steps: three-strikes follow_up_1 -->",
     r't\.md:2: the planner plans no step "follow_up_1" in example "three-strikes"; it plans: '
     r"move_on"),
    ("<!-- planner-draft: after-applying thank_you -->",
     r"Add the interview with Acme first"),
    ("<!-- planner-draft: tuesday-interview follow-up -->", r'"follow-up" is not a kind'),
    ("<!-- planner-steps: -->", r"needs an example's name"),
    ("Text <!-- planner-steps: week-later --> inline", r"a planner marker this hook cannot"),
])
def test_the_hook_fails_loudly_on_what_it_cannot_show(markdown, message):
    with pytest.raises(hook().ExampleError, match=message):
        hook().Renderer().render(markdown, "t.md")


def test_a_worked_draft_with_gaps_fails_the_build(examples_copy):
    path = examples_copy / "tuesday-interview.json"
    data = json.loads(path.read_text())
    del data["document"]["applications"][0]["interviews"][0]["strengths"]
    path.write_text(json.dumps(data))
    with pytest.raises(hook().ExampleError, match=r"has gaps \[your strengths\]"):
        hook().Renderer(examples_copy).render(
            "<!-- planner-draft: tuesday-interview thank_you -->", "t.md")


def test_an_indented_marker_renders_inside_its_box():
    out = hook().Renderer().render(
        '!!! example "In the planner"\n    <!-- planner-steps: three-strikes -->\n', "t.md")
    lines = out.splitlines()
    assert lines[1].startswith('    - **<span class="planner-value" data-example='
                               '"three-strikes" data-field="move_on.title">Move on</span>**')


# -- nothing typed by hand ----------------------------------------------------------------

_WEEKDAY = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(day|sday|nesday|rsday|urday)?\b"
_HAND_TYPED = re.compile(
    rf"\b{_WEEKDAY}|\b\d{{1,2}}(:\d\d)?\s*(?i:am|pm)\b|\b(?i:noon|midnight)\b"
    r"|\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_BOX = re.compile(r'^!!! \w+ "In the planner"\n((?:[ \t]+.*\n|\n)*)', re.M)


def test_no_in_the_planner_box_types_a_date_or_time_by_hand():
    boxes = 0
    for md in DOCS.rglob("*.md"):
        source = md.read_text(encoding="utf-8")
        for box in _BOX.finditer(source + "\n"):
            boxes += 1
            body = box.group(1)
            assert "{{ example(" in body or "<!-- planner-" in body, (
                f"{md.name}: an \"In the planner\" box not computed by the planner")
            bare = re.sub(r"\{\{.*?\}\}|<!--.*?-->", "", body, flags=re.S)
            typed = _HAND_TYPED.search(bare)
            assert typed is None, f"{md.name}: {typed.group(0)!r} typed by hand in {body!r}"
    assert boxes >= 10


def test_every_worked_email_in_the_guides_is_rendered_by_the_planner():
    for md in DOCS.rglob("*.md"):
        assert '<div class="email"' not in md.read_text(encoding="utf-8"), (
            f"{md.name}: a worked email typed by hand; use <!-- planner-draft: NAME KIND -->")
