"""Changes to the raw document: every edit the page and the command line can make.

One entry point, :func:`apply`, takes the raw object, its validated records and a change
(``{"op": ..., ...}``, ``op`` one of :data:`CHANGES`) and returns a changed deep copy, a
sentence for the user and the change that takes it back (or None). The result is validated
before it is returned: a change never hands back a document that would not load. Unknown
fields ride along untouched.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from . import dataformat, datewords, organisations, planner, responses, rules, words
from .businessdays import BusinessDays, UnknownCountry
from .model import (
    Action,
    Application,
    Channel,
    Document,
    Event,
    EventType,
    Outcome,
    Role,
    Settings,
    Tone,
)

Raw = dict[str, Any]
Change = dict[str, Any]


class ChangeError(ValueError):
    """A change the user asked for cannot be made; the sentence says why."""


class RuleWarning(ChangeError):
    """What is being recorded goes against a rule of the method (R7, R10, R12).

    It happened, so it may still be recorded: the same change with ``"despite": true``. The
    sentence names the rule; ``rule`` is its number.
    """

    def __init__(self, rule: str, sentence: str) -> None:
        super().__init__(sentence)
        self.rule = rule


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
    change cannot be made and :class:`~followup.dataformat.DataError` when its result would
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
    return None


# -- the pieces the changes share ------------------------------------------------------------

def event(kind: str, at: datetime, **fields: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {"at": at.isoformat(), "type": kind}
    found.update({k: v for k, v in fields.items() if v is not None})
    return found


def too_early(app: Application, kind: str, at: datetime, tz: ZoneInfo,
              contact: str | None = None, now: datetime | None = None) -> str | None:
    """Why an event at ``at`` cannot be recorded yet, or None when it can.

    Everything the planner counts happens after an interview: a note, a call or a reply dated
    before every interview has ended would be kept but never counted, so it is refused. So is a
    thank-you for the latest round before that round has ended (R3), unless it thanks someone
    for an earlier round that has.
    """
    if not app.interviews:
        return None
    earlier = [i for i in app.interviews[:-1] if i.ends_at <= at
               and contact is not None and contact in i.with_]
    if at < app.interviews[0].ends_at:
        ends = app.interviews[0].ends_at
    elif kind == "thank_you" and at < app.interviews[-1].ends_at and not earlier:
        ends = app.interviews[-1].ends_at
    else:
        return None
    what = "a thank-you" if kind == "thank_you" else "what happened"
    tense = "ended" if now is not None and ends <= now else "ends"
    return (f"The interview with {app.company} {tense} {datewords.moment(ends.astimezone(tz))}: "
            f"record {what} after that.")


#: ids made from names, as an import makes them
_slug = words.slug


def _items(obj: dict[str, Any], key: str) -> list[Any]:
    """The list under ``key``, made when it is missing or null (both mean none)."""
    found = obj.get(key)
    if not isinstance(found, list):
        found = obj[key] = []
    return found


def _each(obj: dict[str, Any], key: str) -> list[Any]:
    """The list under ``key`` to read: empty when it is missing or null."""
    found = obj.get(key)
    return found if isinstance(found, list) else []


def _mapping(obj: dict[str, Any], key: str) -> dict[str, Any]:
    """The object under ``key``, made when it is missing or null."""
    found = obj.get(key)
    if not isinstance(found, dict):
        found = obj[key] = {}
    return found


def _app(raw: Raw, app_id: object) -> dict[str, Any]:
    for app in _each(raw, "applications"):
        if isinstance(app, dict) and app.get("id") == app_id:
            return app
    raise ChangeError("That application no longer exists (was it deleted in another tab?).")


def _text(spec: Change, key: str) -> str:
    value = spec.get(key)
    return value.strip() if isinstance(value, str) else ""


def _local(value: object, tz: ZoneInfo, what: str) -> str:
    """``2026-11-17T15:00`` in the user's time zone -> ISO with its offset."""
    if not isinstance(value, str) or not value:
        raise ChangeError(f"Give the {what}.")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ChangeError(f"The {what} is not a date and time.") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.isoformat()


