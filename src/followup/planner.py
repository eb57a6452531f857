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
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import datewords, rules
from .businessdays import BusinessDays, UnknownCountry
from .dataformat import DataError, check_timezone
from .model import (
    Action,
    ActionKind,
    Application,
    AppPlan,
    Channel,
    Document,
    Ending,
    Event,
    EventType,
    Interview,
    Outcome,
    Role,
    Settings,
    Status,
    Tone,
)

_ONE_DAY = timedelta(days=1)
_GUIDES = {rule_id: rule.guide for rule_id, rule in rules.RULES.items()}
_SUGGESTED = timedelta(hours=rules.THANK_YOU_SUGGESTED_HOURS)
_LATEST = timedelta(hours=rules.THANK_YOU_LATEST_HOURS)


@dataclass(frozen=True, slots=True)
class Context:
    now: datetime
    tz: ZoneInfo
    today: date
    days: BusinessDays
    max_follow_ups: int
    spacing: int
    _times: dict[tuple[date, int], datetime] = field(default_factory=dict)

    def local_day(self, t: datetime) -> date:
        return t.astimezone(self.tz).date()

    def after_hours(self, t: datetime, hours: timedelta) -> datetime:
        return (t.astimezone(UTC) + hours).astimezone(self.tz)

    def at(self, day: date, hour: int) -> datetime:
        found = self._times.get((day, hour))
        if found is None:
            found = self._times[day, hour] = datetime.combine(day, time(hour), tzinfo=self.tz)
        return found


def context(settings: Settings, now: datetime, days: BusinessDays | None = None) -> Context:
    """What every application's plan shares: the clock reading, zone, calendar and limits."""
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    tz = check_timezone(settings.timezone)
    return Context(
        now=now.astimezone(tz),
        tz=tz,
        today=now.astimezone(tz).date(),
        days=days if days is not None else BusinessDays(settings.country),
        max_follow_ups=min(settings.max_follow_ups or rules.MAX_FOLLOW_UPS,
                           rules.MAX_FOLLOW_UPS),
        # R13: a spacing of one's own only makes the plan gentler, never tighter.
        spacing=max(settings.spacing_days or rules.DEFAULT_SPACING_DAYS,
                    rules.DEFAULT_SPACING_DAYS),
    )


def plan(document: Document, *, now: datetime) -> list[AppPlan]:
    """The plan of every application, in the document's order.

    R10 holds across an organisation's applications: a follow-up is never planned on a day
    with a contact already made with the same organisation about another role, nor on a day
    another role's thank-you may go out, nor on a day that an earlier application of the
    document (in its order) plans one there.
    """
    ctx = context(document.settings, now)
    taken = OrganisationDays(ctx.tz, document.applications,
                             lambda app: plan_application(app, ctx, _NO_DAYS), lambda: ctx)
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


@functools.lru_cache(maxsize=4096)
def organisation(company: str) -> str:
    """Which organisation an application is with, to tell two roles at one company: the
    company's name without case, punctuation and spacing differences, or a "(sample)" mark."""
    name = company.casefold().replace("(sample)", "")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in name).split())


_NO_DAYS: frozenset[date] = frozenset()


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
            return _NO_DAYS
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


def actions(document: Document, *, now: datetime) -> list[Action]:
    """Every remaining step across all open applications, in date order."""
    found = [a for p in plan(document, now=now) for a in p.actions]
    # Stable, as the page's view: a panel's notes keep the order the interviewers were listed.
    found.sort(key=lambda a: (a.suggested, a.latest, a.application))
    return found


