"""Changes to one application: adding, editing and deleting it, its interviews, the people
in it and their absences, and removing any of its parts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from . import datewords, words
from .changeerrors import ChangeError
from .changeparts import (
    Change,
    Raw,
    _app,
    _contact,
    _each,
    _items,
    _local,
    _mapping,
    _optional,
    _slug,
    _text,
    _zone,
)
from .documentchanges import settings
from .model import Document


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
    _optional(app, fields, ("posting_url", "resume"))
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


def move_on_from(raw: Raw, document: Document, spec: Change,
                 now: datetime) -> tuple[Raw, str]:
    """Moves on from several applications at once (``apps``, their ids), or, with
    ``closed: false``, opens them again: the sweep of the ones that went quiet, and its Undo."""
    ids = spec.get("apps")
    if not isinstance(ids, list) or not ids or len(set(map(str, ids))) != len(ids):
        raise ChangeError("Name each application once.")
    closed = spec.get("closed", True) is not False
    apps = [_app(raw, app_id) for app_id in ids]
    for app in apps:
        app["closed"] = closed
    names = ", ".join(str(app.get("company", "")) for app in apps)
    count = f"{len(apps)} application{'s' if len(apps) != 1 else ''}"
    return raw, f"{'Moved on from' if closed else 'Reopened'} {count}: {names}."


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