def _contact(app: dict[str, Any], name: str, email: str = "", phone: str = "",
             role: str = "") -> str:
    """The id of the contact called ``name`` (any case), made when there is none; what is
    given (an address, a phone, their part: ``role``) is set on them."""
    if role and role not in {r.value for r in Role}:
        raise ChangeError(f'A person\'s part is "interviewer", "recruiter" or "other", not '
                          f'"{role}".')
    contacts = _items(app, "contacts")
    found = next((c for c in contacts if isinstance(c, dict) and name
                  and str(c.get("name", "")).lower() == name.lower()), None)
    if found is None:
        found = {"id": _slug(name, {c.get("id") for c in contacts}, "contact"), "name": name}
        contacts.append(found)
    for key, value in (("email", email), ("phone", phone), ("role", role)):
        if value:
            found[key] = value
    return str(found["id"])


def _zone(document: Document) -> ZoneInfo:
    return ZoneInfo(document.settings.timezone)


# -- the changes ---------------------------------------------------------------------------

_Change = Callable[[Raw, Document, Change, datetime], tuple[Raw, str]]


def add_application(raw: Raw, document: Document, spec: Change,
                    now: datetime) -> tuple[Raw, str]:
    company = _text(spec, "company")
    if not company:
        raise ChangeError("Give the company's name.")
    apps = _items(raw, "applications")
    app: dict[str, Any] = {"id": _slug(company, {a.get("id") for a in apps}, "application"),
                           "company": company, "role": _text(spec, "role"), "contacts": [],
                           "interviews": [], "events": []}
    if spec.get("ends_local") or not spec.get("applied_on"):
        app["interviews"].append({"id": "r1", "ends_at": _local(spec.get("ends_local"),
                                                                _zone(document),
                                                                "time the interview ended"),
                                  "with": _interviewers(app, spec)})
    else:  # applied, no interview yet: the follow-ups count from the day of applying (R5)
        app["applied_on"] = _applied_on(spec["applied_on"], document, now)
        _interviewers(app, spec)  # who to follow up with
    apps.append(app)
    if _text(spec, "country") and not document.settings.country:
        raw, _ = settings(raw, document, {"fields": {"country": _text(spec, "country")}}, now)
    return raw, f"Added {company}."


def _applied_on(value: object, document: Document, now: datetime) -> str:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise ChangeError("The day you applied is not a date.") from None
    if day > now.astimezone(_zone(document)).date():
        raise ChangeError(f"{datewords.day(day)} is still to come: give the day you applied.")
    return day.isoformat()


def update_application(raw: Raw, document: Document, spec: Change,
                       now: datetime) -> tuple[Raw, str]:
    app = _app(raw, spec.get("app"))
    fields = spec.get("fields") or {}
    for key in ("company", "role", "anecdote"):
        if key in fields:
            app[key] = str(fields[key]).strip()
    for day in ("decision_expected", "applied_on"):
        if day in fields:
            if fields[day]:
                app[day] = str(fields[day])
            else:
                app.pop(day, None)
    if "closed" in fields:
        app["closed"] = bool(fields["closed"])
    if "article" in fields:
        article = {k: str(v).strip() for k, v in (fields["article"] or {}).items() if v}
        if article:
            app["article"] = article
        else:
            app.pop("article", None)
    if not app.get("company"):
        raise ChangeError("The company's name cannot be empty.")
    named = words.named(app["company"], app.get("role", ""))
    if fields == {"closed": True}:
        return raw, f"Moved on from {named}."
    if fields == {"closed": False}:
        return raw, f"Reopened {named}."
    return raw, f"Saved {app['company']}."


def delete_application(raw: Raw, document: Document, spec: Change,
                       now: datetime) -> tuple[Raw, str]:
    app = _app(raw, spec.get("app"))
    raw["applications"] = [a for a in raw["applications"] if a is not app]
    return raw, f"Deleted {app.get('company', 'the application')}."


def add_interview(raw: Raw, document: Document, spec: Change,
                  now: datetime) -> tuple[Raw, str]:
    app = _app(raw, spec.get("app"))
    interviews = _items(app, "interviews")
    interviews.append({
        "id": _slug(f"r{len(interviews) + 1}", {i.get("id") for i in interviews}, "round"),
        "ends_at": _local(spec.get("ends_local"), _zone(document), "time the interview ended"),
        "with": _interviewers(app, spec)})
    return raw, "Added the interview."