class _Builder:
    """Plans one application (one instance per call: holds that application's working state)."""

    __slots__ = ("app", "contacts", "ctx", "org_busy", "out")

    def __init__(self, app: Application, ctx: Context,
                 org_busy: frozenset[date] = frozenset()) -> None:
        self.app = app
        self.ctx = ctx
        self.out: list[Action] = []
        self.contacts = {c.id: c for c in app.contacts}
        self.org_busy = org_busy

    def add(self, kind: ActionKind, contact: str | None, channel: Channel, earliest: datetime,
            suggested: datetime, latest: datetime, rule: str, why: str,
            attempt: int | None = None, projected: bool = False) -> None:
        # Positional, in field order: this runs for every step of every application.
        self.out.append(Action(self.app.id, self.app.company, kind, contact, channel, earliest,
                               suggested, latest, rule, why, _GUIDES[rule], attempt, projected))

    # -- the thank-you (R1-R3) -------------------------------------------------------------

    def thank_yous(self, interview: Interview, since: list[Event]) -> tuple[date, set[date]]:
        """Plan the unsent notes; return the day the last note goes out and all note days."""
        ctx = self.ctx
        sent = [e for e in since if e.type is EventType.THANK_YOU]
        sent_to = {e.contact for e in sent}
        note_days = {ctx.local_day(e.at) for e in sent}
        recipients: Iterable[str | None] = interview.with_ or (None,)
        if None in sent_to or all(who in sent_to for who in recipients):
            return max(note_days), note_days
        _, suggested, _, _ = window = self._note_window(interview)
        goes_out = suggested if ctx.now <= suggested else ctx.now
        note_days.add(ctx.local_day(goes_out))
        self._notes(recipients, sent_to, window)
        return max(note_days), note_days

    def earlier_thank_yous(self, latest_round: Interview) -> None:
        """The notes still owed for earlier rounds: a round that ended is thanked within its
        own 36 hours, whatever round comes next. A note that window has passed is left to the
        latest round's; so is one to a person of the latest round once that round has ended
        (their next note thanks them for both)."""
        ctx = self.ctx
        covered = set(latest_round.with_) if latest_round.ends_at <= ctx.now else set()
        for interview in self.app.interviews[:-1]:
            window = self._note_window(interview)
            end, _, latest, _ = window
            if ctx.now > latest or end > ctx.now:
                continue
            thanked = {e.contact for e in self.app.events
                       if e.type is EventType.THANK_YOU and e.at >= interview.ends_at}
            if None not in thanked:
                self._notes(interview.with_, thanked | covered, window)

    def _note_window(self, interview: Interview) -> tuple[datetime, datetime, datetime, str]:
        """A round's thank-you: its end, the suggested and the latest moment, and why."""
        ctx = self.ctx
        end = interview.ends_at.astimezone(ctx.tz)
        # Elapsed hours, not wall-clock hours: add in UTC so a DST change cannot stretch it.
        suggested = ctx.after_hours(end, _SUGGESTED)
        latest = ctx.after_hours(end, _LATEST)
        night = ""
        if in_the_night(suggested, ctx.tz):
            # Its 24th hour is in the night: the evening before, still within the 24 hours
            # (at least 11 hours after the interview: 12, or 11.5 across the night the
            # clocks go back; the property test in test_planner_properties holds it).
            suggested = evening_before(suggested, ctx.tz)
        if suggested < ctx.now <= latest and in_the_night(ctx.now, ctx.tz):
            # That evening has passed, and it is night now: the morning, if the window
            # reaches it; if not, before the window closes.
            morning = next_morning(ctx.now, latest, ctx.tz, ctx.days)
            if morning is not None:
                suggested = morning
            else:
                night = ("The window closes before the morning: send it tonight if you "
                         "can; a late note still beats none.")
        if ctx.now > latest:
            why = (f"Overdue since {datewords.moment(latest)}; a late note still beats none, "
                   "so send it today.")
        else:
            tense = "ended" if ctx.now >= end else "ends"
            why = (f"The interview {tense} {datewords.moment(end)}: send it by "
                   f"{datewords.moment(latest)}, ideally by {datewords.moment(suggested)}.")
            if night:
                why += f" {night}"
        return end, suggested, latest, why

    def _notes(self, recipients: Iterable[str | None], skip: set[str | None],
               window: tuple[datetime, datetime, datetime, str]) -> None:
        """A thank-you step for each recipient not in ``skip``, in ``window``."""
        end, suggested, latest, why = window
        for who in recipients:
            if who in skip:
                continue
            name = self._name(who)
            self.add(ActionKind.THANK_YOU, who, Channel.EMAIL, end, suggested, latest,
                     "R2", f"Thank {name}. {why}" if name else why)

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
        length = max(0, _business_days_between(days, open_, close))
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
                close = max(open_, days.on_or_before(start - _ONE_DAY))
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

    # -- the whole application ------------------------------------------------------------

    def build(self) -> AppPlan:
        app, ctx = self.app, self.ctx
        since = current_events(app, ctx.tz)
        # A final answer ends it, even with no interview or day of applying on record.
        final = final_answer(since if since is not None else list(app.events))
        if final is not None:
            ending = Ending.OFFER if answer_tone(final) is Tone.OFFER else Ending.REJECTION
            what = "Offer received" if ending is Ending.OFFER else "They said no"
            on = ("(date unknown)" if final.date_unknown
                  else f"on {datewords.day(ctx.local_day(final.at))}")
            return self.done(Status.ENDED, f"{what} {on}", 0, ending)
        if app.closed:
            return self.done(Status.ENDED, "Closed: you have moved on", 0, Ending.MOVED_ON)
        if since is None:
            return self.done(Status.WAITING, "No interview recorded yet", 0)
        interview = app.interviews[-1] if app.interviews else None
        if interview is not None:
            self.earlier_thank_yous(interview)
            note_day, note_days = self.thank_yous(interview, since)
            anchor_what, first_gap = "the thank-you", ctx.spacing
        else:  # applied, no interview yet: the application is the anchor (R5)
            assert app.applied_on is not None
            note_day, note_days = app.applied_on, set()
            anchor_what = "your application"
            first_gap = max(rules.APPLIED_WAIT_DAYS, ctx.spacing)
        # While a thank-you is still to be sent, the follow-ups after it are projections.
        note_pending = bool(self.out)
        replies = [e for e in since if answer_tone(e) is not None]
        last_reply = replies[-1] if replies else None
        # The next message answers the person whose message it answers (who replied, or who
        # was on the phone); otherwise it goes to the person you met.
        contact = self.primary_contact(interview)
        if last_reply is not None and last_reply.contact in self.contacts:
            contact = last_reply.contact
        # A call in which you spoke to them is their answer, not an unanswered strike.
        counted = [e for e in since if e.type is EventType.FOLLOW_UP and e not in replies]
        status = Status.ACTIVE

        if last_reply is not None and answer_tone(last_reply) is Tone.BRIEF:
            return self.after_brief_reply(last_reply, replies, counted, contact, note_days)

        anchor = note_day
        not_before = None
        if last_reply is not None:  # a warm reply: the count starts again from it
            status = Status.WAITING
            anchor = ctx.local_day(last_reply.at)
            anchor_what = _answer_words(last_reply, anchor, self._name(last_reply.contact))
            first_gap = ctx.spacing
            emails = [e for e in counted if e.channel is not Channel.PHONE]
            if emails:  # R12 still holds across the reply
                not_before = (ctx.local_day(emails[-1].at)
                              + timedelta(days=rules.MIN_EMAIL_GAP_DAYS))
            counted = [e for e in counted if e.at > last_reply.at]
        strike_days = sorted({ctx.local_day(e.at) for e in counted})
        strikes = len(strike_days)
        busy = note_days  # days with a contact already: no follow-up on them (R10)
        busy.update(strike_days)
        busy.update(ctx.local_day(e.at) for e in replies)
        busy.update(self.org_busy)

        if strike_days and strike_days[-1] == ctx.today:
            self.retry_call(counted, contact, strikes)

        prev_day = strike_days[-1] if strike_days else anchor
        prev_channel = counted[-1].channel if counted else Channel.EMAIL
        for attempt in range(strikes + 1, ctx.max_follow_ups + 1):
            open_ = self.follow_up(attempt, prev_day, prev_channel, anchor_what,
                                   contact, busy, first_gap=first_gap if attempt == 1 else None,
                                   not_before=not_before, warm=last_reply is not None,
                                   projected=note_pending or attempt > strikes + 1,
                                   prev_made=attempt <= strikes + 1)
            busy.add(open_)
            # A window already open is done today at the earliest: on a working day, so a
            # plan made on a weekend or a holiday counts from the next one.
            prev_day = max(open_, ctx.days.on_or_after(ctx.today))
            prev_channel = self.channel_for(contact)
        self.move_on(prev_day, strikes, strike_days)
        return self.done(status, "", strikes)

    def follow_up(self, attempt: int, prev_day: date, prev_channel: Channel | None,
                  anchor_what: str, contact: str | None, busy: set[date],
                  *, first_gap: int | None, not_before: date | None, warm: bool,
                  projected: bool, prev_made: bool) -> date:
        """Plan one follow-up; return the day its window opens.

        ``first_gap`` is set for the first follow-up after the anchor (the thank-you, the
        application, or a warm answer): its wait in days, and the decision date may pull it
        forward (R8). ``warm``: the anchor is their warm answer, and ``anchor_what`` says it
        as a sentence. ``prev_made``: the attempt before this one was made (on ``prev_day``),
        not only planned.
        """
        ctx, days = self.ctx, self.ctx.days
        gap = ctx.spacing if first_gap is None else first_gap
        minimum = (rules.MIN_EMAIL_GAP_DAYS if prev_channel is not Channel.PHONE
                   else rules.MIN_DAYS_BETWEEN_CONTACTS)
        gap = max(gap, minimum)
        open_ = days.on_or_after(prev_day + timedelta(days=gap))
        close = days.add(open_, rules.FOLLOW_UP_WINDOW_BUSINESS_DAYS)
        rule = "R5" if attempt == 1 else "R12"
        # The usual wait is "about a week"; the user's own spacing is named (R13).
        later = ("about a week" if gap == rules.DEFAULT_SPACING_DAYS else f"{gap} days")
        if attempt == 1 and warm:  # their warm answer, already a sentence
            why = f"{anchor_what}; if all goes quiet, {later} later is a good time to ask"
        elif attempt == 1:
            why = (f"If {anchor_what} of {datewords.day(prev_day)} gets no answer, {later} "
                   "later is a good time to ask")
        else:
            made = (f"made on {datewords.day(prev_day)}" if prev_made
                    else f"planned for {datewords.day(prev_day)}")
            why = (f"{datewords.ordinal(attempt - 1).capitalize()} follow-up {made}: "
                   f"leave {later} between attempts")
        decision = self.app.decision_expected
        # R8: after a warm answer, only a decision date still ahead of it pulls the next
        # follow-up forward (a past one was overtaken by the conversation itself).
        if first_gap is not None and decision is not None and (not warm or decision > prev_day):
            by = days.add(decision, rules.DECISION_GRACE_BUSINESS_DAYS)
            # Sooner than the usual wait, or later: either way the first follow-up comes
            # shortly before the decision date (a far one holds the follow-ups until then).
            far = decision > close
            if by < close or far:
                earliest_ok = days.after(prev_day)
                if not_before is not None:
                    earliest_ok = days.on_or_after(max(earliest_ok, not_before))
                open_ = max(earliest_ok, days.on_or_before(decision - _ONE_DAY))
                close = max(open_, by)
                rule = "R8"
                on = datewords.day(decision)
                # The tense follows today, not the window: a date still ahead of now (or
                # today itself) is still expected.
                if decision < ctx.today:
                    why = f"Decision was expected {on}: ask where things stand"
                elif open_ < decision and ctx.today < decision and far:
                    why = (f"They expect to decide {on}, so the follow-ups wait until shortly "
                           f"before then, and ask no later than {datewords.day(close)}")
                elif open_ < decision and ctx.today < decision:
                    why = f"Decision expected {on}, so before then"
                else:
                    when = "that day or shortly after" if open_ <= decision else "shortly after"
                    why = f"Decision expected {on}: ask where things stand {when}"
                if warm:
                    why = f"{anchor_what}. {why}"
        if open_ < ctx.today and (ctx.today in busy or days.on_or_after(ctx.today) in busy):
            # Open already, but today has its contact (another role's, say; on a weekend,
            # the user may act anyway): from the next working day that is not today, so it
            # moves to a free day rather than asking for a second contact today.
            open_ = days.on_or_after(ctx.today + _ONE_DAY if ctx.today in busy else ctx.today)
            close = max(close, open_)
        wanted = open_
        open_, close, away_note = self._clear_of_away(open_, close, contact, busy)
        if away_note:
            rule, why = "R9", away_note
        elif wanted in self.org_busy and open_ != wanted:
            rule = "R10"
            why = (f"{why}; not on {datewords.day(wanted)}, when {self.app.company} hears from "
                   "you about another role: once a day with one organisation")
        channel = self.channel_for(contact)
        earliest = ctx.at(open_, rules.WORKDAY_START_HOUR)
        self.add(ActionKind.FOLLOW_UP, contact, channel, earliest, earliest,
                 ctx.at(close, rules.WORKDAY_END_HOUR), rule,
                 f"Follow-up {attempt} of {ctx.max_follow_ups}. {why}.", attempt=attempt,
                 projected=projected)
        return open_

    def retry_call(self, counted: list[Event], contact: str | None, strikes: int) -> None:
        """R11: a call that did not get through may be tried again later the same day."""
        ctx = self.ctx
        todays = [e for e in counted if ctx.local_day(e.at) == ctx.today]
        if not all(e.channel is Channel.PHONE and e.outcome is Outcome.NO_ANSWER
                   for e in todays):
            return
        end_of_day = ctx.at(ctx.today, rules.WORKDAY_END_HOUR)
        if ctx.now >= end_of_day:
            return
        self.add(ActionKind.FOLLOW_UP, contact, Channel.PHONE, ctx.now, ctx.now, end_of_day,
                 "R11", f"Your call at {datewords.clock(todays[-1].at.astimezone(ctx.tz))} didn't "
                 "get through: you may try once more today, without leaving a message each time.",
                 attempt=strikes)

    def after_brief_reply(self, reply: Event, replies: list[Event], counted: list[Event],
                          contact: str | None, note_days: set[date]) -> AppPlan:
        """R14: wait a day or two, answer briefly, then move on.

        A decision date still ahead of their reply holds the move-on back until the working
        day after it: they told you when they decide, so give them that day (R8). A brief
        reply to your answer of an earlier brief reply needs no answer of its own: you have
        asked about their timeline once, and the conversation is over.
        """
        ctx, days = self.ctx, self.ctx.days
        answered = [e for e in counted if e.at > reply.at]
        reply_day = ctx.local_day(reply.at)
        strikes = len({ctx.local_day(e.at) for e in counted if e.at <= reply.at})
        decision = self.app.decision_expected
        wait_for = decision if decision is not None and decision > reply_day else None
        warm = [e.at for e in replies if answer_tone(e) is Tone.WARM]
        since_warm = [e for e in replies if not warm or e.at > warm[-1]]
        earlier_brief = [e for e in since_warm[:-1] if answer_tone(e) is Tone.BRIEF]
        if not answered and earlier_brief and any(earlier_brief[0].at < e.at < reply.at
                                                   for e in counted):
            self.move_on(max(reply_day, wait_for or reply_day), strikes, [], after_reply=True,
                         decision=wait_for, again=True)
            return self.done(Status.ACTIVE, "They answered briefly again: no answer is "
                                            "needed", strikes)
        if answered:
            last = ctx.local_day(answered[-1].at)
            self.move_on(max(last, wait_for or last), strikes, [last], after_reply=True,
                         decision=wait_for)
            return self.done(Status.ACTIVE, "You answered their reply: time to move on", strikes)
        busy = set(note_days) | {reply_day} | self.org_busy
        open_ = days.add(reply_day, rules.REPLY_WAIT_MIN_BUSINESS_DAYS)
        close = days.add(reply_day, rules.REPLY_WAIT_MAX_BUSINESS_DAYS)
        open_, close, away_note = self._clear_of_away(open_, close, contact, busy)
        why = (f"{_answer_words(reply, reply_day, self._name(reply.contact))}: wait a day, "
               f"then thank them "
               f"or ask about their timeline by {datewords.day(close)}")
        earliest = ctx.at(open_, rules.WORKDAY_START_HOUR)
        self.add(ActionKind.REPLY, contact, Channel.EMAIL, earliest, earliest,
                 ctx.at(close, rules.WORKDAY_END_HOUR), "R9" if away_note else "R14",
                 (away_note or why) + ".")
        self.move_on(max(close, wait_for or close), strikes, [], after_reply=True,
                     decision=wait_for)
        return self.done(Status.ACTIVE, "", strikes)

    def move_on(self, last_day: date, strikes: int, strike_days: list[date], *,
                after_reply: bool = False, decision: date | None = None,
                again: bool = False) -> None:
        """The last step; it opens after every other window has closed. ``again``: a brief
        reply came to your answer of their brief reply, and needs no answer."""
        ctx, days = self.ctx, self.ctx.days
        if after_reply:
            day = days.after(last_day)
            rule = "R15"
            why = ("You have closed the loop; put your energy into your other applications")
            if decision is not None and decision >= ctx.today:
                why = (f"They expect to decide {datewords.day(decision)}: if nothing comes by "
                       f"then, you have closed the loop; put your energy into your other "
                       "applications")
            elif decision is not None:
                why = (f"They expected to decide {datewords.day(decision)}, and nothing came: "
                       "you have closed the loop; put your energy into your other "
                       "applications")
            if again:
                rule = "R14"
                why = ("They answered briefly again, and you have already asked about their "
                       f"timeline: no answer is needed. {why[0].upper()}{why[1:]}")
        else:
            day = days.on_or_after(last_day + timedelta(days=ctx.spacing))
            rule = "R7"
            limit = ctx.max_follow_ups
            if strikes >= limit:
                made = "made, the last on" if limit > 1 else "made on"
                how = f"{made} {datewords.day(strike_days[-1])}"
            else:
                how = "planned"
            why = (f"{limit} follow-up{'s' if limit > 1 else ''} {how} with no answer: "
                   "you did everything right, so drop it and move on")
        if self.out:  # every other window has closed first
            pending = max(a.latest for a in self.out)
            while ctx.at(day, rules.WORKDAY_START_HOUR) < pending:
                day = days.after(day)
        start = ctx.at(day, rules.WORKDAY_START_HOUR)
        self.add(ActionKind.MOVE_ON, None, Channel.EMAIL, start, start,
                 ctx.at(day, rules.WORKDAY_END_HOUR), rule, why + ".",
                 projected=bool(self.out))  # moving on is always the last step

    def done(self, status: Status, note: str, strikes: int,
             ending: Ending | None = None) -> AppPlan:
        return AppPlan(self.app.id, status, note, tuple(self.out), strikes, ending)


