"""MkDocs hook: the guides' worked examples, computed by the planner at site-build time.

Each example is a small data file, ``site_app/examples/NAME.json``::

    {"story": "what it shows", "now": "2027-03-03T09:00:00-05:00",
     "document": {... a followup-planner v1 document with one application ...},
     "expect": {"follow_up_1.rule": "R8"}}

A guide page shows it in three ways; the words are the planner page's own
(:mod:`followup.words`, :func:`followup.drafts.draft`):

- ``{{ example("NAME").FIELD }}`` inline: one value, e.g. ``thank_you.window`` ("by Thu 4 Mar,
  3 am"), ``follow_up_1.opens`` ("Thu 4 Mar"), ``interview.weekday`` ("Tuesday"). The fields
  are listed by :meth:`Example.fields`; an unknown one fails the build and names the known.
- ``<!-- planner-steps: NAME [STEP ...] -->`` on a line of its own: the plan as a list (every
  step, or the ones named), each with its title, its window and the planner's reason.
- ``<!-- planner-draft: NAME KIND [ATTEMPT] -->`` on a line of its own: the message the planner
  drafts for that step, as an email. A worked example must be complete: a draft with a gap
  (a fact the example document lacks) fails the build.

Every value is wrapped in an element that names its example and field (``data-example``,
``data-field``; ``data-draft`` for a draft), so the tests can check the built pages against
the planner run on its own. ``expect`` states what a guide's prose relies on (say, that the
decision date sets the window, rule R8); the build fails when the planner disagrees, and when
an example file is unknown, unreadable or unused by every page.

This hook runs before ``guides.py``, which then fails on any ``{{`` left.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from followup import dataerrors, dataformat, datewords, drafts, planner, validation, words
from followup.model import Action, ActionKind, Document, EventType

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "site_app" / "examples"

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_INLINE = re.compile(r'\{\{\s*example\(\s*"([^"]*)"\s*\)\.([A-Za-z0-9_.]+)\s*\}\}')
_BLOCK = re.compile(r"^([ \t]*)<!--\s*planner-(steps|draft):([^>]*?)-->[ \t]*$", re.M)
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class ExampleError(ValueError):
    """An example cannot be shown as the guide asks, or the planner disagrees with it."""


def _moments(prefix: str, t: datetime) -> dict[str, str]:
    return {prefix: datewords.moment(t), f"{prefix}.day": datewords.day(t.date()),
            f"{prefix}.time": datewords.clock(t), f"{prefix}.weekday": _WEEKDAYS[t.weekday()]}


def _days(prefix: str, d: date) -> dict[str, str]:
    return {prefix: datewords.day(d), f"{prefix}.weekday": _WEEKDAYS[d.weekday()]}


def step_key(action: Action) -> str:
    """How a guide names a step: ``thank_you``, ``follow_up_2``, ``retry``, ``reply``,
    ``move_on`` (a panel's later notes: ``thank_you_<contact id>``)."""
    if action.rule == "R11":
        return "retry"
    if action.kind is ActionKind.FOLLOW_UP:
        return f"follow_up_{action.attempt}"
    return action.kind.value


class Example:
    """One example planned at its moment: its steps, and every value a guide may show."""

    # A plain class, not a dataclass: a hook module is loaded from its path.
    def __init__(self, name: str, story: str, now: datetime, document: Document,
                 steps: dict[str, Action], values: dict[str, str]) -> None:
        self.name, self.story, self.now, self.document = name, story, now, document
        self.steps, self.values = steps, values

    def fields(self) -> list[str]:
        return sorted(self.values)

    def value(self, field: str, where: str) -> str:
        found = self.values.get(field)
        if found is None:
            raise ExampleError(f'{where}: example "{self.name}" has no field "{field}"; '
                               f"it has: {', '.join(self.fields())}")
        return found

    def step(self, key: str, where: str) -> Action:
        found = self.steps.get(key)
        if found is None:
            raise ExampleError(f'{where}: the planner plans no step "{key}" in example '
                               f'"{self.name}"; it plans: {", ".join(self.steps)}')
        return found


def compute(name: str, data: dict[str, Any]) -> Example:
    """Plan the example's document at its moment, and word every value a guide may show."""
    where = f"site_app/examples/{name}.json"
    if not isinstance(data, dict) or not {"now", "document"} <= set(data):
        raise ExampleError(f'{where}: an example is {{"now", "document", "story"?, '
                           '"expect"?}}')
    unknown = set(data) - {"now", "document", "story", "expect"}
    if unknown:
        raise ExampleError(f"{where}: unknown keys {sorted(unknown)}")
    try:
        _, document = dataformat.load(json.dumps(data["document"]))
        now = validation.parse_datetime(data["now"], "now")
    except dataerrors.DataError as exc:
        raise ExampleError(f"{where}: {exc}") from None
    if len(document.applications) != 1:
        raise ExampleError(f"{where}: an example has exactly one application")
    tz = ZoneInfo(document.settings.timezone)
    app = document.applications[0]
    local_now = now.astimezone(tz)
    values = _moments("now", local_now)
    if app.interviews:
        values.update(_moments("interview", app.interviews[-1].ends_at.astimezone(tz)))
    if app.applied_on is not None:
        values.update(_days("applied", app.applied_on))
    if app.decision_expected is not None:
        values.update(_days("decision", app.decision_expected))
    for away in app.away:
        values.update(_days("away.from", away.start))
        values.update(_days("away.until", away.until))
    counts: dict[str, int] = {}
    for event in app.events:
        kind = {EventType.THANK_YOU: "thank_you_sent", EventType.FOLLOW_UP: "follow_up_made",
                EventType.REPLY: "reply_received"}[event.type]
        counts[kind] = counts.get(kind, 0) + 1
        at = event.at.astimezone(tz)
        values.update(_moments(kind, at))  # the last one of its kind
        values.update(_moments(f"{kind}_{counts[kind]}", at))
    steps: dict[str, Action] = {}
    for action in planner.actions(document, now=now):
        key = step_key(action)
        if key in steps:  # a panel: one note per interviewer
            key = f"{key}_{action.contact}"
        steps[key] = action
        values[f"{key}.title"] = words.step_title(document, action)
        values[f"{key}.window"] = words.window(action, now, tz)
        values[f"{key}.why"] = action.why
        values[f"{key}.rule"] = action.rule
        values[f"{key}.channel"] = action.channel.value
        for edge in ("earliest", "suggested", "latest"):
            values.update(_moments(f"{key}.{edge}", getattr(action, edge).astimezone(tz)))
        values.update(_days(f"{key}.opens", action.earliest.astimezone(tz).date()))
        values.update(_days(f"{key}.closes", action.latest.astimezone(tz).date()))
    example = Example(name, str(data.get("story", "")), now, document, steps, values)
    expect = data.get("expect", {})
    if not isinstance(expect, dict):
        raise ExampleError(f'{where}: "expect" maps fields to the values the guide relies on')
    for field, wanted in expect.items():
        got = example.value(field, where)
        if got != wanted:
            raise ExampleError(f"{where}: the guide relies on {field} = {wanted!r}, but the "
                               f"planner gives {got!r}")
    return example


def load(name: str, folder: Path | None = None) -> Example:
    folder = folder or EXAMPLES
    if not _NAME.fullmatch(name):
        raise ExampleError(f'"{name}" is not an example name (lowercase words joined by -)')
    path = folder / f"{name}.json"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.json")))
        raise ExampleError(f'no example "{name}" in site_app/examples; known: {known}')
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ExampleError(f"site_app/examples/{name}.json: not JSON ({exc})") from None
    return compute(name, data)


# -- rendering -------------------------------------------------------------------------------

def _span(example: str, field: str, text: str, css: str = "planner-value") -> str:
    return (f'<span class="{css}" data-example="{example}" data-field="{field}">'
            f"{html.escape(text, quote=False)}</span>")


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]#])")


