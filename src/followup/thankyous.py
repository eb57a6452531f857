"""The thank-you notes of one application's plan (R1-R3): each round's window, and a note
for each person met who has not been thanked.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from . import datewords, rules
from .model import ActionKind, Channel, Event, EventType, Interview
from .rules import RuleId
from .stepbase import StepsBase
from .timing import evening_before, in_the_night, next_morning

_SUGGESTED = timedelta(hours=rules.THANK_YOU_SUGGESTED_HOURS)
_LATEST = timedelta(hours=rules.THANK_YOU_LATEST_HOURS)


class ThankYous(StepsBase):
    """The thank-you notes of one application (R1-R3), for the planner's builder."""

    __slots__ = ()

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
                     RuleId.R2, f"Thank {name}. {why}" if name else why)
