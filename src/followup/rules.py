"""The advice as numbers and rule ids: the one place both the guides and the planner read.

Every figure the guides quote is rendered from these constants at site-build time, so the
guides and the planner cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

#: R2: the thank-you goes out no later than this many hours after the interview ends.
THANK_YOU_LATEST_HOURS: Final = 36
#: R2: sooner is better; the planner suggests sending it within this many hours.
THANK_YOU_SUGGESTED_HOURS: Final = 24

#: R7: at most this many follow-up attempts after the thank-you ("three strikes").
MAX_FOLLOW_UPS: Final = 3

#: R8/R12: by default the first follow-up comes about a week after the thank-you, and
#: later ones about a week apart.
DEFAULT_SPACING_DAYS: Final = 7
#: R5: with no interview yet, the first follow-up comes about a week (seven calendar days)
#: after the day you applied; later ones keep the usual spacing.
APPLIED_WAIT_DAYS: Final = 7
#: R12: never less than this many calendar days between two email follow-ups.
MIN_EMAIL_GAP_DAYS: Final = 3
#: R10: never less than this many calendar days between two follow-up days of any kind.
MIN_DAYS_BETWEEN_CONTACTS: Final = 1
#: How many business days a follow-up window stays open after the day it opens.
FOLLOW_UP_WINDOW_BUSINESS_DAYS: Final = 2
#: R8: when a decision date is known, the first follow-up window closes no later than
#: this many business days after it.
DECISION_GRACE_BUSINESS_DAYS: Final = 1

#: R14: after a brief, non-committal reply, wait this many business days at least ...
REPLY_WAIT_MIN_BUSINESS_DAYS: Final = 1
#: ... and answer no later than this many business days after it.
REPLY_WAIT_MAX_BUSINESS_DAYS: Final = 2

#: Follow-ups and replies are planned inside working hours (local time of the user).
WORKDAY_START_HOUR: Final = 9
WORKDAY_END_HOUR: Final = 17

#: The night, in the user's own zone: no suggested moment and no calendar event falls from
#: this hour (unless a thank-you's window closes before the night ends: then it says to send
#: it tonight) ...
NIGHT_START_HOUR: Final = 21
#: ... until this one. A thank-you whose 24th hour falls in it is suggested for the evening
#: before (the hour before NIGHT_START_HOUR); a step due while it is night, for the next
#: working morning (WORKDAY_START_HOUR) when its window reaches that, else this hour.
NIGHT_END_HOUR: Final = 8

#: A reminder alarm this many minutes before each planned step in the calendar export.
REMINDER_MINUTES: Final = 15


class RuleId(StrEnum):
    """The rules of the advice, as the guides number them; each guide section's anchor is its
    id in lower case ("#r2")."""

    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"
    R6 = "R6"
    R7 = "R7"
    R8 = "R8"
    R9 = "R9"
    R10 = "R10"
    R11 = "R11"
    R12 = "R12"
    R13 = "R13"
    R14 = "R14"
    R15 = "R15"
    R16 = "R16"
    R17 = "R17"


@dataclass(frozen=True, slots=True)
class Rule:
    """One piece of the advice, with the guide section that explains it."""

    id: RuleId
    title: str
    guide: str  # site-relative path with anchor, e.g. "thank-you/#r2"


def _rule(rule_id: RuleId, title: str, page: str) -> Rule:
    return Rule(rule_id, title, f"{page}/#{rule_id.lower()}")


RULES: Final[dict[RuleId, Rule]] = {
    r.id: r
    for r in (
        _rule(RuleId.R1, "Send a thank-you note after every interview", "thank-you"),
        _rule(RuleId.R2, f"Send it within {THANK_YOU_LATEST_HOURS} hours; sooner is better",
              "thank-you"),
        _rule(RuleId.R3, "Write it after the interview, never before", "thank-you"),
        _rule(RuleId.R4, "What goes in the thank-you note", "thank-you"),
        _rule(RuleId.R5, "Hearing nothing? Following up is right", "how-long-to-wait"),
        _rule(RuleId.R6, "What goes in a follow-up", "what-to-say"),
        _rule(RuleId.R7, f"{MAX_FOLLOW_UPS} strikes, then move on", "how-many-times"),
        _rule(RuleId.R8, "Use their clues: a near decision date", "how-long-to-wait"),
        _rule(RuleId.R9, "Wait until they are back", "how-long-to-wait"),
        _rule(RuleId.R10, "Never more than once a day", "how-many-times"),
        _rule(RuleId.R11, "Phone: try again later, don't leave message after message",
              "how-many-times"),
        _rule(RuleId.R12, f"Email: at least {MIN_EMAIL_GAP_DAYS} days between attempts",
              "how-many-times"),
        _rule(RuleId.R13, "Persistence in small quantities", "how-many-times"),
        _rule(RuleId.R14, "A brief reply: wait a day or two, answer briefly", "lukewarm-reply"),
        _rule(RuleId.R15, "A final answer ends it; keep the others moving", "moving-on"),
        _rule(RuleId.R16, "You are entitled to ask for an update", "how-long-to-wait"),
        _rule(RuleId.R17, "Silence is often their time pressure, not you", "how-long-to-wait"),
    )
}


def numbers() -> dict[str, int]:
    """The figures the guides quote, by the name the guides use for them."""
    return {
        "thank_you_latest_hours": THANK_YOU_LATEST_HOURS,
        "thank_you_suggested_hours": THANK_YOU_SUGGESTED_HOURS,
        "max_follow_ups": MAX_FOLLOW_UPS,
        "default_spacing_days": DEFAULT_SPACING_DAYS,
        "applied_wait_days": APPLIED_WAIT_DAYS,
        "min_email_gap_days": MIN_EMAIL_GAP_DAYS,
        "follow_up_window_business_days": FOLLOW_UP_WINDOW_BUSINESS_DAYS,
        "decision_grace_business_days": DECISION_GRACE_BUSINESS_DAYS,
        "reply_wait_min_business_days": REPLY_WAIT_MIN_BUSINESS_DAYS,
        "reply_wait_max_business_days": REPLY_WAIT_MAX_BUSINESS_DAYS,
        "night_start_hour": NIGHT_START_HOUR,
        "night_end_hour": NIGHT_END_HOUR,
    }
