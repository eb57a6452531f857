"""Message drafts rendered from the Jinja2 templates shipped in the package.

Drafts are plain text (no HTML escaping in an email body). Every fact the user has not given
yet appears as a visible placeholder in square brackets, never as a silent blank; so does a
recipient without an email address (:attr:`Draft.to_gap`).

A draft is built from the facts the document holds at the moment it is written (``now``):
the interviews that have ended by then and the answers received by then. It thanks or greets
as met only people you have met (unless you name the recipient yourself), it never says
"today" of a day the message may be read after, every date it states carries its year when
that is not the year of ``now``, and the only dates ahead of ``now`` it names are the ones it
speaks of as ahead (the decision they expect, the day you will answer an offer by).

This module chooses the message (its template, its recipient, the round and answers it speaks
of) and renders it; what fills it is :mod:`followup.draftvalues`'.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from . import datewords, planner, responses, rules
from .draftvalues import PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, _day, _Gaps, _pass_on, _values
from .model import ActionKind, Application, Contact, Document, Ending, Event, Interview, Role, Tone
from .rules import RuleId

if TYPE_CHECKING:
    import jinja2

_COUNTS = {1: ("one", "second"), 2: ("two", "third"), 3: ("three", "fourth")}


class DraftError(ValueError):
    """A draft cannot be written: the sentence says why and what to do."""


@dataclass(frozen=True, slots=True)
class Draft:
    kind: ActionKind
    to: str  # the recipient's email address, or ""
    subject: str
    body: str
    gaps: tuple[str, ...]  # the placeholders left for the user to fill (to_gap first)
    #: the placeholder for a missing address ("[Dana Lee's email address]"); "" with one
    to_gap: str = ""

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind.value, "to": self.to, "to_gap": self.to_gap,
                "subject": self.subject, "body": self.body, "gaps": list(self.gaps)}


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("followup", "templates"),
        # Drafts are plain text; anything rendered to HTML is escaped.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",),
                                            default_for_string=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )


def draft(document: Document, app_id: str, kind: ActionKind | str, *, now: datetime,
          contact: str | None = None, attempt: int | None = None) -> Draft:
    """The draft of one message, as it can truthfully be written at ``now``.

    ``contact`` names the recipient; by default, an answer (your brief reply, the closing
    note) goes to the person whose answer it answers, and the other messages to someone you
    have met. ``attempt`` picks the wording of a follow-up; by default, the plan's next one.
    """
    kind = ActionKind(kind)
    app = document.application(app_id)
    if app is None:
        raise DraftError(f'No application with the id "{app_id}".')
    if contact is not None and app.contact(contact) is None:
        raise DraftError(f'{app.company} has no contact with the id "{contact}".')
    tz = ZoneInfo(document.settings.timezone)
    today = now.astimezone(tz).date()
    limit = min(document.settings.max_follow_ups or rules.MAX_FOLLOW_UPS, rules.MAX_FOLLOW_UPS)
    ended = [i for i in app.interviews if i.ends_at <= now]
    interview = ended[-1] if ended else None
    answers = [e for e in _stretch(app, interview, tz, now) if responses.answer_tone(e)]
    final = responses.final_answer(answers)
    if kind is ActionKind.THANK_YOU:
        interview = _thank_you_round(app, contact, now, tz)
    elif kind is ActionKind.MOVE_ON:
        if responses.ending(app, tz) not in (Ending.OFFER, Ending.REJECTION):
            raise DraftError(_no_message_to_move_on(app, limit))
        since = responses.current_events(app, tz) or []
        final = responses.final_answer(since)
        answers = [e for e in since if responses.answer_tone(e)]
    elif final is not None:
        raise DraftError(_already_answered(app, kind, final, tz, today))
    elif kind is ActionKind.REPLY and not answers:
        after = f" since your interview on {_day(interview, tz, today)}" if interview else ""
        raise DraftError(f"{app.company} has not answered you{after}: there is no reply to "
                         "answer yet. Record their reply first, or draft a follow-up.")
    if kind is ActionKind.FOLLOW_UP and attempt is None:
        attempt = _next_attempt(document, app, now)
        if attempt > limit:
            count, next_one = _COUNTS[limit]
            made = f"all {count} follow-ups" if limit > 1 else "your one follow-up"
            raise DraftError(f"You have made {made} with {app.company} without an answer: "
                             f"a {next_one} message would go against the method (R7). You "
                             "can simply move on.")
    if contact is None:
        contact = _default_contact(app, kind, interview, answers, final, now)
    # The person the message is for, even when it goes through someone else.
    meant_for = contact
    who = app.contact(contact)
    if kind is ActionKind.THANK_YOU and (who is None or not who.email.strip()):
        # The only address is a recruiter's: the note goes through them, to be passed on.
        who = next((c for c in app.contacts if c.email.strip()
                    and app.role_of(c.id) is Role.RECRUITER), who)
    gaps = _Gaps()
    values = _values(document, app, kind, interview, answers, gaps, who, today, tz)
    if values["pass_on"] and interview is not None:
        values.update(_pass_on(app, interview, meant_for, gaps))
    values["attempt"] = attempt or 1
    values["last_attempt"] = limit
    text = _environment().get_template(_template(app, kind, tz)).render(values)
    subject, _, body = text.partition("\n")
    to_gap = "" if who is not None and who.email.strip() else _address_gap(who)
    # Each gap once, in the order the text shows them.
    found = sorted((g for g in gaps.found if g in text), key=text.index)
    return Draft(kind=kind, to=who.email.strip() if who else "", subject=subject.strip(),
                 body=body.strip() + "\n", gaps=tuple([to_gap] if to_gap else []) + tuple(found),
                 to_gap=to_gap)


def _stretch(app: Application, interview: Interview | None, tz: ZoneInfo,
             now: datetime) -> list[Event]:
    """The events a draft at ``now`` may speak of: those up to ``now`` since the last
    interview that has ended (``interview``), or since the day of applying."""
    if interview is not None:
        return [e for e in app.events if interview.ends_at <= e.at <= now]
    start = app.applied_on
    return [e for e in app.events
            if e.at <= now and (start is None or e.at.astimezone(tz).date() >= start)]


def _thank_you_round(app: Application, contact: str | None, now: datetime,
                     tz: ZoneInfo) -> Interview:
    """The round a thank-you thanks for: the latest, or a note still owed for an earlier
    round thanks the person for that round; refused before the round has ended (R3)."""
    if not app.interviews:
        raise DraftError(f"Add the interview with {app.company} first: the thank-you "
                         "follows an interview.")
    interview = app.interviews[-1]
    ended = [i for i in app.interviews if i.ends_at <= now
             and (contact is None or not i.with_ or contact in i.with_)]
    not_in_latest = contact is not None and bool(interview.with_) \
        and contact not in interview.with_
    if ended and (now < interview.ends_at or not_in_latest):
        interview = ended[-1]
    if now < interview.ends_at:
        ends = datewords.moment(interview.ends_at.astimezone(tz))
        raise DraftError(
            f"The interview with {app.company} ends {ends}. Write "
            "the thank-you after it, so it can mention what you actually talked about "
            f"({rules.RULES[RuleId.R3].title.lower()}).")
    return interview


def _no_message_to_move_on(app: Application, limit: int) -> str:
    count, next_one = _COUNTS[limit]
    tries = f"{count} follow-ups without an answer are" if limit > 1 \
        else "one follow-up without an answer is"
    return (f"Moving on from {app.company} needs no message: {tries} the limit, and a "
            f"{next_one} message would go against the method (R7). You can simply move on.")


def _already_answered(app: Application, kind: ActionKind, final: Event, tz: ZoneInfo,
                      today: date) -> str:
    what = "an offer" if responses.answer_tone(final) is Tone.OFFER else "a no"
    on = ("date unknown" if final.date_unknown
          else f"on {datewords.day_in_context(final.at.astimezone(tz).date(), today)}")
    message = "a follow-up" if kind is ActionKind.FOLLOW_UP else "a brief reply"
    return (f"{app.company} has already given its answer ({what}, {on}): {message} is "
            "not needed. Answer it with the closing note (move_on) instead.")


def _next_attempt(document: Document, app: Application, now: datetime) -> int:
    """The follow-up the plan has next: its step that can be taken now (not a retry of a
    call), or the one after the attempts made."""
    (found,) = planner.plan_each(document.settings, [app], now=now)
    for action in found.actions:
        if (action.kind is ActionKind.FOLLOW_UP and action.rule != RuleId.R11
                and not action.projected and action.attempt):
            return action.attempt
    return found.strikes + 1


def _default_contact(app: Application, kind: ActionKind, interview: Interview | None,
                     answers: list[Event], final: Event | None, now: datetime) -> str | None:
    """Who a message goes to when nobody is named: an answer to the person whose answer it
    answers (the closing note: who gave the final answer); otherwise someone you have met
    (the first interviewer of the round it is about), or the first contact who is not only
    in a round still ahead; None when there is nobody."""
    if kind is ActionKind.MOVE_ON and final is not None and app.contact(final.contact):
        return final.contact
    if kind is not ActionKind.THANK_YOU and answers and app.contact(answers[-1].contact):
        return answers[-1].contact
    if interview is not None and interview.with_:
        return interview.with_[0]
    met = {c for i in app.interviews if i.ends_at <= now for c in i.with_}
    ahead = {c for i in app.interviews if i.ends_at > now for c in i.with_}
    return next((c.id for c in app.contacts if c.id in met or c.id not in ahead), None)


def _address_gap(who: Contact | None) -> str:
    name = who.name.strip() if who is not None else ""
    hint = f"{name}'s email address" if name else "their email address"
    return f"{PLACEHOLDER_OPEN}{hint}{PLACEHOLDER_CLOSE}"


def _template(app: Application, kind: ActionKind, tz: ZoneInfo) -> str:
    """The template of ``kind``; the closing note is the one for how the application ended:
    an offer or a "no" (R15). Moving on after silence has none: it sends no message (R7)."""
    if kind is ActionKind.MOVE_ON:
        return "offer.txt.j2" if responses.ending(app, tz) is Ending.OFFER \
            else "rejection.txt.j2"
    return f"{kind.value}.txt.j2"
