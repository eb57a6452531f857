"""The only Python the planner page calls: ``call(name, request)``, JSON text in and out.

``name`` is one of :data:`FUNCTIONS` (what each does: :mod:`followup.calls`); the request
is one JSON object (as text). The answer is one JSON object (as ASCII text) with ``"ok": true``
and the result, or ``"ok": false`` and ``"error"``, a sentence for the user (see
``site_app/js/types.js``, ``Failure``), never a traceback. The page never reads the data
file's own format: a document is text that comes in and goes back out, and everything shown
comes from a :class:`~followup.contract.View` with every word and date ready (in the
document's time zone). Nothing is created at import time and nothing is stored; the page
owns storage. What the process remembers to answer faster (never differently) is one
:class:`~followup.session.Session`; :func:`forget` drops it.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Mapping
from typing import Any

from . import datewords, drafts, rules
from .calls import CALLS
from .changeerrors import ChangeError, RuleWarning
from .contract import Request
from .dataerrors import DataError
from .features import NewerDocument
from .session import Session, UnknownDocument

#: The documents and views this process remembers between calls (followup.session).
remembered = Session()


def forget() -> None:
    """Forgets every document this process remembers. The page's worker calls it before it
    makes a memory snapshot (after a warm-up on a sample), so that no document is kept in it,
    and after a restored snapshot has answered the same sample."""
    remembered.forget()


# -- the answers ---------------------------------------------------------------------------

def _reply(fn: Callable[[Session, Request], Mapping[str, object]], text: str) -> str:
    """Run one call: its result, or a failure the page can show (never a traceback)."""
    result: dict[str, Any]
    reads = remembered.reads
    try:
        request = json.loads(text)
        if not isinstance(request, dict):
            raise DataError("", "the request is not a JSON object")
        # The device's clock (12h or 24h) unless the document names its own (_load).
        with datewords.using_clock(request.get("clock")):
            result = dict(fn(remembered, request))
        if remembered.reads != reads:
            _settle()
    except RuleWarning as exc:
        rule = rules.RULES[exc.rule]
        result = {"ok": False, "error": str(exc),
                  "warning": {"rule": rule.id, "title": rule.title, "guide": rule.guide}}
    except UnknownDocument as exc:
        result = {"ok": False, "unknown": True, "error": str(exc)}
    except NewerDocument as exc:  # the page says a newer version wrote it, and reloads
        result = {"ok": False, "newer": exc.names, "holds": exc.holds, "error": str(exc)}
    except (DataError, drafts.DraftError, ChangeError) as exc:
        result = {"ok": False, "error": str(exc)}
    except ModuleNotFoundError as exc:
        # An optional package the browser has not loaded yet: the worker loads it and calls
        # again (calls are pure, so that is safe).
        missing = (exc.name or "").split(".")[0]
        if not missing:
            result = _fault(exc)
        else:
            result = {"ok": False, "missing": missing,
                      "error": f"Part of the planner is still loading ({missing}); "
                               "try again in a moment."}
    except ImportError as exc:
        # A download the browser could not make (site_app/stdlib_rest.py): its sentence, a
        # fault unless a new version of the site is why.
        said = getattr(exc, "for_user", None)
        if not isinstance(said, str):
            result = _fault(exc)
        else:
            result = {"ok": False, "error": said}
            if getattr(exc, "fault", True):
                result["fault"] = True
    except Exception as exc:
        result = _fault(exc)
    return _text(result)


def _settle() -> None:
    """A document just read, with its view, lives until another one is read: with 2,000
    applications, hundreds of thousands of objects, which Python's cycle collector would
    walk through again at its next full pass (46 ms of the first change after such a
    document was opened, in the browser). Everything alive now is moved out of its reach
    (``gc.freeze``). Reference counting still frees each of them once it is dropped: a
    document's records and views hold no cycles, and the call leaves none behind (the data
    file's writer breaks its own, jsonwrite.dump), so nothing frozen is garbage already."""
    gc.freeze()


def _text(result: Mapping[str, object]) -> str:
    """The answer as JSON text in ASCII, every other character written as a ``\\u`` escape:
    Pyodide hands an ASCII string to JavaScript whole, and any other one character by
    character (for the text of a document of 2,000 applications, about 1 ms against 60)."""
    return json.dumps(result)


def _fault(exc: BaseException) -> dict[str, Any]:
    """An unexpected problem: a sentence for the user, and for the developer (the page writes
    it to the console) where it happened: the exception and the innermost frames, with no
    value from the user's data."""
    return {"ok": False, "fault": True,
            "error": f"The planner hit an unexpected problem ({type(exc).__name__}). "
                     "Your data was not changed.",
            "trace": short_trace(exc)}


def short_trace(exc: BaseException, frames: int = 6) -> str:
    """``ZeroDivisionError at followup/words.py:97 in clock < followup/cards.py:120 in …``:
    the exception's type and its innermost ``frames`` (file, line, function), no message."""
    import traceback

    stack = traceback.extract_tb(exc.__traceback__)[-frames:]
    where = " < ".join(f"{'/'.join(f.filename.replace(chr(92), '/').split('/')[-2:])}:"
                       f"{f.lineno} in {f.name}" for f in reversed(stack))
    return f"{type(exc).__name__} at {where}" if where else type(exc).__name__


def _bound(fn: Callable[[Session, Request], Mapping[str, object]]) -> Callable[[str], str]:
    return lambda text: _reply(fn, text)


#: Every function the page may call, by name (:data:`followup.calls.CALLS`), JSON text in
#: and out.
FUNCTIONS: dict[str, Callable[[str], str]] = {name: _bound(fn) for name, fn in CALLS.items()}


def call(name: str, text: str) -> str:
    """Call the bridge function ``name`` with the request ``text``; JSON text back."""
    fn = FUNCTIONS.get(name) if isinstance(name, str) else None
    if fn is None:
        return _text({"ok": False, "fault": True,
                       "error": f"Unknown planner function \"{name}\"."})
    return fn(text)
