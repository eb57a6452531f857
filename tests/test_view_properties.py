"""The page's view, checked over generated documents (hypothesis): every document the command
line accepts yields a view, with every date in words and every offered change applicable."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from followup import bridge, changeerrors, dataformat, edit, labels, planner, rules
from followup.dataerrors import DataError

ZONES = ["America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Sydney", "UTC",
         "Pacific/Chatham"]
START = datetime(2026, 1, 5, tzinfo=ZoneInfo("UTC"))
#: An ISO date or date-time, as the data file stores them: never shown to the user.
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")

# Letters, marks and spaces from every script (right-to-left ones included), never digits:
# the text a user types can then never look like an ISO date by itself.
names = st.one_of(
    st.sampled_from(["", "Dana Lee", "شركة النور", "דנה לוי", "Zoë Ōkubo", "  spaced  ",
                     "李小龍", "Ünïcødé & Co"]),
    st.text(st.characters(categories=("L", "M", "Zs", "Po")), max_size=12),
)
companies = names.filter(lambda s: bool(s.strip()))


def moment(draw, base: datetime, tz: ZoneInfo, days: int) -> datetime:
    return (base + timedelta(minutes=draw(st.integers(0, 60 * 24 * days)))).astimezone(tz)


@st.composite
def applications(draw, index: int, tz: ZoneInfo):
    contact_ids = [f"c{n}" for n in range(draw(st.integers(0, 3)))]
    contacts = []
    for cid in contact_ids:
        contact = {"id": cid, "name": draw(names)}
        if draw(st.booleans()):
            contact["email"] = f"{cid}@example.org"
        if draw(st.booleans()):
            contact["phone"] = "+1 555 0100"
        contacts.append(contact)
    first = moment(draw, START, tz, 300)
    interviews = []
    for n in range(draw(st.integers(0, 3))):
        interview = {"id": f"r{n + 1}", "ends_at": moment(draw, first, tz, 20).isoformat(),
                     "with": draw(st.lists(st.sampled_from(contact_ids), unique=True))
                     if contact_ids else []}
        if draw(st.booleans()):
            interview["memorable"] = draw(names)
            interview["topics"] = draw(st.lists(names, max_size=3))
        interviews.append(interview)
    events = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["thank_you", "follow_up", "follow_up", "reply"]))
        ev = {"at": moment(draw, first, tz, 60).isoformat(), "type": kind}
        if contact_ids and draw(st.booleans()):
            ev["contact"] = draw(st.sampled_from(contact_ids))
        if kind == "follow_up":
            channel = draw(st.sampled_from(["email", "phone"]))
            ev["channel"] = channel
            ev["outcome"] = (draw(st.sampled_from(["sent", "voicemail", "no_answer", "spoke"]))
                             if channel == "phone" else "sent")
        if kind == "reply":
            ev["tone"] = draw(st.sampled_from(["warm", "brief", "rejection", "offer"]))
        events.append(ev)
    away = []
    for _ in range(draw(st.integers(0, 2))):
        start = first.date() + timedelta(days=draw(st.integers(-5, 40)))
        entry = {"from": start.isoformat(),
                 "until": (start + timedelta(days=draw(st.integers(0, 20)))).isoformat()}
        if contact_ids and draw(st.booleans()):
            entry["contact"] = draw(st.sampled_from(contact_ids))
        away.append(entry)
    app = {"id": f"app-{index}", "company": draw(companies), "role": draw(names),
           "contacts": contacts, "interviews": interviews, "events": events, "away": away}
    if draw(st.booleans()):
        app["decision_expected"] = (first.date()
                                    + timedelta(days=draw(st.integers(-3, 30)))).isoformat()
    if draw(st.integers(0, 5)) == 0:
        app["closed"] = True
    if draw(st.integers(0, 5)) == 0:
        app["sample"] = True
    if draw(st.booleans()):
        app["article"] = {"title": draw(names), "url": "https://example.org/a"}
    return app, first


@st.composite
def documents(draw):
    zone = draw(st.sampled_from(ZONES))
    tz = ZoneInfo(zone)
    settings_: dict[str, object] = {"timezone": zone}
    country = draw(st.sampled_from([None, None, None, "US", "FR"]))
    if country:
        settings_["country"] = country
    if draw(st.booleans()):
        settings_["candidate"] = {"name": draw(names), "email": "me@example.org"}
    if draw(st.booleans()):
        settings_["max_follow_ups"] = draw(st.integers(1, rules.MAX_FOLLOW_UPS))
    if draw(st.booleans()):
        settings_["spacing_days"] = draw(st.integers(rules.MIN_EMAIL_GAP_DAYS, 14))
    apps, firsts = [], [START]
    for index in range(draw(st.integers(0, 3))):
        app, first = draw(applications(index, tz))
        apps.append(app)
        firsts.append(first)
    now = moment(draw, min(firsts), tz, 400)
    return {"format": "followup-planner", "version": 1, "settings": settings_,
            "applications": apps}, now


def accepted(document: dict[str, object], now: datetime) -> bool:
    """What ``followup check`` accepts: the file loads and plans."""
    try:
        planner.plan(dataformat.load(json.dumps(document))[1], now=now)
    except DataError:
        return False
    return True


def shown(value: object, key: str = "") -> list[str]:
    """Every string the page displays: not the changes and requests it sends back, nor the
    form values (facts, round notes, a history entry's editor) and ids it only hands back to
    Python."""
    if key in {"remove", "edit", "done", "draft", "closing", "facts", "latest_round",
               "round_notes", "contacts",
               "key", "steps", "apps", "application", "id", "contact", "due_from"}:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in shown(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in shown(v)]
    return []


FAST = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@FAST
@given(documents())
def test_every_accepted_document_has_a_view_with_dates_in_words(case):
    document, now = case
    assume(accepted(document, now))
    answer = json.loads(bridge.call("agenda", json.dumps(
        {"document": json.dumps(document, ensure_ascii=False), "now": now.isoformat()},
        ensure_ascii=False)))
    assert answer["ok"] is True, answer
    view = answer["view"]
    for text in shown(view):
        assert not ISO.search(text), text
    keys = [s["key"] for s in view["steps"]]
    assert len(keys) == len(set(keys))
    order = list(labels.GROUP_TITLES)
    ids = [g["id"] for g in view["groups"]]
    assert ids == sorted(ids, key=order.index)
    assert sorted(k for g in view["groups"] for k in g["steps"]) == sorted(keys)
    assert all(g["steps"] or g["apps"] for g in view["groups"])
    # A step is due (today or overdue) exactly from its due_from on: reminders count by it.
    for step in view["steps"]:
        due = datetime.fromisoformat(step["due_from"].replace("Z", "+00:00"))
        assert (step["group"] in {"today", "overdue"}) == (due <= now), (step, now)
    for card in view["applications"]:
        assert [m["kind"] for m in card["timeline"]].count("today") == 1
        assert card["headline"]


@FAST
@given(documents())
def test_every_change_the_view_offers_can_be_made(case):
    document, now = case
    assume(accepted(document, now) and document["applications"])
    view = json.loads(bridge.call("agenda", json.dumps(
        {"document": json.dumps(document), "now": now.isoformat()})))["view"]
    raw, records = dataformat.load(json.dumps(document))
    offered = [s["done"] for s in view["steps"] if s["done"] and s["ready"]]
    for card in view["applications"]:
        for what in ("people", "rounds", "absences", "history"):
            offered.extend(item["remove"] for item in card[what] if item["remove"])
    for change in offered:
        try:
            new, _, _ = edit.apply(raw, records, change, now=now)
        except changeerrors.RuleWarning:
            # A contact against the rules (a note marked sent on a day with a follow-up, say)
            # is asked about first; confirmed, it is made.
            new, _, _ = edit.apply(raw, records, {**change, "despite": True}, now=now)
        planner.plan(dataformat.to_document(new), now=now)
