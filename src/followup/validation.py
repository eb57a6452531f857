"""The raw object's parts validated into the records of :mod:`followup.model`: the settings,
each application and its interviews, people, absences and events, and single values (a
date-time with its offset, a time zone), each error naming its JSON path.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import rules
from .businessdays import ask_for_tz_database
from .dataerrors import DataError, _kind, _show
from .model import (
    Application,
    Article,
    Away,
    Candidate,
    Channel,
    Clock,
    Contact,
    Event,
    EventType,
    Interview,
    Outcome,
    Role,
    Settings,
    Tone,
)

_E = TypeVar("_E", Channel, Outcome, Tone, EventType, Role, Clock)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class _Reader:
    """Typed access to the raw object that names the JSON path in every error."""

    def __init__(self, obj: dict[str, Any], path: str) -> None:
        self.obj = obj
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.obj:
            if required:
                raise DataError(self.at(key), "missing")
            return None
        value = self.obj[key]
        if value is None and required:
            raise DataError(self.at(key), "missing (it is null)")
        return value

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self._get(key, required)
        if value is None and not required:
            return default
        if not isinstance(value, str):
            raise DataError(self.at(key), f"expected text, found {_kind(value)}")
        return value

    def ident(self, key: str) -> str:
        value = self.text(key, required=True)
        if not _ID.match(value):
            raise DataError(self.at(key), f"not a usable id: {_show(value)} (letters, digits, "
                                          "'-', '_' or '.', at most 64)")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._get(key, False)
        if value is None:
            return None
        if not isinstance(value, str):
            raise DataError(self.at(key), f"expected text, found {_kind(value)}")
        return value

    def boolean(self, key: str) -> bool:
        value = self._get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise DataError(self.at(key), f"expected true or false, found {_show(value)}")
        return value

    def integer(self, key: str, low: int, high: int) -> int | None:
        value = self._get(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise DataError(self.at(key), f"expected a whole number, found {_show(value)}")
        if not low <= value <= high:
            raise DataError(self.at(key), f"must be from {low} to {high}, found {value}")
        return value

    def date_time(self, key: str, *, required: bool = True) -> datetime | None:
        value = self._get(key, required)
        if value is None:
            return None
        return parse_datetime(value, self.at(key))

    def day(self, key: str, *, required: bool = False) -> date | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise DataError(self.at(key), f"not a date: {_show(value)}")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise DataError(self.at(key), f"not a date: {_show(value)}") from None

    def items(self, key: str) -> list[_Reader]:
        value = self._get(key, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise DataError(self.at(key), f"expected a list, found {_kind(value)}")
        readers = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise DataError(f"{self.at(key)}[{i}]", f"expected an object, found {_kind(item)}")
            readers.append(_Reader(item, f"{self.at(key)}[{i}]"))
        return readers

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise DataError(self.at(key), f"expected a list of text, found {_kind(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise DataError(f"{self.at(key)}[{i}]", f"expected text, found {_kind(item)}")
        return tuple(value)

    def child(self, key: str) -> _Reader | None:
        value = self._get(key, False)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise DataError(self.at(key), f"expected an object, found {_kind(value)}")
        return _Reader(value, self.at(key))

    def choice(self, key: str, enum: type[_E], *, required: bool = False) -> _E | None:
        value = self._get(key, required)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise DataError(self.at(key), f"unknown value {_show(value)} (one of: {allowed})") \
                from None


def parse_datetime(value: object, path: str = "") -> datetime:
    """An ISO 8601 date-time that says its UTC offset."""
    if not isinstance(value, str):
        raise DataError(path, f"not a date-time: {_show(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise DataError(path, f"not a date-time: {_show(value)}") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise DataError(path, f"the date-time {_show(value)} needs a UTC offset, like "
                              "2026-11-17T15:00:00-05:00")
    return parsed


def local_moment(value: str, tz: ZoneInfo) -> datetime:
    """A moment the user typed: ISO 8601 with its UTC offset, or without one on the wall clock
    of ``tz`` (``2026-11-17T15:00``). Raises ValueError when it is not a date and time."""
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=tz)


def check_timezone(name: str, path: str = "settings.timezone") -> ZoneInfo:
    try:
        if not name or name.startswith(("/", ".")) or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        ask_for_tz_database()  # in the browser, the zone may be in the package not yet loaded
    except ValueError:
        pass
    raise DataError(path, f"unknown time zone {_show(name)} (an IANA name like "
                          '"Europe/Paris")')


def _settings(r: _Reader | None) -> Settings:
    if r is None:
        return Settings()
    timezone = r.text("timezone", default="UTC")
    check_timezone(timezone, r.at("timezone"))
    country = r.optional_text("country")
    if country == "":
        country = None
    if country is not None and not _COUNTRY.match(country):
        raise DataError(r.at("country"), f"expected a two-letter country code like \"US\", "
                                         f"found {_show(country)}")
    cand = r.child("candidate")
    candidate = Candidate() if cand is None else Candidate(
        name=cand.text("name"), email=cand.text("email"), phone=cand.text("phone"),
        availability=cand.text("availability"),
    )
    return Settings(
        timezone=timezone,
        country=country,
        candidate=candidate,
        max_follow_ups=r.integer("max_follow_ups", 1, rules.MAX_FOLLOW_UPS),
        spacing_days=r.integer("spacing_days", rules.MIN_EMAIL_GAP_DAYS, 60),
        clock=r.choice("clock", Clock),
    )


def _unique(ids: list[str], path: str, key: str, what: str) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise DataError(f"{path}[{i}].{key}", f"{what} id {_show(ident)} is used twice")
        seen.add(ident)


def _application(r: _Reader) -> Application:
    app_id = r.ident("id")
    company = r.text("company", required=True)
    if not company.strip():
        raise DataError(r.at("company"), "is empty; name the organisation")
    contacts = tuple(
        Contact(id=c.ident("id"), name=c.text("name"), email=c.text("email"),
                phone=c.text("phone"), title=c.text("title"), role=c.choice("role", Role))
        for c in r.items("contacts")
    )
    _unique([c.id for c in contacts], r.at("contacts"), "id", "contact")
    known = {c.id for c in contacts}

    def contact_ref(reader: _Reader, key: str, value: str | None) -> str | None:
        if value is not None and value not in known:
            raise DataError(reader.at(key), f"unknown contact {_show(value)}")
        return value

    interviews = []
    for ir in r.items("interviews"):
        with_ = ir.texts("with")
        for j, who in enumerate(with_):
            if who not in known:
                raise DataError(f"{ir.at('with')}[{j}]", f"unknown contact {_show(who)}")
        ends_at = ir.date_time("ends_at")
        assert ends_at is not None
        discussed: dict[str, str] = {}
        notes_of = ir.child("discussed")
        if notes_of is not None:
            for who in notes_of.obj:
                if who not in with_:
                    raise DataError(notes_of.at(who), "names someone who is not among this "
                                                      "interview's interviewers (\"with\")")
                discussed[who] = notes_of.text(who)
        interviews.append(Interview(
            id=ir.ident("id"), ends_at=ends_at, with_=with_, memorable=ir.text("memorable"),
            topics=ir.texts("topics"), notes=ir.text("notes"), anecdote=ir.text("anecdote"),
            strengths=ir.text("strengths"), needs=ir.text("needs"), discussed=discussed,
        ))
    _unique([i.id for i in interviews], r.at("interviews"), "id", "interview")
    interview_ids = {i.id for i in interviews}

    away = []
    for ar in r.items("away"):
        start = ar.day("from", required=True)
        until = ar.day("until", required=True)
        assert start is not None
        assert until is not None
        if until < start:
            raise DataError(ar.at("until"), f"ends before it starts ({until} < {start})")
        away.append(Away(start=start, until=until,
                         contact=contact_ref(ar, "contact", ar.optional_text("contact"))))

    events = []
    for er in r.items("events"):
        at = er.date_time("at")
        assert at is not None
        etype = er.choice("type", EventType, required=True)
        assert etype is not None
        interview = er.optional_text("interview")
        if interview is not None and interview not in interview_ids:
            raise DataError(er.at("interview"), f"unknown interview {_show(interview)}")
        event = Event(
            at=at, type=etype,
            contact=contact_ref(er, "contact", er.optional_text("contact")),
            channel=er.choice("channel", Channel),
            outcome=er.choice("outcome", Outcome),
            tone=er.choice("tone", Tone, required=etype is EventType.REPLY),
            interview=interview,
            date_unknown=er.boolean("date_unknown"),
        )
        er.text("note")  # what was said: kept in the file for the history, checked here
        if event.outcome is not None and event.outcome is not Outcome.SENT \
                and event.channel is not Channel.PHONE:
            raise DataError(er.at("outcome"), f"{_show(event.outcome.value)} goes with a phone "
                                              "call (channel \"phone\")")
        events.append(event)

    r.boolean("sample")  # the built-in sample's applications: the page removes them as one
    own_words = r.child("drafts")  # the user's own words for a step, by its key, till done
    if own_words is not None:
        for key in own_words.obj:
            kept = own_words.child(key)
            if kept is None:
                raise DataError(own_words.at(key), "expected an object, found null")
            kept.text("subject")
            kept.text("body")
    article_r = r.child("article")
    article = None if article_r is None else Article(
        title=article_r.text("title"), url=article_r.text("url"), why=article_r.text("why"))
    return Application(
        id=app_id, company=company, role=r.text("role"), contacts=contacts,
        interviews=tuple(sorted(interviews, key=lambda i: i.ends_at)),
        decision_expected=r.day("decision_expected"), away=tuple(away),
        events=tuple(sorted(events, key=lambda e: e.at)), closed=r.boolean("closed"),
        anecdote=r.text("anecdote"), article=article, applied_on=r.day("applied_on"),
        notes=r.text("notes"), posting_url=r.text("posting_url"), resume=r.text("resume"),
    )
