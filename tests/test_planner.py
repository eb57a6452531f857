"""One or more tests per rule of the advice (R1-R15), on hand-checked dates.

The calendar: Tue 17 Nov 2026 the interview ends at 3 pm (New York). Thu 26 Nov is
Thanksgiving in the US.
"""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup import dataformat, planner, recordchecks, rules
from followup.dataerrors import DataError
from followup.model import ActionKind, Status
from helpers import app, at, doc, event

THANKED = event("thank_you", "2026-11-18 09:00", contact="dana", channel="email")


def steps(document, now):
    return planner.actions(document, now=at(now))


def kinds(found):
    return [a.kind.value for a in found]


def day(t):
    return t.date()


# -- R1/R2: the thank-you ------------------------------------------------------------------

def test_r1_one_thank_you_per_interviewer():
    two = app(contacts=[{"id": "dana", "name": "Dana Lee"}, {"id": "raj", "name": "Raj"}],
              interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00",
                           "with": ["dana", "raj"]}])
    found = [a for a in steps(doc(two), "2026-11-17 16:00") if a.kind is ActionKind.THANK_YOU]
    assert [a.contact for a in found] == ["dana", "raj"]
    assert all(a.rule == "R2" for a in found)


def test_r1_one_thank_you_when_no_interviewer_is_named():
    nobody = app(contacts=[], interviews=[{"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00"}])
    found = [a for a in steps(doc(nobody), "2026-11-17 16:00")
             if a.kind is ActionKind.THANK_YOU]
    assert len(found) == 1
    assert found[0].contact is None


def test_r1_a_sent_note_is_not_planned_again():
    thanked = app(events=[THANKED])
    assert ActionKind.THANK_YOU not in [a.kind for a in steps(doc(thanked), "2026-11-18 10:00")]


def test_r2_window_runs_from_the_end_to_36_hours_with_24_suggested():
    (ty,) = [a for a in steps(doc(), "2026-11-17 16:00") if a.kind is ActionKind.THANK_YOU]
    assert ty.earliest == at("2026-11-17 15:00")
    assert ty.suggested == at("2026-11-18 15:00")
    assert ty.latest == at("2026-11-19 03:00")
    assert ty.latest - ty.earliest == timedelta(hours=rules.THANK_YOU_LATEST_HOURS)


def test_r2_window_is_not_moved_to_a_business_day():
    friday = app(interviews=[{"id": "r1", "ends_at": "2026-11-20T17:00:00-05:00",
                              "with": ["dana"]}])
    (ty,) = [a for a in steps(doc(friday), "2026-11-20 18:00") if a.kind is ActionKind.THANK_YOU]
    assert ty.latest == at("2026-11-22 05:00")  # a Sunday, kept as it is


def test_r2_missed_note_is_still_suggested_and_overdue():
    document = doc()
    now = at("2026-11-20 10:00")
    (ty,) = [a for a in planner.actions(document, now=now) if a.kind is ActionKind.THANK_YOU]
    assert planner.group(ty, now, now.tzinfo) == "overdue"
    assert "Overdue" in ty.why
    # the follow-ups count from the day the late note really goes out: today
    first = next(a for a in planner.actions(document, now=now) if a.kind is ActionKind.FOLLOW_UP)
    assert day(first.earliest) >= date(2026, 11, 21)


# -- R5/R7/R12: follow-ups, three strikes, spacing -----------------------------------------

def test_r5_follow_ups_come_after_the_thank_you_a_week_later():
    found = steps(doc(app(events=[THANKED])), "2026-11-18 10:00")
    assert kinds(found) == ["follow_up", "follow_up", "follow_up", "move_on"]
    first = found[0]
    assert first.earliest == at("2026-11-25 09:00")  # Wed, a week after the note
    assert first.latest == at("2026-11-27 17:00")  # two business days later
    assert first.attempt == 1
    assert first.rule == "R5"
    assert not first.projected
    assert [a.attempt for a in found[:3]] == [1, 2, 3]
    assert all(a.projected for a in found[1:])


def test_r7_three_strike_days_end_in_move_on():
    history = [THANKED,
               event("follow_up", "2026-11-25 10:00", channel="email", outcome="sent"),
               event("follow_up", "2026-12-02 10:00", channel="phone", outcome="voicemail"),
               event("follow_up", "2026-12-09 10:00", channel="email", outcome="sent")]
    plans = planner.plan(doc(app(events=history)), now=at("2026-12-09 12:00"))
    assert plans[0].strikes == 3
    (only,) = plans[0].actions
    assert only.kind is ActionKind.MOVE_ON
    assert only.rule == "R7"
    assert not only.projected
    assert day(only.earliest) == date(2026, 12, 16)


