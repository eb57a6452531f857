"""The standard library's modules that a start of the planner never imports, fetched only if
Python asks for one.

The site serves Pyodide's standard library in two zips (site_app/bytecode.mjs --stdlib): the
modules a start imports, compiled, which the runtime mounts; and the others, as they were
(``python_stdlib-<fingerprint>-rest.zip``). The build puts this module in the first zip as
``_followup_stdlib_rest``, with :data:`NAMES` filled in, and the page's worker installs it
(worker.mjs). The first import of one of those modules downloads the second zip (once,
synchronously: imports are) and puts it on ``sys.path``.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from importlib.machinery import ModuleSpec, PathFinder
from typing import Any

#: The rest's modules and packages, by their full names (the build fills them in).
NAMES: frozenset[str] = frozenset()
#: The rest zip's SHA-256, hex (the build fills it in; hashlib is in the first zip).
SHA256: str = ""
#: Where the downloaded zip is written, and put on sys.path.
WHERE = "/lib/python_stdlib_rest.zip"

#: What the user reads when the rest cannot be had; the same sentences as for a wheel
#: (site_app/packages.mjs).
PUBLISHED = ("A new version of the planner was published while this page was open. "
             "Reload the page to go on; your data is safe.")
OFFLINE = "A part of the planner could not be downloaded. Check the connection, then try again."


class Unavailable(ImportError):
    """The rest could not be had. ``for_user`` is a sentence that says why (the bridge answers
    with it, see followup.bridge); ``fault`` is False when nothing went wrong but a new
    version of the site (which no longer has this build's files)."""

    def __init__(self, for_user: str, fault: bool = True) -> None:
        super().__init__(for_user)
        self.for_user, self.fault = for_user, fault


def _status(url: str) -> int:
    """What the site answers for ``url`` now (0: no answer), past the HTTP cache."""
    from js import XMLHttpRequest  # type: ignore[import-not-found]  # Pyodide's

    request = XMLHttpRequest.new()
    request.open("HEAD", url, False)
    request.setRequestHeader("Cache-Control", "no-cache")
    try:
        request.send()
    except Exception:
        return 0
    return int(request.status)


def download(url: str, again: bool = False, lock: str = "") -> bytes:
    """The zip at ``url``, by a synchronous request (the worker's own, which the offline copy
    answers when there is no connection); ``again``: past the browser's HTTP cache. ``lock``
    is this build's lock file: gone too, a new version was published."""
    from js import XMLHttpRequest  # type: ignore[import-not-found]  # Pyodide's

    request = XMLHttpRequest.new()
    request.open("GET", url, False)
    request.responseType = "arraybuffer"
    if again:
        request.setRequestHeader("Cache-Control", "no-cache")
    try:
        request.send()
    except Exception as exc:  # the network failed (a JsException)
        raise Unavailable(OFFLINE) from exc
    if request.status == 404 and lock and _status(lock) == 404:
        raise Unavailable(PUBLISHED, fault=False)
    if request.status != 200:
        raise Unavailable(f"A file of the planner is missing from the site "
                          f"({url.rpartition('/')[2]}, {request.status}).")
    return bytes(request.response.to_py())


class RestFinder:
    """Finds the rest's modules: downloads the zip the first time one is asked for. Last in
    ``sys.meta_path``: it is asked only for what the first zip does not have."""

    def __init__(self, url: str, fetch: Callable[[str, bool, str], bytes] = download,
                 where: str = WHERE, lock: str = "") -> None:
        self.url, self.fetch, self.where, self.lock = url, fetch, where, lock
        self.ready = False

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if name not in NAMES:
            return None
        if not self.ready:
            data = self.fetched()
            with open(self.where, "wb") as out:
                out.write(data)
            sys.path.append(self.where)
            self.ready = True
        # A top-level name, or a module of a package whose own files are in the first zip
        # (its package's path names only that zip): in the second, beside where it would be.
        parent = name.rpartition(".")[0]
        folder = "/".join([self.where, *parent.split(".")]) if parent else self.where
        return PathFinder.find_spec(name, [folder])

    def fetched(self) -> bytes:
        """The zip, checked against :data:`SHA256`; a damaged one is asked for once more, past
        the HTTP cache (which would keep it)."""
        for again in (False, True):
            data = self.fetch(self.url, again, self.lock)
            if hashlib.sha256(data).hexdigest() == SHA256:
                return data
        raise Unavailable(f"A file of the planner is damaged on the site "
                          f"({self.url.rpartition('/')[2]}).")


def install(url: str, lock: str = "") -> None:
    """Puts the finder last in ``sys.meta_path``, once. A restored interpreter has it, with
    the memory of a zip downloaded before the snapshot was made but not its file (a snapshot
    holds memory, not files): it then downloads it again when asked."""
    for finder in sys.meta_path:
        if isinstance(finder, RestFinder):
            finder.url, finder.lock = url, lock
            if finder.ready and not os.path.exists(finder.where):
                finder.ready = False
                while finder.where in sys.path:
                    sys.path.remove(finder.where)
                sys.path_importer_cache.pop(finder.where, None)
            return
    sys.meta_path.append(RestFinder(url, lock=lock))
