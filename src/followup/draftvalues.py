"""The words a draft is filled with: the greeting, a visible placeholder for each fact the
user has not given yet, and the values of a message's template.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from . import datewords
from .model import (
    ActionKind,
    Application,
    Channel,
    Contact,
    Document,
    Event,
    EventType,
    Interview,
    Role,
)

PLACEHOLDER_OPEN = "["
PLACEHOLDER_CLOSE = "]"

#: Titles a name may start with, as a greeting writes them (with or without their dot).
_TITLES = {"mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "mx": "Mx.", "dr": "Dr.", "prof": "Prof."}


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
