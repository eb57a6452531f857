"""The user's own words for a step, kept until the step is done: saving them, and dropping
those whose step is no longer planned.
"""

from __future__ import annotations

from datetime import datetime

from . import dataformat, planner
from .changeerrors import ChangeError
from .changeparts import Change, Raw, _app, _text
from .model import Action, Document


def step_key(action: Action) -> str:
    """A step's name that survives re-planning: application, kind, contact, attempt."""
    return (f"{action.application}|{action.kind.value}|{action.contact or ''}|"
            f"{action.attempt or ''}")


def _keep_drafts_of_open_steps(raw: Raw, app_id: str, now: datetime) -> None:
    """A kept draft lasts until its step is done: drop those whose step is no longer planned."""
    app = _app(raw, app_id)
    kept = app.get("drafts")
    if not isinstance(kept, dict) or not kept:
        return
    # Each application is planned on its own: read and plan this one, not all of them.
    alone = dataformat.to_document({"settings": raw.get("settings"), "applications": [app]})
    open_steps = {step_key(a) for a in planner.actions(alone, now=now)}
    app["drafts"] = {k: v for k, v in kept.items() if k in open_steps}
    if not app["drafts"]:
        del app["drafts"]


def save_draft(raw: Raw, document: Document, spec: Change, now: datetime) -> tuple[Raw, str]:
    """Keep the user's own words for a step: ``{"app", "key", "subject", "body"}``; empty
    words forget them."""
    app = _app(raw, spec.get("app"))
    key = _text(spec, "key")
    if not key:
        raise ChangeError("Which step is this draft for?")
    kept = app.get("drafts")
    kept = dict(kept) if isinstance(kept, dict) else {}
    subject, body = spec.get("subject"), spec.get("body")
    if isinstance(subject, str) and isinstance(body, str) and (subject.strip() or body.strip()):
        kept[key] = {"subject": subject, "body": body}
        message = "Your draft is kept until you mark the step done."
    else:
        kept.pop(key, None)
        message = "The draft is back to the planner's words."
    if kept:
        app["drafts"] = kept
    else:
        app.pop("drafts", None)
    return raw, message
