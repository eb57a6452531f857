"""The working state of one application's plan and what all its steps share: adding a
step, naming a contact, whom a follow-up goes to and how, and windows cleared of absences.
"""

from __future__ import annotations

from datetime import date, datetime

from . import datewords, rules
from .model import Action, ActionKind, Application, Channel, Interview, Role
from .plancontext import Context
from .rules import RuleId
from .timing import ONE_DAY, business_days_between

#: Each rule's guide, by the rule's id, for the steps it sets.
GUIDES = {rule_id: rule.guide for rule_id, rule in rules.RULES.items()}


class StepsBase:
    """One application's working state while it is planned (one instance per call), and what
    every kind of step needs: adding a step, naming a contact, whom a follow-up goes to and
    how, and a window cleared of absences and busy days (R9, R10)."""

    __slots__ = ("app", "contacts", "ctx", "org_busy", "out")

    def __init__(self, app: Application, ctx: Context,
                 org_busy: frozenset[date] = frozenset()) -> None:
        self.app = app
        self.ctx = ctx
        self.out: list[Action] = []
        self.contacts = {c.id: c for c in app.contacts}
        self.org_busy = org_busy

    def add(self, kind: ActionKind, contact: str | None, channel: Channel, earliest: datetime,
            suggested: datetime, latest: datetime, rule: RuleId, why: str,
            attempt: int | None = None, projected: bool = False) -> None:
        # Positional, in field order: this runs for every step of every application.
        self.out.append(Action(self.app.id, self.app.company, kind, contact, channel, earliest,
                               suggested, latest, rule, why, GUIDES[rule], attempt, projected))

    def _name(self, contact_id: str | None) -> str:
        contact = self.contacts.get(contact_id) if contact_id is not None else None
        return (contact.name or contact.id) if contact else ""

    # -- windows for follow-ups and replies (R8-R12) --------------------------------------

    def _away_periods(self, contact: str | None) -> list[tuple[date, date]]:
        return sorted((a.start, a.until) for a in self.app.away
                      if a.contact is None or a.contact == contact)

    def _clear_of_away(self, open_: date, close: date, contact: str | None,
                       busy: set[date]) -> tuple[date, date, str]:
        """Move a window out of away periods and busy days; say why if it moved."""
        if not self.app.away and open_ not in busy:
            return open_, close, ""
        days = self.ctx.days
        length = max(0, business_days_between(days, open_, close))
        note = ""
        moved = True
        while moved:
            moved = False
            for start, until in self._away_periods(contact):
                if start <= open_ <= until:
                    open_ = days.after(until)
                    close = days.add(open_, length)
                    who = self._name(contact) or "They"
                    note = (f"{who} is away until {datewords.day(until)}, "
                            "so wait until they are back")
                    moved = True
            while open_ in busy:
                open_ = days.after(open_)
                close = max(close, open_)
                moved = True
        # A window that would run into a later absence closes before it starts.
        for start, _until in self._away_periods(contact):
            if open_ < start <= close:
                close = max(open_, days.on_or_before(start - ONE_DAY))
        return open_, close, note

    def primary_contact(self, interview: Interview | None) -> str | None:
        """Who the follow-ups go to: the interviewer (the first of the latest round), else
        the first contact; but when that person has no address at all and a recruiter has
        one, the recruiter, who can pass the message on."""
        app = self.app
        if interview is not None and interview.with_:
            first: str | None = interview.with_[0]
        else:
            first = app.contacts[0].id if app.contacts else None
        person = self.contacts.get(first) if first is not None else None
        if person is not None and not (person.email.strip() or person.phone.strip()):
            recruiter = next((c.id for c in app.contacts if (c.email.strip() or c.phone.strip())
                              and app.role_of(c.id) is Role.RECRUITER), None)
            return recruiter or first
        return first

    def channel_for(self, contact: str | None) -> Channel:
        c = self.contacts.get(contact) if contact is not None else None
        if c is not None and c.phone and not c.email:
            return Channel.PHONE
        return Channel.EMAIL
