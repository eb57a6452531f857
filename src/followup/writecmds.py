"""The commands that change the data file: ``log``, ``fix``, ``init`` and the page's other
changes (one command each, from :mod:`followup.changes_cli`).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import (
    changeerrors,
    changes_cli,
    dataformat,
    datewords,
    edit,
    filestore,
    validation,
    words,
)
from .cliparts import EXIT_OK, CliError, _entries, _now, _read, _under_lock
from .dataerrors import DataError
from .model import Document


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
    filestore.replace(target, dataformat.dump(new), shown=args.file)
    print(f"Recorded {what.replace('_', ' ')} for {app.company} "
          f"({datewords.moment(at.astimezone(ZoneInfo(doc.settings.timezone)))}).", file=sys.stderr)
    return EXIT_OK


def _at(value: str, doc: Document) -> datetime:
    """``--at``: with an offset, or on the file's time zone without one (as ``fix`` reads it)."""
    try:
        return validation.local_moment(value, ZoneInfo(doc.settings.timezone))
    except ValueError:
        raise CliError(f'--at: "{value}" is not a date and time, like 2026-11-17T15:00 (on '
                       "the file's time zone) or 2026-11-17T15:00:00-05:00") from None


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
    filestore.replace(target, dataformat.dump(new), shown=args.file)
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
    filestore.replace(target, dataformat.dump(new), shown=args.file)
    if change["op"] == "add_application":  # its id, for the commands that follow
        message = f"{message[:-1]} (id: {records.applications[-1].id})."
    print(message, file=sys.stderr)
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
    text = dataformat.dump(raw)
    try:
        with filestore.locked(args.file) as target:
            if target.exists():  # created by another run meanwhile
                raise CliError(f"{args.file}: already exists; nothing was changed")
            filestore.replace(target, text, shown=args.file)
    except filestore.WriteError as exc:
        raise CliError(str(exc)) from None
    print(f"Created {args.file}", file=sys.stderr)
    return EXIT_OK
