"""The spreadsheet commands: ``import`` (a preview, then the applications added with
``--yes``) and ``export``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from . import (
    changeerrors,
    dataformat,
    edit,
    filestore,
    sheetdates,
    sheetexport,
    sheetfile,
    spreadsheet,
)
from .cliparts import EXIT_OK, CliError, _now, _read, _read_bytes, _under_lock, write_atomically
from .dataerrors import DataError


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
    filestore.replace(target, dataformat.dump(new), shown=args.file)
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
