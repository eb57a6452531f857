"""The only Python the planner page calls: ``call(name, request)``, JSON text in and out.

``name`` is one of :data:`FUNCTIONS`; the request is one JSON object (as text). The answer is
one JSON object (as text) with ``"ok": true`` and the result, or ``"ok": false`` and
``"error"``, a sentence for the user (see ``site_app/js/types.js``, ``Failure``). The page
never reads the data file's own format: a document is text that comes in and goes back out,
and everything shown comes from a :class:`View` with every word and date ready (in the
document's time zone). Calls are pure: nothing is created at import time, nothing is stored;
the page owns storage.

With hundreds of applications, a change to one must not cost the work of all of them, so the
process remembers (never changing what the answers are) the last document read or written
and its name (a request may name it, ``known``, instead of sending its text), each
application's share of the last view and its text in the last file written, and the last
views sent (a request that names the view the page shows, ``shown``, is answered with what
differs from it). :func:`forget` drops all of it.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, NamedTuple, TypedDict, cast
from zoneinfo import ZoneInfo

from . import dataformat, drafts, edit, planner, rules, words
from .businessdays import country_of_zone
from .dataformat import DataError
from .edit import ChangeError
from .model import (
    Action,
    ActionKind,
    Application,
    AppPlan,
    Channel,
    Document,
    Ending,
    Event,
    EventType,
    Interview,
    Outcome,
    Role,
    Settings,
    Status,
)

Request = dict[str, Any]
Change = dict[str, Any]

#: The sections that hold steps, in order; the waiting and ended ones follow them.
_STEP_GROUPS = ("overdue", "today", "week", "later")
#: A round's thank-you window, in elapsed hours after it ends (as the planner has it).
_NOTE_SUGGESTED = timedelta(hours=rules.THANK_YOU_SUGGESTED_HOURS)
_NOTE_LATEST = timedelta(hours=rules.THANK_YOU_LATEST_HOURS)
#: More than any zone's clock change: moments this close to one are not kept (see _until).
_CLOCK_MARGIN = timedelta(hours=3)
_NOT_YET = "Write it once the interview has ended, so it can mention what you talked about."


# -- the view (site_app/js/types.js; tests/test_contract.py holds the two alike) -------------

StepKind = Literal["thank_you", "follow_up", "reply", "move_on"]
GroupId = Literal["overdue", "today", "week", "later", "waiting", "ended"]
AppStatus = Literal["active", "waiting", "ended"]
MarkState = Literal["done", "planned", "overdue", "clue", "today"]
EntryType = Literal["thank_you", "follow_up", "reply"]


class DraftRequest(TypedDict):
    app: str
    kind: StepKind
    contact: str | None
    attempt: int | None


class Step(TypedDict):
    key: str
    application: str
    company: str
    role: str
    kind: StepKind
    contact: str | None
    title: str
    when: str
    when_full: str  # the same in full, for print: "by Thursday 19 November 2026, 3 pm"
    group: GroupId
    overdue: bool
    ready: bool
    not_yet: str | None
    why: str
    rule: str
    guide: str
    draft: DraftRequest | None  # None for moving on: no message
    done: Change | None


class Group(TypedDict):
    id: GroupId
    title: str
    steps: list[str]
    apps: list[str]


class TimelineMark(TypedDict):
    kind: str
    label: str
    state: MarkState
    date: str
    date_full: str  # "Thursday 19 November 2026" ("" for today), for print


class Item(TypedDict):
    label: str
    name: str
    remove: Change | None


class EventEdit(TypedDict):
    """A history entry's editor: the change that corrects it, ``{"op": "update_event", "app",
    "index", "at"}`` (the page adds ``fields``, what the user changed), and the values the
    editor starts from, as the planner reads them."""

    change: Change
    type: EntryType
    at_local: str  # "2026-11-16T09:15", on the document's clock
    contact: str  # "" for nobody named
    channel: str  # "email" when none is stored, for a note or a follow-up
    outcome: str  # a follow-up's ("sent" when none is stored); "" for the others
    tone: str  # a reply's, or a call where you spoke ("" when none)
    note: str


class HistoryItem(Item):
    edit: EventEdit


class RoundPerson(TypedDict):
    id: str
    name: str
    email: str
    discussed: str  # what you talked about with them: their own thank-you


class RoundNotes(TypedDict):
    id: str
    label: str  # "Round 2, ended Tue 24 Nov, 3 pm" (or "The interview, ended …")
    people: list[RoundPerson]
    memorable: str
    topics: str
    strengths: str
    needs: str
    anecdote: str
    notes: str


class AppFacts(TypedDict):
    company: str
    role: str
    decision_expected: str
    applied_on: str
    anecdote: str
    article_title: str
    article_url: str
    article_why: str


class AppView(TypedDict):
    id: str
    company: str
    role: str
    status: AppStatus
    sample: bool
    closed: bool
    headline: str
    ended_note: str
    closing: DraftRequest | None
    timeline: list[TimelineMark]
    people: list[Item]
    rounds: list[Item]
    absences: list[Item]
    history: list[HistoryItem]
    decision: str
    memorable: str
    notes: str
    latest_round: RoundNotes | None
    round_notes: list[RoundNotes]  # every round, earliest first: each one editable
    facts: AppFacts
    contacts: list[tuple[str, str]]


class SettingsView(TypedDict):
    name: str
    email: str
    phone: str
    availability: str
    timezone: str
    country: str
    country_guess: str  # from the planner's time zone, for the user to confirm ("" if none)
    max_follow_ups: str
    spacing_days: str
    clock: str  # "12h", "24h", or "" (as the device shows times)


class View(TypedDict):
    timezone: str
    steps: list[Step]
    groups: list[Group]
    applications: list[AppView]
    settings: SettingsView
    sample: bool
    events: int


class ViewDelta(TypedDict):
    """A view told as what differs from one sent before (``base``, its token): every
    application's id and every step's key in order, with the cards and steps that are new or
    differ; the rest as in :class:`View`."""

    base: str
    timezone: str
    applications: list[str]
    changed: list[AppView]
    steps: list[str]
    changed_steps: list[Step]
    groups: list[Group]
    settings: SettingsView
    sample: bool
    events: int


def view(raw: dict[str, Any], document: Document, now: datetime) -> View:
    """Everything the page shows about ``document`` as of ``now``.

    Each application's share of it (its plan, steps and card) is kept from the last view
    while it still holds: the same raw application under the same settings, and ``now`` in
    the span of moments over which nothing it shows can read differently (see
    :func:`_part`). A change to one application of hundreds plans that one again.
    """
    global _parts, _parts_h24  # noqa: PLW0603 (one remembered view per process)
    settings = document.settings
    tz = ZoneInfo(settings.timezone)
    at = now.astimezone(UTC)
    raw_apps = raw.get("applications") or []
    pairs = list(zip(document.applications, raw_apps, strict=True))
    same = (bool(_parts) and next(iter(_parts.values())).settings == settings
            and _parts_h24 == words.h24())
    # In the document's order, as planner.plan: an application keeps clear of the days its
    # organisation is contacted about other roles (R10), so its share holds only while those
    # days are the same.
    made: list[planner.Context] = []

    def ctx() -> planner.Context:  # only when something is planned again
        if not made:
            made.append(planner.context(settings, now))
        return made[0]

    taken = planner.OrganisationDays(tz, document.applications,
                                     lambda app: planner.plan_one(app, ctx(), frozenset()), ctx)
    parts: list[_Part] = []
    for app, raw_app in pairs:
        busy = taken.of(app)
        part = _parts.get(app.id) if same else None
        if part is None or part.org_busy != busy or not part.holds(raw_app, at):
            part = _part(app, planner.plan_one(app, ctx(), busy), raw_app, settings, now, tz,
                         busy)
        taken.add(app, part.plan)
        parts.append(part)
    _parts = {part.app["id"]: part for part in parts}
    _parts_h24 = words.h24()
    # Steps in date order across applications (each part's own are in that order already).
    steps = [step for _, step in sorted((s for part in parts for s in part.steps),
                                        key=lambda s: s[0])]
    apps = [part.app for part in parts]
    groups: list[Group] = []
    for gid, title in words.GROUP_TITLES.items():
        if gid in _STEP_GROUPS:
            group = Group(id=cast(GroupId, gid), title=title,
                          steps=[s["key"] for s in steps if s["group"] == gid], apps=[])
        else:
            group = Group(id=cast(GroupId, gid), title=title, steps=[],
                          apps=[a["id"] for a in apps if a["status"] == gid])
        if group["steps"] or group["apps"]:
            groups.append(group)
    candidate = settings.candidate
    return View(
        timezone=settings.timezone, steps=steps, groups=groups, applications=apps,
        settings=SettingsView(name=candidate.name, email=candidate.email,
                              phone=candidate.phone, availability=candidate.availability,
                              timezone=settings.timezone,
                              country=settings.country or "",
                              country_guess="" if settings.country
                              else country_of_zone(settings.timezone),
                              max_follow_ups=str(settings.max_follow_ups or ""),
                              spacing_days=str(settings.spacing_days or ""),
                              clock=settings.clock.value if settings.clock else ""),
        sample=any(a["sample"] for a in apps),
        events=sum(len(a.events) for a in document.applications),
    )


_Order = tuple[datetime, datetime, str]


class _Part(NamedTuple):
    """One application's share of a view, and the moments over which it holds."""

    raw: dict[str, Any]  # the raw application it shows
    settings: Settings
    since: datetime  # the moment it was made for (UTC)
    until: datetime | None  # the first moment it may read differently (UTC); None: since alone
    steps: list[tuple[_Order, Step]]  # in date order, each with its place in it
    app: AppView
    plan: AppPlan
    #: the days its organisation was contacted about other roles when it was planned
    org_busy: frozenset[date]

    def holds(self, raw_app: dict[str, Any], now: datetime) -> bool:
        """Whether it is still this application's share of a view as of ``now`` (UTC), under
        the same settings (the caller compares those, once for all)."""
        return ((now == self.since
                 or (self.until is not None and self.since <= now < self.until))
                and (self.raw is raw_app or self.raw == raw_app))


