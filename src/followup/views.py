"""The view of a document: everything the page shows as of a moment, with every word and date
ready in the document's time zone. Pure: each application's share (its plan, steps and card,
:class:`Part`) can be given back to the next :func:`build`, which plans again only the
applications whose share no longer holds."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple, cast
from zoneinfo import ZoneInfo

from . import datewords, labels, planner, rules, words
from .businessdays import country_of_zone
from .cards import card, noon
from .contract import (
    AppView,
    Change,
    DraftRequest,
    Group,
    GroupId,
    SettingsView,
    Step,
    StepKind,
    View,
)
from .keptdrafts import step_key
from .model import Action, ActionKind, Application, AppPlan, Document, Settings
from .organisations import OrganisationDays
from .plancontext import Context, context
from .rules import RuleId

#: The sections that hold steps, in order; the waiting and ended ones follow them.
_STEP_GROUPS = ("overdue", "today", "week", "later")
#: A round's thank-you window, in elapsed hours after it ends (as the planner has it).
_NOTE_SUGGESTED = timedelta(hours=rules.THANK_YOU_SUGGESTED_HOURS)
_NOTE_LATEST = timedelta(hours=rules.THANK_YOU_LATEST_HOURS)
#: More than any zone's clock change: moments this close to one are not kept (see until).
_CLOCK_MARGIN = timedelta(hours=3)


def view(raw: dict[str, Any], document: Document, now: datetime) -> View:
    """Everything the page shows about ``document`` as of ``now``, made from nothing."""
    return build(raw, document, now).view


class Built(NamedTuple):
    view: View
    #: each application's share of it, by id: give them to the next :func:`build`
    parts: dict[str, Part]


def build(raw: dict[str, Any], document: Document, now: datetime,
          kept: Mapping[str, Part] | None = None) -> Built:
    """Everything the page shows about ``document`` as of ``now``, and its parts.

    Each application's share of it (its plan, steps and card) is taken from ``kept`` (the
    parts of an earlier view) while it still holds: the same raw application under the same
    settings and clock, and ``now`` in the span of moments over which nothing it shows can
    read differently (see :func:`part`). A change to one application of hundreds plans that
    one again.
    """
    settings = document.settings
    tz = ZoneInfo(settings.timezone)
    at = now.astimezone(UTC)
    raw_apps = raw.get("applications") or []
    pairs = list(zip(document.applications, raw_apps, strict=True))
    h24 = datewords.h24()
    first = next(iter(kept.values()), None) if kept else None
    same = first is not None and first.settings == settings and first.h24 == h24
    # In the document's order, as planner.plan: an application keeps clear of the days its
    # organisation is contacted about other roles (R10), so its share holds only while those
    # days are the same.
    made: list[Context] = []

    def ctx() -> Context:  # only when something is planned again
        if not made:
            made.append(context(settings, now))
        return made[0]

    taken = OrganisationDays(tz, document.applications,
                                     lambda app: planner.plan_one(app, ctx(), frozenset()), ctx)
    parts: list[Part] = []
    for app, raw_app in pairs:
        busy = taken.of(app)
        found = kept.get(app.id) if same and kept else None
        if found is None or found.org_busy != busy or not found.holds(raw_app, at):
            found = part(app, planner.plan_one(app, ctx(), busy), raw_app, settings, now, tz,
                         busy, h24)
        taken.add(app, found.plan)
        parts.append(found)
    # Steps in date order across applications (each part's own are in that order already).
    steps = [step for _, step in sorted((s for part in parts for s in part.steps),
                                        key=lambda s: s[0])]
    apps = [part.app for part in parts]
    groups: list[Group] = []
    for gid, title in labels.GROUP_TITLES.items():
        if gid in _STEP_GROUPS:
            group = Group(id=cast(GroupId, gid), title=title,
                          steps=[s["key"] for s in steps if s["group"] == gid], apps=[])
        else:
            group = Group(id=cast(GroupId, gid), title=title, steps=[],
                          apps=[a["id"] for a in apps if a["status"] == gid])
        if group["steps"] or group["apps"]:
            groups.append(group)
    candidate = settings.candidate
    return Built(View(
        timezone=settings.timezone, steps=steps, groups=groups, applications=apps,
        settings=SettingsView(name=candidate.name, email=candidate.email,
                              phone=candidate.phone, availability=candidate.availability,
                              timezone=settings.timezone,
                              country=settings.country or "",
                              country_guess="" if settings.country
                              else country_of_zone(settings.timezone),
                              max_follow_ups=str(settings.max_follow_ups or ""),
                              spacing_days=str(settings.spacing_days or ""),
                              clock=settings.clock.value if settings.clock else ""),
        sample=any(a["sample"] for a in apps),
        events=sum(len(a.events) for a in document.applications),
    ), {found.app["id"]: found for found in parts})


#: A step's place in the date order: suggested, latest, application.
Order = tuple[datetime, datetime, str]


class Part(NamedTuple):
    """One application's share of a view, and the moments over which it holds."""

    raw: dict[str, Any]  # the raw application it shows
    settings: Settings
    since: datetime  # the moment it was made for (UTC)
    until: datetime | None  # the first moment it may read differently (UTC); None: since alone
    steps: list[tuple[Order, Step]]  # in date order, each with its place in it
    app: AppView
    plan: AppPlan
    #: the days its organisation was contacted about other roles when it was planned
    org_busy: frozenset[date]
    h24: bool  # its times are written on the 24-hour clock

    def holds(self, raw_app: dict[str, Any], now: datetime) -> bool:
        """Whether it is still this application's share of a view as of ``now`` (UTC), under
        the same settings (the caller compares those, once for all)."""
        return ((now == self.since
                 or (self.until is not None and self.since <= now < self.until))
                and (self.raw is raw_app or self.raw == raw_app))


