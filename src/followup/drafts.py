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
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from . import datewords, planner, responses, rules
from .model import (
    ActionKind,
    Application,
    Channel,
    Contact,
    Document,
    Ending,
    Event,
    EventType,
    Interview,
    Role,
    Tone,
)

if TYPE_CHECKING:
    import jinja2

PLACEHOLDER_OPEN = "["
PLACEHOLDER_CLOSE = "]"

#: Titles a name may start with, as a greeting writes them (with or without their dot).
_TITLES = {"mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "mx": "Mx.", "dr": "Dr.", "prof": "Prof."}
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


class _Gaps:
    def __init__(self) -> None:
        self.found: list[str] = []

    def fill(self, value: str, hint: str) -> str:
        value = value.strip()
        if value:
            return value
        gap = f"{PLACEHOLDER_OPEN}{hint}{PLACEHOLDER_CLOSE}"
        if gap not in self.found:
            self.found.append(gap)
        return gap


def short_name(name: str) -> str:
    """How a message greets a person: the first name (``Dana`` for Dana Lee; a one-word name
    as it is); after a title, the title and the surname (``Dr. Okafor`` for Dr. Emeka Okafor,
    ``Prof. Lovelace`` for Prof Ada Lovelace, ``Mr. van Beethoven``); "" for no name."""
    parts = [part for part in name.replace(",", " ").split()
             if any(ch.isalnum() for ch in part)]
    if not parts:
        return ""
    title = _TITLES.get(parts[0].rstrip(".").casefold()) if len(parts) > 1 else None
    if title is None:
        return parts[0]
    rest = parts[1:]
    surname = [rest[-1]]
    # A surname's lower-case particles stay with it: van Beethoven, de la Cruz.
    for part in reversed(rest[1:-1]):
        if not part[:1].islower():
            break
        surname.insert(0, part)
    return f"{title} {' '.join(surname)}"


def salutation(name: str) -> str:
    """``Dear Dana,``, ``Dear Dr. Okafor,``; ``Dear [their name],`` without a name."""
    return f"Dear {short_name(name) or PLACEHOLDER_OPEN + 'their name' + PLACEHOLDER_CLOSE},"


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
            f"({rules.RULES['R3'].title.lower()}).")
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
        if (action.kind is ActionKind.FOLLOW_UP and action.rule != "R11"
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


def _day(interview: Interview, tz: ZoneInfo, today: date) -> str:
    return datewords.day_in_context(interview.ends_at.astimezone(tz).date(), today)


def _name_of(app: Application, contact_id: str | None) -> str:
    found = app.contact(contact_id)
    return found.name if found else ""


def _memorable(interview: Interview, contact: str | None, name: str, gaps: _Gaps) -> str:
    """What this note recalls of the conversation: what you talked about with this person;
    with one interviewer, the round's most memorable moment will do. A panel's notes never
    share a paragraph (R4): without this person's own notes, the gap names them."""
    own = interview.discussed.get(contact, "") if contact is not None else ""
    if own.strip() or len(interview.with_) <= 1:
        return gaps.fill(own or interview.memorable,
                         "the most memorable part of the conversation")
    return gaps.fill("", f"what you discussed with {short_name(name) or 'them'}")


def _listed(items: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _pass_on(app: Application, interview: Interview, meant_for: str | None,
             gaps: _Gaps) -> dict[str, object]:
    """A thank-you through the recruiter: who the note inside is for, and what it recalls.
    A note for one interviewer of a panel (``meant_for``) is for them alone (R4); asked of
    the recruiter themselves, it is for the whole round."""
    people = [meant_for] if meant_for in interview.with_ else list(interview.with_)
    names = [_name_of(app, c) for c in people] or [""]
    memorable = (_memorable(interview, people[0], names[0], gaps) if len(people) == 1
                 else gaps.fill(interview.memorable, "the most memorable part of the "
                                                     "conversation"))
    return {
        "interviewers": _listed([gaps.fill(n, "the interviewer's name") for n in names]),
        "inner_salutation": "Dear " + _listed(
            [gaps.fill(short_name(n), "the interviewer's name") for n in names]) + ",",
        "memorable": memorable,
    }


def _topic(interview: Interview | None, who: Contact | None) -> str:
    """A topic of the conversation a follow-up recalls: what you discussed with this
    person, or the round's first topic."""
    if interview is None:
        return ""
    own = interview.discussed.get(who.id, "").strip() if who is not None else ""
    return own or (interview.topics[0] if interview.topics else "")


def _answered_on(answers: list[Event], tz: ZoneInfo, today: date) -> str:
    """Their last answer, as a message thanks them for it: ``your message on Thu 26 Nov``,
    ``our call on Thu 26 Nov`` (a call, whoever placed it), with no day when it is not
    known."""
    if not answers:
        return ""
    last = answers[-1]
    call = last.channel is Channel.PHONE or last.type is EventType.FOLLOW_UP
    what = "our call" if call else "your message"
    if last.date_unknown:
        return what
    return f"{what} on {datewords.day_in_context(last.at.astimezone(tz).date(), today)}"


def _values(document: Document, app: Application, kind: ActionKind,
            interview: Interview | None, answers: list[Event], gaps: _Gaps,
            who: Contact | None, today: date, tz: ZoneInfo) -> dict[str, object]:
    fill = gaps.fill
    name = who.name if who else ""
    me = document.settings.candidate
    when = ""
    if interview is not None:
        ended = interview.ends_at.astimezone(tz).date()
        # A thank-you names a recent day by its weekday; any later message by its date.
        when = "on " + (datewords.recent_day(ended, today) if kind is ActionKind.THANK_YOU
                        else datewords.day_in_context(ended, today))
    contact_bits = [bit for bit in (me.email.strip(), me.phone.strip()) if bit]
    article = app.article
    decision = app.decision_expected
    pass_on = (kind is ActionKind.THANK_YOU and interview is not None and who is not None
               and app.role_of(who.id) is Role.RECRUITER and who.id not in interview.with_)
    in_round = list(interview.with_) if interview is not None else []
    round_names = [n for n in (_name_of(app, c).strip() for c in in_round) if n]
    values: dict[str, object] = {
        "salutation": "Dear " + fill(short_name(name), "their name") + ",",
        "role": fill(app.role, "the role"),
        "company": app.company.strip(),
        "when": when or fill("", "when you spoke"),
        "interviewed": interview is not None,
        "applied_on": datewords.day_in_context(app.applied_on, today) if app.applied_on else "",
        "memorable": _memorable(interview, who.id if who else None, name, gaps)
        if interview is not None and not pass_on else "",
        "anecdote": fill(app.anecdote or (interview.anecdote if interview else ""),
                         "an example you told about your work" if interview
                         else "an example of your work that fits the role"),
        "strengths": fill(interview.strengths if interview else "", "your strengths"),
        "needs": fill(interview.needs if interview else "", "what they need"),
        "topic": fill(_topic(interview, who), "a topic you discussed"),
        # whether the recipient was in the round the message speaks of (a round that names
        # nobody is taken as with them); if not, it is "my interview", not "our conversation"
        "met": interview is not None and (not in_round
                                          or (who is not None and who.id in in_round)),
        "round_with": _listed(round_names) if round_names else "",
        "article_title": article.title.strip() if article else "",
        "article_url": article.url.strip() if article else "",
        "article_why": fill(article.why, "why it matters to them")
        if article and article.title.strip() else "",
        "availability": fill(me.availability, "when you are available"),
        "contact_line": " or ".join(contact_bits) or fill("", "your email or phone"),
        "signature": fill(me.name, "your name"),
        # the offer's reply: when you will give your answer (a gap only that note shows)
        "answer_by": fill("", "the date you will answer by"),
        # their last answer, thanked for in a follow-up after it
        "answered_on": _answered_on(answers, tz, today),
        # the decision they expect, while it is still ahead
        "decision_on": datewords.day_in_context(decision, today)
        if decision is not None and decision >= today else "",
        "pass_on": pass_on,
        "interviewers": "",
        "inner_salutation": "",
    }
    return values
