"""The ``followup`` command: a thin adapter over the core.

It parses, reads the clock (``--now`` overrides it), reads and writes the data file, maps
every failure to exit status 2 and one line on stderr, and calls the core for the rest.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import __version__, dataformat, drafts, edit, planner, words
from .dataformat import DataError
from .model import ActionKind, Channel, Document, Outcome, Tone

EXIT_OK = 0
EXIT_BAD_INPUT = 2

_GROUPS = words.GROUP_TITLES


class CliError(Exception):
    """A failure to report as one line, with exit status 2."""


def _now(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        return dataformat.parse_datetime(value, "--now")
    except DataError as exc:
        raise CliError(str(exc)) from None


def _read(path: Path) -> tuple[dict[str, Any], Document]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise CliError(f"{path}: not a text file (expected UTF-8 JSON)") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        return dataformat.load(text)
    except DataError as exc:
        raise CliError(f"{path}: {exc}") from None


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file, fsync and rename; keep the previous file as ``.bak``."""
    folder = path.resolve().parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            backup = path.with_name(path.name + ".bak")
            os.replace(path, backup)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


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
        title = words.step_title(doc, step)
        print(f"  {words.moment(step.latest.astimezone(tz))} (latest)  {step.company}: {title}")
        print(f"      from {words.moment(step.earliest.astimezone(tz))}. {step.why} "
              f"[{step.rule}: {step.guide}]")
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
    if found.to:
        print(f"To: {found.to}")
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
    data = ics.calendar(doc, steps, now=now)
    if args.output is None or str(args.output) == "-":
        sys.stdout.buffer.write(data)
    else:
        write_atomically(args.output, data.decode("utf-8"))
        print(f"Wrote {len(steps)} events to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    raw, doc = _read(args.file)
    at = _now(args.at) if args.at else _now(args.now)
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
    try:
        new, _, _ = edit.apply(raw, doc, change, now=at)
    except (edit.ChangeError, DataError) as exc:
        raise CliError(f"not recorded, the file is unchanged: {exc}") from None
    write_atomically(args.file, dataformat.dump(new))
    print(f"Recorded {what.replace('_', ' ')} for {app.company} "
          f"({words.moment(at.astimezone(ZoneInfo(doc.settings.timezone)))}).", file=sys.stderr)
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
        dataformat.check_timezone(args.timezone, "--timezone")
    except DataError as exc:
        raise CliError(str(exc)) from None
    write_atomically(args.file, dataformat.dump(dataformat.new_raw(args.timezone, args.country)))
    print(f"Created {args.file}", file=sys.stderr)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="followup", description="Plan the follow-up after a job interview.")
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
    p.add_argument("--at", metavar="ISO", help="when it happened (default: now)")
    p.set_defaults(run=cmd_log)

    p = command("check", "validate the data file")
    p.set_defaults(run=cmd_check)

    p = command("init", "create an empty data file")
    p.add_argument("--timezone", default="UTC", help='an IANA name like "Europe/Paris"')
    p.add_argument("--country", help="two-letter code, for public holidays")
    p.set_defaults(run=cmd_init)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except CliError as exc:
        print(f"followup: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DataError as exc:
        print(f"followup: {args.file}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"followup: {exc.filename or args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return code


if __name__ == "__main__":
    sys.exit(main())
