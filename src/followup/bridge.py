"""The only Python the planner page calls: functions that take and return JSON text.

Each function receives one JSON object (as text) and returns one JSON object (as text) with
``"ok": true`` and its result, or ``"ok": false`` and ``"error"``, a sentence for the user.
Nothing is created at import time. The page owns storage; this module never touches it.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from . import dataformat, drafts, edit, planner, words
from .dataformat import DataError
from .model import Application, AppPlan, Channel, Document, Event, EventType, Outcome, Status

Request = dict[str, Any]
_GROUP_ORDER = ("overdue", "today", "week", "later")


def _reply(fn: Callable[[Request], dict[str, Any]], text: str) -> str:
    try:
        request = json.loads(text)
        if not isinstance(request, dict):
            raise DataError("", "the request is not a JSON object")
        result = {"ok": True, **fn(request)}
    except (DataError, drafts.DraftError, ChangeError) as exc:
        result = {"ok": False, "error": str(exc)}
    return json.dumps(result, ensure_ascii=False)


class ChangeError(ValueError):
    """A change the user asked for cannot be made; the sentence says why."""


def _load(request: Request) -> tuple[dict[str, Any], Document]:
    text = request.get("document")
    if text is None:
        raw = dataformat.new_raw(request.get("timezone") or "UTC")
        return raw, dataformat.to_document(raw)
    if not isinstance(text, str):
        raise DataError("", "the stored data is not text")
    return dataformat.load(text)


def _now(request: Request) -> datetime:
    return dataformat.parse_datetime(request.get("now"), "now")


# -- reading -------------------------------------------------------------------------------

def validate(text: str) -> str:
    """``{"document": TEXT}`` -> the migrated raw document, or the reason it cannot be read."""
    def run(request: Request) -> dict[str, Any]:
        raw, document = _load(request)
        return {"document": raw, "applications": len(document.applications)}
    return _reply(run, text)


def agenda(text: str) -> str:
    """``{"document", "now"}`` -> every step with its agenda group, and each application."""
    def run(request: Request) -> dict[str, Any]:
        raw, document = _load(request)
        now = _now(request)
        tz = ZoneInfo(document.settings.timezone)
        plans = {p.application: p for p in planner.plan(document, now=now)}
        steps = sorted((a for p in plans.values() for a in p.actions),
                       key=lambda a: (a.suggested, a.latest, a.application))
        actions = []
        for a in steps:
            item = a.to_json()
            item["group"] = planner.group(a, now, tz)
            item["title"] = words.step_title(document, a)
            actions.append(item)
        apps = [_application_view(app, plans[app.id], raw_app, tz, now)
                for app, raw_app in zip(document.applications, raw.get("applications", []),
                                        strict=True)]
        return {"timezone": document.settings.timezone, "actions": actions,
                "applications": apps, "settings": raw.get("settings", {}),
                "groups": list(_GROUP_ORDER)}
    return _reply(run, text)


def _application_view(app: Application, plan: AppPlan, raw_app: dict[str, Any], tz: ZoneInfo,
                      now: datetime) -> dict[str, Any]:
    timeline: list[dict[str, Any]] = []
    for interview in app.interviews:
        ended = interview.ends_at <= now
        timeline.append({"kind": "interview", "label": "Interview" if ended else "Interview ends",
                         "state": "done" if ended else "planned",
                         "at": interview.ends_at.isoformat()})
    # The document keeps events sorted by time, stably: the same order over the raw list.
    raw_events = raw_app.get("events", [])
    order = sorted(range(len(raw_events)),
                   key=lambda i: dataformat.parse_datetime(raw_events[i]["at"], "at"))
    history = []
    for index, event in zip(order, app.events, strict=True):
        label = _event_label(app, event)
        timeline.append({"kind": event.type.value, "label": label, "state": "done",
                         "at": event.at.isoformat()})
        history.append({"index": index, "at": raw_events[index]["at"], "label": label})
    for action in plan.actions:
        label = {"thank_you": "Thank-you", "follow_up": f"Follow-up {action.attempt}",
                 "reply": "Your reply", "move_on": "Move on"}[action.kind.value]
        timeline.append({"kind": action.kind.value, "label": label, "state": "planned",
                         "at": action.suggested.isoformat(), "rule": action.rule})
    if app.decision_expected is not None:
        timeline.append({"kind": "decision", "label": "Decision expected", "state": "clue",
                         "at": _noon(app.decision_expected, tz)})
    for away in app.away:
        who = app.contact(away.contact)
        timeline.append({"kind": "away", "state": "clue",
                         "label": f"{(who.name or who.id) if who else 'Team'} away until "
                                  f"{words.day(away.until)}",
                         "at": _noon(away.start, tz), "until": _noon(away.until, tz)})
    timeline.sort(key=lambda t: t["at"])
    return {
        "id": app.id, "company": app.company, "role": app.role, "status": plan.status.value,
        "summary": plan.summary, "strikes": plan.strikes,
        "sample": bool(raw_app.get("sample")), "raw": raw_app,
        "ended": plan.status is Status.ENDED, "timeline": timeline, "history": history,
        "now": now.isoformat(),
    }


def _event_label(app: Application, event: Event) -> str:
    """``Thank-you sent to Dana Lee``, ``Follow-up (phone, no answer)``, ``Reply (warm)``"""
    who = app.contact(event.contact)
    name = (who.name or who.id) if who else ""
    if event.type is EventType.THANK_YOU:
        return f"Thank-you sent to {name}" if name else "Thank-you sent"
    if event.type is EventType.FOLLOW_UP:
        channel = (event.channel or Channel.EMAIL).value
        outcome = (event.outcome or Outcome.SENT).value.replace("_", " ")
        return f"Follow-up ({channel}, {outcome}){' with ' + name if name else ''}"
    tone = f" ({event.tone.value})" if event.tone is not None else ""
    return f"Reply received{tone}{' from ' + name if name else ''}"


def _noon(day: date, tz: ZoneInfo) -> str:
    return datetime(day.year, day.month, day.day, 12, tzinfo=tz).isoformat()


def draft(text: str) -> str:
    """``{"document", "now", "app", "kind", "contact"?, "attempt"?}`` -> subject, body, gaps."""
    def run(request: Request) -> dict[str, Any]:
        _, document = _load(request)
        found = drafts.draft(document, str(request.get("app")), str(request.get("kind")),
                             now=_now(request), contact=request.get("contact"),
                             attempt=request.get("attempt"))
        return found.to_json()
    return _reply(run, text)


def calendar(text: str) -> str:
    """``{"document", "now", "app"?}`` -> ``{"ics": TEXT, "events": N}``."""
    def run(request: Request) -> dict[str, Any]:
        from . import ics

        _, document = _load(request)
        now = _now(request)
        only = request.get("app")
        steps = [a for a in planner.actions(document, now=now) if only in (None, a.application)]
        data = ics.calendar(document, steps, now=now, site_url=request.get("site_url") or "")
        return {"ics": data.decode("utf-8"), "events": len(steps)}
    return _reply(run, text)


def describe(text: str) -> str:
    """``{"document"}`` -> a short account of a backup, shown before it replaces anything."""
    def run(request: Request) -> dict[str, Any]:
        raw, document = _load(request)
        events = sum(len(a.events) for a in document.applications)
        return {"document": raw, "applications": [a.company for a in document.applications],
                "events": events, "timezone": document.settings.timezone}
    return _reply(run, text)


# -- changing ------------------------------------------------------------------------------

def change(text: str) -> str:
    """``{"document", "now", "change": {"op": ..., ...}}`` -> the new raw document.

    The result is validated before it is returned; on any problem the caller keeps its
    current document.
    """
    def run(request: Request) -> dict[str, Any]:
        raw, document = _load(request)
        spec = request.get("change")
        if not isinstance(spec, dict) or spec.get("op") not in _CHANGES:
            raise ChangeError("Unknown change.")
        new, message = _CHANGES[spec["op"]](copy.deepcopy(raw), document, spec, request)
        dataformat.to_document(new)  # never hand back a document that would not load
        return {"document": new, "message": message, "undo": _undo(new, spec)}
    return _reply(run, text)


def _undo(new: dict[str, Any], spec: Request) -> Request | None:
    """The change that takes back a one-tap step (a recorded event, moving on), if any."""
    if spec["op"] == "record":
        events = _app(new, spec)["events"]
        return {"op": "remove", "app": spec["app"], "what": "event",
                "index": len(events) - 1, "at": events[-1]["at"]}
    if spec["op"] == "update_application" and spec.get("fields") == {"closed": True}:
        return {"op": "update_application", "app": spec["app"], "fields": {"closed": False}}
    return None


def _slug(text: str, taken: set[str], fallback: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _app(raw: dict[str, Any], spec: Request) -> dict[str, Any]:
    for app in raw.get("applications", []):
        if isinstance(app, dict) and app.get("id") == spec.get("app"):
            return app
    raise ChangeError("That application no longer exists (was it deleted in another tab?).")


def _text(spec: Request, key: str) -> str:
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


def _contact(app: dict[str, Any], name: str, email: str = "", phone: str = "") -> str:
    contacts = app.setdefault("contacts", [])
    for c in contacts:
        if isinstance(c, dict) and name and c.get("name", "").lower() == name.lower():
            if email:
                c["email"] = email
            if phone:
                c["phone"] = phone
            return str(c["id"])
    contact: dict[str, Any] = {"id": _slug(name, {c.get("id") for c in contacts}, "contact"),
                               "name": name}
    if email:
        contact["email"] = email
    if phone:
        contact["phone"] = phone
    contacts.append(contact)
    return str(contact["id"])


_Change = Callable[[dict[str, Any], Document, Request, Request], tuple[dict[str, Any], str]]


def _add_application(raw: dict[str, Any], document: Document, spec: Request,
                     request: Request) -> tuple[dict[str, Any], str]:
    company = _text(spec, "company")
    if not company:
        raise ChangeError("Give the company's name.")
    tz = ZoneInfo(document.settings.timezone)
    apps = raw.setdefault("applications", [])
    app: dict[str, Any] = {"id": _slug(company, {a.get("id") for a in apps}, "application"),
                           "company": company, "role": _text(spec, "role"), "contacts": [],
                           "interviews": [], "events": []}
    names = [n.strip() for n in _text(spec, "interviewers").split(",") if n.strip()]
    with_ = [_contact(app, n) for n in names]
    if with_ and _text(spec, "email"):
        app["contacts"][0]["email"] = _text(spec, "email")
    app["interviews"].append({"id": "r1", "ends_at": _local(spec.get("ends_local"), tz,
                                                            "time the interview ended"),
                              "with": with_})
    apps.append(app)
    return raw, f"Added {company}."


def _update_application(raw: dict[str, Any], document: Document, spec: Request,
                        request: Request) -> tuple[dict[str, Any], str]:
    app = _app(raw, spec)
    fields = spec.get("fields") or {}
    for key in ("company", "role", "anecdote"):
        if key in fields:
            app[key] = str(fields[key]).strip()
    if "decision_expected" in fields:
        if fields["decision_expected"]:
            app["decision_expected"] = str(fields["decision_expected"])
        else:
            app.pop("decision_expected", None)
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
    return raw, f"Saved {app['company']}."


def _delete_application(raw: dict[str, Any], document: Document, spec: Request,
                        request: Request) -> tuple[dict[str, Any], str]:
    app = _app(raw, spec)
    raw["applications"] = [a for a in raw["applications"] if a is not app]
    return raw, f"Deleted {app.get('company', 'the application')}."


def _add_interview(raw: dict[str, Any], document: Document, spec: Request,
                   request: Request) -> tuple[dict[str, Any], str]:
    app = _app(raw, spec)
    tz = ZoneInfo(document.settings.timezone)
    interviews = app.setdefault("interviews", [])
    names = [n.strip() for n in _text(spec, "interviewers").split(",") if n.strip()]
    interviews.append({
        "id": _slug(f"r{len(interviews) + 1}", {i.get("id") for i in interviews}, "round"),
        "ends_at": _local(spec.get("ends_local"), tz, "time the interview ended"),
        "with": [_contact(app, n) for n in names]})
    return raw, "Added the interview."


def _update_interview(raw: dict[str, Any], document: Document, spec: Request,
                      request: Request) -> tuple[dict[str, Any], str]:
    app = _app(raw, spec)
    target = next((i for i in app.get("interviews", []) if i.get("id") == spec.get("interview")),
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
        tz = ZoneInfo(document.settings.timezone)
        target["ends_at"] = _local(fields["ends_local"], tz, "time the interview ended")
    return raw, "Saved the interview."


def _add_contact(raw: dict[str, Any], document: Document, spec: Request,
                 request: Request) -> tuple[dict[str, Any], str]:
    app = _app(raw, spec)
    name = _text(spec, "name")
    if not name:
        raise ChangeError("Give the contact's name.")
    _contact(app, name, _text(spec, "email"), _text(spec, "phone"))
    return raw, f"Saved {name}."


def _remove(raw: dict[str, Any], document: Document, spec: Request,
            request: Request) -> tuple[dict[str, Any], str]:
    """Remove an interview, a contact, an absence or an event (by position, checked by time)."""
    app = _app(raw, spec)
    what = spec.get("what")
    if what == "interview":
        interviews = app.get("interviews", [])
        if len(interviews) <= 1:
            raise ChangeError("An application keeps at least one interview; delete the "
                              "application instead.")
        gone = spec.get("id")
        app["interviews"] = [i for i in interviews if i.get("id") != gone]
        for event in app.get("events", []):
            if event.get("interview") == gone:
                event.pop("interview")
        return raw, "Removed the interview."
    if what == "contact":
        gone = spec.get("id")
        app["contacts"] = [c for c in app.get("contacts", []) if c.get("id") != gone]
        for interview in app.get("interviews", []):
            interview["with"] = [w for w in interview.get("with", []) if w != gone]
        for item in [*app.get("events", []), *app.get("away", [])]:
            if item.get("contact") == gone:
                item.pop("contact")
        return raw, "Removed the person."
    if what == "event":
        events = app.get("events", [])
        index = spec.get("index")
        if not (isinstance(index, int) and 0 <= index < len(events)
                and events[index].get("at") == spec.get("at")):
            raise ChangeError("That entry is no longer in the history.")
        del events[index]
        return raw, "Removed it from the history. The plan is updated."
    if what == "away":
        index = spec.get("index")
        away = app.get("away", [])
        if not isinstance(index, int) or not 0 <= index < len(away):
            raise ChangeError("That absence no longer exists.")
        del away[index]
        return raw, "Removed the absence."
    raise ChangeError("Unknown thing to remove.")


def _add_away(raw: dict[str, Any], document: Document, spec: Request,
              request: Request) -> tuple[dict[str, Any], str]:
    app = _app(raw, spec)
    start, until = _text(spec, "from"), _text(spec, "until")
    if not start or not until:
        raise ChangeError("Give the first and the last day away.")
    entry: dict[str, Any] = {"from": start, "until": until}
    if spec.get("contact"):
        entry["contact"] = spec["contact"]
    app.setdefault("away", []).append(entry)
    return raw, "Saved the absence."


def _record(raw: dict[str, Any], document: Document, spec: Request,
            request: Request) -> tuple[dict[str, Any], str]:
    _app(raw, spec)
    kind = str(spec.get("type"))
    at = dataformat.parse_datetime(spec.get("at") or request.get("now"), "at")
    app = document.application(str(spec["app"]))
    early = app is not None and edit.too_early(app, kind, at,
                                               ZoneInfo(document.settings.timezone))
    if early:
        raise ChangeError(early)
    fields = {k: spec.get(k) for k in ("contact", "channel", "outcome", "tone")
              if spec.get(k)}
    new = edit.add_event(raw, str(spec["app"]), edit.event(kind, at, **fields))
    return new, "Recorded. The plan is updated."


def _settings(raw: dict[str, Any], document: Document, spec: Request,
              request: Request) -> tuple[dict[str, Any], str]:
    settings = raw.setdefault("settings", {})
    fields = spec.get("fields") or {}
    if "timezone" in fields:
        settings["timezone"] = str(fields["timezone"]).strip() or "UTC"
    if "country" in fields:
        country = str(fields["country"] or "").strip().upper()
        if country:
            settings["country"] = country
        else:
            settings.pop("country", None)
    candidate = settings.setdefault("candidate", {})
    for key in ("name", "email", "phone", "availability"):
        if key in fields:
            candidate[key] = str(fields[key]).strip()
    if "country" in settings:
        try:
            planner.plan(dataformat.to_document(raw), now=_now(request))
        except DataError as exc:
            raise ChangeError(f"No public holidays are known for \"{settings['country']}\"; "
                              "use a two-letter code like US, GB or FR.") from exc
    return raw, "Saved your details."


def _sample(raw: dict[str, Any], document: Document, spec: Request,
            request: Request) -> tuple[dict[str, Any], str]:
    now = _now(request).astimezone(ZoneInfo(document.settings.timezone))
    apps = raw.setdefault("applications", [])
    taken = {a.get("id") for a in apps}

    def ago(days: float, hour: int) -> str:
        t = (now - timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
        return t.isoformat()

    samples = [
        {"id": "sample-northwind", "company": "Northwind Traders (sample)",
         "role": "Operations Analyst", "sample": True,
         "contacts": [{"id": "ana", "name": "Ana Flores", "email": "ana@northwind.example"}],
         "interviews": [{"id": "r1", "ends_at": ago(0.2 if now.hour >= 12 else 1, 11),
                         "with": ["ana"], "memorable": "the warehouse tour story",
                         "topics": ["same-day shipping"]}],
         "events": []},
        {"id": "sample-contoso", "company": "Contoso (sample)", "role": "Data Analyst",
         "sample": True,
         "contacts": [{"id": "sam", "name": "Sam Okafor", "email": "sam@contoso.example"}],
         "interviews": [{"id": "r1", "ends_at": ago(9, 15), "with": ["sam"]}],
         "decision_expected": (now + timedelta(days=3)).date().isoformat(),
         "events": [{"at": ago(8, 10), "type": "thank_you", "contact": "sam",
                     "channel": "email"}]},
        {"id": "sample-fabrikam", "company": "Fabrikam (sample)", "role": "Project Coordinator",
         "sample": True,
         "contacts": [{"id": "lee", "name": "Lee Chen", "email": "lee@fabrikam.example"}],
         "interviews": [{"id": "r1", "ends_at": ago(30, 14), "with": ["lee"]}],
         "events": [{"at": ago(29, 9), "type": "thank_you", "contact": "lee"},
                    {"at": ago(22, 10), "type": "follow_up", "channel": "email",
                     "outcome": "sent"},
                    {"at": ago(15, 10), "type": "follow_up", "channel": "phone",
                     "outcome": "voicemail"},
                    {"at": ago(8, 10), "type": "follow_up", "channel": "email",
                     "outcome": "sent"}]},
    ]
    apps.extend(s for s in samples if s["id"] not in taken)
    return raw, "Added three sample applications, marked (sample)."


def _remove_sample(raw: dict[str, Any], document: Document, spec: Request,
                   request: Request) -> tuple[dict[str, Any], str]:
    raw["applications"] = [a for a in raw.get("applications", [])
                           if not (isinstance(a, dict) and a.get("sample"))]
    return raw, "Removed the sample data."


_CHANGES: dict[str, _Change] = {
    "add_application": _add_application,
    "update_application": _update_application,
    "delete_application": _delete_application,
    "add_interview": _add_interview,
    "update_interview": _update_interview,
    "add_contact": _add_contact,
    "add_away": _add_away,
    "remove": _remove,
    "record": _record,
    "settings": _settings,
    "load_sample": _sample,
    "remove_sample": _remove_sample,
}