def answer_tone(event: Event) -> Tone | None:
    """The tone of an answer from them, or None when the event is not one.

    A reply is an answer, whatever its channel; so is a follow-up call in which you spoke to
    them: speaking is an answer. A call without a recorded tone counts as a brief reply.
    """
    if event.type is EventType.REPLY:
        return event.tone or Tone.BRIEF
    if (event.type is EventType.FOLLOW_UP and event.channel is Channel.PHONE
            and event.outcome is Outcome.SPOKE):
        return event.tone or Tone.BRIEF
    return None


def current_events(app: Application, tz: ZoneInfo) -> list[Event] | None:
    """The events of the current stretch: since the latest interview ended, or, with no
    interview yet, since the day of applying; None when there is neither."""
    if app.interviews:
        end = app.interviews[-1].ends_at
        return [e for e in app.events if e.at >= end]
    if app.applied_on is not None:
        start = app.applied_on
        return [e for e in app.events if e.at.astimezone(tz).date() >= start]
    return None


def final_answer(events: list[Event]) -> Event | None:
    """The last offer or "no" among ``events``, if any."""
    return next((e for e in reversed(events)
                 if answer_tone(e) in (Tone.OFFER, Tone.REJECTION)), None)


def ending(app: Application, tz: ZoneInfo) -> Ending | None:
    """How the application ended: an offer, a "no", moved on (closed), or None (not ended)."""
    since = current_events(app, tz)
    final = final_answer(since if since is not None else list(app.events))
    if final is not None:
        return Ending.OFFER if answer_tone(final) is Tone.OFFER else Ending.REJECTION
    return Ending.MOVED_ON if app.closed else None


