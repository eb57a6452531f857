"""The planning core: given the document and "now", the remaining steps of every application.

Pure: no clock, no file, no environment. The plan is projected as if nobody answers:
thank-you, then follow-ups up to the strike limit, then moving on. Each step carries the rule
that set it and a one-line reason naming the dates and clues behind it.

What decides the waiting, in order of precedence (the guides say the same, on the page "How
long to wait"):

1. A final answer (an offer or a "no") ends the application; so does moving on (closed).
2. Their latest reply: a warm one starts the count again from it; a brief one is answered
   once, briefly (R14), and a brief reply to that answer needs none: the conversation is over.
3. Each message answers the person whose message it answers: a reply step and the follow-ups
   after a warm reply go to the person who replied (or who spoke with you on the phone).
4. A decision date still ahead of the anchor (the thank-you, the application, or their warm
   reply) sets the first follow-up: shortly before it, and at the latest one business day
   after it, whether that is sooner or later than the usual week (R8).
5. An absence moves any window to the first working day after it (R9); it wins over the
   decision date, since nobody reads a message while away.
6. Spacing: at most one contact a day with the organisation, none on a thank-you day (R10),
   at least three days between two emails (R12).
7. The strike count: after the last follow-up (three by default) with no answer, move on (R7).

This module is the way in. One application's plan is built by :mod:`followup.builder` (on
:mod:`followup.thankyous` and :mod:`followup.stepbase`), with the context every plan shares
(:mod:`followup.plancontext`), their answers as the planner reads them
(:mod:`followup.responses`) and the hours people keep (:mod:`followup.timing`);
:mod:`followup.organisations` keeps two roles at one organisation on separate days (R10).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .builder import Builder
from .businessdays import UnknownCountry
from .dataerrors import DataError
from .model import Action, Application, AppPlan, Document, Settings
from .organisations import NO_DAYS, OrganisationDays
from .plancontext import Context, context

__all__ = ["actions", "group", "plan", "plan_application", "plan_each", "plan_one"]


def plan(document: Document, *, now: datetime) -> list[AppPlan]:
    """The plan of every application, in the document's order.

    R10 holds across an organisation's applications: a follow-up is never planned on a day
    with a contact already made with the same organisation about another role, nor on a day
    another role's thank-you may go out, nor on a day that an earlier application of the
    document (in its order) plans one there.
    """
    ctx = context(document.settings, now)
    taken = OrganisationDays(ctx.tz, document.applications,
                             lambda app: plan_application(app, ctx, NO_DAYS), lambda: ctx)
    plans = []
    try:
        for app in document.applications:
            found = plan_application(app, ctx, taken.of(app))
            taken.add(app, found)
            plans.append(found)
    except UnknownCountry:
        raise DataError("settings.country", f'no public-holiday calendar for '
                                            f'"{document.settings.country}"') from None
    return plans


def plan_each(settings: Settings, applications: Iterable[Application], *,
              now: datetime) -> list[AppPlan]:
    """The plan of each of ``applications`` (some of a document's) under ``settings``, each
    on its own (no other application's days are kept clear of: see :func:`plan_one`)."""
    ctx = context(settings, now)
    return [plan_one(app, ctx, frozenset()) for app in applications]


def plan_one(app: Application, ctx: Context, org_busy: frozenset[date]) -> AppPlan:
    """One application's plan, as :func:`plan_application`, with an unknown country told as
    the data's problem."""
    try:
        return plan_application(app, ctx, org_busy)
    except UnknownCountry:
        raise DataError("settings.country", f'no public-holiday calendar for '
                                            f'"{ctx.days.country}"') from None



def actions(document: Document, *, now: datetime) -> list[Action]:
    """Every remaining step across all open applications, in date order."""
    found = [a for p in plan(document, now=now) for a in p.actions]
    # Stable, as the page's view: a panel's notes keep the order the interviewers were listed.
    found.sort(key=lambda a: (a.suggested, a.latest, a.application))
    return found



def plan_application(app: Application, ctx: Context,
                     org_busy: frozenset[date] = frozenset()) -> AppPlan:
    """One application's plan; ``org_busy``: the days its organisation is contacted about
    other roles (see :class:`OrganisationDays`), on which it plans no follow-up (R10)."""
    return Builder(app, ctx, org_busy).build()


def group(action: Action, now: datetime, tz: ZoneInfo) -> str:
    """The agenda section of a step: overdue, today, week, later.

    "This week" is the rest of the current week, through Sunday, in the document's own
    zone: on a Friday, next Monday's steps are "later"; on a Sunday, "this week" is over.
    """
    if action.latest < now:
        return "overdue"
    today = now.astimezone(tz).date()
    opens = action.earliest.astimezone(tz).date()
    if opens <= today:
        return "today"
    if opens <= today + timedelta(days=6 - today.weekday()):
        return "week"
    return "later"