def test_r7_several_attempts_on_one_day_count_one_strike():
    history = [THANKED,
               event("follow_up", "2026-11-25 10:00", channel="phone", outcome="no_answer"),
               event("follow_up", "2026-11-25 14:00", channel="phone", outcome="voicemail")]
    plans = planner.plan(doc(app(events=history)), now=at("2026-11-26 09:00"))
    assert plans[0].strikes == 1
    assert [a.attempt for a in plans[0].actions if a.kind is ActionKind.FOLLOW_UP] == [2, 3]


def test_r13_user_may_tighten_the_strike_limit():
    found = steps(doc(app(events=[THANKED]), max_follow_ups=2), "2026-11-18 10:00")
    assert kinds(found) == ["follow_up", "follow_up", "move_on"]


def test_r13_a_spacing_of_ones_own_is_the_one_the_reason_names():
    gentler = steps(doc(app(events=[THANKED]), spacing_days=10), "2026-11-18 10:00")
    second = [a for a in gentler if a.kind is ActionKind.FOLLOW_UP][1]
    assert "leave 10 days between attempts" in second.why
    assert "about a week" not in second.why
    usual = [a for a in steps(doc(app(events=[THANKED])), "2026-11-18 10:00")
             if a.kind is ActionKind.FOLLOW_UP][1]
    assert "leave about a week between attempts" in usual.why


def test_r13_a_limit_of_one_follow_up_reads_in_the_singular():
    history = [THANKED, event("follow_up", "2026-11-25 10:00", channel="email", outcome="sent")]
    planned = steps(doc(app(events=[THANKED]), max_follow_ups=1), "2026-11-18 10:00")[-1]
    assert planned.why.startswith("1 follow-up planned with no answer")
    made = steps(doc(app(events=history), max_follow_ups=1), "2026-11-26 10:00")[-1]
    assert made.why.startswith("1 follow-up made on Wed 25 Nov with no answer")
    three = steps(doc(app(events=[*history,
                                  event("follow_up", "2026-12-02 10:00", channel="email"),
                                  event("follow_up", "2026-12-09 10:00", channel="email")])),
                  "2026-12-10 10:00")[-1]
    assert three.why.startswith("3 follow-ups made, the last on Wed 9 Dec")


@pytest.mark.parametrize(("key", "value"), [("max_follow_ups", 4), ("spacing_days", 2)])
def test_r13_settings_beyond_the_rules_are_refused(key, value):
    with pytest.raises(DataError, match=f"settings.{key}: must be from"):
        doc(**{key: value})


def test_r12_email_follow_ups_keep_at_least_the_minimum_gap():
    found = steps(doc(app(events=[THANKED]), spacing_days=rules.MIN_EMAIL_GAP_DAYS),
                  "2026-11-18 10:00")
    opens = [day(a.earliest) for a in found if a.kind is ActionKind.FOLLOW_UP]
    assert all((b - a).days >= rules.MIN_EMAIL_GAP_DAYS for a, b in itertools.pairwise(opens))


def test_r12_default_spacing_is_about_a_week():
    found = steps(doc(app(events=[THANKED])), "2026-11-18 10:00")
    opens = [day(a.earliest) for a in found if a.kind is ActionKind.FOLLOW_UP]
    assert [(b - a).days for a, b in itertools.pairwise(opens)] == [7, 7]


# -- R8: the decision date -----------------------------------------------------------------

def test_r8_a_near_decision_date_pulls_the_first_follow_up_forward():
    near = app(decision_expected="2026-11-20", events=[THANKED])  # Friday
    first = steps(doc(near), "2026-11-18 10:00")[0]
    assert first.rule == "R8"
    assert "Decision expected Fri 20 Nov" in first.why
    assert day(first.earliest) == date(2026, 11, 19)  # the day before, after the note day
    assert day(first.latest) == date(2026, 11, 23)  # one business day after the decision


def test_r8_window_opens_no_earlier_than_the_day_after_the_thank_you():
    tomorrow = app(decision_expected="2026-11-18", events=[THANKED])
    first = steps(doc(tomorrow), "2026-11-18 10:00")[0]
    assert day(first.earliest) == date(2026, 11, 19)
    assert day(first.latest) >= day(first.earliest)


