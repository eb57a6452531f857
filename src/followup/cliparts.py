"""What the command line's commands share: exit statuses, the one kind of failure they
report, the clock (``--now``), and the data file read, written whole or changed under its
lock.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import dataformat, datewords, filestore, jsonread, validation
from .dataerrors import DataError
from .features import NewerDocument
from .model import Document

EXIT_OK = 0
EXIT_BAD_INPUT = 2
#: An unexpected problem: a bug of the command line's own (sysexits' EX_SOFTWARE).
EXIT_BUG = 70


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
    except NewerDocument as exc:
        raise CliError(f"{path}: {exc}. Update the planner to open it: "
                       "pip install --upgrade followup-planner") from None
    except DataError as exc:
        raise CliError(f"{path}: {exc}") from None
    if document.settings.clock is not None:  # the file's own clock wins over the locale's
        datewords.set_clock(document.settings.clock.value)
    return raw, document


def write_atomically(path: Path, text: str) -> None:
    """Write ``path`` whole and safely (``followup.filestore``), keeping ``.bak``."""
    try:
        filestore.write(path, text)
    except filestore.WriteError as exc:
        raise CliError(str(exc)) from None


def _under_lock(args: argparse.Namespace, body: Callable[[argparse.Namespace, Path], int]) -> int:
    """Read, change and write the data file under its lock: concurrent runs all land, in
    turn. ``body`` gets the file to write (the link's target, for a symlink)."""
    try:
        with filestore.locked(args.file) as target:
            return body(args, target)
    except filestore.WriteError as exc:
        raise CliError(str(exc)) from None


def _entries(raw: dict[str, Any], app_id: str) -> list[tuple[int, dict[str, Any]]]:
    """An application's recorded entries, oldest first, each with its place in the file (the
    order the planner reads them in: by time, and in the file's order at the same time)."""
    found = next((a for a in raw.get("applications") or []
                  if isinstance(a, dict) and a.get("id") == app_id), None)
    events = (found or {}).get("events") or []
    return [(i, events[i]) for i in dataformat.event_order(events)]
