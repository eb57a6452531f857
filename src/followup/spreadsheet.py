"""Spreadsheets in and out: a CSV of applications read into a preview, then into the document;
the document written as a CSV for spreadsheet users.

Pure, like the planning core: bytes or text in, a preview, new raw applications or CSV text
out; ``now`` is passed in. Reading uses Python's own :mod:`csv`, so the page (through
:mod:`followup.bridge` and the ``import_spreadsheet`` change of :mod:`followup.edit`) and the
command line (``followup import``/``followup export``) read a file the same way.

What a row becomes: a company (required), a role, interview rounds (an interview date makes a
round; several dates in one cell, separated by ``;``, make several), the day of applying
(without an interview, the follow-ups count from it), contacts (``Name <email>`` items
separated by ``;``, or name, email and phone columns), the decision day, an outcome from the
status and notes: the notes column, then every other value as ``Column: value``. A row naming
the same company and role as an application already there, or as an earlier row, is a
duplicate and is left out.

Nothing is dated that the row does not date. An offer or a "no" becomes their reply dated from
the row's answer column ("Response date", "Rejected on"…, else "Last updated", "Last
contact"…); a row that gives no such date records their reply as one whose date is not known
(``"date_unknown": true``: the card, the history and the timeline say "date unknown", and the
export leaves its date empty), since any date would be made up. A status that says there is
an interview ("Interview", "Phone screen"…) without an interview date plans nothing from the
day applied: the preview asks for the interview's date, and the day applied is kept in the
notes.

This module reads a file into a preview and into applications. The file's text and table are
:mod:`followup.sheetfile`'s, its dates :mod:`followup.sheetdates`', its rows
:mod:`followup.sheetrows`' and the words it knows :mod:`followup.sheetwords`'; the export is
:mod:`followup.sheetexport`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from . import datewords, words
from .model import Document
from .sheetdates import (
    DATE_FORMATS,
    _local_day,
    _moment,
    _numeric_order,
    _pick_order,
    _read_date,
    _When,
)
from .sheetfile import _DELIMITERS, _table
from .sheetrows import _contacts, _Row, _rows
from .sheetwords import (
    _CLOSED,
    _DAY_ONLY,
    _IMPORTED,
    _INTERVIEWING,
    _NOT_APPLIED,
    _OFFER,
    _OPEN,
    _REJECTION,
    _UNDATED_NOTE,
    _norm,
)

__all__ = ["Preview", "Reading", "apply", "read"]


class Column(TypedDict):
    name: str
    use: str  # a field ("company", "role", …), "notes" or "computed"


class Added(TypedDict):
    row: int
    company: str
    role: str
    detail: str  # "Interview Tue 17 Nov, 3 pm with Dana Lee · Rejected"


class Refused(TypedDict):
    row: int
    reason: str


class Duplicate(TypedDict):
    row: int
    company: str
    role: str
    of: str  # "already in the planner" or "the same as row 4"


class Preview(TypedDict):
    delimiter: str
    delimiter_name: str
    rows: int
    columns: list[Column]
    date_format: str  # "dmy", "mdy", or "" when no date is written in numbers only
    date_formats: list[str]  # the orders that read every date of the file
    date_example: str  # "03/04/2026 is read as Fri 3 Apr" ("" without such a date)
    added: list[Added]
    not_understood: list[Refused]
    duplicates: list[Duplicate]


@dataclass
class Reading:
    """What importing a file would do: its preview and the applications it adds."""

    preview: Preview
    applications: list[dict[str, Any]]


def _key(company: str, role: str) -> tuple[str, str]:
    return " ".join(company.casefold().split()), " ".join(role.casefold().split())


def _same(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """The same company, and the same role or one of them without a role."""
    return a[0] == b[0] and (a[1] == b[1] or not a[1] or not b[1])


def read(raw: dict[str, Any], document: Document, text: str, *, now: datetime,
         date_format: str | None = None, prefer: str | None = None) -> Reading:
    """What importing ``text`` (a CSV file's text) into ``raw`` would do.

    ``date_format`` ("dmy" or "mdy") says how dates written in numbers only are read; without
    it, the order that reads every date is chosen, ``prefer`` when both do (the page passes
    its locale's; the command line its country's). Raises :class:`SpreadsheetError` when
    the file cannot be read at all; rows that cannot be used are listed, not refused.
    """
    delimiter, header, table = _table(text)
    columns, rows, refused_rows = _rows(header, table)
    tz = ZoneInfo(document.settings.timezone)
    cells = [c for r in rows for c in (*r.interviews, r.applied, r.decision,
                                         *(d[1] for d in (r.answered, r.updated) if d)) if c]
    order, fitting, example = _pick_order(cells, date_format, prefer)
    shown = DATE_FORMATS.get(order, "")

    # By company: each role there, and what a duplicate of it is the same as: the planner's
    # applications first, then the rows added before it.
    known: dict[str, list[tuple[str, str]]] = {}
    for a in document.applications:
        company, role = _key(a.company, a.role)
        known.setdefault(company, []).append((role, f"{a.company} is already in the planner"))
    taken_ids: set[Any] = {a.id for a in document.applications}
    added: list[Added] = []
    duplicates: list[Duplicate] = []
    refused: dict[int, str] = dict(refused_rows)
    apps: list[dict[str, Any]] = []

    def date_of(cell: str, what: str) -> _When:
        found = _read_date(cell, order)
        if found is None:
            how = f" (dates in numbers are read as {shown})" if _numeric_order(cell) else ""
            raise _RowProblem(f"the {what} “{cell[:40]}” is not a date{how}")
        return found

    for row in rows:
        try:
            if not row.company:
                raise _RowProblem("it has no company name")
            key = _key(row.company, row.role)
            twin = next((of for role, of in known.get(key[0], ())
                         if _same((key[0], role), key)), None)
            if twin is not None:
                duplicates.append(Duplicate(row=row.number, company=row.company, role=row.role,
                                            of=twin))
                continue
            app, said = _application(row, date_of, tz, now)
        except _RowProblem as exc:
            refused[row.number] = str(exc)
            continue
        known.setdefault(key[0], []).append((key[1], f"the same as row {row.number}"))
        app["id"] = words.slug(row.company, taken_ids, "application")
        app = {"id": app.pop("id"), **app}
        taken_ids.add(app["id"])
        apps.append(app)
        added.append(Added(row=row.number, company=row.company, role=row.role,
                           detail=_detail(app, tz, said)))

    preview = Preview(
        delimiter=delimiter, delimiter_name=_DELIMITERS.get(delimiter, delimiter),
        rows=len(table), columns=[Column(name=c["name"], use=c["use"]) for c in columns],
        date_format=order, date_formats=fitting, date_example=example, added=added,
        not_understood=[Refused(row=n, reason=r) for n, r in sorted(refused.items())],
        duplicates=duplicates)
    return Reading(preview=preview, applications=apps)


class _RowProblem(Exception):
    """Why one row cannot be imported."""


def _answer_kind(status: str) -> str:
    """"offer" or "rejection" for a status (as :func:`_norm` leaves it) that says so, else ""."""
    return "offer" if status in _OFFER else "rejection" if status in _REJECTION else ""


def _answer_at(when: _When, tz: ZoneInfo, now: datetime, after: datetime | None,
               applied: date | None) -> datetime:
    """The moment of their answer: the cell's own time, or for a day alone noon, moved into
    what that day allows (not before the interview ``after`` ended, not after now). A day
    that cannot be the answer's is the row's problem, said in a sentence."""
    local_now = now.astimezone(tz).replace(microsecond=0)
    day = _local_day(when, tz)
    shown = f"{datewords.day(day)} {day.year}"
    moment = _moment(when, tz)
    if day > local_now.date() or (when.at is not None and moment > now):
        raise _RowProblem(f"the answer date, {shown}, is still to come")
    if applied is not None and day < applied:
        raise _RowProblem(f"the answer date, {shown}, comes before the day applied")
    if when.at is None:
        if after is not None and after.astimezone(tz).date() == day:
            moment = max(moment, after)
        moment = min(moment, local_now)
    if after is not None and moment < after:
        raise _RowProblem(f"the answer date, {shown}, comes before the interview ended "
                          f"({datewords.day(after.date())} {after.year}, {datewords.clock(after)})")
    return moment


@dataclass(frozen=True)
class _Said:
    """What the preview says of a row beyond its dates: ``lead`` stands for them."""

    lead: str = ""
    outcome: str = ""


def _application(row: _Row, date_of: Callable[[str, str], _When], tz: ZoneInfo,
                 now: datetime) -> tuple[dict[str, Any], _Said]:
    status = _norm(row.status)
    answer = _answer_kind(status)
    today = now.astimezone(tz).date()
    notes = list(row.notes)
    # An offer or a "no" is dated from the answer's own column, else from the row's latest
    # change; a date column that dates nothing stays in the notes.
    source = (row.answered or row.updated) if answer else None
    for kept in (row.answered, row.updated):
        if kept is not None and kept is not source:
            notes.append(f"{kept[0]}: {kept[1]}" if kept[0] else kept[1])
    app: dict[str, Any] = {"company": row.company, "role": row.role, "contacts": [],
                           "interviews": [], "events": []}
    with_: list[str] = []
    for person in _contacts(row):
        taken = {c["id"] for c in app["contacts"]}
        name = person["name"]
        person_id = words.slug(name or person.get("email", "").split("@")[0], taken, "contact")
        app["contacts"].append({"id": person_id, **person})
        with_.append(person_id)
    ends = sorted({_moment(date_of(cell, "interview date"), tz) for cell in row.interviews})
    for n, ends_at in enumerate(ends, start=1):
        app["interviews"].append({"id": f"r{n}", "ends_at": ends_at.isoformat(),
                                  "with": with_ if n == len(ends) else []})
    lead = ""
    # An interview without its date: planned from the day applied, the plan would miss the
    # thank-you and count the follow-ups from the wrong day. The preview asks for the date.
    interview_unknown = status in _INTERVIEWING and not ends and not answer
    if interview_unknown:
        lead = (f"Interview date needed: the status says “{row.status}” but no interview date "
                "is given, so nothing is planned until you add the interview to it")
    if row.applied and status not in _NOT_APPLIED and interview_unknown:
        notes.append(f"{row.applied_column}: {row.applied}" if row.applied_column
                     else row.applied)
        lead += " (the day applied is kept in its notes)"
    elif row.applied and status not in _NOT_APPLIED:
        applied = _local_day(date_of(row.applied, "date applied"), tz)
        if applied > today:
            raise _RowProblem(f"the date applied, {datewords.day(applied)} {applied.year}, is "
                              "still to come")
        app["applied_on"] = applied.isoformat()
    if row.decision:
        app["decision_expected"] = _local_day(date_of(row.decision, "decision date"),
                                              tz).isoformat()
    outcome = ""
    said = "Offer" if answer == "offer" else "They said no"
    if answer and source is not None:
        when = date_of(source[1], "answer date")
        at = _answer_at(when, tz, now, ends[-1] if ends else None,
                        date.fromisoformat(app["applied_on"]) if "applied_on" in app else None)
        # The history shows the answer's time: a day alone says that its time is not known.
        app["events"].append({"at": at.isoformat(), "type": "reply", "tone": answer,
                              "note": _IMPORTED if when.at is not None else _DAY_ONLY})
        outcome = f"{said} on {datewords.day(at.date())} {at.year}"
    elif answer:
        # No date says when: the answer is recorded as one whose date is not known (placed at
        # the import's moment only to order it); nothing shows a date for it.
        app["events"].append({"at": now.astimezone(tz).replace(microsecond=0).isoformat(),
                              "type": "reply", "tone": answer, "date_unknown": True,
                              "note": _UNDATED_NOTE})
        outcome = f"{said}, date unknown"
    elif status in _CLOSED:
        app["closed"] = True
        outcome = "Closed"
    if row.status and status not in _OPEN | _OFFER | _REJECTION | _CLOSED:
        notes.append(f"Status: {row.status}")
    if row.url:
        app["posting_url"] = row.url
    if row.resume:
        app["resume"] = row.resume
    if notes:
        text = "\n".join(notes)
        if app["interviews"]:
            app["interviews"][-1]["notes"] = text
        else:
            app["notes"] = text
    return app, _Said(lead, outcome)


def _detail(app: dict[str, Any], tz: ZoneInfo, said: _Said) -> str:
    parts: list[str] = []
    names = [c["name"] or c.get("email", "") for c in app["contacts"]]
    if said.lead:
        parts.append(said.lead)
        if names:
            parts.append(f"contact: {', '.join(names)}")
    elif app["interviews"]:
        last = datetime.fromisoformat(app["interviews"][-1]["ends_at"]).astimezone(tz)
        rounds = len(app["interviews"])
        what = f"{rounds} interviews, the last" if rounds > 1 else "Interview"
        parts.append(f"{what} {datewords.day(last.date())} {last.year}, {datewords.clock(last)}"
                     + (f" with {', '.join(names)}" if names else ""))
    elif "applied_on" in app:
        applied = date.fromisoformat(app["applied_on"])
        parts.append(f"Applied {datewords.day(applied)} {applied.year}")
        if names:
            parts.append(f"contact: {', '.join(names)}")
    else:
        parts.append("No date: nothing will be planned until you add the interview or the "
                     "day you applied")
    if said.outcome:
        parts.append(said.outcome)
    return " · ".join(parts)


def apply(raw: dict[str, Any], document: Document, text: str, *, now: datetime,
          date_format: str | None = None) -> tuple[dict[str, Any], Reading]:
    """``raw`` with the file's new applications added (a copy is the caller's to make)."""
    reading = read(raw, document, text, now=now, date_format=date_format)
    found = raw.get("applications")
    if not isinstance(found, list):
        found = raw["applications"] = []
    found.extend(reading.applications)
    return raw, reading