def _interviewers(app: dict[str, Any], spec: Change) -> list[str]:
    """The contacts a round was with: ``interviewers`` is a list of ``{"name", "email"?}`` (a
    name listed before keeps its id and gets the email), or names separated by commas with
    ``email`` for the first of them."""
    given = spec.get("interviewers")
    people: list[tuple[str, str]] = []
    if isinstance(given, list):
        for person in given:
            if isinstance(person, dict):
                name = str(person.get("name") or "").strip()
                email = str(person.get("email") or "").strip()
                if name:
                    people.extend((n.strip(), email if i == 0 else "")
                                  for i, n in enumerate(name.split(",")) if n.strip())
                elif email:
                    raise ChangeError(f"Give the name of the interviewer whose email is {email}.")
    else:
        names = [n.strip() for n in _text(spec, "interviewers").split(",") if n.strip()]
        people = [(n, _text(spec, "email") if i == 0 else "") for i, n in enumerate(names)]
    with_: list[str] = []
    for name, email in people:
        who = _contact(app, name, email)
        if who not in with_:
            with_.append(who)
    return with_


def update_interview(raw: Raw, document: Document, spec: Change,
                     now: datetime) -> tuple[Raw, str]:
    app = _app(raw, spec.get("app"))
    target = next((i for i in _each(app, "interviews") if i.get("id") == spec.get("interview")),
                  None)
    if target is None:
        raise ChangeError("That interview no longer exists.")
    fields = spec.get("fields") or {}
    for key in ("memorable", "anecdote", "strengths", "needs", "notes"):
        if key in fields:
            target[key] = str(fields[key]).strip()
    if "topics" in fields:
        target["topics"] = [t.strip() for t in str(fields["topics"]).split(",") if t.strip()]
    if "ends_local" in fields:
        target["ends_at"] = _local(fields["ends_local"], _zone(document),
                                   "time the interview ended")
    people = spec.get("people")
    if isinstance(people, dict):
        contacts = {c.get("id"): c for c in _each(app, "contacts") if isinstance(c, dict)}
        discussed = _mapping(target, "discussed")
        for who, about in people.items():
            if who not in _each(target, "with") or not isinstance(about, dict):
                raise ChangeError("That interviewer is no longer listed for this round.")
            if "email" in about:
                email = str(about["email"] or "").strip()
                if email:
                    contacts[who]["email"] = email
                else:
                    contacts[who].pop("email", None)
            if "discussed" in about:
                text = str(about["discussed"] or "").strip()
                if text:
                    discussed[who] = text
                else:
                    discussed.pop(who, None)
        if not discussed:
            target.pop("discussed")
    return raw, "Saved the interview."


def add_contact(raw: Raw, document: Document, spec: Change,
                now: datetime) -> tuple[Raw, str]:
    app = _app(raw, spec.get("app"))
    name = _text(spec, "name")
    if not name:
        raise ChangeError("Give the contact's name.")
    _contact(app, name, _text(spec, "email"), _text(spec, "phone"), _text(spec, "role"))
    return raw, f"Saved {name}."


def remove(raw: Raw, document: Document, spec: Change, now: datetime) -> tuple[Raw, str]:
    """Remove an interview, a contact, an absence or an event (by position, checked by time)."""
    app = _app(raw, spec.get("app"))
    what = spec.get("what")
    if what == "interview":
        interviews = _each(app, "interviews")
        if len(interviews) <= 1:
            raise ChangeError("An application keeps at least one interview; delete the "
                              "application instead.")
        gone = spec.get("id")
        app["interviews"] = [i for i in interviews if i.get("id") != gone]
        for item in _each(app, "events"):
            if item.get("interview") == gone:
                item.pop("interview")
        return raw, "Removed the interview."
    if what == "contact":
        gone = spec.get("id")
        app["contacts"] = [c for c in _each(app, "contacts") if c.get("id") != gone]
        for interview in _each(app, "interviews"):
            interview["with"] = [w for w in _each(interview, "with") if w != gone]
            notes = interview.get("discussed")
            if isinstance(notes, dict):
                notes.pop(gone, None)
                if not notes:
                    interview.pop("discussed")
        for item in [*_each(app, "events"), *_each(app, "away")]:
            if item.get("contact") == gone:
                item.pop("contact")
        return raw, "Removed the person."
    if what == "event":
        events = _each(app, "events")
        index = spec.get("index")
        if not (isinstance(index, int) and 0 <= index < len(events)
                and events[index].get("at") == spec.get("at")):
            raise ChangeError("That entry is no longer in the history.")
        del events[index]
        return raw, "Removed it from the history. The plan is updated."
    if what == "away":
        index = spec.get("index")
        away = _each(app, "away")
        if not isinstance(index, int) or not 0 <= index < len(away):
            raise ChangeError("That absence no longer exists.")
        del away[index]
        return raw, "Removed the absence."
    raise ChangeError("Unknown thing to remove.")