def test_r8_a_distant_decision_date_holds_the_follow_ups_until_shortly_before_it():
    """Six weeks out: no "where do things stand?" before they decide, and no move-on before
    the decision date (the usual week would have chased them three times by then)."""
    far = app(decision_expected="2026-12-30", events=[THANKED])  # a Wednesday
    found = steps(doc(far), "2026-11-18 10:00")
    first = found[0]
    assert first.rule == "R8"
    assert "They expect to decide Wed 30 Dec" in first.why
    assert day(first.earliest) == date(2026, 12, 29)  # the working day before
    assert day(first.latest) == date(2026, 12, 31)  # one business day after
    follow_ups = [a for a in found if a.kind is ActionKind.FOLLOW_UP]
    assert all(day(a.earliest) >= date(2026, 12, 29) for a in follow_ups)
    assert day(found[-1].earliest) > date(2026, 12, 30)  # moving on comes after it


def test_r8_a_distant_decision_date_added_after_a_warm_reply_moves_the_next_follow_up():
    warm = event("reply", "2026-11-24 11:00", contact="dana", tone="warm")
    before = steps(doc(app(events=[THANKED, warm])), "2026-11-24 12:00")[0]
    after = steps(doc(app(events=[THANKED, warm], decision_expected="2027-01-08")),
                  "2026-11-24 12:00")[0]
    assert day(before.earliest) == date(2026, 12, 1)
    assert (after.rule, day(after.earliest)) == ("R8", date(2027, 1, 7))
    assert after.why.startswith("Follow-up 1 of 3. Dana Lee replied warmly on Tue 24 Nov.")


# -- R9: away periods ----------------------------------------------------------------------

def test_r9_no_window_opens_while_the_interviewer_is_away():
    away = app(away=[{"contact": "dana", "from": "2026-11-23", "until": "2026-12-04"}],
               events=[THANKED])
    first = steps(doc(away), "2026-11-18 10:00")[0]
    assert first.rule == "R9"
    assert day(first.earliest) == date(2026, 12, 7)  # the Monday after Fri 4 Dec
    assert "away until Fri 4 Dec" in first.why


def test_r9_someone_elses_absence_does_not_matter():
    other = app(contacts=[{"id": "dana", "name": "Dana"}, {"id": "raj", "name": "Raj"}],
                away=[{"contact": "raj", "from": "2026-11-23", "until": "2026-12-04"}],
                events=[THANKED])
    assert steps(doc(other), "2026-11-18 10:00")[0].rule == "R5"


def test_r9_a_window_closes_before_a_later_absence():
    soon = app(away=[{"from": "2026-11-26", "until": "2026-12-04"}], events=[THANKED])
    first = steps(doc(soon), "2026-11-18 10:00")[0]
    assert day(first.earliest) == date(2026, 11, 25)
    assert day(first.latest) == date(2026, 11, 25)


# -- R10/R11: once a day, phone etiquette --------------------------------------------------

def test_r10_after_a_follow_up_today_the_next_opens_later():
    history = [THANKED, event("follow_up", "2026-11-25 10:00", channel="email", outcome="sent")]
    found = steps(doc(app(events=history)), "2026-11-25 11:00")
    assert all(day(a.earliest) > date(2026, 11, 25) for a in found)


def test_r11_a_call_that_did_not_get_through_may_be_retried_today():
    history = [THANKED,
               event("follow_up", "2026-11-25 10:00", channel="phone", outcome="no_answer")]
    found = steps(doc(app(events=history)), "2026-11-25 11:00")
    retry = found[0]
    assert retry.rule == "R11"
    assert retry.channel.value == "phone"
    assert retry.attempt == 1
    assert retry.latest == at("2026-11-25 17:00")
    assert [a.attempt for a in found if a.kind is ActionKind.FOLLOW_UP] == [1, 2, 3]


def test_r11_a_voicemail_ends_the_day():
    history = [THANKED,
               event("follow_up", "2026-11-25 10:00", channel="phone", outcome="voicemail")]
    found = steps(doc(app(events=history)), "2026-11-25 11:00")
    assert "R11" not in [a.rule for a in found]


# -- R14: a brief reply --------------------------------------------------------------------

def test_r14_a_brief_reply_gets_a_short_answer_a_day_or_two_later():
    history = [THANKED, event("reply", "2026-11-19 16:00", tone="brief")]
    found = steps(doc(app(events=history)), "2026-11-19 17:00")
    assert kinds(found) == ["reply", "move_on"]
    reply = found[0]
    assert reply.rule == "R14"
    assert day(reply.earliest) == date(2026, 11, 20)
    assert day(reply.latest) == date(2026, 11, 23)  # two business days: Fri, then Mon


