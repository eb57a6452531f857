"""The data file, version 1: reading, validating, migrating and writing it.

One JSON document is the CLI's input, the browser's localStorage value and the backup file.
The raw JSON object stays the source of truth: it is validated into the records of
:mod:`followup.model` for planning, and edits are made to the raw object, so fields this code
does not know are kept on every rewrite.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from itertools import accumulate, pairwise
from json.encoder import encode_basestring
from typing import Any, Final, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import rules
from .businessdays import ask_for_tz_database
from .model import (
    Application,
    Article,
    Away,
    Candidate,
    Channel,
    Clock,
    Contact,
    Document,
    Event,
    EventType,
    Interview,
    Outcome,
    Role,
    Settings,
    Tone,
)

FORMAT: Final = "followup-planner"
VERSION: Final = 1
#: The most characters a data file's text may have (16 MiB); the 10,000-application benchmark
#: file is 4.7 MB.
MAX_CHARS: Final = 16 * 1024 * 1024
#: How deeply objects and lists may nest (the format itself needs 6 levels).
MAX_DEPTH: Final = 32
#: The most digits a number may have (a 5,000-digit integer is refused, not computed with).
MAX_DIGITS: Final = 100

#: Migrations from version N to N + 1, applied in order when an older file is read.
#: Version 1 is the first; a v2 adds ``MIGRATIONS[1] = _v1_to_v2``.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_E = TypeVar("_E", Channel, Outcome, Tone, EventType, Role, Clock)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class DataError(ValueError):
    """The data cannot be used as it is: says where (a JSON path) and what is wrong."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _escape_surrogates(text: str) -> str:
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _show(value: object) -> str:
    text = _escape_surrogates(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 40 else text[:37] + "..."


# -- the strict reader and writer --------------------------------------------------------------
#
# Python's json does the lexing and parsing (fast, in C); around it: a size check, a linear
# bracket count that refuses deep nesting before json.loads could recurse, hooks that turn every
# number and object into either a value or a marker of what is wrong with it, and, only when a
# hook or a quick look at the text found something, one walk that names the first problem's
# JSON path. Numbers with a fraction or an exponent are kept with their text (JsonFloat), so
# fields this version does not know are written back exactly as they were read.


class JsonFloat(float):
    """A JSON number with a fraction or exponent, kept with the text it was written as."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, text: str) -> JsonFloat:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __reduce__(self) -> tuple[type[JsonFloat], tuple[str]]:
        return (JsonFloat, (self.text,))

    def __copy__(self) -> JsonFloat:
        return self

    def __deepcopy__(self, memo: object) -> JsonFloat:
        return self


class JsonInt(int):
    """A JSON integer whose text is not Python's: only ``-0``."""

    text: str

    def __new__(cls, text: str) -> JsonInt:
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __reduce__(self) -> tuple[type[JsonInt], tuple[str]]:
        return (JsonInt, (self.text,))

    def __copy__(self) -> JsonInt:
        return self

    def __deepcopy__(self, memo: object) -> JsonInt:
        return self


class _Refused:
    """Stands in the parsed tree for a value the data file may not hold, and says why."""

    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem


class _Duplicated(dict[str, Any]):
    """An object in which ``key`` appears more than once."""

    key: str = ""


_Where = tuple[Any, str | int] | None  # (the parent's _Where, the key or index), None at the top
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:,]', re.DOTALL)
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
#: The \u escape of a surrogate (a pair's halves also match: the walk that follows decides).
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _may_hold_surrogates(text: str) -> bool:
    return bool(_SURROGATE.search(text)
                or ("\\u" in text and _ESCAPED_SURROGATE.search(text)))


def _segment(key: str | int) -> str:
    if isinstance(key, int):
        return f"[{key}]"
    if _PLAIN_KEY.fullmatch(key):
        return f".{key}"
    shown = json.dumps(key)  # ASCII: quotes, controls and surrogates escaped
    if len(shown) > 40:
        shown = shown[:36] + '..."'
    return f"[{shown}]"


def _path(where: _Where) -> str:
    parts: list[str] = []
    while where is not None:
        where, key = where
        parts.append(_segment(key))
    return "".join(reversed(parts)).removeprefix(".")


