"""What each of the bridge's calls does: a request (a JSON object) in, a result out, with the
documents and views remembered in a :class:`Session`. Failures are raised (``DataError``,
``ChangeError``, ``DraftError``, ``RuleWarning``); the bridge turns them into answers."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from . import dataformat, datewords, drafts, edit, planner, validation
from .changeerrors import ChangeError
from .contract import (
    AgendaAnswer,
    CalendarAnswer,
    ChangeAnswer,
    DescribeAnswer,
    DraftAnswer,
    DraftWords,
    Request,
    SpreadsheetExportAnswer,
    SpreadsheetPreviewAnswer,
    ValidateAnswer,
)
from .session import Session


def validate(session: Session, request: Request) -> ValidateAnswer:
    """``{"document", "timezone"?}`` -> ``{"text", "applications": N}``: the (migrated)
    document as the page stores it, or the reason it cannot be read."""
    raw, document = session.load(request)
    return ValidateAnswer(ok=True, text=dataformat.dump(raw),
                          applications=len(document.applications))


def agenda(session: Session, request: Request) -> AgendaAnswer:
    """``{"document", "now", "timezone"?, "shown"?}`` -> ``{"view": View, "token"}``, or
    ``{"delta": ViewDelta, "token"}`` when ``shown`` is the token of a view sent before (the
    one the page shows)."""
    raw, document = session.load(request)
    answer = session.answer(request, session.view(raw, document, _now(request)),
                            remembered=session.holds(raw))
    if not session.dumped and document.applications:
        session.dump(raw)  # each application's text, for the first change to write its own
    return answer


def change(session: Session, request: Request) -> ChangeAnswer:
    """``{"document", "now", "timezone"?, "change", "shown"?}`` -> the new document's text, a
    message, the change that takes it back (or null) and the new view (or what differs from
    the one ``shown``, as :func:`agenda`).

    On any problem the answer is a failure and the caller keeps its current document.
    """
    raw, document = session.load(request)
    now = _now(request)
    new, records, message, undo = edit.change(raw, document, request.get("change"), now=now)
    # The new document's own clock (a change of the setting shows at once), else the
    # device's.
    mine = records.settings.clock
    datewords.set_clock(mine.value if mine is not None else request.get("clock"))
    text = session.dump(new)
    session.remember(text, new, records)
    answer = session.answer(request, session.view(new, records, now), remembered=True)
    return ChangeAnswer(**answer, text=text, message=message, undo=undo)


def describe(session: Session, request: Request) -> DescribeAnswer:
    """``{"document"}`` -> a short account of a backup, shown before it replaces anything."""
    raw, document = session.load(request)
    return DescribeAnswer(ok=True, text=dataformat.dump(raw),
                          applications=[a.company for a in document.applications],
                          events=sum(len(a.events) for a in document.applications),
                          timezone=document.settings.timezone)


def draft(session: Session, request: Request) -> DraftAnswer:
    """``{"document", "now", "app", "kind", "contact"?, "attempt"?, "key"?}`` -> subject,
    body, gaps; the user's own kept words for the step ``key`` when there are some
    (``"kept": true``), with the planner's own draft beside them to start again from."""
    raw, document = session.load(request)
    found = drafts.draft(document, str(request.get("app")), str(request.get("kind")),
                         now=_now(request), contact=request.get("contact"),
                         attempt=request.get("attempt"))
    answer = DraftAnswer(ok=True, kind=found.kind.value, to=found.to,
                         to_gap=found.to_gap, subject=found.subject, body=found.body,
                         gaps=list(found.gaps), kept=False,
                         original=DraftWords(subject=found.subject, body=found.body))
    kept = _kept_draft(raw, str(request.get("app")), request.get("key"))
    if kept is not None:
        # A missing address is a gap of the draft, not of the words: it stays first.
        answer["subject"], answer["body"], answer["kept"] = kept[0], kept[1], True
        answer["gaps"] = ([found.to_gap] if found.to_gap else []) + _gaps_in(kept[1])
    return answer


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


def calendar(session: Session, request: Request) -> CalendarAnswer:
    """``{"document", "now", "app"?, "site_url"?}`` -> ``{"ics": TEXT, "events": N,
    "cancelled": M}``: N planned steps, and M steps exported before that are gone now."""
    from . import ics

    _, document = session.load(request)
    now = _now(request)
    only = request.get("app")
    steps = [a for a in planner.actions(document, now=now) if only in (None, a.application)]
    data = ics.calendar(document, steps, now=now, site_url=request.get("site_url") or "",
                        applications=None if only is None else [str(only)])
    return CalendarAnswer(ok=True, ics=data.decode("utf-8"), events=len(steps),
                          cancelled=data.count(b"STATUS:CANCELLED"))


def spreadsheet_preview(session: Session, request: Request) -> SpreadsheetPreviewAnswer:
    """``{"document", "now", "timezone"?, "data": BASE64, "date_format"?, "prefer"?}`` ->
    ``{"preview": Preview, "text": CSV}``: what importing the file's bytes would add, leave
    out as duplicates and not understand; ``text`` is the file's text, for the change
    ``{"op": "import_spreadsheet", "text", "date_format"}`` that adds them."""
    import base64
    import binascii

    from . import sheetfile, spreadsheet

    raw, document = session.load(request)
    data = request.get("data")
    try:
        if not isinstance(data, str):
            raise ValueError(data)
        content = base64.b64decode(data, validate=True)
    except (ValueError, binascii.Error):
        raise ChangeError("The file could not be read. Nothing was changed.") from None
    order, prefer = request.get("date_format"), request.get("prefer")
    try:
        csv_text = sheetfile.decode(content)
        reading = spreadsheet.read(raw, document, csv_text, now=_now(request),
                                   date_format=order if isinstance(order, str) else None,
                                   prefer=prefer if isinstance(prefer, str) else None)
    except sheetfile.SpreadsheetError as exc:
        raise ChangeError(str(exc)) from None
    return SpreadsheetPreviewAnswer(ok=True, preview=dict(reading.preview), text=csv_text)


def spreadsheet_export(session: Session, request: Request) -> SpreadsheetExportAnswer:
    """``{"document", "now"}`` -> ``{"csv": TEXT, "rows": N}``: one row per application."""
    from . import sheetexport

    raw, document = session.load(request)
    return SpreadsheetExportAnswer(ok=True, csv=sheetexport.export(raw, document,
                                                                   now=_now(request)),
                                   rows=len(document.applications))


def _now(request: Request) -> datetime:
    return validation.parse_datetime(request.get("now"), "now")


#: Every call the page may make, by name: the one list of them (the worker has none).
CALLS: dict[str, Callable[[Session, Request], Mapping[str, object]]] = {
    "agenda": agenda,
    "change": change,
    "validate": validate,
    "describe": describe,
    "draft": draft,
    "calendar": calendar,
    "spreadsheet_preview": spreadsheet_preview,
    "spreadsheet_export": spreadsheet_export,
}
