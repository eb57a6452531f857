"""The pieces the changes to a raw document share: finding and making its parts, reading
the change's fields, and the time something happened.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from . import datewords, validation, words
from .changeerrors import ChangeError
from .model import Document, Role

Raw = dict[str, Any]


Change = dict[str, Any]


def event(kind: str, at: datetime, **fields: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {"at": at.isoformat(), "type": kind}
    found.update({k: v for k, v in fields.items() if v is not None})
    return found


#: ids made from names, as an import makes them
_slug = words.slug


def _items(obj: dict[str, Any], key: str) -> list[Any]:
    """The list under ``key``, made when it is missing or null (both mean none)."""
    found = obj.get(key)
    if not isinstance(found, list):
        found = obj[key] = []
    return found


def _each(obj: dict[str, Any], key: str) -> list[Any]:
    """The list under ``key`` to read: empty when it is missing or null."""
    found = obj.get(key)
    return found if isinstance(found, list) else []


def _mapping(obj: dict[str, Any], key: str) -> dict[str, Any]:
    """The object under ``key``, made when it is missing or null."""
    found = obj.get(key)
    if not isinstance(found, dict):
        found = obj[key] = {}
    return found


def _app(raw: Raw, app_id: object) -> dict[str, Any]:
    for app in _each(raw, "applications"):
        if isinstance(app, dict) and app.get("id") == app_id:
            return app
    raise ChangeError("That application no longer exists (was it deleted in another tab?).")


def _text(spec: Change, key: str) -> str:
    value = spec.get(key)
    return value.strip() if isinstance(value, str) else ""


def _optional(target: dict[str, Any], fields: dict[str, Any], keys: tuple[str, ...]) -> None:
    """For each of ``keys`` that ``fields`` names: its text, trimmed, into ``target``; an
    empty one takes the key out (an optional field is absent, never blank)."""
    for key in keys:
        if key in fields:
            value = str(fields[key] or "").strip()
            if value:
                target[key] = value
            else:
                target.pop(key, None)


def _local(value: object, tz: ZoneInfo, what: str) -> str:
    """``2026-11-17T15:00`` in the user's time zone -> ISO with its offset."""
    if not isinstance(value, str) or not value:
        raise ChangeError(f"Give the {what}.")
    try:
        return validation.local_moment(value, tz).isoformat()
    except ValueError:
        raise ChangeError(f"The {what} is not a date and time.") from None


def _contact(app: dict[str, Any], name: str, email: str = "", phone: str = "",
             role: str = "") -> str:
    """The id of the contact called ``name`` (any case), made when there is none; what is
    given (an address, a phone, their part: ``role``) is set on them."""
    if role and role not in {r.value for r in Role}:
        raise ChangeError(f'A person\'s part is "interviewer", "recruiter" or "other", not '
                          f'"{role}".')
    contacts = _items(app, "contacts")
    found = next((c for c in contacts if isinstance(c, dict) and name
                  and str(c.get("name", "")).lower() == name.lower()), None)
    if found is None:
        found = {"id": _slug(name, {c.get("id") for c in contacts}, "contact"), "name": name}
        contacts.append(found)
    for key, value in (("email", email), ("phone", phone), ("role", role)):
        if value:
            found[key] = value
    return str(found["id"])


def _zone(document: Document) -> ZoneInfo:
    return ZoneInfo(document.settings.timezone)


def _when(spec: Change, document: Document, now: datetime) -> datetime:
    """When it happened: ``at_local`` on the document's clock (what a person types, never
    later than now: what is recorded has happened), ``at`` with its offset, or now."""
    if spec.get("at"):
        return validation.parse_datetime(spec["at"], "at")
    if not spec.get("at_local"):
        return now
    at = datetime.fromisoformat(_local(spec["at_local"], _zone(document), "time it happened"))
    if at > now + timedelta(minutes=1):
        raise ChangeError(f"{datewords.moment(at.astimezone(_zone(document)))} is still to come: "
                          "record it once it has happened.")
    return at
