"""Changes to the document as a whole: the user's settings, the sample applications, and a
spreadsheet's applications added.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from . import rules
from .businessdays import BusinessDays, UnknownCountry
from .changeerrors import ChangeError
from .changeparts import Change, Raw, _each, _items, _mapping, _zone
from .model import Document


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
    from . import sheetfile, spreadsheet  # here: the planner's first answer does not wait for it

    try:
        raw, reading = spreadsheet.apply(raw, document, text, now=now,
                                         date_format=order if isinstance(order, str) else None)
    except sheetfile.SpreadsheetError as exc:
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