def add_away(raw: Raw, document: Document, spec: Change, now: datetime) -> tuple[Raw, str]:
    app = _app(raw, spec.get("app"))
    start, until = _text(spec, "from"), _text(spec, "until")
    if not start or not until:
        raise ChangeError("Give the first and the last day away.")
    entry: dict[str, Any] = {"from": start, "until": until}
    if spec.get("contact"):
        entry["contact"] = spec["contact"]
    _items(app, "away").append(entry)
    return raw, "Saved the absence."


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
    old_at = dataformat.parse_datetime(entry["at"], "at")
    at = _when({"at_local": fields["at_local"]}, document, now) if fields.get("at_local") \
        else old_at
    before = {k: str(entry[k]) for k in ("contact", "channel", "outcome", "tone")
              if entry.get(k)}
    after = dict(before)
    for key in ("contact", "channel", "outcome", "tone"):
        if key in fields:
            value = str(fields[key] or "").strip()
            if value:
                after[key] = value
            else:
                after.pop(key, None)
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


def same_organisation(app: Application, document: Document, kind: str,
                      at: datetime) -> tuple[str, str] | None:
    """``("R10", sentence)`` when a contact at ``at`` would be the organisation's second that
    day, through another application with it (another role), or None. Thank-yous for two
    roles on one day are one contact, as a panel's are; a follow-up is not."""
    if kind not in (EventType.THANK_YOU.value, EventType.FOLLOW_UP.value):
        return None
    tz = _zone(document)
    day = at.astimezone(tz).date()
    org = organisations.organisation(app.company)
    for other in document.applications:
        if other.id == app.id or organisations.organisation(other.company) != org:
            continue
        for e in other.events:
            if (e.type in (EventType.THANK_YOU, EventType.FOLLOW_UP)
                    and e.at.astimezone(tz).date() == day
                    and EventType.FOLLOW_UP in (e.type, EventType(kind))):
                role = f"the {other.role} role" if other.role.strip() else "another role"
                return ("R10", f"You already got in touch with {other.company} on "
                               f"{datewords.day(day)} about {role}. The method says to contact an "
                               "organisation at most once a day (R10).")
    return None


