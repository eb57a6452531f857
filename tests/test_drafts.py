"""Drafts: filled from the user's facts, gaps visible, the thank-you never written early."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup import drafts, draftvalues
from followup.model import ActionKind
from helpers import app, at, doc, event

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
    brief = dict(FULL, events=[event("reply", "2026-11-20 10:00", contact="dana", tone="brief")])
    d = make("reply", when="2026-11-23 10:00", document=doc(brief, candidate=ME))
    assert "look forward to hearing from you" in d.body
    assert "when do you expect to make a decision" in d.body
    assert len(d.body.split()) < 60




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
    assert "talk with me on Monday" in note.body
    assert "I especially enjoyed weekly experiments." in note.body


# -- truthful drafts: built from the facts the document holds at the draft's moment ----------

def _text(d):
    return f"{d.subject}\n{d.body}"


# 1. No interview where there was none.

APPLIED = app(interviews=[], applied_on="2026-11-02")


def test_1_a_no_without_an_interview_thanks_them_for_considering_the_application():
    d = make("move_on", document=doc(dict(APPLIED, events=[
        event("reply", "2026-11-12 10:00", contact="dana", tone="rejection")]), candidate=ME))
    assert "chance to interview" not in d.body
    assert "meeting the team" not in d.body
    assert "considering my application" in d.body
    assert "future roles" in d.body


def test_1_an_offer_without_an_interview_claims_no_conversations():
    d = make("move_on", document=doc(dict(APPLIED, events=[
        event("reply", "2026-11-12 10:00", contact="dana", tone="offer")]), candidate=ME))
    assert "conversation" not in d.body
    assert "Thank you very much for the offer" in d.body


def test_1_a_rejection_after_an_interview_still_thanks_them_for_it():
    assert "chance to interview" in make("move_on", document=_ended("rejection")).body


def test_1_a_follow_up_without_an_interview_asks_for_an_example_that_fits_the_role():
    d = make("follow_up", when="2026-11-09 10:00", document=doc(APPLIED, candidate=ME))
    assert "[an example of your work that fits the role]" in d.gaps
    assert "[an example you told about your work]" not in _text(d)


def test_1_a_follow_up_with_no_interview_and_no_application_date_claims_no_conversation():
    d = make("follow_up", when="2026-11-09 10:00",
             document=doc(app(interviews=[]), candidate=ME))
    assert "conversation" not in d.body
    assert "my application for the Data Analyst position" in d.body


# 2. No meeting with someone not yet met.

def _between_rounds():
    return doc(app(contacts=[{"id": "kim", "name": "Kim Park", "email": "kim@acme.example"},
                             {"id": "dana", "name": "Dana Lee", "email": "dana@acme.example"}],
                   interviews=[{"id": "r1", "ends_at": "2026-11-10T11:00:00-05:00",
                                "with": ["dana"], "topics": ["the churn model"]},
                               {"id": "r2", "ends_at": "2026-11-27T15:00:00-05:00",
                                "with": ["kim"], "topics": ["the budget"]}],
                   events=[event("thank_you", "2026-11-10 16:00", contact="dana")]),
               candidate=ME)


def test_2_a_follow_up_between_rounds_recalls_the_round_that_ended_with_who_was_there():
    d = make("follow_up", when="2026-11-18 10:00", document=_between_rounds(), attempt=1)
    assert d.to == "dana@acme.example"
    assert "Dear Dana," in d.body
    assert "our conversation on Tue 10 Nov" in d.body
    assert "the churn model" in d.body
    assert "Fri 27 Nov" not in d.body
    assert "the budget" not in d.body
    assert "Kim" not in _text(d)


def test_2_the_default_recipient_is_never_someone_only_in_a_future_round():
    document = doc(app(contacts=[{"id": "dana", "name": "Dana Lee", "email": "d@x.example"},
                                 {"id": "rita", "name": "Rita Gomez", "email": "r@x.example",
                                  "title": "Recruiter"}],
                       interviews=[{"id": "r1", "ends_at": "2026-11-20T15:00:00-05:00",
                                    "with": ["dana"]}],
                       applied_on="2026-11-02"), candidate=ME)
    d = make("follow_up", when="2026-11-10 10:00", document=document, attempt=1)
    assert (d.to, "Dana" in _text(d)) == ("r@x.example", False)
    assert "Dear Rita," in d.body
    # Named explicitly, the person of the future round gets the draft.
    assert "Dear Dana," in make("follow_up", when="2026-11-10 10:00", document=document,
                                attempt=1, contact="dana").body


# 3. No "today" for a later day.

def test_3_a_same_day_thank_you_names_the_day_not_today():
    d = make("thank_you", when="2026-11-17 18:00")
    assert "today" not in _text(d).lower()
    assert "talk with me on Tuesday" in d.body
    assert d.subject == "Thank you for our conversation about the Data Analyst role"


def test_3_a_thank_you_the_next_morning_names_the_weekday_and_a_later_one_the_date():
    assert "talk with me on Tuesday about" in make("thank_you", when="2026-11-18 08:00").body
    assert "talk with me on Tue 17 Nov about" in make("thank_you", when="2026-11-25 08:00").body


def test_3_a_follow_up_never_says_today():
    d = make("follow_up", when="2026-11-17 18:00", attempt=1)
    assert "today" not in _text(d).lower()
    assert "our conversation on Tue 17 Nov" in d.body


# 4. A year when it is not this year.

def test_4_day_in_context_adds_the_year_only_when_it_differs():
    from datetime import date

    from followup import datewords

    assert datewords.day_in_context(date(2026, 11, 17), date(2026, 12, 1)) == "Tue 17 Nov"
    assert datewords.day_in_context(date(2025, 11, 3), date(2026, 1, 5)) == "Mon 3 Nov 2025"
    assert datewords.day_in_context(date(2027, 1, 8), date(2026, 12, 1)) == "Fri 8 Jan 2027"


def test_4_dates_of_last_year_carry_their_year():
    winter = app(interviews=[{"id": "r1", "ends_at": "2025-12-30T15:00:00-05:00",
                              "with": ["dana"]}], applied_on="2025-12-01")
    d = make("follow_up", when="2026-01-12 10:00", document=doc(winter, candidate=ME),
             attempt=1)
    assert "our conversation on Tue 30 Dec 2025" in d.body
    note = make("thank_you", when="2026-01-12 10:00", document=doc(winter, candidate=ME))
    assert "on Tue 30 Dec 2025" in note.body
    applied = app(interviews=[], applied_on="2025-12-28")
    first = make("follow_up", when="2026-01-05 10:00", document=doc(applied), attempt=1)
    assert "sent on Sun 28 Dec 2025" in first.body


# 5. A salutation that handles titles.

YILDIZ = "Y\u0131ld\u0131z"  # a dotless i: Unicode names survive

@pytest.mark.parametrize(("name", "greeting"), [
    (f"Dr. Emre {YILDIZ}", f"Dear Dr. {YILDIZ},"),
    ("Prof Ada Lovelace", "Dear Prof. Lovelace,"),
    ("mrs. Jane Smith", "Dear Mrs. Smith,"),
    ("MX Sam Doe", "Dear Mx. Doe,"),
    ("Ms Dana Lee", "Dear Ms. Lee,"),
    ("Mr. Ludwig van Beethoven", "Dear Mr. van Beethoven,"),
    (f"Dr. {YILDIZ}", f"Dear Dr. {YILDIZ},"),
    ("Emre", "Dear Emre,"),
    ("Émilie Du Châtelet", "Dear Émilie,"),
    ("  Dana   Lee ", "Dear Dana,"),
    ("", "Dear [their name],"),
])
def test_5_salutations(name, greeting):
    assert draftvalues.salutation(name) == greeting


def test_5_a_titled_contact_is_greeted_by_title_and_surname():
    titled = app(contacts=[{"id": "dana", "name": f"Dr. Emre {YILDIZ}",
                            "email": "e@x.example"}])
    d = make("thank_you", document=doc(titled, candidate=ME))
    assert f"Dear Dr. {YILDIZ}," in d.body
    assert "Dear Dr.," not in d.body


_WORD = st.builds(lambda head, tail: head + tail,
                  st.characters(categories=["Lu"]),
                  st.text(st.characters(categories=["Ll"]), max_size=8))
_TITLE = st.sampled_from(["Mr", "Mrs", "Ms", "Mx", "Dr", "Prof"])


@given(title=_TITLE, dot=st.booleans(), upper=st.booleans(), given_name=_WORD, surname=_WORD)
def test_5_a_title_keeps_its_dot_and_the_surname(title, dot, upper, given_name, surname):
    written = (title.upper() if upper else title) + ("." if dot else "")
    assert (draftvalues.salutation(f"{written} {given_name} {surname}")
            == f"Dear {title}. {surname},")
    assert draftvalues.salutation(f"{written} {surname}") == f"Dear {title}. {surname},"


@given(names=st.lists(_WORD, min_size=1, max_size=4))
def test_5_without_a_title_the_first_name_is_used(names):
    if names[0].rstrip(".").lower() in {"mr", "mrs", "ms", "mx", "dr", "prof"}:
        return
    assert draftvalues.salutation(" ".join(names)) == f"Dear {names[0]},"


@given(name=st.text(max_size=30))
def test_5_a_salutation_is_never_blank(name):
    greeting = draftvalues.salutation(name)
    assert greeting.startswith("Dear ")
    assert greeting.endswith(",")
    assert "  " not in greeting
    assert " ," not in greeting
    assert greeting != "Dear ,"
    assert ",," not in greeting


# 6. The wording of the attempt comes from the plan.

def test_6_a_second_follow_up_reads_as_the_second_without_an_attempt():
    once = dict(FULL, events=[event("thank_you", "2026-11-18 09:00", contact="dana"),
                              event("follow_up", "2026-11-25 10:00", contact="dana")])
    d = make("follow_up", when="2026-12-02 10:00", document=doc(once, candidate=ME))
    assert d.subject.startswith("Following up again")
    assert "once more" in d.body


def test_6_no_fourth_follow_up_is_drafted_from_the_plan():
    thrice = dict(FULL, events=[event("thank_you", "2026-11-18 09:00", contact="dana")] + [
        event("follow_up", day, contact="dana")
        for day in ("2026-11-25 10:00", "2026-12-02 10:00", "2026-12-09 10:00")])
    with pytest.raises(drafts.DraftError, match=r"R7"):
        make("follow_up", when="2026-12-14 10:00", document=doc(thrice, candidate=ME))


# 7. A thank-you ends with contact details and availability.

def test_7_the_thank_you_ends_with_availability_and_how_to_reach_you():
    d = make("thank_you")
    assert "I'm available weekdays after 2 pm" in d.body
    assert "sam@example.com or 555-0100" in d.body
    bare = drafts.draft(doc(app()), "acme", "thank_you", now=at("2026-11-18 10:00"))
    assert {"[when you are available]", "[your email or phone]"} <= set(bare.gaps)


# 8. A visible gap for every missing fact, an address included.

def test_8_a_missing_address_is_a_gap_and_in_the_json():
    no_email = app(contacts=[{"id": "dana", "name": "Dana Lee"}])
    d = make("thank_you", document=doc(no_email, candidate=ME))
    assert d.to == ""
    assert d.to_gap == "[Dana Lee's email address]"
    assert d.gaps[0] == "[Dana Lee's email address]"
    assert d.to_json()["to_gap"] == "[Dana Lee's email address]"
    assert {"kind", "to", "subject", "body", "gaps"} <= set(d.to_json())
    full = make("thank_you")
    assert (full.to_gap, full.to_json()["to_gap"]) == ("", "")


def test_8_nobody_to_write_to_is_a_gap_too():
    d = make("follow_up", when="2026-11-25 10:00", attempt=1,
             document=doc(app(contacts=[], interviews=[], applied_on="2026-11-02")))
    assert d.to_gap == "[their email address]"
    assert "Dear [their name]," in d.body
    assert "[their name]" in d.gaps


# 9. Answering the right person.

def _recruiter_answers(tone):
    return doc(app(contacts=[{"id": "dana", "name": "Dana Lee", "email": "dana@acme.example"},
                             {"id": "rita", "name": "Rita Gomez", "email": "rita@acme.example",
                              "role": "recruiter"}],
                   events=[event("thank_you", "2026-11-18 09:00", contact="dana"),
                           event("reply", "2026-11-20 10:00", contact="rita", tone=tone)]),
               candidate=ME)


def test_9_the_brief_answer_goes_to_who_wrote():
    d = make("reply", when="2026-11-23 10:00", document=_recruiter_answers("brief"))
    assert (d.to, "Dear Rita," in d.body) == ("rita@acme.example", True)
    explicit = make("reply", when="2026-11-23 10:00", document=_recruiter_answers("brief"),
                    contact="dana")
    assert (explicit.to, "Dear Dana," in explicit.body) == ("dana@acme.example", True)


@pytest.mark.parametrize("tone", ["offer", "rejection"])
def test_9_the_closing_note_goes_to_who_gave_the_answer(tone):
    d = make("move_on", when="2026-11-21 10:00", document=_recruiter_answers(tone))
    assert (d.to, "Dear Rita," in d.body) == ("rita@acme.example", True)
    explicit = make("move_on", when="2026-11-21 10:00", document=_recruiter_answers(tone),
                    contact="dana")
    assert (explicit.to, "Dear Dana," in explicit.body) == ("dana@acme.example", True)


# 10. Recruiter only.

RECRUITER = app(contacts=[{"id": "rita", "name": "Rita Gomez", "email": "rita@acme.example",
                           "title": "Recruiter"}],
                interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                             "memorable": "the office tour"}])


def test_10_a_note_through_the_recruiter_asks_them_to_pass_it_on():
    d = make("thank_you", document=doc(RECRUITER, candidate=ME))
    assert d.to == "rita@acme.example"
    to_rita, _, note = d.body.partition("Dear [the interviewer's name],")
    assert note, d.body
    assert to_rita.startswith("Dear Rita,")
    assert "Thank you for arranging my interview on Tuesday" in to_rita
    assert "pass on the note below to [the interviewer's name]" in to_rita
    assert "taking the time" not in to_rita
    assert "I especially enjoyed the office tour." in note
    assert "arranging" in d.subject


def test_10_the_note_names_the_interviewer_when_the_round_does():
    named = dict(RECRUITER, contacts=[*RECRUITER["contacts"],
                                      {"id": "dana", "name": "Dana Lee", "email": "d@x.example"}],
                 interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                              "with": ["dana"], "discussed": {"dana": "the month-end report"}}])
    d = make("thank_you", document=doc(named, candidate=ME), contact="rita")
    assert "pass on the note below to Dana Lee" in d.body
    assert "\nDear Dana,\n" in d.body
    assert "I especially enjoyed the month-end report." in d.body
    assert "[the interviewer's name]" not in d.gaps
    # Dana herself gets the usual note.
    assert "arranging" not in make("thank_you", document=doc(named, candidate=ME)).body


def test_10_an_interviewer_without_an_address_is_thanked_through_the_recruiter():
    """The only address is the recruiter's: the note to the interviewer (the step's contact)
    is drafted to the recruiter, to be passed on; with an address of their own, it is not."""
    unreachable = dict(RECRUITER, contacts=[*RECRUITER["contacts"],
                                            {"id": "dana", "name": "Dana Lee"}],
                       interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                                    "with": ["dana"]}])
    d = make("thank_you", document=doc(unreachable, candidate=ME), contact="dana")
    assert d.to == "rita@acme.example"
    assert not d.to_gap
    assert "pass on the note below to Dana Lee" in d.body
    assert "\nDear Dana,\n" in d.body
    no_recruiter = dict(unreachable, contacts=[{"id": "dana", "name": "Dana Lee"}])
    d = make("thank_you", document=doc(no_recruiter, candidate=ME), contact="dana")
    assert (d.to, d.to_gap) == ("", "[Dana Lee's email address]")


def test_10_a_panel_members_note_through_the_recruiter_is_for_them_alone():
    """R4: each interviewer of a panel gets their own note; passed on by the recruiter, the
    note for one of them names only them, and recalls what you discussed with them."""
    panel = dict(RECRUITER, contacts=[*RECRUITER["contacts"], {"id": "dana", "name": "Dana Lee"},
                                      {"id": "omar", "name": "Omar Haddad"}],
                 interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                              "with": ["dana", "omar"],
                              "discussed": {"dana": "the month-end report",
                                            "omar": "the data warehouse"}}])
    document = doc(panel, candidate=ME)
    for person, first, other, talk in (("dana", "Dana", "Omar", "the month-end report"),
                                       ("omar", "Omar", "Dana", "the data warehouse")):
        d = make("thank_you", document=document, contact=person)
        assert d.to == "rita@acme.example"
        assert f"pass on the note below to {first}" in d.body
        assert f"\nDear {first},\n" in d.body
        assert f"I especially enjoyed {talk}." in d.body
        assert other not in d.body, d.body
    # Asked of the recruiter herself, the note is for the whole round.
    d = make("thank_you", document=document, contact="rita")
    assert "pass on the note below to Dana Lee and Omar Haddad" in d.body


def test_10_a_follow_up_to_the_recruiter_recalls_my_interview_not_our_conversation():
    named = dict(RECRUITER, contacts=[*RECRUITER["contacts"],
                                      {"id": "dana", "name": "Dana Lee", "email": "d@x.example"}],
                 interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                              "with": ["dana"], "topics": ["the churn model"]}])
    document = doc(named, candidate=ME)
    d = make("follow_up", when="2026-11-25 10:00", document=document, contact="rita",
             attempt=1)
    assert "I'm following up on my interview on Tue 17 Nov with Dana Lee for the Data " \
           "Analyst position" in d.body
    assert "Since the interview touched on the churn model," in d.body
    assert "our conversation" not in d.body
    # To Dana, who was there, it is their conversation.
    d = make("follow_up", when="2026-11-25 10:00", document=document, contact="dana",
             attempt=1)
    assert "our conversation on Tue 17 Nov" in d.body
    assert "Since we talked about the churn model," in d.body


def test_a_follow_up_to_a_panel_member_recalls_what_you_discussed_with_them():
    panel = app(contacts=[{"id": "dana", "name": "Dana Lee", "email": "d@x.example"},
                          {"id": "omar", "name": "Omar Haddad", "email": "o@x.example"}],
                interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                             "with": ["dana", "omar"], "topics": ["the team's roadmap"],
                             "discussed": {"omar": "the data warehouse"}}])
    document = doc(panel, candidate=ME)
    assert "Since we talked about the data warehouse," in make(
        "follow_up", when="2026-11-25 10:00", document=document, contact="omar").body
    assert "Since we talked about the team's roadmap," in make(
        "follow_up", when="2026-11-25 10:00", document=document, contact="dana").body


# 11. After a warm reply.

def test_11_a_follow_up_after_a_warm_reply_acknowledges_it_and_the_decision_date():
    warm = dict(FULL, decision_expected="2026-12-11",
                events=[event("thank_you", "2026-11-18 09:00", contact="dana"),
                        event("reply", "2026-11-26 10:00", contact="dana", tone="warm")])
    d = make("follow_up", when="2026-12-03 10:00", document=doc(warm, candidate=ME))
    assert "Thank you again for your message on Thu 26 Nov" in d.body
    assert "You mentioned a decision around Fri 11 Dec" in d.body
    assert "where things stand" not in d.body
    later = make("follow_up", when="2026-12-03 10:00", document=doc(warm, candidate=ME),
                 attempt=2)
    assert "Thank you again for your message on Thu 26 Nov" in later.body


def test_11_a_past_decision_date_is_not_mentioned():
    warm = dict(FULL, decision_expected="2026-11-27",
                events=[event("thank_you", "2026-11-18 09:00", contact="dana"),
                        event("reply", "2026-11-26 10:00", contact="dana", tone="warm")])
    d = make("follow_up", when="2026-12-03 10:00", document=doc(warm, candidate=ME))
    assert "Thank you again for your message on Thu 26 Nov" in d.body
    assert "Fri 27 Nov" not in d.body
    assert "where things stand" not in d.body


# 12. Moving on after silence offers no message.

@pytest.mark.parametrize("closed", [False, True])
def test_12_moving_on_after_silence_offers_no_message(closed):
    with pytest.raises(drafts.DraftError, match=r"against the method \(R7\).*move on"):
        make("move_on", document=doc(dict(FULL, closed=closed), candidate=ME))


def test_12_the_move_on_template_is_gone():
    from importlib import resources

    templates = resources.files("followup") / "templates"
    assert not (templates / "move_on.txt.j2").is_file()
