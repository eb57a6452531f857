"""Message drafts rendered from the Jinja2 templates shipped in the package.

Drafts are plain text (no HTML escaping in an email body). Every fact the user has not given
yet appears as a visible placeholder in square brackets, never as a silent blank.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from . import planner, rules, words
from .model import ActionKind, Application, Contact, Document, Ending, Interview

if TYPE_CHECKING:
    import jinja2

PLACEHOLDER_OPEN = "["
PLACEHOLDER_CLOSE = "]"


class DraftError(ValueError):
    """A draft cannot be written: the sentence says why and what to do."""


@dataclass(frozen=True, slots=True)
class Draft:
    kind: ActionKind
    to: str  # the recipient's email address, or ""
    subject: str
    body: str
    gaps: tuple[str, ...]  # the placeholders left for the user to fill

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind.value, "to": self.to, "subject": self.subject,
                "body": self.body, "gaps": list(self.gaps)}


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


def draft(document: Document, app_id: str, kind: ActionKind | str, *, now: datetime,
          contact: str | None = None, attempt: int | None = None) -> Draft:
    """The draft of one message; ``attempt`` picks the wording of a follow-up."""
    kind = ActionKind(kind)
    app = document.application(app_id)
    if app is None:
        raise DraftError(f'No application with the id "{app_id}".')
    if contact is not None and app.contact(contact) is None:
        raise DraftError(f'{app.company} has no contact with the id "{contact}".')
    interview = app.interviews[-1] if app.interviews else None
    tz = ZoneInfo(document.settings.timezone)
    if kind is ActionKind.THANK_YOU:
        if interview is None:
            raise DraftError(f"Add the interview with {app.company} first: the thank-you "
                             "follows an interview.")
        # A note still owed for an earlier round thanks the person for that round.
        ended = [i for i in app.interviews if i.ends_at <= now
                 and (contact is None or not i.with_ or contact in i.with_)]
        not_in_latest = contact is not None and bool(interview.with_) \
            and contact not in interview.with_
        if ended and (now < interview.ends_at or not_in_latest):
            interview = ended[-1]
        if now < interview.ends_at:
            ends = words.moment(interview.ends_at.astimezone(tz))
            raise DraftError(
                f"The interview with {app.company} ends {ends}. Write "
                "the thank-you after it, so it can mention what you actually talked about "
                f"({rules.RULES['R3'].title.lower()}).")
    if contact is None and interview is not None and interview.with_:
        contact = interview.with_[0]
    if contact is None and app.contacts:
        contact = app.contacts[0].id
    who = app.contact(contact)
    gaps = _Gaps()
    values = _values(document, app, interview, gaps, who, now, tz)
    values["attempt"] = attempt or 1
    values["last_attempt"] = document.settings.max_follow_ups or rules.MAX_FOLLOW_UPS
    values["interviewed"] = interview is not None
    values["applied_on"] = words.day(app.applied_on) if app.applied_on else ""
    text = _environment().get_template(_template(app, kind, tz)).render(values)
    subject, _, body = text.partition("\n")
    return Draft(kind=kind, to=who.email if who else "", subject=subject.strip(),
                 body=body.strip() + "\n", gaps=tuple(g for g in gaps.found if g in text))


def _template(app: Application, kind: ActionKind, tz: ZoneInfo) -> str:
    """The template of ``kind``; the closing note is the one for how the application ended:
    an offer, a "no", or moving on after silence (R15)."""
    if kind is ActionKind.MOVE_ON:
        ending = planner.ending(app, tz)
        if ending is Ending.OFFER:
            return "offer.txt.j2"
        if ending is Ending.REJECTION:
            return "rejection.txt.j2"
    return f"{kind.value}.txt.j2"


def _memorable(interview: Interview, contact: str | None, name: str, gaps: _Gaps) -> str:
    """What this note recalls of the conversation: what you talked about with this person;
    with one interviewer, the round's most memorable moment will do. A panel's notes never
    share a paragraph (R4): without this person's own notes, the gap names them."""
    own = interview.discussed.get(contact, "") if contact is not None else ""
    if own.strip() or len(interview.with_) <= 1:
        return gaps.fill(own or interview.memorable,
                         "the most memorable part of the conversation")
    first = name.split(maxsplit=1)[0] if name.strip() else "them"
    return gaps.fill("", f"what you discussed with {first}")


def _values(document: Document, app: Application, interview: Interview | None, gaps: _Gaps,
            who: Contact | None, now: datetime, tz: ZoneInfo) -> dict[str, object]:
    fill = gaps.fill
    name = who.name if who else ""
    me = document.settings.candidate
    first_name = name.split(maxsplit=1)[0] if name.strip() else ""
    when = ""
    same_day = False
    if interview is not None:
        ended = interview.ends_at.astimezone(tz).date()
        same_day = ended == now.astimezone(tz).date()
        when = "today" if same_day else f"on {words.day(ended)}"
    contact_bits = [bit for bit in (me.email.strip(), me.phone.strip()) if bit]
    article = app.article
    return {
        "name": fill(first_name, "their name"),
        "role": fill(app.role, "the role"),
        "company": app.company,
        "when": when or fill("", "when you spoke"),
        "same_day": same_day,
        "memorable": _memorable(interview, who.id if who else None, name, gaps)
        if interview else fill("", "the most memorable part of the conversation"),
        "anecdote": fill(app.anecdote or (interview.anecdote if interview else ""),
                         "an example you told about your work"),
        "strengths": fill(interview.strengths if interview else "", "your strengths"),
        "needs": fill(interview.needs if interview else "", "what they need"),
        "topic": fill(interview.topics[0] if interview and interview.topics else "",
                      "a topic you discussed"),
        "article_title": article.title if article else "",
        "article_url": article.url if article else "",
        "article_why": fill(article.why, "why it matters to them")
        if article and article.title else "",
        "availability": fill(me.availability, "when you are available"),
        "contact_line": " or ".join(contact_bits) or fill("", "your email or phone"),
        "signature": fill(me.name, "your name"),
        # the offer's reply: when you will give your answer (a gap only that note shows)
        "answer_by": fill("", "the date you will answer by"),
    }
