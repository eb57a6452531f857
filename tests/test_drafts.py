"""Drafts: filled from the user's facts, gaps visible, the thank-you never written early."""

from __future__ import annotations

import pytest

from followup import drafts
from followup.model import ActionKind
from helpers import app, at, doc

FULL = app(
    anecdote="cutting the month-end report from two days to two hours",
    article={"title": "Dashboards that lie", "url": "https://example.org/dash",
             "why": "it is the data-quality problem you described"},
    interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00", "with": ["dana"],
                 "memorable": "the story about the broken sales dashboard",
                 "topics": ["data quality checks"], "strengths": "SQL and patience",
                 "needs": "trustworthy weekly numbers",
                 "anecdote": "the report I rebuilt at my last job"}],
)
ME = {"name": "Sam Rivera", "email": "sam@example.com", "phone": "555-0100",
      "availability": "weekdays after 2 pm"}


def make(kind, when="2026-11-18 10:00", document=None, **kw):
    return drafts.draft(document or doc(FULL, candidate=ME), "acme", kind, now=at(when), **kw)


def test_r3_no_thank_you_before_the_interview_has_ended():
    with pytest.raises(drafts.DraftError, match=r"ends Tue 17 Nov, 3 pm\. Write the thank-you "
                                                r"after it"):
        make("thank_you", when="2026-11-17 14:59")


def test_r3_the_thank_you_is_available_once_it_has_ended():
    assert make("thank_you", when="2026-11-17 15:00").subject


def test_r4_thank_you_carries_their_time_anecdote_strengths_needs_and_the_memorable_moment():
    d = make("thank_you")
    assert d.to == "dana@acme.example"
    assert "Dear Dana," in d.body
    assert "Thank you for taking the time" in d.body
    assert "the story about the broken sales dashboard" in d.body
    assert "the report I rebuilt" not in d.body  # the application's anecdote wins
    assert "cutting the month-end report" in d.body
    assert "SQL and patience" in d.body
    assert "trustworthy weekly numbers" in d.body
    assert d.body.rstrip().endswith("Sam Rivera")
    assert d.gaps == ()


def test_r4_missing_facts_are_visible_placeholders_never_blanks():
    d = drafts.draft(doc(app()), "acme", "thank_you", now=at("2026-11-18 10:00"))
    for gap in ("[the most memorable part of the conversation]", "[your strengths]",
                "[what they need]", "[your name]"):
        assert gap in d.body
        assert gap in d.gaps
    assert all("  " not in line for line in d.body.splitlines())


def test_r6_follow_up_has_interest_anecdote_topic_article_contact_and_availability():
    d = make("follow_up", attempt=1)
    assert "still very interested" in d.body
    assert "data quality checks" in d.body
    assert "cutting the month-end report" in d.body
    assert '"Dashboards that lie" (https://example.org/dash)' in d.body
    assert "it is the data-quality problem you described" in d.body
    assert "weekdays after 2 pm" in d.body
    assert "sam@example.com or 555-0100" in d.body


def test_follow_up_wording_changes_with_the_attempt():
    subjects = {make("follow_up", attempt=n).subject for n in (1, 2, 3)}
    assert len(subjects) == 3
    assert make("follow_up", attempt=3).subject.startswith("A last check-in")


def test_follow_up_without_an_article_leaves_it_out():
    d = drafts.draft(doc(app()), "acme", "follow_up", now=at("2026-11-25 10:00"))
    assert "recently read" not in d.body
    assert "[why it matters to them]" not in d.gaps


def test_r14_reply_is_brief_and_asks_for_the_timeline():
    d = make("reply")
    assert "look forward to hearing from you" in d.body
    assert "when do you expect to make a decision" in d.body
    assert len(d.body.split()) < 60


def test_move_on_note_closes_the_loop_kindly():
    d = make("move_on")
    assert "Thank you again" in d.body
    assert "future" in d.body


def test_drafts_are_plain_text_not_html_escaped():
    odd = app(company="Smith & Sons <Ltd>", role='"Lead" analyst')
    d = drafts.draft(doc(odd), "acme", ActionKind.FOLLOW_UP, now=at("2026-11-25 10:00"))
    assert "Smith & Sons <Ltd>" in d.body
    assert "&amp;" not in d.body
    assert '"Lead" analyst' in d.subject


