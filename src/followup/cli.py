"""The ``followup`` command: a thin adapter over the core.

It parses, reads the clock (``--now`` overrides it), reads and writes the data file, maps
every failure of the input to exit status 2 and one line on stderr, and calls the core for
the rest. Its own bugs (an unexpected exception) are one line too, with exit status 70 and
a request to report it; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import locale
import os
import re
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import (
    __version__,
    changeerrors,
    changes_cli,
    dataformat,
    datewords,
    drafts,
    edit,
    filestore,
    jsonread,
    jsonwrite,
    labels,
    planner,
    sheetdates,
    sheetexport,
    sheetfile,
    spreadsheet,
    validation,
    words,
)
from .dataerrors import DataError
from .model import ActionKind, Channel, Document, Outcome, Tone

EXIT_OK = 0
EXIT_BAD_INPUT = 2
#: An unexpected problem: a bug of the command line's own (sysexits' EX_SOFTWARE).
EXIT_BUG = 70

_GROUPS = labels.GROUP_TITLES


class CliError(Exception):
    """A failure to report as one line, with exit status 2."""


def _now(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        return validation.parse_datetime(value, "--now")
    except DataError as exc:
        raise CliError(str(exc)) from None


#: The most bytes read from a data file: its most characters, each at most 4 bytes in UTF-8.
_MAX_BYTES = 4 * jsonread.MAX_CHARS


def _read_bytes(path: Path, limit: int, kind: str) -> bytes:
    """At most ``limit`` bytes of a file; every way that can fail is one :class:`CliError`
    (``kind`` names what a folder is not: "a data file", "a spreadsheet")."""
    try:
        with path.open("rb") as handle:
            return handle.read(limit)
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{path}: a folder, not {kind}") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except ValueError as exc:  # e.g. a NUL character in the name
        raise CliError(f"{path}: cannot read it ({exc})") from None


def _read(path: Path) -> tuple[dict[str, Any], Document]:
    """The data file, read and validated; every way that can fail is one :class:`CliError`."""
    data = _read_bytes(path, _MAX_BYTES + 1, "a data file")
    if len(data) > _MAX_BYTES:
        raise CliError(f"{path}: the file is too large (more than {_MAX_BYTES:,} bytes; a "
                       f"data file has at most {jsonread.MAX_CHARS:,} characters)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CliError(f"{path}: not a text file (byte {exc.start + 1:,} is not UTF-8; "
                       "expected UTF-8 JSON)") from None
    try:
        raw, document = dataformat.load(text)
    except DataError as exc:
        raise CliError(f"{path}: {exc}") from None
    if document.settings.clock is not None:  # the file's own clock wins over the locale's
        datewords.set_clock(document.settings.clock.value)
    return raw, document


#: Locales that write times on the 12-hour clock when the system cannot say (not installed).
_TWELVE_HOUR = re.compile(r"^(en_(US|CA|AU|NZ|PH|IN)|es_(US|MX|CO)|hi_IN|ar_|ko_KR|zh_TW|ur_)")


def clock_of_locale(environ: Mapping[str, str]) -> str:
    """The user's clock, "12h" or "24h", from the locale ``environ`` names for times (LC_ALL,
    LC_TIME or LANG); with none, or the C locale, "12h" (the planner's English)."""
    name = next((environ[k] for k in ("LC_ALL", "LC_TIME", "LANG") if environ.get(k)), "")
    if not name or name in ("C", "POSIX") or name.startswith("C."):
        return "12h"
    previous = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, name)
        # The locale's own time format: a 12-hour one writes the hour with %I or %r.
        time_format = locale.nl_langinfo(locale.T_FMT)
        twelve = "%I" in time_format or "%r" in time_format
    except (locale.Error, AttributeError, ValueError):  # not installed: by its name
        twelve = bool(_TWELVE_HOUR.match(name))
    finally:
        locale.setlocale(locale.LC_TIME, previous)
    return "12h" if twelve else "24h"


def write_atomically(path: Path, text: str) -> None:
    """Write ``path`` whole and safely (``followup.filestore``), keeping ``.bak``."""
    try:
        filestore.write(path, text)
    except filestore.WriteError as exc:
        raise CliError(str(exc)) from None


def cmd_plan(args: argparse.Namespace) -> int:
    _, doc = _read(args.file)
    now = _now(args.now)
    steps = planner.actions(doc, now=now)
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


