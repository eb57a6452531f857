"""Writing the data file safely: locked, atomic, durable, through symlinks.

``locked(path)`` resolves symlinks and holds an exclusive ``flock`` on ``.<name>.lock``
beside the real file for a whole read-modify-write; ``replace(target, text)`` then writes
the new content to ``.<name>.<random>.tmp`` in the same folder (write, flush, fsync, the old
file's permission bits), keeps the previous file as ``<name>.bak`` by copying it (itself
written the same way), renames the temporary file over the real file and fsyncs the folder.
The data file is never moved away: a crash at any instant leaves the old or the new complete
file at the path, and a refusal of the file system leaves it unchanged (``WriteError``).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

# Every point between two file operations of ``replace``, in order: ``_step`` is called
# with each name. It does nothing; tests replace it to crash or fail at that point.
STEPS = (
    "temp-created", "temp-written", "temp-synced", "temp-mode-set",
    "backup-temp-created", "backup-temp-written", "backup-temp-synced",
    "backup-temp-mode-set", "backup-renamed",
    "renamed", "folder-synced",
)

NEW_FILE_MODE = 0o644  # less the umask, as for any new file

_REASONS = {
    errno.EROFS: ("read-only file system", "copy the file somewhere writable"),
    errno.EACCES: ("permission denied",
                   "check the folder's permissions, or copy the file somewhere writable"),
    errno.EPERM: ("operation not permitted",
                  "check the folder's permissions, or copy the file somewhere writable"),
    errno.ENOSPC: ("disk full", "free some space on the disk and try again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space on the disk and try again"),
    errno.EXDEV: ("cross-device link", "put the file and its link on the same disk"),
}


def _step(name: str) -> None:
    """The test seam: called between each pair of file operations (see ``STEPS``)."""


class WriteError(Exception):
    """The file system refused a write; the data file was not changed."""

    def __init__(self, shown: Path | str, folder: Path, exc: OSError) -> None:
        self.errno = exc.errno
        if exc.errno == errno.ENOENT:
            super().__init__(f"{shown}: no such file: the folder {folder} does not exist")
            return
        reason, advice = _REASONS.get(
            exc.errno or 0,
            ((exc.strerror or str(exc)).lower(), "check the disk and try again"))
        super().__init__(f"{shown}: cannot write in {folder} ({reason}): nothing was "
                         f"changed; {advice}")


def real_path(path: Path | str) -> Path:
    """The file a path names, every symlink followed (the file need not exist)."""
    return Path(os.path.realpath(path))


def _lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


def _temp_name(target: Path, middle: str = "") -> Path:
    return target.with_name(f".{target.name}.{middle}{secrets.token_hex(8)}.tmp")


def _remove_leftovers(target: Path) -> None:
    """Delete temporary files of writers that crashed (called with the lock held)."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(bak\.)?[0-9a-f]{{16}}\.tmp")
    with suppress(OSError):
        for name in os.listdir(target.parent):
            if pattern.fullmatch(name):
                with suppress(OSError):
                    os.unlink(target.parent / name)


@contextmanager
def locked(path: Path | str, *, shown: Path | str | None = None) -> Iterator[Path]:
    """Hold the exclusive lock of ``path``'s real file; yield that real file's path.

    The lock file ``.<name>.lock`` lives beside the real file and is removed, still locked,
    on the way out; a waiter that then gets a lock on the removed file tries again.
    """
    target = real_path(path)
    lock = _lock_path(target)
    while True:
        try:
            fd = os.open(lock, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise WriteError(shown or path, target.parent, exc) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            held = os.fstat(fd)
            try:
                now = os.stat(lock)
            except FileNotFoundError:
                current = False
            else:
                current = (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)
        except BaseException:
            os.close(fd)
            raise
        if current:
            break
        os.close(fd)
    try:
        _remove_leftovers(target)
        yield target
    finally:
        with suppress(OSError):
            os.unlink(lock)
        os.close(fd)


def _write_temp(temp: Path, data: bytes, mode: int | None, owner: tuple[int, int] | None,
                prefix: str) -> None:
    """Create ``temp`` and make it a complete, durable copy of ``data``."""
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
                 NEW_FILE_MODE if mode is None else 0o600)
    try:
        _step(f"{prefix}temp-created")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        _step(f"{prefix}temp-written")
        os.fsync(fd)
        _step(f"{prefix}temp-synced")
        if mode is not None:
            os.fchmod(fd, mode)
        if owner is not None:
            with suppress(OSError):  # only the owner's own or root's copies keep them
                os.fchown(fd, *owner)
        _step(f"{prefix}temp-mode-set")
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):  # a folder that cannot be synced
            raise
    finally:
        os.close(fd)


def replace(target: Path, text: str, *, shown: Path | str | None = None,
            backup: bool = True) -> None:
    """Make ``target`` (a real path, from ``locked``) hold ``text``, keeping ``.bak``.

    Raises ``WriteError`` if the file system refuses; ``target`` is then unchanged.
    """
    folder = target.parent
    data = text.encode("utf-8")
    temps: list[Path] = []
    try:
        try:
            old = os.stat(target)
        except FileNotFoundError:
            mode, owner, previous = None, None, None
        else:
            mode, owner = stat.S_IMODE(old.st_mode), (old.st_uid, old.st_gid)
            previous = target.read_bytes() if backup else None
        temps.append(_temp_name(target))
        _write_temp(temps[-1], data, mode, owner, "")
        if previous is not None:
            temps.append(_temp_name(target, "bak."))
            _write_temp(temps[-1], previous, mode, owner, "backup-")
            os.replace(temps[-1], target.with_name(target.name + ".bak"))
            temps.pop()
            _step("backup-renamed")
        os.replace(temps[0], target)
        temps.pop()
    except OSError as exc:
        for temp in temps:
            with suppress(OSError):
                os.unlink(temp)
        raise WriteError(shown or target, folder, exc) from None
    except BaseException:
        for temp in temps:
            with suppress(OSError):
                os.unlink(temp)
        raise
    _step("renamed")
    _sync_folder(folder)
    _step("folder-synced")


def write(path: Path | str, text: str, *, shown: Path | str | None = None,
          backup: bool = True) -> None:
    """``replace`` under the lock: for a file written whole, not read first."""
    with locked(path, shown=shown) as target:
        replace(target, text, shown=shown or path, backup=backup)
