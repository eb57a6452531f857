"""Recording what happened (a thank-you, a follow-up, their reply) and correcting it later.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from . import dataformat, validation
from .changeerrors import ChangeError, RuleWarning
from .changeparts import (
    Change,
    Raw,
    _app,
    _each,
    _items,
    _optional,
    _text,
    _when,
    _zone,
    event,
)
from .keptdrafts import _keep_drafts_of_open_steps
from .model import Application, Channel, Document, EventType, Outcome
from .recordchecks import over_contact, same_organisation, too_early


def record(raw: Raw, document: Document, spec: Change, now: datetime) -> tuple[Raw, str]:
    """Record what happened: ``{"type", "at"?, "contact"?, "channel"?, "outcome"?, "tone"?}``.

    A thank-you and a follow-up go by email unless the change says otherwise, and a
    follow-up's outcome is "sent": the same defaults for the page and the command line.
    """
    _app(raw, spec.get("app"))
    kind = str(spec.get("type"))
    at = _when(spec, document, now)
    app = document.application(str(spec["app"]))
    early = app is not None and too_early(app, kind, at, _zone(document),
                                          str(spec["contact"]) if spec.get("contact") else None,
                                          now)
    if early:
        raise ChangeError(early)
    fields = {k: str(spec[k]) for k in ("contact", "channel", "outcome", "tone") if spec.get(k)}
    if kind in ("thank_you", "follow_up"):
        fields.setdefault("channel", Channel.EMAIL.value)
    if kind == "follow_up":
        fields.setdefault("outcome", Outcome.SENT.value)
    if app is not None and spec.get("despite") is not True:
        against = (over_contact(app, document.settings, kind, at, fields, now)
                   or same_organisation(app, document, kind, at))
        if against is not None:
            raise RuleWarning(*against)
    if _text(spec, "note"):
        fields["note"] = _text(spec, "note")
    # ``raw`` is already apply's own copy: the event goes in as it is.
    target = _app(raw, spec.get("app"))
    _items(target, "events").append(event(kind, at, **fields))
    kept = target.get("drafts")
    if kind == EventType.THANK_YOU.value and isinstance(kept, dict):
        # This note is done: its words never become the next round's note to the same person.
        kept.pop(f"{spec['app']}|thank_you|{fields.get('contact', '')}|", None)
        if not kept:
            target.pop("drafts")
    _keep_drafts_of_open_steps(raw, str(spec["app"]), now)
    return raw, "Recorded. The plan is updated."


#: What a correction of a recorded entry may change (``update_event``'s ``fields``).
EVENT_FIELDS = ("at_local", "channel", "contact", "note", "outcome", "tone")


def update_event(raw: Raw, document: Document, spec: Change, now: datetime) -> tuple[Raw, str]:
    """Correct a recorded entry: ``{"app", "index", "at", "fields", "despite"?}``.

    ``index`` is the event's position in the raw list and ``at`` its stored time, checked as
    :func:`remove` checks them. ``fields`` holds what changes, each of :data:`EVENT_FIELDS`
    (``at_local`` on the document's clock, as :func:`record` takes it; an empty value takes a
    field away). It is checked as if the entry were recorded anew, at its new time, beside
    the others: never in the future, never before the interview, and a rule of the method it
    now goes against (and did not before) is told first (:class:`RuleWarning`). Any other
    field of the event is kept as it is.
    """
    target = _app(raw, spec.get("app"))
    events = _each(target, "events")
    index = spec.get("index")
    if not (isinstance(index, int) and not isinstance(index, bool)
            and 0 <= index < len(events) and isinstance(events[index], dict)
            and events[index].get("at") == spec.get("at")):
        raise ChangeError("That entry is no longer in the history.")
    fields = spec.get("fields")
    if not isinstance(fields, dict) or not set(fields) <= set(EVENT_FIELDS):
        raise ChangeError("Unknown change to a history entry.")
    entry: dict[str, Any] = events[index]
    kind = str(entry.get("type"))
    old_at = validation.parse_datetime(entry["at"], "at")
    at = _when({"at_local": fields["at_local"]}, document, now) if fields.get("at_local") \
        else old_at
    before = {k: str(entry[k]) for k in ("contact", "channel", "outcome", "tone")
              if entry.get(k)}
    after = dict(before)
    _optional(after, fields, ("contact", "channel", "outcome", "tone"))
    if (kind == EventType.FOLLOW_UP.value and after.get("outcome", Outcome.SENT.value)
            != Outcome.SENT.value and after.get("channel") != Channel.PHONE.value):
        raise ChangeError("Only a call ends in no answer, a voicemail or a talk: choose the "
                          "phone, or \"sent\" for an email or a letter.")
    app = document.application(str(spec["app"]))
    if app is not None:
        early = too_early(app, kind, at, _zone(document), after.get("contact"), now)
        if early:
            raise ChangeError(early)
        if spec.get("despite") is not True:
            others = _without_event(app, events, index)
            was = (over_contact(others, document.settings, kind, old_at,
                                _with_defaults(kind, before), now)
                   or same_organisation(app, document, kind, old_at))
            now_against = (over_contact(others, document.settings, kind, at,
                                        _with_defaults(kind, after), now)
                           or same_organisation(app, document, kind, at))
            if now_against is not None and now_against != was:
                raise RuleWarning(*now_against)
    if at != old_at:
        entry["at"] = at.isoformat()
    if fields.get("at_local"):  # a time given: the date is known now
        entry.pop("date_unknown", None)
    for key in ("contact", "channel", "outcome", "tone"):
        if key in after:
            entry[key] = after[key]
        else:
            entry.pop(key, None)
    if "note" in fields:
        note = str(fields["note"] or "").strip()
        if note:
            entry["note"] = note
        else:
            entry.pop("note", None)
    _keep_drafts_of_open_steps(raw, str(spec["app"]), now)
    return raw, "Corrected. The plan is updated."


def _with_defaults(kind: str, fields: dict[str, str]) -> dict[str, str]:
    """An event's fields with :func:`record`'s defaults: by email, a follow-up sent."""
    found = dict(fields)
    if kind in (EventType.THANK_YOU.value, EventType.FOLLOW_UP.value):
        found.setdefault("channel", Channel.EMAIL.value)
    if kind == EventType.FOLLOW_UP.value:
        found.setdefault("outcome", Outcome.SENT.value)
    return found


def _without_event(app: Application, raw_events: list[Any], index: int) -> Application:
    """``app`` without the event at ``index`` of its raw list (its records keep the events
    sorted by time, stably: the same order over the raw list)."""
    order = dataformat.event_order(raw_events)
    position = order.index(index)
    return dataclasses.replace(app, events=app.events[:position] + app.events[position + 1:])