def test_r14_after_answering_the_reply_it_is_time_to_move_on():
    history = [THANKED, event("reply", "2026-11-19 16:00", tone="brief"),
               event("follow_up", "2026-11-20 10:00", channel="email", outcome="sent")]
    found = steps(doc(app(events=history)), "2026-11-20 11:00")
    assert kinds(found) == ["move_on"]
    assert found[0].rule == "R15"


def test_a_warm_reply_restarts_the_count_from_it():
    history = [THANKED,
               event("follow_up", "2026-11-25 10:00", channel="email", outcome="sent"),
               event("reply", "2026-11-27 10:00", tone="warm")]
    plans = planner.plan(doc(app(events=history)), now=at("2026-11-27 11:00"))
    assert plans[0].status is Status.WAITING
    follow = [a for a in plans[0].actions if a.kind is ActionKind.FOLLOW_UP]
    assert [a.attempt for a in follow] == [1, 2, 3]
    assert day(follow[0].earliest) == date(2026, 12, 4)


# -- R15: the end --------------------------------------------------------------------------

@pytest.mark.parametrize("tone", ["rejection", "offer"])
def test_r15_a_final_answer_ends_the_plan(tone):
    history = [THANKED, event("reply", "2026-11-20 10:00", tone=tone)]
    (p,) = planner.plan(doc(app(events=history)), now=at("2026-11-20 11:00"))
    assert p.status is Status.ENDED
    assert p.actions == ()


def test_r15_a_closed_application_has_no_steps():
    (p,) = planner.plan(doc(app(closed=True)), now=at("2026-11-18 10:00"))
    assert p.status is Status.ENDED
    assert p.actions == ()


def test_r15_the_agenda_spans_every_application_in_date_order():
    second = app(id="globex", company="Globex",
                 interviews=[{"id": "r1", "ends_at": "2026-11-16T11:00:00-05:00",
                              "with": ["dana"]}])
    found = steps(doc(app(), second), "2026-11-17 16:00")
    assert {a.application for a in found} == {"acme", "globex"}
    assert [a.suggested for a in found] == sorted(a.suggested for a in found)


def test_a_new_round_starts_a_new_thank_you_and_count():
    history = [THANKED,
               event("follow_up", "2026-11-25 10:00", channel="email", outcome="sent")]
    rounds = app(events=history, interviews=[
        {"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00", "with": ["dana"]},
        {"id": "r2", "ends_at": "2026-11-30T12:00:00-05:00", "with": ["dana"]}])
    found = steps(doc(rounds), "2026-11-30 13:00")
    assert found[0].kind is ActionKind.THANK_YOU
    assert [a.attempt for a in found if a.kind is ActionKind.FOLLOW_UP] == [1, 2, 3]



def test_r3_an_upcoming_interview_has_its_note_ahead_and_nothing_recorded_before_it():
    (ty,) = [a for a in steps(doc(), "2026-11-17 13:00") if a.kind is ActionKind.THANK_YOU]
    assert ty.why.startswith("Thank Dana Lee. The interview ends Tue 17 Nov, 3 pm: send it by")
    assert planner.group(ty, at("2026-11-17 13:00"), at("2026-11-17 13:00").tzinfo) == "today"
    # the two-round application above, recorded between the rounds
    rounds = doc(app(interviews=[
        {"id": "r1", "ends_at": "2026-11-17T15:00:00-05:00", "with": ["dana"]},
        {"id": "r2", "ends_at": "2026-11-30T12:00:00-05:00", "with": ["dana"]}]))
    (application,) = rounds.applications
    tz = ZoneInfo("America/New_York")
    assert recordchecks.too_early(application, "follow_up", at("2026-11-25 10:00"), tz) is None
    assert recordchecks.too_early(application, "thank_you", at("2026-11-30 11:00"), tz) == (
        "The interview with Acme Corp ends Mon 30 Nov, noon: record a thank-you after that.")
    assert recordchecks.too_early(application, "reply", at("2026-11-17 14:59"), tz) == (
        "The interview with Acme Corp ends Tue 17 Nov, 3 pm: record what happened after that.")
    assert recordchecks.too_early(application, "thank_you", at("2026-11-30 12:00"), tz) is None
    # Entered afterwards, once the interview is over, it says "ended".
    assert recordchecks.too_early(application, "reply", at("2026-11-17 14:59"), tz,
                                  now=at("2026-12-01 09:00")) == (
        "The interview with Acme Corp ended Tue 17 Nov, 3 pm: record what happened after that.")