def test_a_named_contact_gets_their_own_draft():
    two = app(contacts=[{"id": "dana", "name": "Dana Lee", "email": "d@x.example"},
                        {"id": "raj", "name": "Raj Patel", "email": "r@x.example"}],
              interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                           "with": ["dana", "raj"]}])
    d = drafts.draft(doc(two), "acme", "thank_you", now=at("2026-11-18 10:00"), contact="raj")
    assert d.to == "r@x.example"
    assert "Dear Raj," in d.body


@pytest.mark.parametrize(("app_id", "contact", "message"), [
    ("nope", None, 'No application with the id "nope"'),
    ("acme", "zed", 'Acme Corp has no contact with the id "zed"'),
])
def test_unknown_application_or_contact_is_a_clear_error(app_id, contact, message):
    with pytest.raises(drafts.DraftError, match=message):
        drafts.draft(doc(), app_id, "follow_up", now=at("2026-11-25 10:00"), contact=contact)


def test_same_day_thank_you_says_today():
    assert "talk with me today" in make("thank_you", when="2026-11-17 18:00").body


def _ended(tone):
    return doc(app(events=[{"at": "2026-11-20T10:00:00-05:00", "type": "reply", "tone": tone}]),
               candidate=ME)


def test_r15_an_offer_gets_a_thank_you_asking_for_time_to_consider_it():
    d = make("move_on", document=_ended("offer"))
    assert "offer" in d.subject.lower()
    assert "consider" in d.body
    assert "[the date you will answer by]" in d.gaps
    assert "moved on" not in d.body


def test_r15_a_no_gets_thanks_for_the_chance_and_asks_to_be_kept_in_mind():
    d = make("move_on", document=_ended("rejection"))
    assert "chance" in d.body
    assert "future roles" in d.body
    assert "moved on" not in d.body


def test_a_follow_up_after_applying_names_the_application_not_a_conversation():
    applied = doc(app(interviews=[], applied_on="2026-11-02"), candidate=ME)
    d = make("follow_up", document=applied)
    assert "my application for the Data Analyst position, sent on Mon 2 Nov" in d.body
    assert "[a topic you discussed]" not in d.gaps


LATER = at("2026-11-18 10:00")


def _panel(**round_fields):
    return doc(app(contacts=[{"id": "dana", "name": "Dana Lee", "email": "dana@acme.example"},
                             {"id": "raj", "name": "Raj Patel", "email": "raj@acme.example"}],
                   interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                                "with": ["dana", "raj"], **round_fields}]))


def test_r4_each_interviewer_gets_a_note_from_what_you_discussed_with_them():
    document = _panel(memorable="the office tour",
                      discussed={"dana": "our talk about the month-end report"})
    dana = drafts.draft(document, "acme", ActionKind.THANK_YOU, now=LATER, contact="dana")
    raj = drafts.draft(document, "acme", ActionKind.THANK_YOU, now=LATER, contact="raj")
    assert (dana.to, raj.to) == ("dana@acme.example", "raj@acme.example")
    assert "I especially enjoyed our talk about the month-end report." in dana.body
    assert "[what you discussed with Dana]" not in dana.gaps
    # No shared paragraph for a panel: without Raj's own notes, his gap names him.
    assert "I especially enjoyed [what you discussed with Raj]." in raj.body
    assert "[what you discussed with Raj]" in raj.gaps
    assert "office tour" not in raj.body


def test_r4_one_interviewer_may_use_the_rounds_memorable_moment():
    document = doc(app(interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                                    "with": ["dana"], "memorable": "the office tour"}]))
    note = drafts.draft(document, "acme", ActionKind.THANK_YOU, now=LATER, contact="dana")
    assert "I especially enjoyed the office tour." in note.body


def test_r4_a_note_owed_for_an_earlier_round_recalls_that_round():
    two = doc(app(contacts=[{"id": "priya", "name": "Priya Shah"},
                            {"id": "marcus", "name": "Marcus Bell"}],
                  interviews=[{"id": "r1", "ends_at": "2026-11-16T11:00:00-05:00",
                               "with": ["priya", "marcus"],
                               "discussed": {"marcus": "weekly experiments"}},
                              {"id": "r2", "ends_at": "2026-11-17T15:00:00-05:00",
                               "with": ["priya"]}]))
    note = drafts.draft(two, "acme", ActionKind.THANK_YOU, now=at("2026-11-17 17:00"),
                        contact="marcus")
    assert "talk with me on Mon 16 Nov" in note.body
    assert "I especially enjoyed weekly experiments." in note.body