def over_contact(app: Application, settings: Settings, kind: str, at: datetime,
                 fields: dict[str, str], now: datetime) -> tuple[str, str] | None:
    """``(rule, sentence)`` when a contact of yours at ``at`` goes against the method, or None.

    R10: at most one contact a day, and no follow-up on the day of a thank-you (thank-yous to
    several interviewers on one day are one contact; a call that did not get through may be
    tried again the same day, R11). R12: at least three days between two email follow-ups.
    R7: no follow-up after the last attempt went unanswered. Replies are theirs, not yours.
    """
    if kind not in (EventType.THANK_YOU.value, EventType.FOLLOW_UP.value):
        return None
    tz = ZoneInfo(settings.timezone)
    day = at.astimezone(tz).date()
    channel, outcome = fields.get("channel"), fields.get("outcome")
    mine = [e for e in app.events if e.type in (EventType.THANK_YOU, EventType.FOLLOW_UP)]
    same_day = [e for e in mine if e.at.astimezone(tz).date() == day]

    def when(d: date) -> str:
        return "today" if d == now.astimezone(tz).date() else f"on {datewords.day(d)}"

    def retry(e: Event) -> bool:
        return e.channel is Channel.PHONE and e.outcome is Outcome.NO_ANSWER

    once_a_day = ("R10", f"You already followed up with {app.company} {when(day)}. The method "
                         "says to get in touch at most once a day (R10).")

    if kind == EventType.THANK_YOU.value:
        who = fields.get("contact")
        if any(e.type is EventType.THANK_YOU and e.contact == who for e in same_day):
            return ("R10", f"Your thank-you to {app.company} is already recorded {when(day)} "
                           "(two taps?). The method says to get in touch at most once a day "
                           "(R10).")
        return once_a_day if any(e.type is EventType.FOLLOW_UP for e in same_day) else None
    if any(e.type is EventType.THANK_YOU for e in same_day):
        return ("R10", f"You sent your thank-you to {app.company} {when(day)}. The method says "
                       "not to follow up on the day of the thank-you (R10).")
    if same_day and not (channel == Channel.PHONE.value and all(retry(e) for e in same_day)):
        return once_a_day
    if channel == Channel.EMAIL.value:
        gap = timedelta(days=rules.MIN_EMAIL_GAP_DAYS)
        for e in mine:
            other = e.at.astimezone(tz).date()
            if (e.type is EventType.FOLLOW_UP and e.channel is Channel.EMAIL and other != day
                    and abs(other - day) < gap):
                return ("R12", f"You emailed {app.company} {when(other)}. The method leaves at "
                               f"least {rules.MIN_EMAIL_GAP_DAYS} days between two emails "
                               "(R12).")
    since = responses.current_events(app, tz)
    if since is None or (channel == Channel.PHONE.value and outcome == Outcome.SPOKE.value):
        return None
    answers = [e for e in since if responses.answer_tone(e) is not None and e.at <= at]
    last = answers[-1] if answers else None
    unanswered = {e.at.astimezone(tz).date() for e in since
                  if e.type is EventType.FOLLOW_UP and e not in answers and e.at <= at
                  and (last is None or e.at > last.at)}
    if day in unanswered:
        return None
    if last is not None and responses.answer_tone(last) is Tone.BRIEF:
        if unanswered:
            return ("R14", f"You already answered {app.company}'s brief reply. The method says "
                           "to leave it there and move on (R14).")
        return None
    most = settings.max_follow_ups or rules.MAX_FOLLOW_UPS
    if len(unanswered) >= most:
        return ("R7", f"You have followed up with {app.company} {most} "
                      f"time{'s' if most != 1 else ''} with no answer. The method stops there "
                      "and moves on (R7).")
    return None


def _when(spec: Change, document: Document, now: datetime) -> datetime:
    """When it happened: ``at_local`` on the document's clock (what a person types, never
    later than now: what is recorded has happened), ``at`` with its offset, or now."""
    if spec.get("at"):
        return dataformat.parse_datetime(spec["at"], "at")
    if not spec.get("at_local"):
        return now
    at = datetime.fromisoformat(_local(spec["at_local"], _zone(document), "time it happened"))
    if at > now + timedelta(minutes=1):
        raise ChangeError(f"{datewords.moment(at.astimezone(_zone(document)))} is still to come: "
                          "record it once it has happened.")
    return at


def step_key(action: Action) -> str:
    """A step's name that survives re-planning: application, kind, contact, attempt."""
    return (f"{action.application}|{action.kind.value}|{action.contact or ''}|"
            f"{action.attempt or ''}")


def _keep_drafts_of_open_steps(raw: Raw, app_id: str, now: datetime) -> None:
    """A kept draft lasts until its step is done: drop those whose step is no longer planned."""
    app = _app(raw, app_id)
    kept = app.get("drafts")
    if not isinstance(kept, dict) or not kept:
        return
    # Each application is planned on its own: read and plan this one, not all of them.
    alone = dataformat.to_document({"settings": raw.get("settings"), "applications": [app]})
    open_steps = {step_key(a) for a in planner.actions(alone, now=now)}
    app["drafts"] = {k: v for k, v in kept.items() if k in open_steps}
    if not app["drafts"]:
        del app["drafts"]


def save_draft(raw: Raw, document: Document, spec: Change, now: datetime) -> tuple[Raw, str]:
    """Keep the user's own words for a step: ``{"app", "key", "subject", "body"}``; empty
    words forget them."""
    app = _app(raw, spec.get("app"))
    key = _text(spec, "key")
    if not key:
        raise ChangeError("Which step is this draft for?")
    kept = app.get("drafts")
    kept = dict(kept) if isinstance(kept, dict) else {}
    subject, body = spec.get("subject"), spec.get("body")
    if isinstance(subject, str) and isinstance(body, str) and (subject.strip() or body.strip()):
        kept[key] = {"subject": subject, "body": body}
        message = "Your draft is kept until you mark the step done."
    else:
        kept.pop(key, None)
        message = "The draft is back to the planner's words."
    if kept:
        app["drafts"] = kept
    else:
        app.pop("drafts", None)
    return raw, message