# -- business days -------------------------------------------------------------------------

def test_public_holidays_of_the_users_country_are_skipped():
    thanked_19 = app(events=[event("thank_you", "2026-11-19 09:00", contact="dana")])
    plain = steps(doc(thanked_19), "2026-11-19 10:00")[0]
    us = steps(doc(thanked_19, country="US"), "2026-11-19 10:00")[0]
    assert day(plain.earliest) == date(2026, 11, 26)  # Thanksgiving is a weekday
    assert day(us.earliest) == date(2026, 11, 27)


def test_a_plan_made_on_a_holiday_counts_the_next_attempt_from_a_working_day():
    # Decision Fri 3 Jul 2026 (Independence Day observed): the 1st window runs Thu 2 - Mon 6
    # Jul. Planned on Sat 4 Jul with it still undone, the 1st goes out on Mon 6 Jul at the
    # earliest, and the 2nd is counted from that working day, not from the Saturday.
    near = app(interviews=[{"id": "r1", "ends_at": "2026-06-29T10:00:00-04:00",
                            "with": ["dana"]}],
               decision_expected="2026-07-03",
               events=[event("thank_you", "2026-06-29 17:00", contact="dana")])
    first, second = [a for a in steps(doc(near, country="US"), "2026-07-04 10:00")
                     if a.kind is ActionKind.FOLLOW_UP][:2]
    assert (day(first.earliest), day(first.latest)) == (date(2026, 7, 2), date(2026, 7, 6))
    assert "1st follow-up planned for Mon 6 Jul" in second.why
    assert day(second.earliest) == date(2026, 7, 13)


def test_follow_ups_fall_on_weekdays_inside_working_hours():
    thanked_fri = app(events=[event("thank_you", "2026-11-20 18:00", contact="dana")])
    for a in steps(doc(thanked_fri), "2026-11-20 19:00"):
        assert a.earliest.weekday() < 5
        assert a.earliest.hour == rules.WORKDAY_START_HOUR
        assert a.latest.hour == rules.WORKDAY_END_HOUR


def test_an_unknown_country_is_a_data_error():
    with pytest.raises(DataError,
                       match=r'settings\.country: no public-holiday calendar for "ZZ"'):
        planner.plan(doc(country="ZZ"), now=at("2026-11-18 10:00"))


def test_every_step_names_a_known_rule_and_its_guide():
    found = steps(doc(app(decision_expected="2026-11-20")), "2026-11-17 16:00")
    for a in found:
        assert type(a.rule) is rules.RuleId
        assert a.guide == rules.RULES[a.rule].guide
        assert a.why.strip()


def test_every_rule_id_is_a_rule_with_its_own_guide_section():
    """The rule ids are one typed enum, and the advice has a rule for each, whose guide
    section's anchor is the id."""
    assert list(rules.RULES) == list(rules.RuleId)
    for rule_id, rule in rules.RULES.items():
        assert rule.id is rule_id
        assert rule.guide.endswith(f"/#{rule_id.lower()}")


def test_planning_is_pure_same_input_same_output():
    d = doc(app(events=[THANKED]))
    assert steps(d, "2026-11-18 10:00") == steps(d, "2026-11-18 10:00")


def test_follow_ups_are_projections_while_the_thank_you_is_unsent():
    found = steps(doc(), "2026-11-17 16:00")
    assert found[0].kind is ActionKind.THANK_YOU
    assert not found[0].projected
    assert all(a.projected for a in found[1:])


# -- answers by phone, endings, applying, the decision date after a reply -------------------

def test_a_call_in_which_you_spoke_is_a_brief_reply_not_a_strike():
    history = [THANKED, event("follow_up", "2026-11-25 10:00", channel="phone",
                              outcome="spoke")]
    (p,) = planner.plan(doc(app(events=history)), now=at("2026-11-25 11:00"))
    assert p.strikes == 0
    assert kinds(p.actions) == ["reply", "move_on"]
    assert "counts as a brief reply" in p.actions[0].why


def test_a_reply_by_phone_is_valid_and_planned_like_any_reply():
    history = [THANKED, event("reply", "2026-11-25 10:00", channel="phone", tone="warm")]
    (p,) = planner.plan(doc(app(events=history)), now=at("2026-11-25 11:00"))
    assert p.status is Status.WAITING


