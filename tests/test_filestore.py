"""Writing the data file: locked, atomic at every instant, through symlinks, modes kept."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from followup import filestore

OLD = b'{"old": "' + b"o" * 50_000 + b'"}\n'
NEW = '{"new": "' + "n" * 70_000 + '"}\n'

# A real process that writes NEW over the file and dies (os._exit) at the named step.
CRASH = """
import os, sys
from followup import filestore
stop, path, text = sys.argv[1], sys.argv[2], sys.argv[3]
def step(name):
    if name == stop:
        os._exit(1)
filestore._step = step
with filestore.locked(path) as target:
    filestore.replace(target, text)
"""


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    path.write_bytes(OLD)
    path.chmod(0o644)
    return path


def write(path: Path, text: str = NEW) -> None:
    with filestore.locked(path) as target:
        filestore.replace(target, text)


def test_a_write_keeps_a_copy_as_bak_and_leaves_nothing_else(data):
    inode = data.stat().st_ino
    write(data)
    assert data.read_text() == NEW
    assert Path(f"{data}.bak").read_bytes() == OLD
    assert names(data.parent) == ["plan.json", "plan.json.bak"]
    assert data.stat().st_ino != inode  # renamed in, never written in place
    write(data, "third\n")
    assert Path(f"{data}.bak").read_text() == NEW


def test_every_step_is_called_in_order(data, monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(filestore, "_step", seen.append)
    write(data)
    assert tuple(seen) == filestore.STEPS
    seen.clear()
    write(data.with_name("new.json"))
    assert tuple(seen) == tuple(s for s in filestore.STEPS if not s.startswith("backup-"))


@pytest.mark.parametrize("step", filestore.STEPS)
def test_a_crash_at_any_step_leaves_the_old_or_the_new_file_whole(data, step):
    done = subprocess.run([sys.executable, "-c", CRASH, step, str(data), NEW],
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 1, done.stderr  # it did die at that step
    renamed = filestore.STEPS.index(step) >= filestore.STEPS.index("renamed")
    assert data.read_bytes() == (NEW.encode() if renamed else OLD)
    backup = Path(f"{data}.bak")
    if backup.exists():
        assert backup.read_bytes() == OLD
    else:
        assert filestore.STEPS.index(step) < filestore.STEPS.index("backup-renamed")
    # what a crash leaves is hidden, named for what it is, and never the data file
    for leftover in set(names(data.parent)) - {"plan.json", "plan.json.bak"}:
        assert leftover.startswith(".plan.json."), leftover
        assert leftover.endswith((".tmp", ".lock")), leftover
    # the next write works and tidies up after the crashed one
    write(data, "after\n")
    assert data.read_text() == "after\n"
    assert names(data.parent) == ["plan.json", "plan.json.bak"]


def test_a_crash_while_creating_a_file_leaves_no_half_file(tmp_path):
    path = tmp_path / "new.json"
    for step in ("temp-written", "temp-synced", "temp-mode-set"):
        done = subprocess.run([sys.executable, "-c", CRASH, step, str(path), NEW],
                              capture_output=True, timeout=60, check=False)
        assert done.returncode == 1, done.stderr
        assert not path.exists()
        assert not Path(f"{path}.bak").exists()


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o640, 0o664])
def test_the_file_keeps_its_permission_bits_and_so_does_the_bak(data, mode):
    data.chmod(mode)
    write(data)
    assert stat.S_IMODE(data.stat().st_mode) == mode
    assert stat.S_IMODE(Path(f"{data}.bak").stat().st_mode) == mode


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0, 0o644)])
def test_a_new_file_gets_0644_less_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write(tmp_path / "new.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == mode
    assert names(tmp_path) == ["new.json"]


def test_a_symlink_stays_a_link_and_its_target_is_written(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "plan.json").write_bytes(OLD)
    link = tmp_path / "plan.json"
    link.symlink_to(Path("real") / "plan.json")
    with filestore.locked(link) as target:
        assert target == real.resolve() / "plan.json"
        filestore.replace(target, NEW)
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("real") / "plan.json")
    assert (real / "plan.json").read_text() == NEW
    assert (real / "plan.json.bak").read_bytes() == OLD
    assert names(tmp_path) == ["plan.json", "real"]
    assert names(real) == ["plan.json", "plan.json.bak"]


def test_a_symlink_to_another_file_system_is_written_there(tmp_path, other_device):
    (other_device / "plan.json").write_bytes(OLD)
    link = tmp_path / "plan.json"
    link.symlink_to(other_device / "plan.json")
    write(link)
    assert link.is_symlink()
    assert (other_device / "plan.json").read_text() == NEW
    assert (other_device / "plan.json.bak").read_bytes() == OLD
    assert names(tmp_path) == ["plan.json"]
    assert names(other_device) == ["plan.json", "plan.json.bak"]


REFUSALS = [
    (errno.EROFS, "read-only file system", "copy the file somewhere writable"),
    (errno.EACCES, "permission denied", "check the folder's permissions"),
    (errno.ENOSPC, "disk full", "free some space"),
    (errno.EXDEV, "cross-device link", "same disk"),
    (errno.EIO, "input/output error", "check the disk"),
]
BEFORE_RENAME = filestore.STEPS[:filestore.STEPS.index("renamed")]


@pytest.mark.parametrize("step", BEFORE_RENAME)
@pytest.mark.parametrize(("code", "reason", "advice"), REFUSALS)
def test_a_refusal_of_the_file_system_changes_nothing(data, monkeypatch, step, code, reason,
                                                      advice):
    def refuse(name: str) -> None:
        if name == step:
            raise OSError(code, os.strerror(code))

    monkeypatch.setattr(filestore, "_step", refuse)
    with pytest.raises(filestore.WriteError) as caught:
        write(data)
    message = str(caught.value)
    assert message == (f"{data}: cannot write in {data.parent.resolve()} ({reason}): "
                       f"nothing was changed; {message.rsplit('; ', 1)[1]}")
    assert advice in message
    assert "\n" not in message
    assert caught.value.errno == code
    assert data.read_bytes() == OLD
    assert stat.S_IMODE(data.stat().st_mode) == 0o644
    left = names(data.parent)
    assert left in (["plan.json"], ["plan.json", "plan.json.bak"])  # no temp file, no lock
    if "plan.json.bak" in left:
        assert Path(f"{data}.bak").read_bytes() == OLD


def test_the_lock_excludes_another_process_until_released(data):
    probe = ("import fcntl, os, sys\n"
             "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
             "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
             "except BlockingIOError:\n    sys.exit(3)\n")
    lock = data.with_name(".plan.json.lock")
    with filestore.locked(data):
        assert lock.exists()
        done = subprocess.run([sys.executable, "-c", probe, str(lock)], timeout=60,
                              check=False)
        assert done.returncode == 3
    assert not lock.exists()  # removed, still locked, on the way out


def test_a_waiter_on_a_removed_lock_file_locks_the_new_one(data):
    # Another process held the lock and removed its file: ours must not count as held.
    lock = data.with_name(".plan.json.lock")
    stale = os.open(lock, os.O_RDONLY | os.O_CREAT)
    try:
        lock.unlink()
        with filestore.locked(data):
            assert lock.exists()
            assert os.fstat(stale).st_ino != lock.stat().st_ino
    finally:
        os.close(stale)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a 0555 folder anyway; "
                    "the seam test above and test_cli_writes cover this as root")
def test_a_real_read_only_folder_changes_nothing(data):
    data.parent.chmod(0o555)
    try:
        with pytest.raises(filestore.WriteError, match="permission denied"):
            write(data)
    finally:
        data.parent.chmod(0o755)
    assert data.read_bytes() == OLD
    assert names(data.parent) == ["plan.json"]