def _under_lock(args: argparse.Namespace, body: Callable[[argparse.Namespace, Path], int]) -> int:
    """Read, change and write the data file under its lock: concurrent runs all land, in
    turn. ``body`` gets the file to write (the link's target, for a symlink)."""
    try:
        with filestore.locked(args.file) as target:
            return body(args, target)
    except filestore.WriteError as exc:
        raise CliError(str(exc)) from None


def cmd_log(args: argparse.Namespace) -> int:
    return _under_lock(args, _log)


def _log(args: argparse.Namespace, target: Path) -> int:
    raw, doc = _read(args.file)
    at = _at(args.at, doc) if args.at else _now(args.now)
    app = doc.application(args.app)
    if app is None:
        raise CliError(f'no application with the id "{args.app}"')
    what = args.what.replace("-", "_")
    # The page's changes, made by the same code (followup.edit): the same defaults and checks.
    change: dict[str, Any]
    if what == "close":
        change = {"op": "update_application", "app": args.app, "fields": {"closed": True}}
    else:
        change = {"op": "record", "app": args.app, "type": what, "at": at.isoformat(),
                  "contact": args.contact}
        if what == "reply":
            if args.tone is None:
                raise CliError("a reply needs --tone (warm, brief, rejection or offer)")
            change["tone"] = args.tone
        else:
            change["channel"] = args.channel
            if what == "follow_up":
                change["outcome"] = args.outcome
    if args.anyway:
        change["despite"] = True
    try:
        new, _, _ = edit.apply(raw, doc, change, now=at)
    except changeerrors.RuleWarning as exc:
        raise CliError(f"not recorded, the file is unchanged: {exc} If it happened, record it "
                       "with --anyway: the plan goes on from what really happened.") from None
    except (changeerrors.ChangeError, DataError) as exc:
        raise CliError(f"not recorded, the file is unchanged: {exc}") from None
    filestore.replace(target, jsonwrite.dump(new), shown=args.file)
    print(f"Recorded {what.replace('_', ' ')} for {app.company} "
          f"({datewords.moment(at.astimezone(ZoneInfo(doc.settings.timezone)))}).", file=sys.stderr)
    return EXIT_OK


def _at(value: str, doc: Document) -> datetime:
    """``--at``: with an offset, or on the file's time zone without one (as ``fix`` reads it)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise CliError(f'--at: "{value}" is not a date and time, like 2026-11-17T15:00 (on '
                       "the file's time zone) or 2026-11-17T15:00:00-05:00") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(doc.settings.timezone))


def _entries(raw: dict[str, Any], app_id: str) -> list[tuple[int, dict[str, Any]]]:
    """An application's recorded entries, oldest first, each with its place in the file (the
    order the planner reads them in: by time, and in the file's order at the same time)."""
    found = next((a for a in raw.get("applications") or []
                  if isinstance(a, dict) and a.get("id") == app_id), None)
    events = (found or {}).get("events") or []
    return [(i, events[i]) for i in dataformat.event_order(events)]


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


def cmd_fix(args: argparse.Namespace) -> int:
    return _under_lock(args, _fix)


def _fix(args: argparse.Namespace, target: Path) -> int:
    raw, doc = _read(args.file)
    now = _now(args.now)
    app = doc.application(args.app)
    if app is None:
        raise CliError(f'no application with the id "{args.app}"')
    entries = _entries(raw, args.app)
    if not 1 <= args.number <= len(entries):
        held = f"its entries are 1 to {len(entries)}" if entries else "nothing is recorded"
        raise CliError(f"no entry {args.number} in the history of {app.company} ({held}; "
                       f"see followup history {args.file} {args.app})")
    given = {"at_local": args.at, "channel": args.channel, "outcome": args.outcome,
             "tone": args.tone, "contact": args.contact, "note": args.note}
    fields = {k: v for k, v in given.items() if v is not None}
    if not fields:
        raise CliError("nothing to correct: give --at, --channel, --outcome, --tone, --contact "
                       "or --note")
    index, entry = entries[args.number - 1]
    change: dict[str, Any] = {"op": "update_event", "app": args.app, "index": index,
                              "at": entry["at"], "fields": fields}
    if args.anyway:
        change["despite"] = True
    try:
        new, records, _, _ = edit.change(raw, doc, change, now=now)
    except changeerrors.RuleWarning as exc:
        raise CliError(f"not corrected, the file is unchanged: {exc} If it happened, correct "
                       "it with --anyway: the plan goes on from what really happened.") from None
    except (changeerrors.ChangeError, DataError) as exc:
        raise CliError(f"not corrected, the file is unchanged: {exc}") from None
    filestore.replace(target, jsonwrite.dump(new), shown=args.file)
    fixed = records.application(args.app)
    assert fixed is not None
    # Its number now: a new time may have moved it among the others.
    number = next(n for n, (i, _) in enumerate(_entries(new, args.app)) if i == index)
    event = fixed.events[number]
    when = words.event_when(event, ZoneInfo(doc.settings.timezone))
    print(f"Corrected {app.company}'s entry {number + 1}: {when}: "
          f"{words.event_label(fixed, event)}.", file=sys.stderr)
    return EXIT_OK