def test_r8_a_decision_date_ahead_of_a_warm_reply_pulls_the_next_follow_up_forward():
    history = [THANKED, event("reply", "2026-11-26 10:00", tone="warm")]
    first = steps(doc(app(decision_expected="2026-12-01", events=history)),
                  "2026-11-26 12:00")[0]
    assert first.rule == "R8"
    assert (day(first.earliest), day(first.latest)) == (date(2026, 11, 30), date(2026, 12, 2))


def test_r8_a_brief_reply_holds_the_move_on_until_after_the_decision():
    history = [THANKED, event("reply", "2026-11-19 16:00", tone="brief")]
    found = steps(doc(app(decision_expected="2026-12-02", events=history)), "2026-11-19 17:00")
    assert kinds(found) == ["reply", "move_on"]
    assert day(found[1].earliest) == date(2026, 12, 3)


@pytest.mark.parametrize(("tone", "note", "ending"), [
    ("offer", "Offer received on Fri 20 Nov", "offer"),
    ("rejection", "They said no on Fri 20 Nov", "rejection")])
def test_r15_an_offer_and_a_no_are_distinct_endings(tone, note, ending):
    history = [THANKED, event("reply", "2026-11-20 10:00", tone=tone)]
    (p,) = planner.plan(doc(app(events=history)), now=at("2026-11-20 11:00"))
    assert (p.status, p.summary, p.ending) == (Status.ENDED, note, ending)


def test_r5_with_no_interview_the_first_follow_up_comes_a_week_after_applying():
    applied = app(interviews=[], applied_on="2026-11-02")
    found = steps(doc(applied), "2026-11-03 10:00")
    assert kinds(found) == ["follow_up", "follow_up", "follow_up", "move_on"]
    assert day(found[0].earliest) == date(2026, 11, 2) + timedelta(rules.APPLIED_WAIT_DAYS)
    assert "your application of Mon 2 Nov" in found[0].why


def test_with_neither_interview_nor_application_date_there_is_no_plan():
    (p,) = planner.plan(doc(app(interviews=[])), now=at("2026-11-03 10:00"))
    assert (p.actions, p.summary) == ((), "No interview recorded yet")


def test_applied_on_must_be_a_date():
    with pytest.raises(DataError, match=r'applications\[0\]\.applied_on: not a date: "soon"'):
        doc(app(applied_on="soon"))


# -- wording of a follow-up already made, and the decision date's tense ---------------------

def test_a_follow_up_already_made_reads_made_on_its_day():
    history = [THANKED, event("follow_up", "2026-11-25 10:00", channel="email", outcome="sent")]
    second = steps(doc(app(events=history)), "2026-11-26 10:00")[0]
    assert second.attempt == 2
    assert "1st follow-up made on Wed 25 Nov: leave about a week between attempts" in second.why
    assert "made for" not in second.why


def test_r8_a_decision_date_still_ahead_is_not_in_the_past_tense():
    # Email follow-up Tue 24 Nov, warm reply Wed 25 Nov, decision Thu 26 Nov: the email gap
    # (R12) holds the next follow-up until Fri 27 Nov, after the decision date. Planned on
    # Wed 25 Nov, the decision is still ahead.
    history = [THANKED, event("follow_up", "2026-11-24 10:00", channel="email", outcome="sent"),
               event("reply", "2026-11-25 10:00", tone="warm")]
    first = steps(doc(app(decision_expected="2026-11-26", events=history)),
                  "2026-11-25 12:00")[0]
    assert first.rule == "R8"
    assert day(first.earliest) == date(2026, 11, 27)
    assert first.why == ("Follow-up 1 of 3. They replied warmly on Wed 25 Nov. Decision "
                         "expected Thu 26 Nov: ask where things stand shortly after.")


def test_r8_on_the_decision_day_itself_the_decision_is_still_expected():
    # Thank-you Wed 18 Nov, decision Thu 19 Nov: the window opens on the decision day.
    first = steps(doc(app(decision_expected="2026-11-19", events=[THANKED])),
                  "2026-11-19 10:00")[0]
    assert first.rule == "R8"
    assert day(first.earliest) == date(2026, 11, 19)
    assert "was expected" not in first.why
    assert "Decision expected Thu 19 Nov: ask where things stand that day or shortly after" in (
        first.why)


