"""The planner's invariants, stated once, checked over generated histories (hypothesis)."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup import dataformat, planner, rules, timing
from followup.businessdays import BusinessDays
from followup.model import ActionKind, EventType

ZONES = ["America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Sydney", "UTC"]
START = datetime(2026, 1, 5, tzinfo=ZoneInfo("UTC"))


@st.composite
def histories(draw):
    zone = draw(st.sampled_from(ZONES))
    tz = ZoneInfo(zone)
    country = draw(st.sampled_from([None, None, "US", "FR", "GB"]))
    ends = (START + timedelta(minutes=draw(st.integers(0, 60 * 24 * 300)))).astimezone(tz)
    contacts = ["a", "b", "c"][: draw(st.integers(0, 3))]
    with_ = draw(st.lists(st.sampled_from(contacts), unique=True)) if contacts else []
    t = ends
    events = []
    for _ in range(draw(st.integers(0, 8))):
        t = t + timedelta(minutes=draw(st.integers(1, 60 * 24 * 9)))
        kind = draw(st.sampled_from(["thank_you", "follow_up", "follow_up", "reply"]))
        ev = {"at": t.isoformat(), "type": kind}
        if kind == "thank_you" and with_:
            ev["contact"] = draw(st.sampled_from(with_))
        if kind == "follow_up":
            channel = draw(st.sampled_from(["email", "phone"]))
            ev["channel"] = channel
            ev["outcome"] = (draw(st.sampled_from(["sent", "voicemail", "no_answer", "spoke"]))
                             if channel == "phone" else "sent")
        if kind == "reply":
            ev["tone"] = draw(st.sampled_from(["warm", "brief", "brief", "rejection", "offer"]))
        events.append(ev)
    away = []
    for _ in range(draw(st.integers(0, 2))):
        start = ends.date() + timedelta(days=draw(st.integers(-5, 40)))
        until = start + timedelta(days=draw(st.integers(0, 20)))
        entry = {"from": start.isoformat(), "until": until.isoformat()}
        if contacts and draw(st.booleans()):
            entry["contact"] = draw(st.sampled_from(contacts))
        away.append(entry)
    app = {
        "id": "app", "company": "Co",
        "contacts": [{"id": c} for c in contacts],
        "interviews": [{"id": "r1", "ends_at": ends.isoformat(), "with": with_}],
        "events": events, "away": away,
    }
    if draw(st.booleans()):
        app["decision_expected"] = (ends.date()
                                    + timedelta(days=draw(st.integers(-3, 30)))).isoformat()
    settings_ = {"timezone": zone}
    if country:
        settings_["country"] = country
    if draw(st.booleans()):
        settings_["max_follow_ups"] = draw(st.integers(1, rules.MAX_FOLLOW_UPS))
    if draw(st.booleans()):
        settings_["spacing_days"] = draw(st.integers(rules.MIN_EMAIL_GAP_DAYS, 14))
    now = t + timedelta(minutes=draw(st.integers(0, 60 * 24 * 20)))
    document = {"format": "followup-planner", "version": 1, "settings": settings_,
                "applications": [app]}
    return dataformat.load(json.dumps(document))[1], now


def _plan(document, now):
    (p,) = planner.plan(document, now=now)
    return p


COMMON = settings(max_examples=300, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(histories())
def test_every_window_is_ordered(case):
    document, now = case
    for a in _plan(document, now).actions:
        assert a.earliest <= a.suggested <= a.latest


@COMMON
@given(histories())
def test_thank_you_windows_are_the_interview_end_plus_36_hours(case):
    document, now = case
    tz = ZoneInfo(document.settings.timezone)
    end = document.applications[0].interviews[0].ends_at
    for a in _plan(document, now).actions:
        if a.kind is ActionKind.THANK_YOU:
            assert a.earliest == end
            assert a.latest - end == timedelta(hours=rules.THANK_YOU_LATEST_HOURS)
            twenty_four = end + timedelta(hours=rules.THANK_YOU_SUGGESTED_HOURS)
            local = a.suggested.astimezone(tz)
            if a.suggested > now and timing.in_the_night(now, tz) and a.suggested > end + (
                    timedelta(hours=rules.THANK_YOU_SUGGESTED_HOURS)):
                # due while it is night: the morning, at 9 when the window still reaches it,
                # else at the night's end (8 am)
                nine = datetime.combine(local.date(), time(rules.WORKDAY_START_HOUR), tzinfo=tz)
                hour = rules.WORKDAY_START_HOUR if nine <= a.latest else rules.NIGHT_END_HOUR
                assert (local.hour, local.minute) == (hour, 0)
                assert now < a.suggested <= a.latest
            elif not timing.in_the_night(twenty_four, tz):
                assert a.suggested == twenty_four
            else:  # the evening before the night its 24th hour falls in
                assert (local.hour, local.minute) == (rules.NIGHT_START_HOUR - 1, 0)
                assert end + timedelta(hours=11) <= a.suggested < twenty_four


@COMMON
@given(histories())
def test_no_suggested_moment_falls_in_the_night(case):
    """Times people keep: a step's time to act is never in the night of the user's zone
    (follow-ups and replies start in working hours; a thank-you's 24th hour at night moves
    to the evening before, within the 24 hours)."""
    document, now = case
    tz = ZoneInfo(document.settings.timezone)
    for a in _plan(document, now).actions:
        if a.rule != "R11":  # the same-day retry of a call starts now, by the user's hand
            assert not timing.in_the_night(a.suggested, tz), a


def _strike_days(document, tz):
    app = document.applications[0]
    end = app.interviews[0].ends_at
    return {e.at.astimezone(tz).date() for e in app.events
            if e.type is EventType.FOLLOW_UP and e.at >= end}


def _contact_days(document, tz):
    app = document.applications[0]
    return {e.at.astimezone(tz).date() for e in app.events}


def _planned(p):
    """Follow-ups and replies the user has yet to make, less the same-day phone retry."""
    return [a for a in p.actions
            if a.kind in (ActionKind.FOLLOW_UP, ActionKind.REPLY) and a.rule != "R11"]


@COMMON
@given(histories())
def test_never_more_than_three_strikes(case):
    document, now = case
    p = _plan(document, now)
    limit = document.settings.max_follow_ups or rules.MAX_FOLLOW_UPS
    follow = [a for a in _planned(p) if a.kind is ActionKind.FOLLOW_UP]
    assert p.strikes + len(follow) <= max(limit, p.strikes)
    assert len(follow) <= rules.MAX_FOLLOW_UPS
    attempts = [a.attempt for a in follow]
    assert attempts == sorted(set(attempts))
    assert all(1 <= n <= limit for n in attempts)


@COMMON
@given(histories())
def test_planned_contacts_fall_on_distinct_days_after_every_past_contact(case):
    document, now = case
    tz = ZoneInfo(document.settings.timezone)
    p = _plan(document, now)
    opens = [a.earliest.astimezone(tz).date() for a in _planned(p)]
    assert len(opens) == len(set(opens))
    past = _contact_days(document, tz)
    assert not past.intersection(opens)
    thank_you_days = {a.suggested.astimezone(tz).date() for a in p.actions
                      if a.kind is ActionKind.THANK_YOU and a.suggested >= now}
    assert not thank_you_days.intersection(opens)


@COMMON
@given(histories())
def test_follow_ups_keep_the_minimum_email_gap(case):
    document, now = case
    tz = ZoneInfo(document.settings.timezone)
    p = _plan(document, now)
    opens = sorted(a.earliest.astimezone(tz).date() for a in _planned(p)
                   if a.kind is ActionKind.FOLLOW_UP)
    for earlier, later in itertools.pairwise(opens):
        assert (later - earlier).days >= rules.MIN_EMAIL_GAP_DAYS


@COMMON
@given(histories())
def test_no_window_opens_while_its_contact_is_away(case):
    document, now = case
    tz = ZoneInfo(document.settings.timezone)
    app = document.applications[0]
    for a in _planned(_plan(document, now)):
        opens: date = a.earliest.astimezone(tz).date()
        for away in app.away:
            if away.contact in (None, a.contact):
                assert not away.start <= opens <= away.until


@COMMON
@given(histories())
def test_follow_ups_replies_and_move_on_fall_on_business_days(case):
    document, now = case
    tz = ZoneInfo(document.settings.timezone)
    days = BusinessDays(document.settings.country)
    for a in _plan(document, now).actions:
        if a.kind is ActionKind.THANK_YOU or a.rule == "R11":
            continue
        assert days.is_business_day(a.earliest.astimezone(tz).date())
        assert days.is_business_day(a.latest.astimezone(tz).date())


@COMMON
@given(histories())
def test_nothing_comes_after_moving_on(case):
    document, now = case
    actions = list(_plan(document, now).actions)
    kinds = [a.kind for a in actions]
    if ActionKind.MOVE_ON in kinds:
        assert kinds.count(ActionKind.MOVE_ON) == 1
        move_on = actions[kinds.index(ActionKind.MOVE_ON)]
        assert all(a.latest <= move_on.earliest for a in actions if a is not move_on)


@COMMON
@given(histories())
def test_a_final_answer_or_closing_leaves_nothing_to_do(case):
    document, now = case
    app = document.applications[0]
    p = _plan(document, now)
    end = app.interviews[0].ends_at
    if any(e.tone is not None and e.tone.value in ("offer", "rejection") and e.at >= end
           for e in app.events):
        assert p.actions == ()