def cmd_change(args: argparse.Namespace) -> int:
    """One of the page's changes (``changes_cli.COMMANDS``), made under the file's lock."""
    return _under_lock(args, _change)


def _change(args: argparse.Namespace, target: Path) -> int:
    command: changes_cli.Command = args.change_command
    raw, doc = _read(args.file)
    now = _now(args.now)
    app = doc.application(args.app) if command.per_application else None
    if command.per_application and app is None:
        raise CliError(f'no application with the id "{args.app}"')
    try:
        change = changes_cli.change(command, args)
    except changes_cli.CommandError as exc:
        raise CliError(str(exc)) from None
    if app is not None and change["op"] == "remove" and change["what"] != "away":
        held = ([i.id for i in app.interviews] if change["what"] == "interview"
                else [c.id for c in app.contacts])
        if change["id"] not in held:
            raise CliError(f'{app.company} has no {change["what"]} with the id '
                           f'"{change["id"]}" (its ids: {", ".join(held) or "none"})')
    try:
        new, records, message, _ = edit.change(raw, doc, change, now=now)
    except (changeerrors.ChangeError, DataError) as exc:
        raise CliError(f"not changed, the file is unchanged: {exc}") from None
    filestore.replace(target, jsonwrite.dump(new), shown=args.file)
    if change["op"] == "add_application":  # its id, for the commands that follow
        message = f"{message[:-1]} (id: {records.applications[-1].id})."
    print(message, file=sys.stderr)
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


def cmd_init(args: argparse.Namespace) -> int:
    if args.file.exists():
        raise CliError(f"{args.file}: already exists; nothing was changed")
    try:
        validation.check_timezone(args.timezone, "--timezone")
    except DataError as exc:
        raise CliError(str(exc)) from None
    country = args.country
    if country is None and sys.stdin.isatty():
        country = input("Your country, for public holidays (two letters such as US, GB or FR;"
                        " Enter for none): ")
    raw = dataformat.new_raw(args.timezone)
    gentler = {k: v for k, v in (("max_follow_ups", args.max_follow_ups),
                                 ("spacing_days", args.spacing_days)) if v is not None}
    if gentler:
        try:
            raw, _, _ = edit.apply(raw, dataformat.to_document(raw),
                                   {"op": "settings", "fields": gentler}, now=_now(args.now))
        except changeerrors.ChangeError as exc:
            raise CliError(str(exc)) from None
    if country and country.strip():
        try:
            raw, _, _ = edit.apply(raw, dataformat.to_document(raw),
                                   {"op": "settings", "fields": {"country": country}},
                                   now=_now(args.now))
        except changeerrors.ChangeError as exc:
            raise CliError(f"--country: {exc}") from None
    else:
        print("No country set: public holidays are not counted. Add one with --country, "
              "for example --country US.", file=sys.stderr)
    text = jsonwrite.dump(raw)
    try:
        with filestore.locked(args.file) as target:
            if target.exists():  # created by another run meanwhile
                raise CliError(f"{args.file}: already exists; nothing was changed")
            filestore.replace(target, text, shown=args.file)
    except filestore.WriteError as exc:
        raise CliError(str(exc)) from None
    print(f"Created {args.file}", file=sys.stderr)
    return EXIT_OK