def part(app: Application, plan: AppPlan, raw_app: dict[str, Any], settings: Settings,
         now: datetime, tz: ZoneInfo, org_busy: frozenset[date], h24: bool) -> Part:
    """One application's share of the view as of ``now``: its steps, its card, and until
    when they hold (:func:`until`)."""
    alone = Document(settings=settings, applications=(app,))
    every = sorted(plan.actions, key=lambda a: (a.suggested, a.latest, a.application))
    steps: list[tuple[Order, Step]] = []
    keys: set[str] = set()
    for action in every:
        if action.projected:
            continue
        step = step_of(alone, action, now, tz)
        if step["key"] not in keys:  # an interviewer listed twice is thanked once
            keys.add(step["key"])
            steps.append(((action.suggested, action.latest, action.application), step))
    return Part(raw=raw_app, settings=settings, since=now.astimezone(UTC),
                until=until(app, plan, now, tz), steps=steps,
                app=card(app, plan, raw_app, every, alone, now, tz), plan=plan,
                org_busy=org_busy, h24=h24)


def until(app: Application, plan: AppPlan, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The first moment from ``now`` at which the application's plan or what the page shows of
    it may read differently: every way they depend on "now" is a comparison with one of the
    moments gathered here (a step's window, an interview's end and its thank-you window, a
    mark on the timeline), the day "now" falls on, or the night's edges. None when they
    follow "now" itself (the same-day retry of a call, R11, starts at "now"), or when the
    zone's clock changes before that moment (the planner compares local times)."""
    if any(a.rule == RuleId.R11 for a in plan.actions):
        return None
    today = now.astimezone(tz).date()
    moments = [datetime.combine(today + timedelta(days=1), time(0), tzinfo=tz)]
    if app.interviews:
        # A thank-you's suggested moment moves out of the night (next_morning).
        moments += (datetime.combine(today, time(hour), tzinfo=tz)
                    for hour in (rules.NIGHT_END_HOUR, rules.NIGHT_START_HOUR))
    for interview in app.interviews:
        end = interview.ends_at.astimezone(UTC)
        moments += (end, end + _NOTE_SUGGESTED, end + _NOTE_LATEST)
    for action in plan.actions:
        moments += (action.earliest, action.suggested, action.latest)
    moments += (event.at for event in app.events)
    if app.decision_expected is not None:
        moments.append(noon(app.decision_expected, tz))
    moments += (noon(away.start, tz) for away in app.away)
    until = min(m.astimezone(UTC) for m in moments if m >= now)
    # Near a change of the zone's clock, local times and moments are not in the same order.
    offsets = {t.astimezone(tz).utcoffset() for t in (now - _CLOCK_MARGIN, now, until,
                                                      until + _CLOCK_MARGIN)}
    return until if len(offsets) == 1 else None


def due_from(action: Action, tz: ZoneInfo) -> str:
    """When a step becomes due (:func:`followup.planner.group` puts it in "today" from then
    on): the start of the day it opens, in the document's zone, as a UTC moment."""
    opens = action.earliest.astimezone(tz).date()
    start = datetime.combine(opens, time(0), tz).astimezone(UTC)
    return start.isoformat().replace("+00:00", "Z")


def step_of(document: Document, action: Action, now: datetime, tz: ZoneInfo) -> Step:
    """A step of the agenda: what to do, when, why, and the change that marks it done."""
    app = document.application(action.application)
    group = planner.group(action, now, tz)
    ready = words.ready(action, now)
    done: Change | None = None
    if action.kind is ActionKind.THANK_YOU:
        done = {"op": "record", "app": action.application, "type": "thank_you",
                "contact": action.contact, "channel": "email"}
    elif action.kind is ActionKind.MOVE_ON:
        done = {"op": "update_application", "app": action.application,
                "fields": {"closed": True}}
    return Step(
        key=step_key(action),
        application=action.application, company=action.company,
        role=app.role if app else "", kind=action.kind.value, contact=action.contact,
        title=words.step_title(document, action), when=words.window(action, now, tz),
        when_full=words.window(action, now, tz, full=True),
        group=cast(GroupId, group), due_from=due_from(action, tz),
        overdue=group == "overdue", ready=ready,
        not_yet=None if ready else labels.NOT_YET, why=action.why, rule=action.rule,
        guide=action.guide,
        # Moving on is done by moving on: a fourth message would go against the method (R7).
        draft=None if action.kind is ActionKind.MOVE_ON else DraftRequest(
            app=action.application, kind=cast(StepKind, action.kind.value),
            contact=action.contact,
            attempt=action.attempt),
        done=done,
    )
