"""The features of the data format that change a plan, by name: one line each in
:data:`FEATURES`.

Version 1 of the format grows by adding fields, and an older planner keeps fields it does not
know but plans without them: an application with only ``applied_on`` would lose its
follow-up. So a file records, in ``features``, each feature its writer used
(:func:`with_features`), and a reader that meets a name it does not know plans nothing from
that file (:func:`newer`) and says that a newer planner wrote it. A field that changes the
plan is added to the format with one line here; a field that does not (a note, a title)
needs none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final

from .dataerrors import DataError, _show

__all__ = ["FEATURES", "NewerDocument", "newer", "used", "with_features"]


def _apps(raw: dict[str, Any]) -> Iterator[dict[str, Any]]:
    apps = raw.get("applications")
    yield from (a for a in apps if isinstance(a, dict)) if isinstance(apps, list) else ()


def _events(raw: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for app in _apps(raw):
        events = app.get("events")
        if isinstance(events, list):
            yield from (e for e in events if isinstance(e, dict))


#: Each feature of the format that changes a plan, and whether a document uses it.
FEATURES: Final[dict[str, Callable[[dict[str, Any]], bool]]] = {
    # an application followed up from the day it was sent, before any interview
    "applied_on": lambda raw: any("applied_on" in a for a in _apps(raw)),
    # the day they said they would decide, which sets the wait
    "decision_expected": lambda raw: any("decision_expected" in a for a in _apps(raw)),
    # someone's time away (a holiday week), which moves the steps
    "away": lambda raw: any(a.get("away") for a in _apps(raw)),
    # a contact recorded without its date
    "date_unknown": lambda raw: any(e.get("date_unknown") for e in _events(raw)),
    # what came of a phone call (spoke, voicemail, no answer); "sent" is every message's
    "call_outcome": lambda raw: any(e.get("outcome", "sent") != "sent" for e in _events(raw)),
}


class NewerDocument(DataError):
    """The document uses features this planner does not know: a newer one wrote it.
    ``holds`` says what it holds, an application a line ("Acme Corp, Data Analyst"), so that
    the user sees that their data is there."""

    def __init__(self, names: list[str], holds: list[str] | None = None) -> None:
        self.names = names
        self.holds = holds or []
        shown = ", ".join(_show(n) for n in names)
        super().__init__("features", f"uses {shown}, which a newer Follow-up Planner wrote "
                                     "and this one does not know; so that nothing is planned "
                                     "from part of it, this one plans nothing from this file "
                                     "and changes nothing in it")


def used(raw: dict[str, Any]) -> list[str]:
    """The features ``raw`` uses, in the table's order."""
    return [name for name, uses in FEATURES.items() if uses(raw)]


def with_features(raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` as it is written: ``features`` names the features it uses (after
    ``version``), or is left out when it uses none. ``raw`` itself is not changed."""
    names = used(raw)
    if raw.get("features") == names or (not names and "features" not in raw):
        return raw
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key != "features":
            out[key] = value
        if key == "version" and names:
            out["features"] = names
    if names and "features" not in out:
        out["features"] = names
    return out


def newer(raw: dict[str, Any]) -> None:
    """Refuses a document that names a feature this planner does not know."""
    names = raw.get("features", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise DataError("features", f"expected a list of names, found {_show(names)}")
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise NewerDocument(unknown, [", ".join(str(a[k]) for k in ("company", "role")
                                                if isinstance(a.get(k), str) and a[k])
                                      for a in _apps(raw)])