def _read_spreadsheet(path: Path) -> str:
    """A CSV file's text; every way that can fail is one :class:`CliError`."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(sheetfile.MAX_BYTES + 1)
    else:
        data = _read_bytes(path, sheetfile.MAX_BYTES + 1, "a spreadsheet")
    if len(data) > sheetfile.MAX_BYTES:
        raise CliError(f"{path}: the file is too large (more than "
                       f"{sheetfile.MAX_BYTES // 1024 // 1024} MB; a spreadsheet of "
                       "applications is at most that); nothing was changed")
    try:
        return sheetfile.decode(data)
    except sheetfile.SpreadsheetError as exc:
        raise CliError(f"{path}: {exc}") from None


#: The countries whose people write dates month first (used when a file's dates fit both).
_MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "BZ", "CA"})


def _print_preview(preview: spreadsheet.Preview, source: Path) -> None:
    added, refused, twins = preview["added"], preview["not_understood"], preview["duplicates"]
    print(f"{source}: {preview['rows']} row{'s' if preview['rows'] != 1 else ''} below the "
          f"header, separated by {preview['delimiter_name']}s.")
    used = [f"{c['name'] or '(no name)'} → {c['use']}" for c in preview["columns"]]
    print("Columns: " + "; ".join(used))
    if preview["date_format"]:
        other = next((o for o in sheetdates.DATE_FORMATS if o != preview["date_format"]), "")
        print(f"Dates in numbers are read as {sheetdates.DATE_FORMATS[preview['date_format']]}"
              f" ({preview['date_example']}); --dates {other} reads them as "
              f"{sheetdates.DATE_FORMATS[other]}.")
    print(f"\nTo add ({len(added)}):")
    for a in added:
        role = f", {a['role']}" if a["role"] else ""
        print(f"  row {a['row']}: {a['company']}{role}: {a['detail']}")
    if twins:
        print(f"\nDuplicates, left out ({len(twins)}):")
        for d in twins:
            role = f", {d['role']}" if d["role"] else ""
            print(f"  row {d['row']}: {d['company']}{role}: {d['of']}")
    if refused:
        print(f"\nNot understood, left out ({len(refused)}):")
        for r in refused:
            print(f"  row {r['row']}: {r['reason']}")


def cmd_import(args: argparse.Namespace) -> int:
    text = _read_spreadsheet(args.csv)
    now = _now(args.now)
    return _under_lock(args, lambda args, target: _import(args, target, text, now))


def _import(args: argparse.Namespace, target: Path, text: str, now: datetime) -> int:
    raw, doc = _read(args.file)
    prefer = "mdy" if doc.settings.country in _MONTH_FIRST else "dmy"
    try:
        reading = spreadsheet.read(raw, doc, text, now=now, date_format=args.dates,
                                   prefer=prefer)
    except sheetfile.SpreadsheetError as exc:
        raise CliError(f"{args.csv}: {exc}") from None
    preview = reading.preview
    if args.json:
        print(json.dumps(preview, ensure_ascii=False, indent=2))
    else:
        _print_preview(preview, args.csv)
    if not args.yes:
        print("\nNothing was changed: run again with --yes to add them.", file=sys.stderr)
        return EXIT_OK
    change = {"op": "import_spreadsheet", "text": text, "date_format": preview["date_format"]}
    try:
        new, message, _ = edit.apply(raw, doc, change, now=now)
    except (changeerrors.ChangeError, DataError) as exc:
        raise CliError(f"not imported, the file is unchanged: {exc}") from None
    filestore.replace(target, jsonwrite.dump(new), shown=args.file)
    print(message, file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    raw, doc = _read(args.file)
    text = sheetexport.export(raw, doc, now=_now(args.now))
    if args.output is None or str(args.output) == "-":
        sys.stdout.buffer.write(text.encode("utf-8"))
    else:
        write_atomically(args.output, text)
        count = len(doc.applications)
        print(f"Wrote {count} application{'s' if count != 1 else ''} to {args.output}",
              file=sys.stderr)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="followup", description="Plan the follow-up after a job interview.")
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    top.add_argument("--debug", action="store_true",
                     help="on an unexpected problem, print its traceback (to report it)")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("file", type=Path, metavar="FILE", help="the data file (JSON)")
        p.add_argument("--now", metavar="ISO", help="plan as of this date-time "
                       "(default: the current time)")
        return p

    p = command("plan", "the remaining steps of every open application, in date order")
    p.add_argument("--json", action="store_true", help='print {"actions": [...]}')
    p.set_defaults(run=cmd_plan)

    p = command("draft", "the draft of one message")
    p.add_argument("app", metavar="APP", help="the application's id")
    p.add_argument("--kind", required=True, choices=[k.value for k in ActionKind])
    p.add_argument("--contact", metavar="ID", help="the contact's id")
    p.add_argument("--attempt", type=int, choices=[1, 2, 3], help="which follow-up")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_draft)

    p = command("ics", "the plan as a calendar file with reminders")
    p.add_argument("--app", metavar="APP", help="only this application")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="write here, not stdout")
    p.set_defaults(run=cmd_ics)

    p = command("log", "record what happened: a note sent, a call, a reply, or close")
    p.add_argument("app", metavar="APP", help="the application's id")
    p.add_argument("what", choices=["thank-you", "follow-up", "reply", "close",
                                    "thank_you", "follow_up"])
    p.add_argument("--contact", metavar="ID")
    p.add_argument("--channel", choices=[c.value for c in Channel])
    p.add_argument("--outcome", choices=[o.value for o in Outcome])
    p.add_argument("--tone", choices=[t.value for t in Tone])
    p.add_argument("--at", metavar="ISO", help="when it happened, with an offset or on the "
                   "file's time zone (default: now)")
    p.add_argument("--anyway", action="store_true",
                   help="record it even though it goes against a rule (R7, R10, R12, R14)")
    p.set_defaults(run=cmd_log)

    p = command("history", "what is recorded for an application, numbered, oldest first")
    p.add_argument("app", metavar="APP", help="the application's id")
    p.add_argument("--json", action="store_true", help='print {"entries": [...]}, each entry '
                   "as the file has it, with its number")
    p.set_defaults(run=cmd_history)

    p = command("fix", "correct an entry of the history: its time, channel, outcome, tone, "
                       "person or note")
    p.add_argument("app", metavar="APP", help="the application's id")
    p.add_argument("number", type=int, metavar="NUMBER",
                   help="the entry's number, as followup history prints it")
    p.add_argument("--at", metavar="ISO", help="when it really happened: with an offset, or on "
                   "the file's time zone without one (never later than now)")
    p.add_argument("--channel", choices=[c.value for c in Channel])
    p.add_argument("--outcome", choices=[o.value for o in Outcome])
    p.add_argument("--tone", choices=[t.value for t in Tone])
    p.add_argument("--contact", metavar="ID", help='who it was with ("" for nobody named)')
    p.add_argument("--note", metavar="TEXT", help='what was said ("" takes the note away)')
    p.add_argument("--anyway", action="store_true",
                   help="correct it even though it then goes against a rule (R7, R10, R12, R14)")
    p.set_defaults(run=cmd_fix)

    p = command("check", "validate the data file")
    p.set_defaults(run=cmd_check)

    p = command("init", "create an empty data file")
    p.add_argument("--timezone", default="UTC", help='an IANA name like "Europe/Paris"')
    p.add_argument("--country", help="two-letter code, for public holidays")
    p.add_argument("--max-follow-ups", metavar="N",
                   help="a gentler plan: fewer follow-ups than the method's (R13)")
    p.add_argument("--spacing-days", metavar="DAYS",
                   help="a gentler plan: more days between follow-ups, 7 to 60 (R13)")
    p.set_defaults(run=cmd_init)

    p = command("import", "add the applications of a spreadsheet (CSV): shows what would be "
                          "added, and adds them with --yes")
    p.add_argument("csv", type=Path, metavar="CSV", help="the spreadsheet, saved as CSV "
                   "(- reads it from stdin)")
    p.add_argument("--yes", action="store_true", help="add them (without it, nothing changes)")
    p.add_argument("--dates", choices=list(sheetdates.DATE_FORMATS),
                   help="how dates written in numbers are read: dmy (day/month/year) or mdy "
                        "(month/day/year); by default the order that reads every date")
    p.add_argument("--json", action="store_true", help="print the preview as JSON")
    p.set_defaults(run=cmd_import)

    p = command("export", "one row per application, for a spreadsheet (CSV)")
    p.add_argument("output", type=Path, nargs="?", metavar="OUT",
                   help="write here (default: stdout)")
    p.set_defaults(run=cmd_export)

    # The page's other changes, one command each, from one table.
    for row in changes_cli.COMMANDS:
        p = command(row.name, row.help)
        if row.per_application:
            p.add_argument("app", metavar="APP", help="the application's id")
        for option in row.options:
            p.add_argument(*option.flags, help=option.help, **option.more)
        p.set_defaults(run=cmd_change, change_command=row)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        with datewords.using_clock(clock_of_locale(os.environ)):
            code: int = args.run(args)
    except CliError as exc:
        _say(str(exc))
        return EXIT_BAD_INPUT
    except DataError as exc:
        _say(f"{args.file}: {exc}")
        return EXIT_BAD_INPUT
    except OSError as exc:
        _say(f"{exc.filename or args.file}: {exc.strerror or exc}")
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one line and the file as it was; the trace on request
        if args.debug:
            traceback.print_exc()
        _say(f"unexpected problem ({type(exc).__name__}): {exc}; nothing was changed. This "
             "is a bug in followup: please report it, with the output of the same command "
             "run with --debug first")
        return EXIT_BUG
    return code


def _say(message: str) -> None:
    """One line on stderr, whatever the message holds (line breaks are shown as \\n)."""
    one_line = message.replace("\r", "\\r").replace("\n", "\\n")
    print(f"followup: {one_line}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
