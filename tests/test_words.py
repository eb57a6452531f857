"""How steps read: their titles, their windows, and their reasons as sentences.

The calendar of :mod:`helpers`: Tue 17 Nov 2026 the interview with Dana Lee ends at 3 pm
(New York).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup import dataformat, datewords, planner, words
from followup.model import ActionKind
from helpers import app, at, doc, event, raw

TZ = ZoneInfo("America/New_York")
THANKED = event("thank_you", "2026-11-18 09:00", contact="dana", channel="email")
SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.json"))


def steps(document, now):
    return planner.actions(document, now=at(now))


# -- titles ----------------------------------------------------------------------------------

def test_the_same_day_phone_retry_has_a_title_of_its_own():
    history = [THANKED,
               event("follow_up", "2026-11-25 10:00", channel="phone", outcome="no_answer")]
    document = doc(app(events=history))
    retry, first = steps(document, "2026-11-25 11:00")[:2]
    assert retry.rule == "R11"
    assert words.step_title(document, retry) == "Try calling Dana Lee again"
    # the next day's follow-up keeps the usual title
    assert words.step_title(document, first) == "Follow up with Dana Lee (2nd of 3)"


def test_a_retry_with_no_contact_named_still_reads():
    nobody = app(contacts=[], interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00"}],
                 events=[event("thank_you", "2026-11-18 09:00"),
                         event("follow_up", "2026-11-25 10:00", channel="phone",
                               outcome="no_answer")])
    document = doc(nobody)
    retry = steps(document, "2026-11-25 11:00")[0]
    assert retry.rule == "R11"
    assert words.step_title(document, retry) == "Try the call again"


# -- windows ---------------------------------------------------------------------------------

def test_an_overdue_thank_you_shows_when_it_was_due():
    now = at("2026-11-20 10:00")
    (ty,) = [a for a in planner.actions(doc(), now=now) if a.kind is ActionKind.THANK_YOU]
    assert words.window(ty, now, TZ) == "was due by Thu 19 Nov, 3 am"


def test_an_overdue_follow_up_shows_its_last_moment():
    now = at("2026-11-30 10:00")
    first = planner.actions(doc(app(events=[THANKED])), now=now)[0]
    assert first.kind is ActionKind.FOLLOW_UP
    assert first.latest < now
    assert words.window(first, now, TZ) == "was due by Fri 27 Nov, 5 pm"


def test_a_step_not_yet_past_its_last_moment_keeps_its_window():
    document = doc(app(events=[THANKED]))
    first = planner.actions(document, now=at("2026-11-27 16:59"))[0]
    assert words.window(first, at("2026-11-27 16:59"), TZ) == "Wed 25 \u2013 Fri 27 Nov"
    (ty,) = [a for a in planner.actions(doc(), now=at("2026-11-18 10:00"))
             if a.kind is ActionKind.THANK_YOU]
    assert words.window(ty, at("2026-11-18 10:00"), TZ) == (
        "Wed 18 Nov, 3 pm · latest Thu 19 Nov, 3 am")
    assert words.window(ty, at("2026-11-17 13:00"), TZ) == (
        "after Tue 17 Nov, 3 pm: Wed 18 Nov, 3 pm · latest Thu 19 Nov, 3 am")


# -- reasons ---------------------------------------------------------------------------------

def _scenario_reasons() -> list[tuple[str, str]]:
    found = []
    for path in SCENARIOS:
        scenario = json.loads(path.read_text(encoding="utf-8"))
        _, document = dataformat.load(json.dumps(scenario["document"]))
        now = datetime.fromisoformat(scenario["now"])
        found += [(path.stem, a.why) for a in planner.actions(document, now=now)]
    return found


def test_every_reason_in_the_stories_reads_as_clean_sentences():
    """Each reason ends with a full stop; a colon joins two halves of a sentence at most once,
    and what follows a colon does not start with a capital (names and days aside)."""
    reasons = _scenario_reasons()
    assert len(reasons) > 100
    for story, why in reasons:
        assert why.endswith("."), (story, why)
        for sentence in re.split(r"(?<=[.;]) ", why):
            assert sentence.count(": ") <= 1, (story, why)
            after = sentence.partition(": ")[2]
            assert not re.match(r"(The|Interview|Send|Overdue|Decision)\b", after), (story, why)


@pytest.mark.parametrize(("now", "tense", "why"), [
    ("2026-11-17 16:00", "ended",
     "Thank Dana Lee. The interview ended Tue 17 Nov, 3 pm: send it by Thu 19 Nov, 3 am, "
     "ideally by Wed 18 Nov, 3 pm."),
    ("2026-11-17 13:00", "ends",
     "Thank Dana Lee. The interview ends Tue 17 Nov, 3 pm: send it by Thu 19 Nov, 3 am, "
     "ideally by Wed 18 Nov, 3 pm."),
    ("2026-11-20 10:00", "overdue",
     "Thank Dana Lee. Overdue since Thu 19 Nov, 3 am; a late note still beats none, so send "
     "it today."),
])
def test_the_thank_you_reason_is_clean_sentences(now, tense, why):
    (ty,) = [a for a in steps(doc(), now) if a.kind is ActionKind.THANK_YOU]
    assert ty.why == why, tense


def test_a_thank_you_with_nobody_named_reads_the_same_without_the_name():
    nobody = app(contacts=[], interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00"}])
    (ty,) = [a for a in steps(doc(nobody), "2026-11-17 16:00")
             if a.kind is ActionKind.THANK_YOU]
    assert ty.why == ("The interview ended Tue 17 Nov, 3 pm: send it by Thu 19 Nov, 3 am, "
                      "ideally by Wed 18 Nov, 3 pm.")


def test_a_day_in_full_names_the_weekday_the_month_and_the_year():
    assert datewords.long_day(datetime(2026, 11, 19).date()) == "Thursday 19 November 2026"


@pytest.mark.parametrize(("first", "last", "shown"), [
    ((2026, 11, 24), (2026, 11, 25), "Tuesday 24 \u2013 Wednesday 25 November 2026"),
    ((2026, 11, 30), (2026, 12, 2), "Monday 30 November \u2013 Wednesday 2 December 2026"),
    ((2026, 12, 31), (2027, 1, 4), "Thursday 31 December 2026 \u2013 Monday 4 January 2027"),
])
def test_a_span_in_full_names_the_year_once_unless_it_crosses_one(first, last, shown):
    assert datewords.long_span(datetime(*first).date(), datetime(*last).date()) == shown


def test_an_overdue_step_in_full_says_when_it_was_due_with_the_year():
    now = at("2026-11-30 10:00")
    first = planner.actions(doc(app(events=[THANKED])), now=now)[0]
    assert words.window(first, now, TZ, full=True) == "was due by Friday 27 November 2026, 5 pm"


def test_your_answer_to_a_brief_reply_is_labelled_your_reply_not_a_follow_up():
    thanked = event("thank_you", "2026-11-18 09:00", contact="dana")
    brief = event("reply", "2026-11-19 11:00", tone="brief", contact="dana")
    answer = event("follow_up", "2026-11-20 10:00", contact="dana", channel="email",
                   outcome="sent")
    later = event("follow_up", "2026-12-01 10:00", contact="dana", channel="email",
                  outcome="sent")
    (application,) = dataformat.to_document(raw(app(events=[thanked, brief, answer,
                                                              later]))).applications
    labels = [words.event_label(application, e) for e in application.events]
    assert labels == ["Thank-you sent to Dana Lee", "Reply received (brief) from Dana Lee",
                      "Your reply (email) to Dana Lee",
                      "Follow-up (email, sent) with Dana Lee"]


def test_an_answer_after_a_brief_call_is_your_reply_as_the_planner_reads_it():
    """A follow-up call in which you spoke to them and they kept it brief is their brief
    answer (responses.answer_tone): the message after it is your reply."""
    thanked = event("thank_you", "2026-11-18 09:00", contact="dana")
    call = event("follow_up", "2026-11-25 11:00", contact="dana", channel="phone",
                 outcome="spoke", tone="brief")
    answer = event("follow_up", "2026-11-26 10:00", contact="dana", channel="email",
                   outcome="sent")
    (application,) = dataformat.to_document(raw(app(events=[thanked, call,
                                                              answer]))).applications
    assert words.event_label(application, application.events[2]) == \
        "Your reply (email) to Dana Lee"
