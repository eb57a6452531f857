"""Changes to the raw document: every edit the page and the command line can make.

One entry point, :func:`apply`, takes the raw object, its validated records and a change
(``{"op": ..., ...}``, ``op`` one of :data:`CHANGES`) and returns a changed deep copy, a
sentence for the user and the change that takes it back (or None). The result is validated
before it is returned: a change never hands back a document that would not load. Unknown
fields ride along untouched.

The changes themselves live by what they change: :mod:`followup.appchanges` (an application
and its parts), :mod:`followup.recording` (what happened, checked by
:mod:`followup.recordchecks`), :mod:`followup.keptdrafts` and :mod:`followup.documentchanges`
(settings, the sample, a spreadsheet); :mod:`followup.changeparts` holds what they share and
:mod:`followup.changeerrors` what they raise.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime

from . import dataformat
from .appchanges import (
    add_application,
    add_away,
    add_contact,
    add_interview,
    delete_application,
    move_on_from,
    remove,
    update_application,
    update_interview,
)
from .changeerrors import ChangeError
from .changeparts import Change, Raw, _app
from .documentchanges import import_spreadsheet, load_sample, remove_sample, settings
from .keptdrafts import save_draft
from .model import Document
from .recording import record, update_event

__all__ = ["CHANGES", "apply", "change"]


def apply(raw: Raw, document: Document, spec: object, *,
          now: datetime) -> tuple[Raw, str, Change | None]:
    """:func:`change` without the new document's records."""
    new, _, message, undo = change(raw, document, spec, now=now)
    return new, message, undo


def change(raw: Raw, document: Document, spec: object, *,
           now: datetime) -> tuple[Raw, Document, str, Change | None]:
    """Make one change to a copy of ``raw``: ``(new_raw, new_records, message, undo)``.

    The new raw object shares what the change left alone with ``raw`` (see :func:`_copy`):
    treat both as read-only.

    ``document`` is ``raw`` validated; ``now`` is when the change is made (the moment an
    event is recorded unless the change says ``at``). Raises :class:`ChangeError` when the
    change cannot be made and :class:`~followup.dataerrors.DataError` when its result would
    not be a valid document; ``raw`` itself is never changed.
    """
    if not isinstance(spec, dict) or spec.get("op") not in CHANGES:
        raise ChangeError("Unknown change.")
    new, message = CHANGES[spec["op"]](_copy(raw, spec), document, spec, now)
    # Never hand back a document that would not load; what did not change is not read again.
    records = dataformat.to_document(new, previous=(raw, document))
    return new, records, message, _undo(new, spec)


#: The changes that change nothing but the settings, the list of applications and the one
#: application named by the change's ``app``: they are made to a copy of those alone, and the
#: other applications are shared with the document they came from (neither is ever changed in
#: place), so a change to one application of hundreds copies one.
_ONE_APPLICATION = frozenset({
    "add_application", "update_application", "delete_application", "add_interview",
    "update_interview", "add_contact", "add_away", "remove", "record", "update_event",
    "settings", "load_sample", "remove_sample", "save_draft"})


def _copy(raw: Raw, spec: Change) -> Raw:
    """What the change ``spec`` may change in ``raw``, copied (see :data:`_ONE_APPLICATION`);
    any other change gets a copy of everything."""
    if spec["op"] not in _ONE_APPLICATION:
        return copy.deepcopy(raw)
    new = dict(raw)
    if "settings" in new:
        new["settings"] = copy.deepcopy(new["settings"])
    apps = new.get("applications")
    if isinstance(apps, list):
        new["applications"] = apps = list(apps)
        for index, app in enumerate(apps):
            if isinstance(app, dict) and app.get("id") == spec.get("app"):
                apps[index] = copy.deepcopy(app)  # the one _app finds: the first with the id
                break
    return new


def _undo(new: Raw, spec: Change) -> Change | None:
    """The change that takes back a one-tap step (a recorded event, moving on), if any."""
    if spec["op"] == "record":
        events = _app(new, spec.get("app"))["events"]
        return {"op": "remove", "app": spec["app"], "what": "event",
                "index": len(events) - 1, "at": events[-1]["at"]}
    if spec["op"] == "update_application" and spec.get("fields") == {"closed": True}:
        return {"op": "update_application", "app": spec["app"], "fields": {"closed": False}}
    if spec["op"] == "move_on_from":
        return {"op": "move_on_from", "apps": spec["apps"],
                "closed": spec.get("closed", True) is False}
    return None


_Change = Callable[[Raw, Document, Change, datetime], tuple[Raw, str]]


#: Every change, by its ``op``: the one list of what the page and the command line can do.
CHANGES: dict[str, _Change] = {
    "add_application": add_application,
    "update_application": update_application,
    "delete_application": delete_application,
    "move_on_from": move_on_from,
    "add_interview": add_interview,
    "update_interview": update_interview,
    "add_contact": add_contact,
    "add_away": add_away,
    "remove": remove,
    "record": record,
    "update_event": update_event,
    "settings": settings,
    "load_sample": load_sample,
    "remove_sample": remove_sample,
    "save_draft": save_draft,
    "import_spreadsheet": import_spreadsheet,
}
