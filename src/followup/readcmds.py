"""The commands that read the data file and change nothing: ``plan``, ``draft``, ``ics``,
``history`` and ``check``.
"""

from __future__ import annotations

import argparse
import json
import sys
from zoneinfo import ZoneInfo

from . import drafts, labels, planner, search, words
from .cliparts import EXIT_OK, CliError, _entries, _now, _read, write_atomically
from .dataerrors import DataError

_GROUPS = labels.GROUP_TITLES


def cmd_plan(args: argparse.Namespace) -> int:
    _, doc = _read(args.file)
    now = _now(args.now)
    steps = planner.actions(doc, now=now)
    query = getattr(args, "search", None)
    if query is not None:
        found = {a.id for a in doc.applications if search.matches(a, query)}
        steps = [s for s in steps if s.application in found]
        if not args.json:
            names = ", ".join(a.company + (" (closed)" if a.closed else "")
                              for a in doc.applications if a.id in found)
            print(f"{_matching(len(found), query)}{': ' + names if names else ''}.")
            if not found:
                return EXIT_OK
            print()
    if args.json:
        print(json.dumps({"actions": [a.to_json() for a in steps]}, ensure_ascii=False,
                         indent=2))
        return EXIT_OK
    tz = ZoneInfo(doc.settings.timezone)
    if not steps:
        print("Nothing to do: no open application has a step left.")
        return EXIT_OK
    current = None
    for step in steps:
        section = planner.group(step, now, tz)
        if section != current:
            if current is not None:
                print()
            print(_GROUPS[section])
            current = section
        # What to do, then when (the time to act first, as the page shows it) and why.
        print(f"  {step.company}: {words.step_title(doc, step)}")
        print(f"      {words.window(step, now, tz)}. {step.why} [{step.rule}: {step.guide}]")
    return EXIT_OK


def _matching(count: int, query: str) -> str:
    """'2 applications match "acme"'."""
    one = count == 1
    return f'{count} application{"" if one else "s"} match{"es" if one else ""} "{query}"'


def cmd_draft(args: argparse.Namespace) -> int:
    _, doc = _read(args.file)
    try:
        found = drafts.draft(doc, args.app, args.kind, now=_now(args.now),
                             contact=args.contact, attempt=args.attempt)
    except drafts.DraftError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    if found.to or found.to_gap:  # never a silent blank: a missing address is a gap
        print(f"To: {found.to or found.to_gap}")
    print(f"Subject: {found.subject}\n")
    print(found.body, end="")
    if found.gaps:
        print(f"\n(Fill in before sending: {', '.join(found.gaps)})", file=sys.stderr)
    return EXIT_OK


def cmd_ics(args: argparse.Namespace) -> int:
    from . import ics

    _, doc = _read(args.file)
    now = _now(args.now)
    steps = [a for a in planner.actions(doc, now=now) if args.app in (None, a.application)]
    if args.app is not None and doc.application(args.app) is None:
        raise CliError(f'no application with the id "{args.app}"')
    data = ics.calendar(doc, steps, now=now,
                        applications=None if args.app is None else [args.app])
    if args.output is None or str(args.output) == "-":
        sys.stdout.buffer.write(data)
    else:
        write_atomically(args.output, data.decode("utf-8"))
        cancelled = data.count(b"STATUS:CANCELLED")
        gone = f", and cancels {cancelled} done or dropped" if cancelled else ""
        print(f"Wrote {len(steps)} events to {args.output}{gone}", file=sys.stderr)
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    raw, doc = _read(args.file)
    app = doc.application(args.app)
    if app is None:
        raise CliError(f'no application with the id "{args.app}"')
    entries = _entries(raw, args.app)
    if args.json:
        print(json.dumps({"entries": [{"number": n, **entry}
                                      for n, (_, entry) in enumerate(entries, start=1)]},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    if not entries:
        print(f"{app.company}: nothing recorded yet.")
        return EXIT_OK
    tz = ZoneInfo(doc.settings.timezone)
    print(f"{app.company}, oldest first:")
    for number, (event, (_, entry)) in enumerate(zip(app.events, entries, strict=True), start=1):
        note = entry.get("note")
        said = f' \u00b7 "{note.strip()}"' if isinstance(note, str) and note.strip() else ""
        when = words.event_when(event, tz)
        print(f"  {number:>2}. {when}: "
              f"{words.event_label(app, event)}{said}")
    print(f"Correct one with: followup fix {args.file} {args.app} NUMBER --at ISO, --channel, "
          "--outcome, --tone, --contact ID or --note TEXT", file=sys.stderr)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    _, doc = _read(args.file)
    now = _now(args.now)
    try:
        planner.plan(doc, now=now)
    except DataError as exc:
        raise CliError(f"{args.file}: {exc}") from None
    count = len(doc.applications)
    print(f"{args.file}: valid ({count} application{'s' if count != 1 else ''})")
    return EXIT_OK
