"""The checks made before something is recorded: not before the interview (R3), and the
rules of the method it would go against (R7, R10, R12, R14).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from . import datewords, organisations, responses, rules
from .changeparts import _zone
from .model import Application, Channel, Document, Event, EventType, Outcome, Settings, Tone
from .rules import RuleId


def too_early(app: Application, kind: str, at: datetime, tz: ZoneInfo,
              contact: str | None = None, now: datetime | None = None) -> str | None:
    """Why an event at ``at`` cannot be recorded yet, or None when it can.

    Everything the planner counts happens after an interview: a note, a call or a reply dated
    before every interview has ended would be kept but never counted, so it is refused. So is a
    thank-you for the latest round before that round has ended (R3), unless it thanks someone
    for an earlier round that has.
    """
    if not app.interviews:
        return None
    earlier = [i for i in app.interviews[:-1] if i.ends_at <= at
               and contact is not None and contact in i.with_]
    if at < app.interviews[0].ends_at:
        ends = app.interviews[0].ends_at
    elif kind == "thank_you" and at < app.interviews[-1].ends_at and not earlier:
        ends = app.interviews[-1].ends_at
    else:
        return None
    what = "a thank-you" if kind == "thank_you" else "what happened"
    tense = "ended" if now is not None and ends <= now else "ends"
    return (f"The interview with {app.company} {tense} {datewords.moment(ends.astimezone(tz))}: "
            f"record {what} after that.")


def same_organisation(app: Application, document: Document, kind: str,
                      at: datetime) -> tuple[RuleId, str] | None:
    """``(RuleId.R10, sentence)`` when a contact at ``at`` would be the organisation's second that
    day, through another application with it (another role), or None. Thank-yous for two
    roles on one day are one contact, as a panel's are; a follow-up is not."""
    if kind not in (EventType.THANK_YOU.value, EventType.FOLLOW_UP.value):
        return None
    tz = _zone(document)
    day = at.astimezone(tz).date()
    org = organisations.organisation(app.company)
    for other in document.applications:
        if other.id == app.id or organisations.organisation(other.company) != org:
            continue
        for e in other.events:
            if (e.type in (EventType.THANK_YOU, EventType.FOLLOW_UP)
                    and e.at.astimezone(tz).date() == day
                    and EventType.FOLLOW_UP in (e.type, EventType(kind))):
                role = f"the {other.role} role" if other.role.strip() else "another role"
                return (RuleId.R10, f"You already got in touch with {other.company} on "
                               f"{datewords.day(day)} about {role}. The method says to contact an "
                               "organisation at most once a day (R10).")
    return None


def over_contact(app: Application, settings: Settings, kind: str, at: datetime,
                 fields: dict[str, str], now: datetime) -> tuple[RuleId, str] | None:
    """``(rule, sentence)`` when a contact of yours at ``at`` goes against the method, or None.

    R10: at most one contact a day, and no follow-up on the day of a thank-you (thank-yous to
    several interviewers on one day are one contact; a call that did not get through may be
    tried again the same day, R11). R12: at least three days between two email follow-ups.
    R7: no follow-up after the last attempt went unanswered. Replies are theirs, not yours.
    """
    if kind not in (EventType.THANK_YOU.value, EventType.FOLLOW_UP.value):
        return None
    tz = ZoneInfo(settings.timezone)
    day = at.astimezone(tz).date()
    channel, outcome = fields.get("channel"), fields.get("outcome")
    mine = [e for e in app.events if e.type in (EventType.THANK_YOU, EventType.FOLLOW_UP)]
    same_day = [e for e in mine if e.at.astimezone(tz).date() == day]

    def when(d: date) -> str:
        return "today" if d == now.astimezone(tz).date() else f"on {datewords.day(d)}"

    def retry(e: Event) -> bool:
        return e.channel is Channel.PHONE and e.outcome is Outcome.NO_ANSWER

    once_a_day = (RuleId.R10, f"You already followed up with {app.company} {when(day)}. The method "
                         "says to get in touch at most once a day (R10).")

    if kind == EventType.THANK_YOU.value:
        who = fields.get("contact")
        if any(e.type is EventType.THANK_YOU and e.contact == who for e in same_day):
            return (RuleId.R10, f"Your thank-you to {app.company} is already recorded {when(day)} "
                           "(two taps?). The method says to get in touch at most once a day "
                           "(R10).")
        return once_a_day if any(e.type is EventType.FOLLOW_UP for e in same_day) else None
    if any(e.type is EventType.THANK_YOU for e in same_day):
        return (RuleId.R10, f"You sent your thank-you to {app.company} {when(day)}. The method "
                            "says not to follow up on the day of the thank-you (R10).")
    if same_day and not (channel == Channel.PHONE.value and all(retry(e) for e in same_day)):
        return once_a_day
    if channel == Channel.EMAIL.value:
        gap = timedelta(days=rules.MIN_EMAIL_GAP_DAYS)
        for e in mine:
            other = e.at.astimezone(tz).date()
            if (e.type is EventType.FOLLOW_UP and e.channel is Channel.EMAIL and other != day
                    and abs(other - day) < gap):
                return (RuleId.R12, f"You emailed {app.company} {when(other)}. The method "
                                    f"leaves at least {rules.MIN_EMAIL_GAP_DAYS} days between "
                                    "two emails (R12).")
    since = responses.current_events(app, tz)
    if since is None or (channel == Channel.PHONE.value and outcome == Outcome.SPOKE.value):
        return None
    answers = [e for e in since if responses.answer_tone(e) is not None and e.at <= at]
    last = answers[-1] if answers else None
    unanswered = {e.at.astimezone(tz).date() for e in since
                  if e.type is EventType.FOLLOW_UP and e not in answers and e.at <= at
                  and (last is None or e.at > last.at)}
    if day in unanswered:
        return None
    if last is not None and responses.answer_tone(last) is Tone.BRIEF:
        if unanswered:
            return (RuleId.R14, f"You already answered {app.company}'s brief reply. The "
                                "method says to leave it there and move on (R14).")
        return None
    most = settings.max_follow_ups or rules.MAX_FOLLOW_UPS
    if len(unanswered) >= most:
        return (RuleId.R7, f"You have followed up with {app.company} {most} "
                      f"time{'s' if most != 1 else ''} with no answer. The method stops there "
                      "and moves on (R7).")
    return None