def _line_column(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


def _too_deep(text: str) -> DataError | None:
    """Deeper nesting than :data:`MAX_DEPTH`, found without recursion: brackets outside
    strings are counted in one pass (only a refusal walks the text again, to name where)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if len(brackets) <= MAX_DEPTH or max(
            accumulate(map(_BRACKET_STEP.__getitem__, brackets))) <= MAX_DEPTH:
        return None
    # Where: the path of the container that opens one level too deep.
    frames: list[list[Any]] = []  # [is_object, key or index, expecting a key]
    for token in _TOKEN.finditer(text):
        kind = token.group()
        if kind in "[{":
            if len(frames) == MAX_DEPTH:
                where: _Where = None
                for frame in frames:
                    where = (where, frame[1])
                path = _path(where)
                if len(path) > 160:
                    path = path[:100] + "..." + path[-57:]
                return DataError(path, f"nested too deeply: more than {MAX_DEPTH} levels (at "
                                       f"{_line_column(text, token.start())}); a data file "
                                       f"nests at most {MAX_DEPTH} levels")
            frames.append([kind == "{", 0 if kind == "[" else "", kind == "{"])
        elif kind in "]}":
            if frames:
                frames.pop()
        elif kind == ",":
            if frames:
                if frames[-1][0]:
                    frames[-1][2] = True
                else:
                    frames[-1][1] += 1
        elif kind == ":":
            if frames:
                frames[-1][2] = False
        elif frames and frames[-1][0] and frames[-1][2]:
            try:
                frames[-1][1] = json.loads(kind)
            except ValueError:
                frames[-1][1] = kind[1:-1]
    return DataError("", f"nested too deeply: more than {MAX_DEPTH} levels; a data file "
                         f"nests at most {MAX_DEPTH} levels")


def _digits(text: str) -> int:
    return sum(map(str.isdigit, text)) if len(text) > MAX_DIGITS else len(text)


class _Parser:
    """json.loads' hooks for one text: values, or markers of what is wrong (``flagged``)."""

    def __init__(self) -> None:
        self.flagged = False

    def refuse(self, problem: str) -> _Refused:
        self.flagged = True
        return _Refused(problem)

    def integer(self, text: str) -> int | JsonInt | _Refused:
        if _digits(text) > MAX_DIGITS:
            return self.refuse(f"a number of {_digits(text):,} digits; a data file's numbers "
                               f"have at most {MAX_DIGITS} digits")
        return JsonInt(text) if text == "-0" else int(text)

    def fraction(self, text: str) -> JsonFloat | _Refused:
        if _digits(text) > MAX_DIGITS:
            return self.refuse(f"a number of {_digits(text):,} digits; a data file's numbers "
                               f"have at most {MAX_DIGITS} digits")
        number = JsonFloat(text)
        if not math.isfinite(number):
            return self.refuse(f"the number {text[:40]} is too large (it overflows to "
                               "infinity, which JSON has no form for)")
        return number

    def constant(self, name: str) -> _Refused:
        return self.refuse(f"{name} is not allowed in the data file (JSON has no such number)")

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        self.flagged = True
        marked = _Duplicated(pairs)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                marked.key = key
                break
            seen.add(key)
        return marked


def _first_problem(value: Any, *, strings: bool) -> DataError | None:
    """The first refused value, duplicated key or (when ``strings``) lone surrogate, in
    document order, with its JSON path; one walk with its own stack."""
    stack: list[tuple[Any, _Where]] = [(value, None)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            if isinstance(node, _Duplicated):
                return DataError(_path((where, node.key)), "this key appears more than once in "
                                 "the same object; each key may appear once")
            items = list(node.items())
            for key, item in reversed(items):
                stack.append((item, (where, key)))
            if strings:
                for key, _ in items:
                    found = _SURROGATE.search(key)
                    if found:
                        return DataError(_path((where, key)), _surrogate_problem(key, "key"))
        elif isinstance(node, list):
            stack.extend((item, (where, i)) for i, item in reversed(list(enumerate(node))))
        elif isinstance(node, _Refused):
            return DataError(_path(where), node.problem)
        elif strings and isinstance(node, str) and _SURROGATE.search(node):
            return DataError(_path(where), _surrogate_problem(node, "text"))
    return None


def _surrogate_problem(text: str, what: str) -> str:
    found = _SURROGATE.search(text)
    assert found is not None
    return (f"the {what} holds a lone surrogate (\\u{ord(found.group()):04x}, at character "
            f"{found.start() + 1}): half of a UTF-16 pair, not a character")


def parse_json(text: str) -> dict[str, Any]:
    """JSON text to the raw object, refusing what a data file can never hold.

    A leading byte order mark (U+FEFF) is skipped. Refused, with the JSON path where it can
    be named: more than :data:`MAX_CHARS` characters, nesting deeper than :data:`MAX_DEPTH`,
    numbers of more than :data:`MAX_DIGITS` digits, NaN, Infinity and numbers that overflow
    to it, lone surrogates, keys that appear twice in an object, and anything after the
    document.
    """
    if len(text) > MAX_CHARS:
        raise DataError("", f"the file is too large ({len(text):,} characters; at most "
                            f"{MAX_CHARS:,})")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DataError("", "the file is empty")
    deep = _too_deep(text)
    if deep is not None:
        raise deep
    parser = _Parser()
    try:
        raw = json.loads(text, parse_int=parser.integer, parse_float=parser.fraction,
                         parse_constant=parser.constant, object_pairs_hook=parser.pairs)
    except RecursionError:  # not reached after _too_deep; kept as a backstop
        raise DataError("", f"the data is nested too deeply (at most {MAX_DEPTH} levels)") \
            from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.msg == "Extra data":
            raise DataError("", f"not valid JSON: there is more after the end of the document "
                                f"(at {where}); a data file is one JSON object") from None
        if exc.msg.startswith("Unexpected UTF-8 BOM"):
            raise DataError("", "not valid JSON: it starts with a second byte order mark "
                                "(U+FEFF); one is skipped, a second is not") from None
        raise DataError("", f"not valid JSON: {exc.msg} at {where}") from None
    strings = _may_hold_surrogates(text)
    if parser.flagged or strings:
        problem = _first_problem(raw, strings=strings)
        if problem is not None:
            raise problem
    if not isinstance(raw, dict):
        raise DataError("", f"expected a JSON object at the top, found {_kind(raw)}")
    return raw



def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def migrate(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring an older file up to :data:`VERSION`; refuse one from a newer planner."""
    if raw.get("format") != FORMAT:
        if "format" not in raw:
            raise DataError("format", f'missing; a Follow-up Planner file says "{FORMAT}"')
        raise DataError("format", f'expected "{FORMAT}", found {_show(raw.get("format"))}')
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise DataError("version", f"expected a whole number, found {_show(version)}")
    if version > VERSION:
        raise DataError(
            "version",
            f"this file is version {version}, written by a newer Follow-up Planner; this one "
            f"reads up to version {VERSION}. Update the planner to open it",
        )
    if version < 1:
        raise DataError("version", f"unknown version {version}; the first version is 1")
    while version < VERSION:
        raw = MIGRATIONS[version](copy.deepcopy(raw))
        version += 1
        raw["version"] = version
    return raw


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
        notes=r.text("notes"),
    )


def to_document(raw: dict[str, Any], *,
                previous: tuple[dict[str, Any], Document] | None = None) -> Document:
    """Validate a raw (current-version) object into records.

    ``previous`` is an earlier raw object and its records: an application whose raw object
    is equal to the one at the same place there keeps its validated record (a change to one
    application of hundreds validates that one).
    """
    top = _Reader(raw, "")
    settings = _settings(top.child("settings"))
    old_raw: list[Any] = []
    old_apps: tuple[Application, ...] = ()
    if previous is not None and isinstance(previous[0].get("applications"), list):
        old_raw, old_apps = previous[0]["applications"], previous[1].applications
        if len(old_raw) != len(old_apps):
            old_raw, old_apps = [], ()
    apps = tuple(old_apps[i] if i < len(old_raw) and a.obj == old_raw[i] else _application(a)
                 for i, a in enumerate(top.items("applications")))
    _unique([a.id for a in apps], "applications", "id", "application")
    return Document(settings=settings, applications=apps)


def load(text: str) -> tuple[dict[str, Any], Document]:
    """Read a data file's text: the (migrated) raw object and its validated records."""
    raw = migrate(parse_json(text))
    return raw, to_document(raw)


def dump(raw: dict[str, Any], *, parts: dict[int, tuple[Any, str]] | None = None) -> str:
    """The raw object as the file's text (stable, human-readable: ``json.dumps`` with
    ``indent=2`` and UTF-8 text), with every number read from a file written as it was read.

    Refuses (DataError with the JSON path) what :func:`parse_json` would refuse: NaN,
    infinities, numbers of more than :data:`MAX_DIGITS` digits, lone surrogates, nesting
    deeper than :data:`MAX_DEPTH`, and values JSON has no form for.

    ``parts``, kept by the caller from one dump to the next, holds each application's text by
    its object: an application that is the very same object as in the last dump is not
    written again (the caller never changes a dumped object in place).
    """
    used: dict[int, tuple[Any, str]] = {}
    reused: list[int] = []  # where in ``out`` a text kept from an earlier dump was written
    out: list[str] = []
    write = out.append
    encode = encode_basestring
    bound = 10 ** MAX_DIGITS
    breaks = ["\n" + "  " * level for level in range(MAX_DEPTH + 1)]
    separators = ["," + line for line in breaks]

    def value(node: Any, where: _Where, depth: int) -> None:
        if isinstance(node, str):
            write(encode(node))
        elif node is None:
            write("null")
        elif node is True:
            write("true")
        elif node is False:
            write("false")
        elif isinstance(node, int):
            if not -bound < node < bound:
                raise DataError(_path(where), f"a number of more than {MAX_DIGITS} digits "
                                              "cannot be written to the data file")
            write(node.text if isinstance(node, JsonInt) else int.__repr__(node))
        elif isinstance(node, float):
            if not math.isfinite(node):
                raise DataError(_path(where), f"{node!r} cannot be written to the data file "
                                              "(JSON has no such number)")
            write(node.text if isinstance(node, JsonFloat) else float.__repr__(node))
        elif isinstance(node, dict | list | tuple):
            if depth >= MAX_DEPTH:
                raise DataError(_path(where), f"nested too deeply: more than {MAX_DEPTH} "
                                              f"levels; a data file nests at most {MAX_DEPTH}")
            opening, closing = ("{", "}") if isinstance(node, dict) else ("[", "]")
            if not node:
                write(opening + closing)
                return
            between = breaks[depth + 1]
            write(opening)
            if isinstance(node, dict):
                for key, item in node.items():
                    if not isinstance(key, str):
                        raise DataError(_path(where), f"the key {key!r} is not text")
                    write(between + encode(key) + ": ")
                    between = separators[depth + 1]
                    value(item, (where, key), depth + 1)
            elif parts is not None and depth == 1 and where == (None, "applications"):
                for i, item in enumerate(node):
                    write(between)
                    between = separators[depth + 1]
                    known = parts.get(id(item))
                    if known is None or known[0] is not item:
                        start = len(out)
                        value(item, (where, i), depth + 1)
                        known = (item, "".join(out[start:]))
                        del out[start:]
                    else:
                        reused.append(len(out))
                    write(known[1])
                    used[id(item)] = known
            else:
                for i, item in enumerate(node):
                    write(between)
                    between = separators[depth + 1]
                    value(item, (where, i), depth + 1)
            write(breaks[depth] + closing)
        else:
            raise DataError(_path(where), f"a {type(node).__name__} cannot be written as JSON")

    value(raw, None, 0)
    text = "".join(out)
    # A kept text was checked when it was first written: only the rest is searched again.
    bounds = [-1, *reused, len(out)]
    rest = text if not reused else "".join(
        "".join(out[a + 1:b]) for a, b in pairwise(bounds))
    if _SURROGATE.search(rest):
        problem = _first_problem(raw, strings=True)
        raise problem or DataError("", "a lone surrogate cannot be written to the data file")
    if parts is not None:
        parts.clear()
        parts.update(used)
    return text + "\n"


def new_raw(timezone: str = "UTC", country: str | None = None) -> dict[str, Any]:
    settings: dict[str, Any] = {"timezone": timezone}
    if country:
        settings["country"] = country
    return {"format": FORMAT, "version": VERSION, "settings": settings, "applications": []}


def event_order(raw_events: list[Any]) -> list[int]:
    """The places of an application's raw events in the order the planner reads them: by
    time, and in the file's order at the same time (a stable sort). Only for events that
    have been read, so every ``at`` parses."""
    return sorted(range(len(raw_events)), key=lambda i: parse_datetime(raw_events[i]["at"], "at"))
