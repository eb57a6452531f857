"""What the bridge remembers between calls, in one object that owns it and forgets it.

With hundreds of applications, a change to one must not cost the work of all of them, so a
:class:`Session` keeps (never changing what the answers are):

- the last document read or written, its raw object and records, and its name: a request
  may name it (``known``) instead of sending its text again;
- each application's share of the last view (:class:`views.Part`);
- each application's text in the last file written (``dataformat.dump``'s parts);
- the last views sent, so that a request naming the view the page shows (``shown``) is
  answered with what differs from it (:class:`ViewDelta`).

A new document read drops the texts kept for the one before; :meth:`Session.forget` drops
everything (the page's worker calls it before it makes a memory snapshot).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from . import dataformat, datewords, views
from .contract import AgendaAnswer, AppView, Request, Step, View, ViewDelta
from .dataerrors import DataError
from .model import Document

#: How many views sent are kept to answer with what differs from them.
SENT_KEPT = 4


class UnknownDocument(DataError):
    """A request named a document (``known``) that is not the one remembered."""

    def __init__(self) -> None:
        super().__init__("", "the planner no longer holds that document; send its text")


class Session:
    """The documents, views and texts one process remembers (see the module's docstring)."""

    #: the text last read or written, with its raw object and records; the raw object is
    #: never changed in place (every change is made to a copy)
    last: tuple[str, dict[str, Any], Document] | None
    #: the remembered document's name, for a request's ``known``
    last_token: str
    #: each application's share of the last view, by application id
    parts: dict[str, views.Part]
    #: each application's text in the last text written
    dumped: dict[int, tuple[Any, str]]
    #: the last views sent, by token: each card and each step, by id and key
    sent: dict[str, tuple[dict[str, AppView], dict[str, Step]]]
    #: told apart from another process's tokens (a new worker); made on first use
    name: str
    count: int
    #: how many documents were read from their text (forget() keeps it: a count, not data)
    reads: int

    def __init__(self) -> None:
        self.reads = 0
        self.forget()

    def forget(self) -> None:
        """Forget every document, view and text: nothing of the user's is kept."""
        self.last = None
        self.last_token = ""
        self.parts = {}
        self.dumped = {}
        self.sent = {}
        self.name = ""
        self.count = 0

    def token(self, kind: str) -> str:
        """A new name, never given before by this process nor, in all likelihood, another."""
        if not self.name:
            self.name = secrets.token_hex(4)
        self.count += 1
        return f"{self.name}-{kind}{self.count}"

    def remember(self, text: str, raw: dict[str, Any], document: Document) -> None:
        self.last = (text, raw, document)
        self.last_token = self.token("d")

    def holds(self, raw: dict[str, Any]) -> bool:
        """Whether ``raw`` is the document remembered."""
        return self.last is not None and self.last[1] is raw

    def load(self, request: Request) -> tuple[dict[str, Any], Document]:
        """The request's document, or a new empty one in the browser's zone when there is
        none; or the one remembered, when the request names it (``known``) instead of
        sending its text. The document's own clock, if it sets one, is used from here on."""
        if "known" in request and "document" not in request:
            if self.last is None or request["known"] != self.last_token:
                raise UnknownDocument
            raw, document = self.last[1], self.last[2]
        else:
            text = request.get("document")
            if text is None:
                raw = dataformat.new_raw(request.get("timezone") or "UTC")
                return raw, dataformat.to_document(raw)
            if not isinstance(text, str):
                raise DataError("", "the stored data is not text")
            if self.last is not None and self.last[0] == text:
                raw, document = self.last[1], self.last[2]
            else:
                raw, document = dataformat.load(text)
                self.remember(text, raw, document)
                self.dumped.clear()
                self.reads += 1
        if document.settings.clock is not None:
            datewords.set_clock(document.settings.clock.value)
        return raw, document

    def dump(self, raw: dict[str, Any]) -> str:
        """The document's text, writing again only the applications that changed."""
        return dataformat.dump(raw, parts=self.dumped)

    def view(self, raw: dict[str, Any], document: Document, now: datetime) -> View:
        """The view as of ``now``, from the last view's parts where they still hold."""
        built = views.build(raw, document, now, self.parts)
        self.parts = built.parts
        return built.view

    def answer(self, request: Request, shown: View, *, remembered: bool) -> AgendaAnswer:
        """``{"view", "token"}``, or ``{"delta", "token"}`` when the request's ``shown`` names
        a view sent before: then only what differs from that one. ``known`` names the
        document the answer is about (the one remembered), for the next request."""
        token = self.token("v")
        apps = {a["id"]: a for a in shown["applications"]}
        steps = {s["key"]: s for s in shown["steps"]}
        base = self.sent.get(request["shown"]) if isinstance(request.get("shown"), str) else None
        self.sent[token] = (apps, steps)
        while len(self.sent) > SENT_KEPT:
            del self.sent[next(iter(self.sent))]
        answer = AgendaAnswer(ok=True, token=token)
        if remembered:
            answer["known"] = self.last_token
        if base is None:
            answer["view"] = shown
            return answer
        old_apps, old_steps = base
        answer["delta"] = ViewDelta(
            base=request["shown"], timezone=shown["timezone"], groups=shown["groups"],
            settings=shown["settings"], sample=shown["sample"], events=shown["events"],
            applications=list(apps), steps=list(steps),
            changed=[a for i, a in apps.items() if not _same(old_apps.get(i), a)],
            changed_steps=[s for k, s in steps.items() if not _same(old_steps.get(k), s)])
        return answer


def _same(old: object, new: object) -> bool:
    return old is new or old == new
