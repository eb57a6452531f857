"""Every draft is built from facts the document holds at the moment it is written.

Each story of tests/scenarios/*.json is drafted in every way a user can ask for: every kind
(the thank-you, the follow-up with no attempt and with attempts 1 to 3, the brief reply, the
closing note), for every application, to every contact and to nobody named, at the story's
own moment. The same runs again on two changed copies of each story: with every optional
fact taken out (addresses, names, what was said, the candidate's details), and with every
contact's name given a title. A draft that cannot be written must say why (DraftError), never
fail any other way; every draft that is written must not:

- leave a silent blank: an empty greeting, two spaces, a space before punctuation, a line or
  a clause ending on "the" or "on", two small words with the fact between them missing
  ("conversation on about"), empty brackets, quotes or parentheses, a gap listed
  that the text does not show or a bracketed gap the list does not name, or a missing
  address without its gap;
- say "today" (a message is read later than it is written);
- state a date that is ahead of the draft's moment as if it had passed (only the decision
  they expect and the day you will answer an offer by may be ahead, and they read so), name
  a date with the wrong weekday (a date of another year without its year reads as this
  year's), or name a weekday that is not the recent day of an interview that has ended;
- thank or greet someone not yet met: a thank-you or a follow-up names nobody who is only in
  a round still ahead, unless that person is the recipient the user named;
- speak of "our conversation" to someone who was not in it: a follow-up to a person left out
  of the last round that ended (a recruiter, say) recalls "my interview".

Every step the plan offers (and every closing note it offers) can be drafted.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from followup import bridge, dataformat, datewords, drafts, draftvalues, responses
from followup.model import ActionKind, Application, Document

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.json"))
REQUESTS = [(ActionKind.THANK_YOU, None), (ActionKind.FOLLOW_UP, None),
            (ActionKind.FOLLOW_UP, 1), (ActionKind.FOLLOW_UP, 2), (ActionKind.FOLLOW_UP, 3),
            (ActionKind.REPLY, None), (ActionKind.MOVE_ON, None)]
VARIANTS = ["as written", "facts taken out", "titled names"]

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = re.compile(rf"\b({'|'.join(_DAYS)}) (\d{{1,2}}) ({'|'.join(_MONTHS)})(?: (\d{{4}}))?\b")
_WEEKDAY = re.compile(rf"\b({'|'.join(_LONG_DAYS)})\b")
_GAP = re.compile(r"\[[^\]\n]*\]")
#: The sentences that may name a day ahead: each reads as ahead.
_AHEAD = re.compile(r"decision around|hearing from you around|answer by")
#: The sentences that name the day of a conversation: it must be a round that has ended.
_MET_ON = re.compile(r"conversation on|talk with me on|interview on")
#: Words that say the recipient was in the conversation.
_SHARED = re.compile(r"our conversation|we talked|talk with me|our discussion", re.IGNORECASE)
_DANGLING = re.compile(r"\b(the|a|an|on|at|about|with|for|by|of|to|and|my|your|our|from)"
                       r"\s*([.,:;?!]|$)", re.IGNORECASE | re.MULTILINE)
#: Two small words in a row where a fact is missing between them: "conversation on about".
_GAPPED = re.compile(r"\b(the|a|an|on|at|about|with|for|by|of|to|from)\s+"
                     r"(on|at|about|with|for|by|of|from)\b", re.IGNORECASE)
_TITLES = ["Dr.", "Prof", "Ms", "Mr.", "Mx", "Mrs."]


def _scenario(path: Path, variant: str) -> tuple[dict[str, Any], datetime]:
    scenario = json.loads(path.read_text(encoding="utf-8"))
    raw = copy.deepcopy(scenario["document"])
    if variant == "facts taken out":
        raw["settings"].pop("candidate", None)
        for app in raw["applications"]:
            for key in ("anecdote", "article", "role"):
                app.pop(key, None)
            for contact in app.get("contacts", []):
                contact.pop("email", None)
                contact.pop("name", None)
            for interview in app.get("interviews", []):
                for key in ("memorable", "topics", "notes", "anecdote", "strengths", "needs",
                            "discussed"):
                    interview.pop(key, None)
    elif variant == "titled names":
        for app in raw["applications"]:
            for n, contact in enumerate(app.get("contacts", [])):
                name = contact.get("name") or "Ada Y\u0131ld\u0131z"
                contact["name"] = f"{_TITLES[n % len(_TITLES)]} {name}"
    return raw, datetime.fromisoformat(scenario["now"])


def _load(raw: dict[str, Any]) -> Document:
    return dataformat.load(json.dumps(raw))[1]


def _only_ahead(app: Application, now: datetime) -> set[str]:
    """The contacts not yet met: in a round still ahead, and in no round that has ended."""
    met = {c for i in app.interviews if i.ends_at <= now for c in i.with_}
    return {c for i in app.interviews if i.ends_at > now for c in i.with_} - met


def _names(app: Application, contact_id: str) -> list[str]:
    contact = app.contact(contact_id)
    if contact is None or not contact.name.strip():
        return []
    return [contact.name.strip(), draftvalues.short_name(contact.name)]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+|\n", text) if s.strip()]


def _check(document: Document, app: Application, kind: ActionKind, contact: str | None,
           now: datetime, found: drafts.Draft) -> None:
    text = f"{found.subject}\n{found.body}"
    where = f"{app.id} {kind.value} to {contact}:\n{text}"
    today = now.astimezone(document_zone(document)).date()

    # No silent blank.
    assert found.subject.strip(), where
    assert found.body.strip(), where
    assert not re.search(r"\bDear\s*,", text), where
    assert "Dear \n" not in text, where
    for line in text.splitlines():
        assert "  " not in line, where
        assert line == line.rstrip(), where
    assert not re.search(r" [.,:;?!]", text), where
    assert not re.search(r"\[\s*\]|\(\s*\)|\"\s*\"", text), where
    assert not _DANGLING.search(text), (_DANGLING.search(text), where)
    assert not _GAPPED.search(text), (_GAPPED.search(text), where)
    assert not re.search(r"\{\{|\}\}|\{%|%\}|\bNone\b|Undefined", text), where
    shown = _GAP.findall(text)
    assert all(g.strip("[] ") for g in shown), where
    listed = [g for g in found.gaps if g != found.to_gap]
    assert len(set(found.gaps)) == len(found.gaps), found.gaps
    assert set(shown) == set(listed), (shown, found.gaps, where)
    assert bool(found.to) != bool(found.to_gap), (found.to, found.to_gap)
    if found.to_gap:
        assert found.gaps[0] == found.to_gap
        assert found.to_json()["to_gap"] == found.to_gap

    # No "today": the message is read later than it is written.
    assert not re.search(r"\btoday", text, re.IGNORECASE), where

    # No day ahead stated as past; every date with its own weekday and, when not this
    # year's, its year; a weekday named only for a recent round that has ended; and the day
    # of a conversation only for a round that has ended.
    ended_days = {i.ends_at.astimezone(document_zone(document)).date()
                  for i in app.interviews if i.ends_at <= now}
    for sentence in _sentences(text):
        for match in _DATE.finditer(sentence):
            weekday, day_, month, year = match.groups()
            stated = date(int(year) if year else today.year, _MONTHS.index(month) + 1,
                          int(day_))
            assert _DAYS[stated.weekday()] == weekday, (match.group(0), where)
            assert year is None or int(year) != today.year, (match.group(0), where)
            if stated > today:
                assert _AHEAD.search(sentence), (match.group(0), sentence, where)
            if _MET_ON.search(sentence):
                assert stated in ended_days, (match.group(0), sentence, where)
        for match in _WEEKDAY.finditer(sentence):
            assert any(0 <= (today - d).days <= 6 and _LONG_DAYS[d.weekday()] == match.group(1)
                       for d in ended_days), (match.group(0), where)

    # Nobody thanked or greeted as met before meeting them.
    if kind in (ActionKind.THANK_YOU, ActionKind.FOLLOW_UP):
        for person in _only_ahead(app, now) - {contact}:
            for name in _names(app, person):
                assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text), (name, where)
            email = app.contact(person).email  # type: ignore[union-attr]
            assert not email or found.to != email, where


    # "Our conversation" only with someone who was in it.
    ended = [i for i in app.interviews if i.ends_at <= now]
    if kind is ActionKind.FOLLOW_UP and ended and ended[-1].with_:
        recipient = contact or next((c.id for c in app.contacts
                                     if found.to and c.email.strip() == found.to), None)
        if recipient is not None and recipient not in ended[-1].with_:
            assert not _SHARED.search(text), (_SHARED.search(text), where)


def document_zone(document: Document):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo(document.settings.timezone)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_draft_of_every_story_is_truthful(path: Path, variant: str) -> None:
    raw, now = _scenario(path, variant)
    document = _load(raw)
    written, refused = 0, []
    for app in document.applications:
        for contact in [None, *(c.id for c in app.contacts)]:
            for kind, attempt in REQUESTS:
                try:
                    found = drafts.draft(document, app.id, kind, now=now, contact=contact,
                                         attempt=attempt)
                except drafts.DraftError as exc:  # any other exception fails the test
                    refused.append(str(exc))
                    continue
                written += 1
                _check(document, app, kind, contact, now, found)
    assert written, path.stem
    assert refused, path.stem  # moving on without a final answer, at least
    for message in refused:  # a plain sentence, saying why
        assert message[:1].isupper(), message
        assert message.rstrip().endswith((".", ")")), message
        assert "  " not in message, message
        assert "None" not in message, message


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_step_the_plan_offers_can_be_drafted(path: Path) -> None:
    """The page offers a draft for each step that can be taken now, and a closing note for
    an offer or a "no": each of them is written, never refused."""
    scenario = json.loads(path.read_text(encoding="utf-8"))
    document_text = json.dumps(scenario["document"])
    answer = json.loads(bridge.call("agenda", json.dumps(
        {"document": document_text, "now": scenario["now"]})))
    assert answer["ok"], answer
    requests = [step["draft"] for step in answer["view"]["steps"]
                if step["draft"] is not None and step["ready"]]
    requests += [card["closing"] for card in answer["view"]["applications"]
                 if card["closing"] is not None]
    for request in requests:
        found = json.loads(bridge.call("draft", json.dumps(
            {"document": document_text, "now": scenario["now"], **request})))
        assert found["ok"], (request, found)


def _story(prefix: str) -> tuple[Document, Application, datetime]:
    raw, now = _scenario(next(p for p in SCENARIOS if p.stem.startswith(prefix)), "as written")
    document = _load(raw)
    return document, document.applications[0], now


def test_the_checks_catch_what_they_look_for() -> None:
    """The checks above fail on the blanks, the "today", the days ahead and the people not
    yet met that they look for."""
    # Between rounds: the first round ended on Wed 18 Nov, the second ends this afternoon
    # (Thu 19 Nov, 4 pm) with Dana, not met yet.
    document, app, now = _story("44-")
    good = drafts.draft(document, app.id, ActionKind.FOLLOW_UP, now=now, attempt=1)
    _check(document, app, ActionKind.FOLLOW_UP, None, now, good)
    assert "our conversation on Wed 18 Nov" in good.body
    later = now.astimezone(document_zone(document)).date() + timedelta(days=3)
    bad = [good.body.replace("Dear ", "Dear , "),
           good.body.replace("Dear Priya", "Dear"),
           good.body.replace("I hope", "I hope  today"),
           good.body.replace("I hope", "I hope today"),
           good.body.replace("on Wed 18 Nov", "today"),
           good.body.replace("on Wed 18 Nov", "on"),
           good.body.replace("on Wed 18 Nov", "on Thu 19 Nov"),
           good.body.replace("on Wed 18 Nov", "on Thursday"),
           good.body.replace("Wed 18 Nov", "Tue 18 Nov"),
           good.body + f"\nThank you for your message on {datewords.day(later)}.\n",
           good.body.replace("Dear Priya", "Dear Dana"),
           good.body + "\nSee [ ].\n",
           good.body + "\nSee [a gap nobody listed].\n",
           good.body + "\nI look forward to the\n"]
    for body in bad:
        assert body != good.body
        with pytest.raises(AssertionError):
            _check(document, app, ActionKind.FOLLOW_UP, None, now,
                   drafts.Draft(good.kind, good.to, good.subject, body, good.gaps))
    # A date of another year without its year; a missing address without its gap.
    with pytest.raises(AssertionError):
        _check(document, app, ActionKind.FOLLOW_UP, None, now, drafts.Draft(
            good.kind, good.to, good.subject, good.body + "\nSince Mon 3 Nov.\n", good.gaps))
    with pytest.raises(AssertionError):
        _check(document, app, ActionKind.FOLLOW_UP, None, now, drafts.Draft(
            good.kind, "", good.subject, good.body, good.gaps))
    # Dana, in a round still ahead, is never the default recipient: not even by address.
    document, app, now = _story("38-")
    assert _only_ahead(app, now) == {"dana"}
    good = drafts.draft(document, app.id, ActionKind.FOLLOW_UP, now=now, attempt=1)
    _check(document, app, ActionKind.FOLLOW_UP, None, now, good)
    with pytest.raises(AssertionError):
        _check(document, app, ActionKind.FOLLOW_UP, None, now, drafts.Draft(
            good.kind, "dana@acme.example", good.subject, good.body, good.gaps))
    assert responses.ending(app, document_zone(document)) is None
