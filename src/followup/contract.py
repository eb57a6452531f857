"""The shapes that cross from Python to the page, declared once: what the bridge's calls
answer with (a :class:`View` and its parts), and the words its fields may hold.

``site_app/js/types.js`` declares the same shapes for the page's type checker;
``tests/test_contract.py`` holds the two alike, key by key and word by word.
"""

# No `from __future__ import annotations`: Required and NotRequired are read when each class
# is made, so that __optional_keys__ is right (tests/test_contract.py relies on it).
from typing import Any, Literal, NotRequired, Required, TypedDict

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
    # From this moment (UTC, ISO) it is due: the start of the day, in the document's zone, on
    # which it opens ("today" or "overdue" from then until done). Reminders count by it.
    due_from: str
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
    posting_url: str  # the job posting's address ("" when not noted)
    resume: str  # the résumé version sent ("" when not noted)


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
    search: str  # what a search looks in, folded (followup.search.text)


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


# -- the calls: followup.bridge.call(name, request) -------------------------------------------
# Each call's request and answer, by name (CALLS); types.js has the same map (Calls), and the
# page's python.call is typed by it. A failure is ``{"ok": false, "error", ...}`` for any call
# (types.js: Failure).

class DocumentRequest(TypedDict, total=False):
    """What any call's request may carry: the document's text (null: a new, empty one in
    ``timezone``), or ``known``, the name of the one Python holds; and the device's clock
    ("12" or "24"), used when the document sets none."""

    document: str | None
    known: str
    timezone: str
    clock: str


class AgendaRequest(DocumentRequest, total=False):
    now: Required[str]
    shown: str  # the token of the view the page shows: the answer is what differs from it


class ChangeRequest(AgendaRequest, total=False):
    change: Required[Change]


class DraftCall(DocumentRequest, total=False):
    now: Required[str]
    app: Required[str]
    kind: Required[StepKind]
    contact: str | None
    attempt: int | None
    key: str  # the step's key: the user's own kept words for it, when there are some


class CalendarRequest(DocumentRequest, total=False):
    now: Required[str]
    app: str | None  # one application's steps only (None: every one)
    site_url: str


class SpreadsheetPreviewRequest(DocumentRequest, total=False):
    now: Required[str]
    data: Required[str]  # the file's bytes, in base64
    date_format: str | None  # "dmy" or "mdy" (None: as the file reads best)
    prefer: str | None  # the order to try first, the device's


class SpreadsheetExportRequest(DocumentRequest, total=False):
    now: Required[str]


class AgendaAnswer(TypedDict):
    """The view whole, or what differs from the one the request's ``shown`` named; ``token``
    names it for the next ``shown``, ``known`` the document Python now holds."""

    ok: Literal[True]
    token: str
    view: NotRequired[View]
    delta: NotRequired[ViewDelta]
    known: NotRequired[str]


class ChangeAnswer(AgendaAnswer):
    text: str
    message: str
    undo: Change | None


class ValidateAnswer(TypedDict):
    ok: Literal[True]
    text: str
    applications: int


class DescribeAnswer(TypedDict):
    ok: Literal[True]
    text: str
    applications: list[str]
    events: int
    timezone: str


class DraftWords(TypedDict):
    subject: str
    body: str


class DraftAnswer(TypedDict):
    """A draft: the user's own kept words for the step when there are some (``kept``), with
    the planner's own (``original``) to start again from. ``to_gap`` names a missing address
    ("[Dana Lee's email address]"), also first among ``gaps``."""

    ok: Literal[True]
    kind: StepKind
    to: str
    to_gap: str
    subject: str
    body: str
    gaps: list[str]
    kept: bool
    original: DraftWords


class CalendarAnswer(TypedDict):
    ok: Literal[True]
    ics: str
    events: int  # steps planned
    cancelled: int  # steps exported before that are gone now


class SpreadsheetPreviewAnswer(TypedDict):
    ok: Literal[True]
    preview: dict[str, Any]  # followup.spreadsheet.Preview
    text: str  # the file's text, for the change {"op": "import_spreadsheet", ...}


class SpreadsheetExportAnswer(TypedDict):
    ok: Literal[True]
    csv: str
    rows: int


#: Every call the page may make: its request and its answer.
CALLS: dict[str, tuple[type, type]] = {
    "agenda": (AgendaRequest, AgendaAnswer),
    "change": (ChangeRequest, ChangeAnswer),
    "validate": (DocumentRequest, ValidateAnswer),
    "describe": (DocumentRequest, DescribeAnswer),
    "draft": (DraftCall, DraftAnswer),
    "calendar": (CalendarRequest, CalendarAnswer),
    "spreadsheet_preview": (SpreadsheetPreviewRequest, SpreadsheetPreviewAnswer),
    "spreadsheet_export": (SpreadsheetExportRequest, SpreadsheetExportAnswer),
}
