"""How ``followup log`` and ``followup init`` write the data file, run as a user runs them."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from followup import cli, filestore
from helpers import app, followup_command, raw

NOW = "2026-11-30T10:00:00-05:00"
AT = "2026-11-25T10:00:00-05:00"


def run(*args: str, check: bool = True, umask: int = -1,
        prefix: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*prefix, *followup_command(), *args], capture_output=True,
                          text=True, check=False, timeout=120, umask=umask,
                          env={**os.environ, "PYTHONWARNINGS": "error"})
    if check:
        assert done.returncode == 0, done.stderr
    return done


def events(path: Path) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(path.read_text())["applications"][0]["events"]
    return found


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(raw(app())))
    path.chmod(0o644)
    return path


def test_twenty_concurrent_logs_all_land(data):
    start = datetime.fromisoformat("2026-11-20T09:00:00-05:00")
    times = [(start + timedelta(minutes=i)).isoformat() for i in range(20)]
    # Twenty follow-ups on one morning break R10; --anyway records them as they happened.
    runs = [subprocess.Popen([*followup_command(), "log", str(data), "acme", "follow-up",
                              "--at", at, "--now", NOW, "--anyway"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for at in times]
    results = [(p.wait(timeout=120), *p.communicate()) for p in runs]
    for code, out, err in results:
        assert (code, out) == (0, ""), err
        assert err.startswith("Recorded follow up for Acme Corp ("), err
    assert sorted(str(e["at"]) for e in events(data)) == times
    assert len(events(Path(f"{data}.bak"))) == 19  # the state before the last run
    assert names(data.parent) == ["plan.json", "plan.json.bak"]


def test_log_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "plan.json").write_text(json.dumps(raw(app())))
    before = (real / "plan.json").read_bytes()
    link = tmp_path / "plan.json"
    link.symlink_to(Path("real") / "plan.json")
    run("log", str(link), "acme", "follow-up", "--at", AT, "--now", NOW)
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("real") / "plan.json")
    assert events(real / "plan.json")[0]["at"] == AT
    assert (real / "plan.json.bak").read_bytes() == before
    assert names(tmp_path) == ["plan.json", "real"]
    assert names(real) == ["plan.json", "plan.json.bak"]


def test_log_through_a_symlink_to_another_file_system(tmp_path, other_device):
    target = other_device / "plan.json"
    target.write_text(json.dumps(raw(app())))
    before = target.read_bytes()
    link = tmp_path / "plan.json"
    link.symlink_to(target)
    done = run("log", str(link), "acme", "close", "--now", NOW)
    assert "Invalid cross-device link" not in done.stderr
    assert link.is_symlink()
    assert json.loads(target.read_text())["applications"][0]["closed"] is True
    assert (other_device / "plan.json.bak").read_bytes() == before
    assert names(tmp_path) == ["plan.json"]


@pytest.mark.parametrize("mode", [0o644, 0o600])
def test_log_keeps_the_file_mode(data, mode):
    data.chmod(mode)
    run("log", str(data), "acme", "close", "--now", NOW)
    assert stat.S_IMODE(data.stat().st_mode) == mode


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_init_makes_a_file_like_any_other(tmp_path, umask, mode):
    path = tmp_path / "new.json"
    run("init", str(path), "--now", NOW, umask=umask)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert names(tmp_path) == ["new.json"]


@pytest.mark.parametrize(("code", "reason"), [
    (errno.EROFS, "read-only file system"),
    (errno.EACCES, "permission denied"),
    (errno.ENOSPC, "disk full"),
])
@pytest.mark.parametrize("step", ["temp-created", "temp-written", "backup-temp-synced",
                                  "backup-renamed"])
def test_log_refused_by_the_file_system_says_one_line_and_changes_nothing(
        data, monkeypatch, capsys, code, reason, step):
    def refuse(name: str) -> None:
        if name == step:
            raise OSError(code, os.strerror(code))

    monkeypatch.setattr(filestore, "_step", refuse)
    before = data.read_bytes()
    assert cli.main(["log", str(data), "acme", "close", "--now", NOW]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"followup: {data}: cannot write in {data.parent.resolve()} "
                          f"({reason}): nothing was changed; ")
    assert data.read_bytes() == before
    assert [n for n in names(data.parent) if n.startswith(".")] == []


def test_init_refused_by_the_file_system_creates_nothing(tmp_path, monkeypatch, capsys):
    def refuse(name: str) -> None:
        if name == "temp-synced":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(filestore, "_step", refuse)
    assert cli.main(["init", str(tmp_path / "new.json"), "--now", NOW]) == 2
    err = capsys.readouterr().err
    assert "(read-only file system): nothing was changed; copy the file somewhere" in err
    assert names(tmp_path) == []


def as_nobody() -> list[str]:
    """Root writes in a 0555 folder anyway: as root, a prefix that runs as "nobody"."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv to drop to another user; the "
                    "refusal is covered through filestore's seam")
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run([*prefix, *followup_command(), "--version"], capture_output=True,
                           check=False, timeout=60)
    if probe.returncode != 0:
        pytest.skip("running as root, and user 65534 cannot run this Python; the refusal "
                    "is covered through filestore's seam")
    return prefix


def test_log_in_a_read_only_folder_says_one_line_and_changes_nothing():
    prefix = as_nobody()
    folder = Path(tempfile.mkdtemp())  # /tmp: reachable by "nobody", unlike tmp_path
    path = folder / "plan.json"
    try:
        path.write_text(json.dumps(raw(app())))
        path.chmod(0o644)
        before = path.read_bytes()
        folder.chmod(0o555)
        done = run("log", str(path), "acme", "close", "--now", NOW, check=False, prefix=prefix)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == (f"followup: {path}: cannot write in {folder.resolve()} "
                               "(permission denied): nothing was changed; check the folder's "
                               "permissions, or copy the file somewhere writable\n")
        assert path.read_bytes() == before
        assert names(folder) == ["plan.json"]
    finally:
        folder.chmod(0o755)
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def test_log_of_a_missing_file_says_so_and_leaves_no_lock(tmp_path):
    done = run("log", str(tmp_path / "nope.json"), "acme", "close", "--now", NOW, check=False)
    assert (done.returncode, done.stderr) == (2, f"followup: {tmp_path}/nope.json: no such file\n")
    done = run("log", str(tmp_path / "gone" / "nope.json"), "acme", "close", "--now", NOW,
               check=False)
    assert (done.returncode, done.stderr) == (
        2, f"followup: {tmp_path}/gone/nope.json: no such file: the folder "
           f"{tmp_path.resolve()}/gone does not exist\n")
    assert names(tmp_path) == []
