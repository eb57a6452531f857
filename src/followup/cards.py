"""One application's card on the page: its headline, timeline, people, rounds, history and
the facts its forms start from, with every word and date ready (in the document's zone)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from . import dataformat, datewords, labels, search, words
from .contract import (
    AppFacts,
    AppView,
    DraftRequest,
    EventEdit,
    HistoryItem,
    Item,
    MarkState,
    RoundNotes,
    RoundPerson,
    TimelineMark,
)
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
    Status,
)


def card(app: Application, plan: AppPlan, raw_app: dict[str, Any], every: list[Action],
         document: Document, now: datetime, tz: ZoneInfo) -> AppView:
    """The application's card: its headline, timeline, people, rounds, history and facts.
    ``every`` is its plan's actions in date order; ``document`` holds it alone."""
    ended = plan.status is Status.ENDED
    first = next((a for a in every if a.application == app.id), None)
    if first is None or ended:
        headline = plan.summary
    else:
        line = f"Next: {words.step_title(document, first)} · {words.window(first, now, tz)}"
        headline = (f"{labels.WARM_WAITING} {line}, if all goes quiet."
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
        rounds=[Item(label=f"Round {n}: ended {datewords.moment(i.ends_at.astimezone(tz))}",
                     name=f"round {n}",
                     remove={"op": "remove", "app": app.id, "what": "interview", "id": i.id}
                     if len(app.interviews) > 1 else None)
                for n, i in enumerate(app.interviews, start=1)],
        absences=[_absence(app, index) for index in range(len(app.away))],
        history=_history(app, raw_app, tz),
        decision=datewords.day(app.decision_expected) if app.decision_expected else "",
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
                       article_why=article.why if article else "",
                       posting_url=app.posting_url, resume=app.resume),
        contacts=[(c.id, c.name or c.id) for c in app.contacts],
        search=search.text(app),
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
                      label=f"{name}, ended {datewords.moment(interview.ends_at.astimezone(tz))}",
                      people=people, memorable=interview.memorable,
                      topics=", ".join(interview.topics), strengths=interview.strengths,
                      needs=interview.needs, anecdote=interview.anecdote, notes=interview.notes)


def _ended_note(plan: AppPlan) -> str:
    return f"{plan.summary}. {labels.ENDED_NOTES[plan.ending or Ending.MOVED_ON]}"


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
    return Item(label=f"{person}: {datewords.day(away.start)} to {datewords.day(away.until)}",
                name=f"the absence from {datewords.day(away.start)}",
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
                                       date=datewords.day(shown),
                                       date_full=datewords.long_day(shown))))

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
        label = labels.short_label(action.kind.value, action.attempt)
        who = app.contact(action.contact) if notes > 1 else None
        if who is not None and action.kind is ActionKind.THANK_YOU:
            label = f"{label} to {who.name or who.id}"  # a panel: one note each, told apart
        overdue = action.latest < now
        mark(action.suggested, action.kind.value, label, "overdue" if overdue else "planned")
    if app.decision_expected is not None:
        mark(noon(app.decision_expected, tz), "decision", "Decision expected", "clue",
             app.decision_expected)
    for away in app.away:
        who = app.contact(away.contact)
        mark(noon(away.start, tz), "away",
             f"{(who.name or who.id) if who else 'Team'} away until {datewords.day(away.until)}",
             "clue", away.start)
    marks.sort(key=lambda m: m[0])
    timeline = [m for _, m in marks]
    later = next((n for n, (at, _) in enumerate(marks) if at > now), len(marks))
    timeline.insert(later, TimelineMark(kind="today", label="Today", state="today", date="",
                                             date_full=""))
    return timeline


def noon(day: date, tz: ZoneInfo) -> datetime:
    """Where a day-long clue (a decision date, an absence) sits among moments."""
    return datetime.combine(day, time(12), tzinfo=tz)