def settings(raw: Raw, document: Document, spec: Change, now: datetime) -> tuple[Raw, str]:
    found = _mapping(raw, "settings")
    fields = spec.get("fields") or {}
    if "timezone" in fields:
        found["timezone"] = str(fields["timezone"]).strip() or "UTC"
    if "country" in fields:
        country = str(fields["country"] or "").strip().upper()
        if country:
            found["country"] = country
        else:
            found.pop("country", None)
    _gentler(found, fields)
    if "clock" in fields:  # "12h", "24h", or empty: as the device (or the locale) has it
        clock = str(fields["clock"] or "").strip()
        if clock not in ("", "12h", "24h"):
            raise ChangeError("Times: choose the 12-hour or the 24-hour clock.")
        if clock:
            found["clock"] = clock
        else:
            found.pop("clock", None)
    if any(key in fields for key in ("name", "email", "phone", "availability")):
        candidate = _mapping(found, "candidate")
        for key in ("name", "email", "phone", "availability"):
            if key in fields:
                candidate[key] = str(fields[key]).strip()
    if "country" in found:
        try:
            BusinessDays(str(found["country"])).check(now.year)
        except UnknownCountry:
            raise ChangeError(f"No public holidays are known for \"{found['country']}\"; "
                              "use a two-letter code like US, GB or FR.") from None
    return raw, "Saved your details."


def _gentler(found: dict[str, Any], fields: dict[str, Any]) -> None:
    """A gentler plan (R13): fewer attempts, or more days between them; empty means the
    method's own numbers. Never past its ceilings."""
    limits = {"max_follow_ups": (1, rules.MAX_FOLLOW_UPS,
                                 f"Follow-ups: choose from 1 to {rules.MAX_FOLLOW_UPS}."),
              "spacing_days": (rules.DEFAULT_SPACING_DAYS, 60,
                               f"Days between follow-ups: choose from "
                               f"{rules.DEFAULT_SPACING_DAYS} (the method's own) to 60, or "
                               "leave it empty.")}
    for key, (low, high, sentence) in limits.items():
        if key not in fields:
            continue
        value = str(fields[key] if fields[key] is not None else "").strip()
        if not value:
            found.pop(key, None)
            continue
        if value == str(found.get(key)):
            continue  # as stored (an older file may hold a value now out of the page's range)
        if not value.isdigit() or not low <= int(value) <= high:
            raise ChangeError(sentence)
        found[key] = int(value)