def test_r8_a_decision_date_already_past_is_in_the_past_tense():
    # The same plan read on Mon 23 Nov: the decision date has gone by, the step is overdue.
    first = steps(doc(app(decision_expected="2026-11-19", events=[THANKED])),
                  "2026-11-23 10:00")[0]
    assert first.rule == "R8"
    assert "Decision was expected Thu 19 Nov: ask where things stand." in first.why


# -- R13: a spacing of one's own only makes the plan gentler --------------------------------

def _opens(found):
    return [day(a.earliest) for a in found if a.kind is ActionKind.FOLLOW_UP]


@pytest.mark.parametrize("spacing", [rules.MIN_EMAIL_GAP_DAYS, 5, 6])
def test_r13_a_spacing_shorter_than_the_default_changes_nothing(spacing):
    usual = steps(doc(app(events=[THANKED])), "2026-11-18 10:00")
    tighter = steps(doc(app(events=[THANKED]), spacing_days=spacing), "2026-11-18 10:00")
    assert tighter == usual
    applied = app(interviews=[], applied_on="2026-11-16")
    assert (steps(doc(applied, spacing_days=spacing), "2026-11-16 12:00")
            == steps(doc(applied), "2026-11-16 12:00"))


def test_r13_a_longer_spacing_also_delays_the_first_follow_up_after_the_thank_you():
    found = steps(doc(app(events=[THANKED]), spacing_days=10), "2026-11-18 10:00")
    # the note went out Wed 18 Nov: ten days later is Sat 28 Nov, so Mon 30 Nov
    assert _opens(found) == [date(2026, 11, 30), date(2026, 12, 10), date(2026, 12, 21)]
    assert "about a week" not in found[0].why
    assert "10 days later is a good time to ask" in found[0].why


def test_r13_a_longer_spacing_also_delays_the_first_follow_up_after_applying():
    applied = app(interviews=[], applied_on="2026-11-16")  # a Monday
    found = steps(doc(applied, spacing_days=10), "2026-11-16 12:00")
    assert _opens(found)[0] == date(2026, 11, 26)
    usual = steps(doc(applied), "2026-11-16 12:00")
    assert _opens(usual)[0] == date(2026, 11, 23)
    assert "about a week later" in usual[0].why


# -- the agenda's groups ---------------------------------------------------------------------

@pytest.mark.parametrize(("now", "opens", "group"), [
    ("2026-11-20 10:00", "2026-11-22", "week"),    # Friday: Sunday is this week
    ("2026-11-20 10:00", "2026-11-23", "later"),   # Friday: Monday is next week
    ("2026-11-16 10:00", "2026-11-22", "week"),    # Monday: the whole week to Sunday
    ("2026-11-16 10:00", "2026-11-23", "later"),
    ("2026-11-21 10:00", "2026-11-22", "week"),    # Saturday: only Sunday is left
    ("2026-11-21 10:00", "2026-11-23", "later"),
    ("2026-11-22 10:00", "2026-11-23", "later"),   # Sunday: this week is over
    ("2026-11-22 10:00", "2026-11-22", "today"),
])
def test_this_week_runs_to_the_coming_sunday(now, opens, group):
    first = steps(doc(app(events=[THANKED])), "2026-11-18 10:00")[0]
    start = at(f"{opens} 09:00")
    step = first._replace(earliest=start, suggested=start,
                               latest=start + timedelta(days=2))
    assert planner.group(step, at(now), ZoneInfo("America/New_York")) == group


def test_this_week_is_the_documents_own_week():
    # Sun 22 Nov, 8 pm in New York is already Monday 23 Nov in Tokyo: a step opening Tue 24
    # Nov is next week in New York, but this week in Tokyo.
    first = steps(doc(app(events=[THANKED])), "2026-11-18 10:00")[0]
    start = at("2026-11-24 09:00")
    step = first._replace(earliest=start, suggested=start,
                               latest=start + timedelta(days=1))
    now = at("2026-11-22 20:00")
    assert planner.group(step, now, ZoneInfo("America/New_York")) == "later"
    assert planner.group(step, now, ZoneInfo("Asia/Tokyo")) == "week"