#: Each application's share of the last view, by application id (all under the same settings).
_parts: dict[str, _Part] = {}
#: Whether their times were written on the 24-hour clock.
_parts_h24 = False


def _part(app: Application, plan: AppPlan, raw_app: dict[str, Any], settings: Settings,
          now: datetime, tz: ZoneInfo, org_busy: frozenset[date]) -> _Part:
    alone = Document(settings=settings, applications=(app,))
    every = sorted(plan.actions, key=lambda a: (a.suggested, a.latest, a.application))
    steps: list[tuple[_Order, Step]] = []
    keys: set[str] = set()
    for action in every:
        if action.projected:
            continue
        step = _step(alone, action, now, tz)
        if step["key"] not in keys:  # an interviewer listed twice is thanked once
            keys.add(step["key"])
            steps.append(((action.suggested, action.latest, action.application), step))
    return _Part(raw=raw_app, settings=settings, since=now.astimezone(UTC),
                 until=_until(app, plan, now, tz), steps=steps,
                 app=_app_view(app, plan, raw_app, every, alone, now, tz), plan=plan,
                 org_busy=org_busy)


def _until(app: Application, plan: AppPlan, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The first moment from ``now`` at which the application's plan or what the page shows of
    it may read differently: every way they depend on "now" is a comparison with one of the
    moments gathered here (a step's window, an interview's end and its thank-you window, a
    mark on the timeline), the day "now" falls on, or the night's edges. None when they
    follow "now" itself (the same-day retry of a call, R11, starts at "now"), or when the
    zone's clock changes before that moment (the planner compares local times)."""
    if any(a.rule == "R11" for a in plan.actions):
        return None
    today = now.astimezone(tz).date()
    moments = [datetime.combine(today + timedelta(days=1), time(0), tzinfo=tz)]
    if app.interviews:
        # A thank-you's suggested moment moves out of the night (planner.next_morning).
        moments += (datetime.combine(today, time(hour), tzinfo=tz)
                    for hour in (rules.NIGHT_END_HOUR, rules.NIGHT_START_HOUR))
    for interview in app.interviews:
        end = interview.ends_at.astimezone(UTC)
        moments += (end, end + _NOTE_SUGGESTED, end + _NOTE_LATEST)
    for action in plan.actions:
        moments += (action.earliest, action.suggested, action.latest)
    moments += (event.at for event in app.events)
    if app.decision_expected is not None:
        moments.append(_noon(app.decision_expected, tz))
    moments += (_noon(away.start, tz) for away in app.away)
    until = min(m.astimezone(UTC) for m in moments if m >= now)
    # Near a change of the zone's clock, local times and moments are not in the same order.
    offsets = {t.astimezone(tz).utcoffset() for t in (now - _CLOCK_MARGIN, now, until,
                                                      until + _CLOCK_MARGIN)}
    return until if len(offsets) == 1 else None


def _step(document: Document, action: Action, now: datetime, tz: ZoneInfo) -> Step:
    app = document.application(action.application)
    group = planner.group(action, now, tz)
    ready = words.ready(action, now)
    done: Change | None = None
    if action.kind is ActionKind.THANK_YOU:
        done = {"op": "record", "app": action.application, "type": "thank_you",
                "contact": action.contact, "channel": "email"}
    elif action.kind is ActionKind.MOVE_ON:
        done = {"op": "update_application", "app": action.application,
                "fields": {"closed": True}}
    return Step(
        key=edit.step_key(action),
        application=action.application, company=action.company,
        role=app.role if app else "", kind=action.kind.value, contact=action.contact,
        title=words.step_title(document, action), when=words.window(action, now, tz),
        when_full=words.window(action, now, tz, full=True),
        group=cast(GroupId, group), overdue=group == "overdue", ready=ready,
        not_yet=None if ready else _NOT_YET, why=action.why, rule=action.rule,
        guide=action.guide,
        # Moving on is done by moving on: a fourth message would go against the method (R7).
        draft=None if action.kind is ActionKind.MOVE_ON else DraftRequest(
            app=action.application, kind=cast(StepKind, action.kind.value),
            contact=action.contact,
            attempt=action.attempt),
        done=done,
    )


def _app_view(app: Application, plan: AppPlan, raw_app: dict[str, Any], every: list[Action],
              document: Document, now: datetime, tz: ZoneInfo) -> AppView:
    ended = plan.status is Status.ENDED
    first = next((a for a in every if a.application == app.id), None)
    if first is None or ended:
        headline = plan.summary
    else:
        line = f"Next: {words.step_title(document, first)} · {words.window(first, now, tz)}"
        headline = (f"{words.WARM_WAITING} {line}, if all goes quiet."
                    if plan.status is Status.WAITING else line)
    last = app.interviews[-1] if app.interviews else None
    article = app.article
    notes = [_round_notes(app, n, i, tz) for n, i in enumerate(app.interviews, start=1)]
    return AppView(
        id=app.id, company=app.company, role=app.role, status=plan.status.value,
        sample=bool(raw_app.get("sample")), closed=app.closed, headline=headline,
        ended_note=_ended_note(plan) if ended else "",
        # An offer or a "no" gets its note; moving on after silence needs no message.
        closing=DraftRequest(app=app.id, kind="move_on", contact=None, attempt=None)
        if plan.ending in (Ending.OFFER, Ending.REJECTION) else None,
        timeline=_timeline(app, plan, now, tz),
        people=[_person(app, c.id, c.name, c.email, c.phone) for c in app.contacts],
        rounds=[Item(label=f"Round {n}: ended {words.moment(i.ends_at.astimezone(tz))}",
                     name=f"round {n}",
                     remove={"op": "remove", "app": app.id, "what": "interview", "id": i.id}
                     if len(app.interviews) > 1 else None)
                for n, i in enumerate(app.interviews, start=1)],
        absences=[_absence(app, index) for index in range(len(app.away))],
        history=_history(app, raw_app, tz),
        decision=words.day(app.decision_expected) if app.decision_expected else "",
        memorable=last.memorable if last else "",
        notes=app.notes,
        latest_round=notes[-1] if notes else None,
        round_notes=notes,
        facts=AppFacts(company=app.company, role=app.role,
                       decision_expected=app.decision_expected.isoformat()
                       if app.decision_expected else "",
                       applied_on=app.applied_on.isoformat() if app.applied_on else "",
                       anecdote=app.anecdote,
                       article_title=article.title if article else "",
                       article_url=article.url if article else "",
                       article_why=article.why if article else ""),
        contacts=[(c.id, c.name or c.id) for c in app.contacts],
    )


def _round_notes(app: Application, n: int, interview: Interview, tz: ZoneInfo) -> RoundNotes:
    name = f"Round {n}" if len(app.interviews) > 1 else "The interview"
    people = []
    for who in interview.with_:
        contact = app.contact(who)
        people.append(RoundPerson(id=who, name=(contact.name if contact else "") or who,
                                  email=contact.email if contact else "",
                                  discussed=interview.discussed.get(who, "")))
    return RoundNotes(id=interview.id,
                      label=f"{name}, ended {words.moment(interview.ends_at.astimezone(tz))}",
                      people=people, memorable=interview.memorable,
                      topics=", ".join(interview.topics), strengths=interview.strengths,
                      needs=interview.needs, anecdote=interview.anecdote, notes=interview.notes)


#: What the ended row says after the summary, by how it ended.
_ENDED_NOTES = {
    Ending.OFFER: "Congratulations! Take the time you need to consider it, and ask for that "
                  "time in writing.",
    Ending.REJECTION: "Not the news you hoped for, but you did everything right; thank them, "
                      "and put your energy into the next one.",
    Ending.MOVED_ON: "You did everything right; put your energy into the next one.",
}


def _ended_note(plan: AppPlan) -> str:
    return f"{plan.summary}. {_ENDED_NOTES[plan.ending or Ending.MOVED_ON]}"


def _person(app: Application, contact_id: str, name: str, email: str, phone: str) -> Item:
    """A person in the facts: ``Rita Gomez (recruiter) <rita@acme.example>, 555-0100``; the
    part shown is the one the planner goes by (recorded, or read from the data)."""
    role = app.role_of(contact_id)
    part = f" ({role.value})" if role is not None and role is not Role.OTHER else ""
    label = (name or contact_id) + part + (f" <{email}>" if email else "") + \
        (f", {phone}" if phone else "")
    return Item(label=label, name=name or contact_id,
                remove={"op": "remove", "app": app.id, "what": "contact", "id": contact_id})


def _absence(app: Application, index: int) -> Item:
    away = app.away[index]
    who = app.contact(away.contact)
    person = (who.name or who.id) if who else (away.contact or "Everyone")
    return Item(label=f"{person}: {words.day(away.start)} to {words.day(away.until)}",
                name=f"the absence from {words.day(away.start)}",
                remove={"op": "remove", "app": app.id, "what": "away", "index": index})


def _history(app: Application, raw_app: dict[str, Any],
             tz: ZoneInfo) -> list[HistoryItem]:
    """Newest first; each entry removes or corrects the raw event it shows, checked by its
    time."""
    # The document keeps events sorted by time, stably: the same order over the raw list.
    raw_events = raw_app.get("events") or []
    order = dataformat.event_order(raw_events)
    items = []
    for index, event in zip(order, app.events, strict=True):
        label = words.event_label(app, event)
        when = words.event_when(event, tz)
        note = raw_events[index].get("note")
        said = f' \u00b7 "{note.strip()}"' if isinstance(note, str) and note.strip() else ""
        stored = raw_events[index]["at"]
        items.append(HistoryItem(label=f"{when}: {label}{said}", name=f'"{label}" ({when})',
                                 remove={"op": "remove", "app": app.id, "what": "event",
                                         "index": index, "at": stored},
                                 edit=_event_edit(app, event, index, stored,
                                                  note.strip() if isinstance(note, str) else "",
                                                  tz)))
    items.reverse()
    return items


def _event_edit(app: Application, event: Event, index: int, stored: str, note: str,
                tz: ZoneInfo) -> EventEdit:
    mine = event.type in (EventType.THANK_YOU, EventType.FOLLOW_UP)
    return EventEdit(
        change={"op": "update_event", "app": app.id, "index": index, "at": stored},
        # An entry whose date is not known starts the editor with no time to correct.
        type=event.type.value, at_local="" if event.date_unknown
        else event.at.astimezone(tz).strftime("%Y-%m-%dT%H:%M"),
        contact=event.contact or "",
        channel=event.channel.value if event.channel else (Channel.EMAIL.value if mine else ""),
        outcome=(event.outcome or Outcome.SENT).value
        if event.type is EventType.FOLLOW_UP else "",
        tone=event.tone.value if event.tone is not None else "", note=note)


def _timeline(app: Application, plan: AppPlan, now: datetime,
              tz: ZoneInfo) -> list[TimelineMark]:
    marks: list[tuple[datetime, TimelineMark]] = []

    def mark(at: datetime, kind: str, label: str, state: MarkState,
             day: date | None = None) -> None:
        shown = day if day is not None else at.astimezone(tz).date()
        marks.append((at, TimelineMark(kind=kind, label=label, state=state,
                                       date=words.day(shown),
                                       date_full=words.long_day(shown))))

    rounds = len(app.interviews)
    for n, interview in enumerate(app.interviews, 1):
        ended = interview.ends_at <= now
        name = f"Round {n}" if rounds > 1 else "Interview"
        mark(interview.ends_at, "interview", name if ended else f"{name} ends",
             "done" if ended else "planned")
    for event in app.events:
        if event.date_unknown:  # in its place in the order, with no date to show
            marks.append((event.at, TimelineMark(
                kind=event.type.value, label=f"{words.event_label(app, event)} (date unknown)",
                state="done", date="", date_full="")))
        else:
            mark(event.at, event.type.value, words.event_label(app, event), "done")
    notes = sum(1 for a in plan.actions if a.kind is ActionKind.THANK_YOU)
    for action in plan.actions:
        label = words.short_label(action.kind.value, action.attempt)
        who = app.contact(action.contact) if notes > 1 else None
        if who is not None and action.kind is ActionKind.THANK_YOU:
            label = f"{label} to {who.name or who.id}"  # a panel: one note each, told apart
        overdue = action.latest < now
        mark(action.suggested, action.kind.value, label, "overdue" if overdue else "planned")
    if app.decision_expected is not None:
        mark(_noon(app.decision_expected, tz), "decision", "Decision expected", "clue",
             app.decision_expected)
    for away in app.away:
        who = app.contact(away.contact)
        mark(_noon(away.start, tz), "away",
             f"{(who.name or who.id) if who else 'Team'} away until {words.day(away.until)}",
             "clue", away.start)
    marks.sort(key=lambda m: m[0])
    timeline = [m for _, m in marks]
    later = next((n for n, (at, _) in enumerate(marks) if at > now), len(marks))
    timeline.insert(later, TimelineMark(kind="today", label="Today", state="today", date="",
                                             date_full=""))
    return timeline


def _noon(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(12), tzinfo=tz)


# -- the calls -------------------------------------------------------------------------------

def _reply(fn: Callable[[Request], dict[str, Any]], text: str) -> str:
    """Run one call: its result, or a failure the page can show (never a traceback)."""
    result: dict[str, Any]
    try:
        request = json.loads(text)
        if not isinstance(request, dict):
            raise DataError("", "the request is not a JSON object")
        # The device's clock (12h or 24h) unless the document names its own (_load).
        with words.using_clock(request.get("clock")):
            result = {"ok": True, **fn(request)}
    except edit.RuleWarning as exc:
        rule = rules.RULES[exc.rule]
        result = {"ok": False, "error": str(exc),
                  "warning": {"rule": rule.id, "title": rule.title, "guide": rule.guide}}
    except UnknownDocument as exc:
        result = {"ok": False, "unknown": True, "error": str(exc)}
    except (DataError, drafts.DraftError, ChangeError) as exc:
        result = {"ok": False, "error": str(exc)}
    except ModuleNotFoundError as exc:
        # An optional package the browser has not loaded yet: the worker loads it and calls
        # again (calls are pure, so that is safe).
        missing = (exc.name or "").split(".")[0]
        if not missing:
            result = _fault(exc)
        else:
            result = {"ok": False, "missing": missing,
                      "error": f"Part of the planner is still loading ({missing}); "
                               "try again in a moment."}
    except Exception as exc:
        result = _fault(exc)
    return json.dumps(result, ensure_ascii=False)


def _fault(exc: BaseException) -> dict[str, Any]:
    """An unexpected problem: a sentence for the user, and for the developer (the page writes
    it to the console) where it happened: the exception and the innermost frames, with no
    value from the user's data."""
    return {"ok": False, "fault": True,
            "error": f"The planner hit an unexpected problem ({type(exc).__name__}). "
                     "Your data was not changed.",
            "trace": short_trace(exc)}


def short_trace(exc: BaseException, frames: int = 6) -> str:
    """``ZeroDivisionError at followup/words.py:97 in clock < followup/bridge.py:420 in …``:
    the exception's type and its innermost ``frames`` (file, line, function), no message."""
    import traceback

    stack = traceback.extract_tb(exc.__traceback__)[-frames:]
    where = " < ".join(f"{'/'.join(f.filename.replace(chr(92), '/').split('/')[-2:])}:"
                       f"{f.lineno} in {f.name}" for f in reversed(stack))
    return f"{type(exc).__name__} at {where}" if where else type(exc).__name__


#: The text last read or written, with its raw object and records: the page sends the same
#: text again with its next call, and a document of hundreds of applications is not read and
#: validated again. The raw object is never changed in place (every change is made to a copy).
_last: tuple[str, dict[str, Any], Document] | None = None


def _remember(text: str, raw: dict[str, Any], document: Document) -> None:
    global _last, _last_token  # noqa: PLW0603 (one remembered document per process)
    _last = (text, raw, document)
    _last_token = _token("d")


#: The remembered document's name: a request may give it as ``"known"`` instead of sending
#: the document's text again (the page's store does, for the text a change returned).
_last_token = ""


class UnknownDocument(DataError):
    """A request named a document (``known``) that is not the one remembered."""

    def __init__(self) -> None:
        super().__init__("", "the planner no longer holds that document; send its text")


def forget() -> None:
    """Forgets every document this process remembers. The page's worker calls it before it
    makes a memory snapshot (after a warm-up on a sample), so that no document is kept in it."""
    global _last, _last_token, _parts, _session  # noqa: PLW0603
    _last = None
    _last_token = ""
    _parts = {}
    _dumped.clear()
    _sent.clear()
    _session = ""


#: Each application's text in the last text written (see dataformat.dump).
_dumped: dict[int, tuple[Any, str]] = {}

#: The last views sent, by their token: each application's card and each step, by id and
#: key. A page that shows one of them is sent only what differs from it (:class:`ViewDelta`).
_sent: dict[str, tuple[dict[str, AppView], dict[str, Step]]] = {}
_SENT_KEPT = 4
#: Told apart from another process's tokens (a new worker); made on first use.
_session = ""
_count = 0


def _dump(raw: dict[str, Any]) -> str:
    return dataformat.dump(raw, parts=_dumped)


def _token(kind: str) -> str:
    """A new name, never given before by this process nor, in all likelihood, by another."""
    global _session, _count  # noqa: PLW0603
    if not _session:
        _session = secrets.token_hex(4)
    _count += 1
    return f"{_session}-{kind}{_count}"


def _view_answer(request: Request, shown: View, *, remembered: bool) -> dict[str, Any]:
    """``{"view", "token"}``, or ``{"delta", "token"}`` when the request's ``shown`` names a
    view sent before: then only what differs from that one. ``known`` names the document the
    answer is about (the one remembered), for the next request."""
    token = _token("v")
    apps = {a["id"]: a for a in shown["applications"]}
    steps = {s["key"]: s for s in shown["steps"]}
    base = _sent.get(request["shown"]) if isinstance(request.get("shown"), str) else None
    _sent[token] = (apps, steps)
    while len(_sent) > _SENT_KEPT:
        del _sent[next(iter(_sent))]
    known = {"known": _last_token} if remembered else {}
    if base is None:
        return {"view": shown, "token": token, **known}
    old_apps, old_steps = base
    return {"token": token, **known, "delta": ViewDelta(
        base=request["shown"], timezone=shown["timezone"], groups=shown["groups"],
        settings=shown["settings"], sample=shown["sample"], events=shown["events"],
        applications=list(apps), steps=list(steps),
        changed=[a for i, a in apps.items() if not _same(old_apps.get(i), a)],
        changed_steps=[s for k, s in steps.items() if not _same(old_steps.get(k), s)])}


def _same(old: object, new: object) -> bool:
    return old is new or old == new


def _load(request: Request) -> tuple[dict[str, Any], Document]:
    """The stored document, or a new empty one in the browser's zone when there is none; or
    the one remembered, when the request names it (``known``) instead of sending its text."""
    if "known" in request and "document" not in request:
        if _last is None or request["known"] != _last_token:
            raise UnknownDocument
        if _last[2].settings.clock is not None:
            words.set_clock(_last[2].settings.clock.value)
        return _last[1], _last[2]
    text = request.get("document")
    if text is None:
        raw = dataformat.new_raw(request.get("timezone") or "UTC")
        return raw, dataformat.to_document(raw)
    if not isinstance(text, str):
        raise DataError("", "the stored data is not text")
    if _last is not None and _last[0] == text:
        raw, document = _last[1], _last[2]
    else:
        raw, document = dataformat.load(text)
        _remember(text, raw, document)
        _dumped.clear()
    if document.settings.clock is not None:
        words.set_clock(document.settings.clock.value)
    return raw, document


def _now(request: Request) -> datetime:
    return dataformat.parse_datetime(request.get("now"), "now")


def validate(text: str) -> str:
    """``{"document", "timezone"?}`` -> ``{"text", "applications": N}``: the (migrated)
    document as the page stores it, or the reason it cannot be read."""
    def run(request: Request) -> dict[str, Any]:
        raw, document = _load(request)
        return {"text": dataformat.dump(raw), "applications": len(document.applications)}
    return _reply(run, text)


def agenda(text: str) -> str:
    """``{"document", "now", "timezone"?, "shown"?}`` -> ``{"view": View, "token"}``, or
    ``{"delta": ViewDelta, "token"}`` when ``shown`` is the token of a view sent before (the
    one the page shows)."""
    def run(request: Request) -> dict[str, Any]:
        raw, document = _load(request)
        answer = _view_answer(request, view(raw, document, _now(request)),
                              remembered=_last is not None and _last[1] is raw)
        if not _dumped and document.applications:
            _dump(raw)  # each application's text, for the first change to write only its own
        return answer
    return _reply(run, text)


def change(text: str) -> str:
    """``{"document", "now", "timezone"?, "change", "shown"?}`` -> the new document's text, a
    message, the change that takes it back (or null) and the new view (or what differs from
    the one ``shown``, as :func:`agenda`).

    On any problem the answer is a failure and the caller keeps its current document.
    """
    def run(request: Request) -> dict[str, Any]:
        raw, document = _load(request)
        now = _now(request)
        new, records, message, undo = edit.change(raw, document, request.get("change"), now=now)
        # The new document's own clock (a change of the setting shows at once), else the
        # device's.
        mine = records.settings.clock
        words.set_clock(mine.value if mine is not None else request.get("clock"))
        text = _dump(new)
        _remember(text, new, records)
        return {"text": text, "message": message, "undo": undo,
                **_view_answer(request, view(new, records, now), remembered=True)}
    return _reply(run, text)


def describe(text: str) -> str:
    """``{"document"}`` -> a short account of a backup, shown before it replaces anything."""
    def run(request: Request) -> dict[str, Any]:
        raw, document = _load(request)
        return {"text": dataformat.dump(raw),
                "applications": [a.company for a in document.applications],
                "events": sum(len(a.events) for a in document.applications),
                "timezone": document.settings.timezone}
    return _reply(run, text)


def draft(text: str) -> str:
    """``{"document", "now", "app", "kind", "contact"?, "attempt"?, "key"?}`` -> subject,
    body, gaps; the user's own kept words for the step ``key`` when there are some
    (``"kept": true``), with the planner's own draft beside them to start again from."""
    def run(request: Request) -> dict[str, Any]:
        raw, document = _load(request)
        found = drafts.draft(document, str(request.get("app")), str(request.get("kind")),
                             now=_now(request), contact=request.get("contact"),
                             attempt=request.get("attempt"))
        answer: dict[str, Any] = {**found.to_json(), "kept": False,
                                  "original": {"subject": found.subject, "body": found.body}}
        kept = _kept_draft(raw, str(request.get("app")), request.get("key"))
        if kept is not None:
            # A missing address is a gap of the draft, not of the words: it stays first.
            answer.update(subject=kept[0], body=kept[1], kept=True,
                          gaps=([found.to_gap] if found.to_gap else []) + _gaps_in(kept[1]))
        return answer
    return _reply(run, text)


def _gaps_in(body: str) -> list[str]:
    """The placeholders still in the user's own words, each once, in order."""
    return list(dict.fromkeys(re.findall(r"\[[^\]\n]+\]", body)))


def _kept_draft(raw: dict[str, Any], app_id: str, key: object) -> tuple[str, str] | None:
    for app in raw.get("applications") or []:
        if isinstance(app, dict) and app.get("id") == app_id:
            kept = app.get("drafts")
            found = kept.get(key) if isinstance(kept, dict) and isinstance(key, str) else None
            if (isinstance(found, dict) and isinstance(found.get("subject"), str)
                    and isinstance(found.get("body"), str)):
                return found["subject"], found["body"]
    return None


def calendar(text: str) -> str:
    """``{"document", "now", "app"?, "site_url"?}`` -> ``{"ics": TEXT, "events": N,
    "cancelled": M}``: N planned steps, and M steps exported before that are gone now."""
    def run(request: Request) -> dict[str, Any]:
        from . import ics

        _, document = _load(request)
        now = _now(request)
        only = request.get("app")
        steps = [a for a in planner.actions(document, now=now) if only in (None, a.application)]
        data = ics.calendar(document, steps, now=now, site_url=request.get("site_url") or "",
                            applications=None if only is None else [str(only)])
        return {"ics": data.decode("utf-8"), "events": len(steps),
                "cancelled": data.count(b"STATUS:CANCELLED")}
    return _reply(run, text)


def spreadsheet_preview(text: str) -> str:
    """``{"document", "now", "timezone"?, "data": BASE64, "date_format"?, "prefer"?}`` ->
    ``{"preview": Preview, "text": CSV}``: what importing the file's bytes would add, leave
    out as duplicates and not understand; ``text`` is the file's text, for the change
    ``{"op": "import_spreadsheet", "text", "date_format"}`` that adds them."""
    def run(request: Request) -> dict[str, Any]:
        import base64
        import binascii

        from . import spreadsheet

        raw, document = _load(request)
        data = request.get("data")
        try:
            if not isinstance(data, str):
                raise ValueError(data)
            content = base64.b64decode(data, validate=True)
        except (ValueError, binascii.Error):
            raise ChangeError("The file could not be read. Nothing was changed.") from None
        order, prefer = request.get("date_format"), request.get("prefer")
        try:
            csv_text = spreadsheet.decode(content)
            reading = spreadsheet.read(raw, document, csv_text, now=_now(request),
                                       date_format=order if isinstance(order, str) else None,
                                       prefer=prefer if isinstance(prefer, str) else None)
        except spreadsheet.SpreadsheetError as exc:
            raise ChangeError(str(exc)) from None
        return {"preview": reading.preview, "text": csv_text}
    return _reply(run, text)


def spreadsheet_export(text: str) -> str:
    """``{"document", "now"}`` -> ``{"csv": TEXT, "rows": N}``: one row per application."""
    def run(request: Request) -> dict[str, Any]:
        from . import spreadsheet

        raw, document = _load(request)
        return {"csv": spreadsheet.export(raw, document, now=_now(request)),
                "rows": len(document.applications)}
    return _reply(run, text)


#: Every function the page may call, by name: the one list of them (the worker has none).
FUNCTIONS: dict[str, Callable[[str], str]] = {
    "agenda": agenda,
    "change": change,
    "validate": validate,
    "describe": describe,
    "draft": draft,
    "calendar": calendar,
    "spreadsheet_preview": spreadsheet_preview,
    "spreadsheet_export": spreadsheet_export,
}


def call(name: str, text: str) -> str:
    """Call the bridge function ``name`` with the request ``text``; JSON text back."""
    fn = FUNCTIONS.get(name) if isinstance(name, str) else None
    if fn is None:
        return json.dumps({"ok": False, "fault": True,
                           "error": f"Unknown planner function \"{name}\"."},
                          ensure_ascii=False)
    return fn(text)
