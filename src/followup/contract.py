"""The shapes that cross from Python to the page, declared once: what the bridge's calls
answer with (a :class:`View` and its parts), and the words its fields may hold.

``site_app/js/types.js`` declares the same shapes for the page's type checker;
``tests/test_contract.py`` holds the two alike, key by key and word by word.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

#: A request to the bridge, and a change to the document, as JSON objects.
Request = dict[str, Any]
Change = dict[str, Any]

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