def test_r2_a_note_owed_for_an_earlier_round_stays_until_its_own_deadline():
    two_rounds = app(
        contacts=[{"id": "priya", "name": "Priya"}, {"id": "marcus", "name": "Marcus"},
                  {"id": "dana", "name": "Dana"}],
        interviews=[{"id": "r1", "ends_at": "2026-11-18T09:00:00-05:00",
                     "with": ["priya", "marcus"]},
                    {"id": "r2", "ends_at": "2026-11-18T16:00:00-05:00",
                     "with": ["priya", "dana"]}],
        events=[event("thank_you", "2026-11-18 12:00", contact="priya")])
    at_noon = at("2026-11-18 13:00")  # round 2 still to come
    notes = [(a.contact, a.latest) for a in planner.actions(doc(two_rounds), now=at_noon)
             if a.kind is ActionKind.THANK_YOU]
    # Marcus is owed round 1's note by Thu 9 pm; round 2's notes wait for it to end.
    assert notes == [("marcus", at("2026-11-19 21:00")), ("priya", at("2026-11-20 04:00")),
                     ("dana", at("2026-11-20 04:00"))]
    # And it can be recorded before round 2: it thanks him for round 1.
    assert recordchecks.too_early(doc(two_rounds).applications[0], "thank_you", at_noon,
                                  at_noon.tzinfo, "marcus") is None
    assert recordchecks.too_early(doc(two_rounds).applications[0], "thank_you", at_noon,
                                  at_noon.tzinfo, "dana") is not None
    # After round 2, Marcus's round-1 note is still due (he was not in round 2).
    evening = at("2026-11-18 18:00")
    after = [a.contact for a in planner.actions(doc(two_rounds), now=evening)
             if a.kind is ActionKind.THANK_YOU]
    assert after == ["marcus", "priya", "dana"]
    # Once its 36 hours have passed, it is left to the latest round's notes.
    late = [a.contact for a in planner.actions(doc(two_rounds), now=at("2026-11-19 22:00"))
            if a.kind is ActionKind.THANK_YOU]
    assert late == ["priya", "dana"]


# -- R10 across an organisation ------------------------------------------------------------

def test_r10_two_roles_at_one_organisation_never_share_a_follow_up_day():
    """The article: don't contact the organisation more than once a day. Two roles at one
    company (its name written two ways), thanked the same day: their follow-ups keep to
    different days, and a contact made about one role moves the other's window."""
    first = app(id="analyst", company="Acme Corp", events=[THANKED])
    second = app(id="bi", company="ACME corp.", role="BI Developer", events=[THANKED])
    found = planner.actions(doc(first, second), now=at("2026-11-18 10:00"))
    days = [(a.application, day(a.earliest)) for a in found if a.kind is ActionKind.FOLLOW_UP]
    by_app = {name: [d for n, d in days if n == name] for name in ("analyst", "bi")}
    assert len(by_app["analyst"]) == len(by_app["bi"]) == 3
    assert not set(by_app["analyst"]) & set(by_app["bi"])
    moved = next(a for a in found if a.application == "bi")
    assert moved.rule == "R10"
    assert "once a day with one organisation" in moved.why
    # Another company's follow-ups are not held back by Acme's.
    other = app(id="globex", company="Globex", events=[THANKED])
    alone = planner.actions(doc(other), now=at("2026-11-18 10:00"))
    with_acme = [a for a in planner.actions(doc(first, other), now=at("2026-11-18 10:00"))
                 if a.application == "globex"]
    assert with_acme == alone


def test_r10_a_contact_made_about_one_role_keeps_the_others_follow_up_off_that_day():
    called = event("follow_up", "2026-11-25 10:00", contact="dana", channel="email",
                   outcome="sent")
    first = app(id="analyst", events=[THANKED, called])
    second = app(id="bi", events=[THANKED])
    found = planner.actions(doc(second, first), now=at("2026-11-25 11:00"))
    bi = next(a for a in found if a.application == "bi")
    assert day(bi.earliest) == date(2026, 11, 26)
    assert "not on Wed 25 Nov" in bi.why


def test_moving_on_after_the_decision_date_speaks_of_it_in_the_past():
    """Looked at a week after the day they expected to decide, the last step no longer says
    "if nothing comes by then"."""
    story = json.loads((Path(__file__).parent / "scenarios"
                        / "80-second-brief-reply-before-a-far-decision.json").read_text())
    document = dataformat.to_document(story["document"])
    (found,) = planner.plan(document, now=datetime.fromisoformat("2026-12-21T10:00:00-05:00"))
    (move_on,) = [a for a in found.actions if a.kind is ActionKind.MOVE_ON]
    assert "They expected to decide Mon 14 Dec, and nothing came" in move_on.why
    assert "if nothing comes by then" not in move_on.why