def _answer_words(event: Event, day: date, name: str = "") -> str:
    """Their answer, as a sentence: ``Rita Gomez replied warmly on Thu 26 Nov`` (``They``
    when nobody is named; ``(date unknown)`` for an answer imported without a date)."""
    on = "(date unknown)" if event.date_unknown else f"on {datewords.day(day)}"
    if event.type is EventType.REPLY:
        who = name or "They"
        return (f"{who} replied warmly {on}" if event.tone is Tone.WARM
                else f"{who} answered briefly {on}")
    them = name or "them"
    if event.tone is None:
        return (f"You spoke to {them} {on}; with no tone recorded, the call counts as a "
                "brief reply")
    return (f"You spoke to {them} {on} and it went well" if event.tone is Tone.WARM
            else f"You spoke to {them} {on} and they kept it brief")


def in_the_night(t: datetime, tz: ZoneInfo) -> bool:
    """Whether ``t`` falls in the night of the zone ``tz`` (rules.NIGHT_START_HOUR to
    rules.NIGHT_END_HOUR)."""
    hour = t.astimezone(tz).hour
    return hour >= rules.NIGHT_START_HOUR or hour < rules.NIGHT_END_HOUR


def next_morning(t: datetime, latest: datetime, tz: ZoneInfo,
                 days: BusinessDays) -> datetime | None:
    """A moment to act that people keep, from ``t`` on: ``t`` itself, or, in the night of
    ``tz``, the next working morning at the start of the working day (or the next morning,
    when the working one would be too late; or the night's end, when 9 am is); None when
    even the night's end is later than ``latest``."""
    if not in_the_night(t, tz):
        return t
    local = t.astimezone(tz)
    morning = local.date() if local.hour < rules.NIGHT_END_HOUR else local.date() + _ONE_DAY
    for day, hour in ((days.on_or_after(morning), rules.WORKDAY_START_HOUR),
                      (morning, rules.WORKDAY_START_HOUR), (morning, rules.NIGHT_END_HOUR)):
        candidate = datetime.combine(day, time(hour), tzinfo=tz)
        if candidate <= latest:
            return candidate
    return None


def evening_before(t: datetime, tz: ZoneInfo) -> datetime:
    """The last hour before the night that ``t`` falls in: 8 pm (the hour before
    rules.NIGHT_START_HOUR) that evening, in ``tz``."""
    local = t.astimezone(tz)
    day = local.date() - (_ONE_DAY if local.hour < rules.NIGHT_END_HOUR else timedelta())
    return datetime.combine(day, time(rules.NIGHT_START_HOUR - 1), tzinfo=tz)


def _business_days_between(days: BusinessDays, start: date, end: date) -> int:
    count = 0
    while start < end:
        start = days.after(start)
        count += 1
    return count


def plan_application(app: Application, ctx: Context,
                     org_busy: frozenset[date] = frozenset()) -> AppPlan:
    """One application's plan; ``org_busy``: the days its organisation is contacted about
    other roles (see :class:`OrganisationDays`), on which it plans no follow-up (R10)."""
    return _Builder(app, ctx, org_busy).build()


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
