"""The data file, version 1: its format and version, read (:func:`load`), migrated and
validated as a whole into a document (:func:`to_document`).

One JSON document is the CLI's input, the browser's localStorage value and the backup file.
The raw JSON object stays the source of truth: it is validated into the records of
:mod:`followup.model` for planning, and edits are made to the raw object, so fields this code
does not know are kept on every rewrite. The strict JSON reader is :mod:`followup.jsonread`,
the writer :mod:`followup.jsonwrite`; each part of a document is validated by
:mod:`followup.validation`, and :mod:`followup.dataerrors` says what is wrong.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Final

from . import jsonwrite
from .dataerrors import DataError, _show
from .features import newer, with_features
from .jsonread import parse_json
from .model import Application, Document
from .validation import _application, _Reader, _settings, _unique, parse_datetime

__all__ = ["FORMAT", "MIGRATIONS", "VERSION", "dump", "event_order", "load", "migrate",
           "new_raw", "to_document"]

FORMAT: Final = "followup-planner"
VERSION: Final = 1
#: Migrations from version N to N + 1, applied in order when an older file is read.
#: Version 1 is the first; a v2 adds ``MIGRATIONS[1] = _v1_to_v2``.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def migrate(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring an older file up to :data:`VERSION`; refuse one from a newer planner (a newer
    version, or a feature this one does not know: :mod:`followup.features`)."""
    if raw.get("format") != FORMAT:
        if "format" not in raw:
            raise DataError("format", f'missing; a Follow-up Planner file says "{FORMAT}"')
        raise DataError("format", f'expected "{FORMAT}", found {_show(raw.get("format"))}')
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise DataError("version", f"expected a whole number, found {_show(version)}")
    if version > VERSION:
        raise DataError(
            "version",
            f"this file is version {version}, written by a newer Follow-up Planner; this one "
            f"reads up to version {VERSION}. Update the planner to open it",
        )
    if version < 1:
        raise DataError("version", f"unknown version {version}; the first version is 1")
    while version < VERSION:
        raw = MIGRATIONS[version](copy.deepcopy(raw))
        version += 1
        raw["version"] = version
    newer(raw)
    return raw


def dump(raw: dict[str, Any], *, parts: dict[int, tuple[Any, str]] | None = None) -> str:
    """The document's text as every writer writes it: naming the features it uses
    (:func:`followup.features.with_features`); ``parts`` as for :func:`jsonwrite.dump`."""
    return jsonwrite.dump(with_features(raw), parts=parts)


def to_document(raw: dict[str, Any], *,
                previous: tuple[dict[str, Any], Document] | None = None) -> Document:
    """Validate a raw (current-version) object into records.

    ``previous`` is an earlier raw object and its records: an application whose raw object
    is equal to the one at the same place there keeps its validated record (a change to one
    application of hundreds validates that one).
    """
    top = _Reader(raw, "")
    settings = _settings(top.child("settings"))
    old_raw: list[Any] = []
    old_apps: tuple[Application, ...] = ()
    if previous is not None and isinstance(previous[0].get("applications"), list):
        old_raw, old_apps = previous[0]["applications"], previous[1].applications
        if len(old_raw) != len(old_apps):
            old_raw, old_apps = [], ()
    apps = tuple(old_apps[i] if i < len(old_raw) and a.obj == old_raw[i] else _application(a)
                 for i, a in enumerate(top.items("applications")))
    _unique([a.id for a in apps], "applications", "id", "application")
    return Document(settings=settings, applications=apps)


def load(text: str) -> tuple[dict[str, Any], Document]:
    """Read a data file's text: the (migrated) raw object and its validated records."""
    raw = migrate(parse_json(text))
    return raw, to_document(raw)


def new_raw(timezone: str = "UTC", country: str | None = None) -> dict[str, Any]:
    settings: dict[str, Any] = {"timezone": timezone}
    if country:
        settings["country"] = country
    return {"format": FORMAT, "version": VERSION, "settings": settings, "applications": []}


def event_order(raw_events: list[Any]) -> list[int]:
    """The places of an application's raw events in the order the planner reads them: by
    time, and in the file's order at the same time (a stable sort). Only for events that
    have been read, so every ``at`` parses."""
    return sorted(range(len(raw_events)), key=lambda i: parse_datetime(raw_events[i]["at"], "at"))