def _markdown_text(text: str) -> str:
    """Plain text as Markdown that renders to exactly that text."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))


def steps_block(example: Example, keys: list[str], where: str) -> list[str]:
    chosen = keys or list(example.steps)
    lines = []
    for key in chosen:
        example.step(key, where)
        lines.append(f"- **{_span(example.name, f'{key}.title', example.values[f'{key}.title'])}"
                     f"**: {_span(example.name, f'{key}.window', example.values[f'{key}.window'])}"
                     f"<br>{_span(example.name, f'{key}.why', example.values[f'{key}.why'])}")
    return lines


def draft_block(example: Example, args: list[str], where: str) -> list[str]:
    if not 1 <= len(args) <= 2 or (len(args) == 2 and not args[1].isdigit()):
        raise ExampleError(f"{where}: write <!-- planner-draft: NAME KIND [ATTEMPT] -->")
    try:
        kind = ActionKind(args[0])
    except ValueError:
        raise ExampleError(f'{where}: "{args[0]}" is not a kind of step; kinds: '
                           f"{', '.join(k.value for k in ActionKind)}") from None
    attempt = int(args[1]) if len(args) == 2 else None
    app = example.document.applications[0]
    try:
        found = drafts.draft(example.document, app.id, kind, now=example.now, attempt=attempt)
    except drafts.DraftError as exc:
        raise ExampleError(f'{where}: example "{example.name}": {exc}') from None
    if found.gaps:
        raise ExampleError(f'{where}: the draft of example "{example.name}" has gaps '
                           f"{', '.join(found.gaps)}: give the example those facts")
    label = kind.value + (f"_{attempt}" if attempt else "")
    lines = [f'<div class="email" data-example="{example.name}" data-draft="{label}" markdown>',
             "", f"**Subject:** {_markdown_text(found.subject)}", ""]
    for paragraph in found.body.strip().split("\n\n"):
        lines.append("<br>\n".join(_markdown_text(line) for line in paragraph.split("\n")))
        lines.append("")
    lines.append("</div>")
    return [part for line in lines for part in line.split("\n")]


class Renderer:
    """Renders the examples of pages, loading each example once, and knows which were used."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or EXAMPLES
        self.cache: dict[str, Example] = {}

    def reset(self) -> None:
        """Start a new build: read the examples again, and check every one of them."""
        self.folder = EXAMPLES
        for path in sorted(self.folder.glob("*.json")):  # each expectation holds, used or not
            self.example(path.stem, "site_app/examples")
        self.cache.clear()

    def example(self, name: str, where: str) -> Example:
        if name not in self.cache:
            try:
                self.cache[name] = load(name, self.folder)
            except ExampleError as exc:
                raise ExampleError(f"{where}: {exc}") from None
        return self.cache[name]

    def render(self, markdown: str, where: str) -> str:
        def block(match: re.Match[str]) -> str:
            indent, what, args = match.group(1), match.group(2), match.group(3).split()
            line = markdown[: match.start()].count("\n") + 1
            at = f"{where}:{line}"
            if not args:
                raise ExampleError(f"{at}: planner-{what} needs an example's name")
            example = self.example(args[0], at)
            lines = (steps_block(example, args[1:], at) if what == "steps"
                     else draft_block(example, args[1:], at))
            return "\n".join(indent + text if text else "" for text in lines)

        def inline(match: re.Match[str]) -> str:
            line = markdown[: match.start()].count("\n") + 1
            at = f"{where}:{line}"
            example = self.example(match.group(1), at)
            return _span(example.name, match.group(2), example.value(match.group(2), at))

        done = _BLOCK.sub(block, markdown)
        leftover = re.search(r"<!--\s*planner-", done)
        if leftover:
            line = done[: leftover.start()].count("\n") + 1
            raise ExampleError(f"{where}:{line}: a planner marker this hook cannot read; write "
                               "<!-- planner-steps: NAME --> or <!-- planner-draft: NAME KIND "
                               "--> on a line of its own")
        return _INLINE.sub(inline, done)

    def unused(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.json") if p.stem not in self.cache)


_renderer = Renderer()


def on_pre_build(**_: Any) -> None:
    _renderer.reset()


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    return _renderer.render(markdown, f"docs/{page.file.src_uri}")


def on_post_build(**_: Any) -> None:
    unused = _renderer.unused()
    if unused:
        raise ExampleError(f"no guide shows the examples {', '.join(unused)}: use them or "
                           "delete them from site_app/examples")
