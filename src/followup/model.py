"""The records the planner works on: small frozen dataclasses and enums, no I/O."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from .rules import RuleId


class ActionKind(enum.StrEnum):
    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    REPLY = "reply"
    MOVE_ON = "move_on"


class EventType(enum.StrEnum):
    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    REPLY = "reply"


class Channel(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    LETTER = "letter"


class Outcome(enum.StrEnum):
    SENT = "sent"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no_answer"
    SPOKE = "spoke"


class Role(enum.StrEnum):
    """Who a contact is to the candidate: it decides who a message goes to and how it reads."""

    INTERVIEWER = "interviewer"
    RECRUITER = "recruiter"
    OTHER = "other"


class Clock(enum.StrEnum):
    """How times are written: "3 pm" or "15:00"."""

    H12 = "12h"
    H24 = "24h"


class Tone(enum.StrEnum):
    WARM = "warm"
    BRIEF = "brief"
    REJECTION = "rejection"
    OFFER = "offer"


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str = ""
    email: str = ""
    phone: str = ""
    availability: str = ""


@dataclass(frozen=True, slots=True)
class Settings:
    timezone: str = "UTC"
    country: str | None = None
    candidate: Candidate = field(default_factory=Candidate)
    #: The user may tighten the defaults but never go beyond the rules (R13).
    max_follow_ups: int | None = None
    spacing_days: int | None = None
    #: "12h" or "24h"; None lets the page guess from the device (the command line: the locale)
    clock: Clock | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    name: str = ""
    email: str = ""
    phone: str = ""
    title: str = ""
    #: interviewer, recruiter or other; None in older files (see Application.role_of)
    role: Role | None = None


#: Job titles that make a contact without a role a recruiter (older files have no roles).
_RECRUITER_TITLES = re.compile(
    r"recruit|talent|\bsourc(?:er|ing)\b|\bhr\b|human resources|people partner",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Interview:
    id: str
    ends_at: datetime
    with_: tuple[str, ...] = ()
    memorable: str = ""
    topics: tuple[str, ...] = ()
    notes: str = ""
    anecdote: str = ""
    strengths: str = ""
    needs: str = ""
    #: What you talked about with each interviewer, by contact id: their own thank-you.
    discussed: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Away:
    start: date
    until: date
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    title: str = ""
    url: str = ""
    why: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    type: EventType
    contact: str | None = None
    channel: Channel | None = None
    outcome: Outcome | None = None
    tone: Tone | None = None
    interview: str | None = None
    #: the day and time are not known (an import that did not say): ``at`` only orders it
    date_unknown: bool = False


@dataclass(frozen=True, slots=True)
class Application:
    id: str
    company: str
    role: str = ""
    contacts: tuple[Contact, ...] = ()
    interviews: tuple[Interview, ...] = ()
    decision_expected: date | None = None
    away: tuple[Away, ...] = ()
    events: tuple[Event, ...] = ()
    closed: bool = False
    anecdote: str = ""
    article: Article | None = None
    #: the day the candidate applied: with no interview yet, follow-ups count from it
    applied_on: date | None = None
    #: what the candidate wrote of the application itself (a spreadsheet's extra columns)
    notes: str = ""
    #: what the candidate applied with: the job posting's address, the résumé version sent
    posting_url: str = ""
    resume: str = ""

    def contact(self, contact_id: str | None) -> Contact | None:
        for c in self.contacts:
            if c.id == contact_id:
                return c
        return None

    def role_of(self, contact_id: str | None) -> Role | None:
        """A contact's role: as recorded; otherwise an interviewer if they interviewed you,
        a recruiter if their job title says so, and otherwise "other"."""
        contact = self.contact(contact_id)
        if contact is None:
            return None
        if contact.role is not None:
            return contact.role
        if any(contact.id in i.with_ for i in self.interviews):
            return Role.INTERVIEWER
        if _RECRUITER_TITLES.search(contact.title):
            return Role.RECRUITER
        return Role.OTHER


@dataclass(frozen=True, slots=True)
class Document:
    settings: Settings
    applications: tuple[Application, ...]

    def application(self, app_id: str) -> Application | None:
        for a in self.applications:
            if a.id == app_id:
                return a
        return None


class Action(NamedTuple):
    """One planned step: what to do, for whom, the window, and why.

    Immutable like the records above; a named tuple because the planner makes tens of
    thousands of these and a frozen dataclass is several times slower to build.
    """

    application: str
    company: str
    kind: ActionKind
    contact: str | None
    channel: Channel
    earliest: datetime
    suggested: datetime
    latest: datetime
    rule: RuleId
    why: str
    guide: str
    attempt: int | None = None
    #: a step the projection assumes (a later follow-up, the move-on) rather than one the
    #: user can take now
    projected: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "application": self.application,
            "company": self.company,
            "kind": self.kind.value,
            "contact": self.contact,
            "channel": self.channel.value,
            "earliest": self.earliest.isoformat(),
            "suggested": self.suggested.isoformat(),
            "latest": self.latest.isoformat(),
            "attempt": self.attempt,
            "rule": self.rule,
            "why": self.why,
            "guide": self.guide,
            "projected": self.projected,
        }


class Status(enum.StrEnum):
    ACTIVE = "active"  # something for the user to do
    WAITING = "waiting"  # a warm reply: the ball is in their court
    ENDED = "ended"  # closed, offer, rejection


class Ending(enum.StrEnum):
    """How an ended application ended: each has its own words and its own closing note."""

    OFFER = "offer"
    REJECTION = "rejection"
    MOVED_ON = "moved_on"  # closed by the user (after silence, or for any reason of theirs)


class AppPlan(NamedTuple):
    """One application's plan. A named tuple for the same reason as :class:`Action`."""

    application: str
    status: Status
    note: str  # set when there is nothing to do (closed, ended, no interview yet)
    actions: tuple[Action, ...]
    strikes: int
    #: set when the status is ended: an offer, a "no", or the user moved on
    ending: Ending | None = None

    @property
    def summary(self) -> str:
        """One line for a person: the next step and its deadline, or why there is none."""
        from . import datewords, labels

        if self.note or not self.actions:
            return self.note or "Nothing to do"
        first = min(self.actions, key=lambda a: a.suggested)
        label = labels.due_label(first.kind.value, first.attempt)
        prefix = f"{labels.WARM_WAITING} If all goes quiet: " \
            if self.status is Status.WAITING else ""
        return f"{prefix}{label} by {datewords.moment(first.latest)}"
