"""One application's plan, step by step: the thank-yous, the follow-ups and their windows
(R5, R8-R12), the answer to a brief reply (R14) and moving on (R7, R15).
"""

from __future__ import annotations

from datetime import date, timedelta

from . import datewords, rules
from .model import ActionKind, AppPlan, Channel, Ending, Event, EventType, Outcome, Status, Tone
from .responses import answer_tone, answer_words, current_events, final_answer
from .rules import RuleId
from .thankyous import ThankYous
from .timing import ONE_DAY


class Builder(ThankYous):
    """Plans one application (one instance per call: holds that application's working state)."""

    __slots__ = ()

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
            anchor_what = answer_words(last_reply, anchor, self._name(last_reply.contact))
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
        rule = RuleId.R5 if attempt == 1 else RuleId.R12
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
                open_ = max(earliest_ok, days.on_or_before(decision - ONE_DAY))
                close = max(open_, by)
                rule = RuleId.R8
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
            open_ = days.on_or_after(ctx.today + ONE_DAY if ctx.today in busy else ctx.today)
            close = max(close, open_)
        wanted = open_
        open_, close, away_note = self._clear_of_away(open_, close, contact, busy)
        if away_note:
            rule, why = RuleId.R9, away_note
        elif wanted in self.org_busy and open_ != wanted:
            rule = RuleId.R10
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
                 RuleId.R11,
                 f"Your call at {datewords.clock(todays[-1].at.astimezone(ctx.tz))} didn't "
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
        why = (f"{answer_words(reply, reply_day, self._name(reply.contact))}: wait a day, "
               f"then thank them "
               f"or ask about their timeline by {datewords.day(close)}")
        earliest = ctx.at(open_, rules.WORKDAY_START_HOUR)
        self.add(ActionKind.REPLY, contact, Channel.EMAIL, earliest, earliest,
                 ctx.at(close, rules.WORKDAY_END_HOUR), RuleId.R9 if away_note else RuleId.R14,
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
            rule = RuleId.R15
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
                rule = RuleId.R14
                why = ("They answered briefly again, and you have already asked about their "
                       f"timeline: no answer is needed. {why[0].upper()}{why[1:]}")
        else:
            day = days.on_or_after(last_day + timedelta(days=ctx.spacing))
            rule = RuleId.R7
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
