"""What the agenda's sections and steps are called, and the view's fixed sentences, in the
page's and the printout's words.

Plain strings, keyed by a section's or a step kind's name, so that anything (the model's
one-line summary included) may use them without the planner.
"""

from __future__ import annotations

#: The agenda's sections, in order, with their titles: the page and ``followup plan`` both
#: show these words. The first four hold steps (:func:`followup.planner.group`); the last two
#: hold applications (waiting for an answer, moved on).
GROUP_TITLES = {
    "overdue": "Overdue",
    "today": "Today",
    "week": "This week",
    "later": "Later",
    "waiting": "Waiting for them",
    "ended": "Closed",
}


#: Why a thank-you cannot be drafted yet.
NOT_YET = "Write it once the interview has ended, so it can mention what you talked about."

#: What a closed application's row says after its summary, by how it ended (model.Ending).
ENDED_NOTES = {
    "offer": "Congratulations! Take the time you need to consider it, and ask for that time "
             "in writing.",
    "rejection": "Not the news you hoped for, but you did everything right; thank them, and "
                 "put your energy into the next one.",
    "moved_on": "You did everything right; put your energy into the next one.",
}

#: What an application waiting after their warm answer is, before its next step.
WARM_WAITING = "They replied warmly."

#: A step's short name, on a timeline: ``Thank-you``, ``Follow-up 2``.
SHORT_LABELS = {"thank_you": "Thank-you", "reply": "Your reply", "move_on": "Move on"}
#: A step as the next thing to do, in a one-line summary: ``Send the thank-you by …``.
DUE_LABELS = {"thank_you": "Send the thank-you", "reply": "Answer their reply",
              "move_on": "Move on"}


def short_label(kind: str, attempt: int | None) -> str:
    return SHORT_LABELS.get(kind, f"Follow-up {attempt}")


def due_label(kind: str, attempt: int | None) -> str:
    return DUE_LABELS.get(kind, f"Follow-up {attempt}")