def load_sample(raw: Raw, document: Document, spec: Change, now: datetime) -> tuple[Raw, str]:
    """Three applications at three stages, dated back from ``now`` so that, whenever they are
    loaded, they follow every rule the guides teach: each thank-you the morning after its
    interview (about 19 hours, within R2's 24), follow-ups a week apart on working days (R10,
    R12) and at most three (R7), nothing after ``now``, and no step already missed."""
    tz = _zone(document)
    local = now.astimezone(tz)
    today = local.date()
    apps = _items(raw, "applications")
    taken = {a.get("id") for a in apps}

    def at(day: date, hour: int) -> str:
        """``hour`` o'clock on ``day``, on the planner's clock (through a timestamp, so that an
        hour a clock change skips becomes the moment it really is)."""
        wall = datetime(day.year, day.month, day.day, hour, tzinfo=tz)
        return datetime.fromtimestamp(wall.timestamp(), tz).isoformat()

    def weekday_back(days: int) -> date:
        """The latest Tuesday to Friday at least ``days`` days ago: the day after one is a
        working day too, and so is the same weekday any number of weeks before or after."""
        found = today - timedelta(days=days)
        while not 1 <= found.weekday() <= 4:
            found -= timedelta(days=1)
        return found

    # Northwind: the interview ended this morning (or, before noon, yesterday's): the
    # thank-you is due, inside its 36 hours.
    northwind_end = today - timedelta(days=0 if local.hour >= 12 else 1)
    # Contoso: thanked the morning after the interview, eight to eleven days ago; the decision
    # comes in three days, so the first follow-up comes before it (R8).
    contoso_note = weekday_back(8)
    # Fabrikam: three follow-ups a week apart after the thank-you, the last three to six days
    # ago: all that is left is to move on, a week after the last.
    fabrikam_last = weekday_back(3)
    fabrikam_note = fabrikam_last - timedelta(weeks=3)
    samples = [
        {"id": "sample-northwind", "company": "Northwind Traders (sample)",
         "role": "Operations Analyst", "sample": True,
         "contacts": [{"id": "ana", "name": "Ana Flores", "email": "ana@northwind.example"}],
         "interviews": [{"id": "r1", "ends_at": at(northwind_end, 11),
                         "with": ["ana"], "memorable": "the warehouse tour story",
                         "topics": ["same-day shipping"]}],
         "events": []},
        {"id": "sample-contoso", "company": "Contoso (sample)", "role": "Data Analyst",
         "sample": True,
         "contacts": [{"id": "sam", "name": "Sam Okafor", "email": "sam@contoso.example"}],
         "interviews": [{"id": "r1", "ends_at": at(contoso_note - timedelta(days=1), 15),
                         "with": ["sam"]}],
         "decision_expected": (today + timedelta(days=3)).isoformat(),
         "events": [{"at": at(contoso_note, 10), "type": "thank_you", "contact": "sam",
                     "channel": "email"}]},
        {"id": "sample-fabrikam", "company": "Fabrikam (sample)", "role": "Project Coordinator",
         "sample": True,
         "contacts": [{"id": "lee", "name": "Lee Chen", "email": "lee@fabrikam.example"}],
         "interviews": [{"id": "r1", "ends_at": at(fabrikam_note - timedelta(days=1), 14),
                         "with": ["lee"]}],
         "events": [{"at": at(fabrikam_note, 9), "type": "thank_you", "contact": "lee"},
                    {"at": at(fabrikam_last - timedelta(weeks=2), 10), "type": "follow_up",
                     "channel": "email", "outcome": "sent"},
                    {"at": at(fabrikam_last - timedelta(weeks=1), 10), "type": "follow_up",
                     "channel": "phone", "outcome": "voicemail"},
                    {"at": at(fabrikam_last, 10), "type": "follow_up", "channel": "email",
                     "outcome": "sent"}]},
    ]
    apps.extend(s for s in samples if s["id"] not in taken)
    return raw, "Added three sample applications, marked (sample)."


def remove_sample(raw: Raw, document: Document, spec: Change,
                  now: datetime) -> tuple[Raw, str]:
    raw["applications"] = [a for a in _each(raw, "applications")
                           if not (isinstance(a, dict) and a.get("sample"))]
    return raw, "Removed the sample data."


def import_spreadsheet(raw: Raw, document: Document, spec: Change,
                       now: datetime) -> tuple[Raw, str]:
    """Add the applications of a spreadsheet: ``{"text": CSV, "date_format"?: "dmy"|"mdy"}``,
    read as its preview showed it (:mod:`followup.spreadsheet`); duplicates are left out."""
    text = spec.get("text")
    if not isinstance(text, str):
        raise ChangeError("Choose a spreadsheet (CSV) file to import.")
    order = spec.get("date_format")
    from . import spreadsheet  # here: the planner's first answer does not wait for it

    try:
        raw, reading = spreadsheet.apply(raw, document, text, now=now,
                                         date_format=order if isinstance(order, str) else None)
    except spreadsheet.SpreadsheetError as exc:
        raise ChangeError(str(exc)) from None
    added = len(reading.applications)
    if not added:
        raise ChangeError("There is nothing to add: every row is already in the planner or "
                          "could not be read. Nothing was changed.")
    duplicates, unread = len(reading.preview["duplicates"]), len(reading.preview["not_understood"])
    left = [f"{n} {what}" for n, what in (
        (duplicates, "duplicate" if duplicates == 1 else "duplicates"),
        (unread, "row not understood" if unread == 1 else "rows not understood")) if n]
    left_out = f" Left out: {' and '.join(left)}." if left else ""
    return raw, (f"Added {added} application{'s' if added != 1 else ''} from the "
                 f"spreadsheet.{left_out}")


#: Every change, by its ``op``: the one list of what the page and the command line can do.
CHANGES: dict[str, _Change] = {
    "add_application": add_application,
    "update_application": update_application,
    "delete_application": delete_application,
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
