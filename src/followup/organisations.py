"""Two roles at one organisation: which organisation an application is with, and the days
each organisation is contacted, so that it hears from the user at most once a day (R10).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from zoneinfo import ZoneInfo

from .model import ActionKind, Application, AppPlan, EventType
from .plancontext import Context


@functools.lru_cache(maxsize=4096)
def organisation(company: str) -> str:
    """Which organisation an application is with, to tell two roles at one company: the
    company's name without case, punctuation and spacing differences, or a "(sample)" mark."""
    name = company.casefold().replace("(sample)", "")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in name).split())


NO_DAYS: frozenset[date] = frozenset()


class OrganisationDays:
    """The days each organisation is contacted, in the document's order: the contacts made
    (thank-yous and follow-ups) with each of ``applications``, the thank-yous each of them
    still owes (they depend on nothing else, so every one is known from the start: ``alone``
    plans an application on its own), and the answers and follow-ups planned by the
    applications planned so far. ``of(app)`` is what ``app`` must keep clear of.

    A step's day is the day it would be taken: one whose time has come (a window already
    open, a note overdue) is taken today, or for a follow-up the next working day.

    Only organisations with more than one application are followed (most have one, and
    their applications keep clear of nothing)."""

    def __init__(self, tz: ZoneInfo, applications: Iterable[Application],
                 alone: Callable[[Application], AppPlan],
                 context: Callable[[], Context]) -> None:
        self.tz = tz
        self.alone = alone
        self.context = context  # called only when an organisation has several applications
        apps = list(applications)
        orgs = [organisation(app.company) for app in apps]
        counts = Counter(orgs)
        #: by id() of an application of a shared organisation: that organisation
        self.names = {id(app): org for app, org in zip(apps, orgs, strict=True)
                      if counts[org] > 1}
        self.members: dict[str, list[Application]] = {}
        for app in apps:
            org = self.names.get(id(app))
            if org is not None:
                self.members.setdefault(org, []).append(app)
        self.planned: dict[str, set[date]] = {}
        self._own: dict[int, frozenset[date]] = {}

    def of(self, app: Application) -> frozenset[date]:
        org = self.names.get(id(app))
        if org is None:
            return NO_DAYS
        days = set(self.planned.get(org, ()))
        for other in self.members[org]:
            if other is not app and other.id != app.id:
                days.update(self._own_days(other))
        return frozenset(days)

    def _own_days(self, app: Application) -> frozenset[date]:
        """The days ``app`` contacts its organisation whatever the others do: the thank-yous
        and follow-ups made, and the thank-yous owed (on any day of their window)."""
        found = self._own.get(id(app))
        if found is None:
            days = {e.at.astimezone(self.tz).date() for e in app.events
                    if e.type in (EventType.THANK_YOU, EventType.FOLLOW_UP)}
            for a in self.alone(app).actions:
                if a.kind is ActionKind.THANK_YOU:
                    days.update(t.astimezone(self.tz).date()
                                for t in (a.earliest, a.suggested, a.latest))
                    if a.suggested <= self.context().now:  # "now": today
                        days.add(self.context().today)
            found = self._own[id(app)] = frozenset(days)
        return found

    def add(self, app: Application, found: AppPlan) -> None:
        org = self.names.get(id(app))
        if org is not None:
            ctx = self.context()
            first = ctx.days.on_or_after(ctx.today)
            self.planned.setdefault(org, set()).update(
                max(a.earliest.astimezone(self.tz).date(), first) for a in found.actions
                if a.kind in (ActionKind.FOLLOW_UP, ActionKind.REPLY))
