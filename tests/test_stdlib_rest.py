"""site_app/stdlib_rest.py, the finder of the standard library's modules a start never
imports, on CPython: a zip of modules it fetches once, when the first is asked for."""

from __future__ import annotations

import hashlib
import importlib
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_app import stdlib_rest


@pytest.fixture
def rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A rest zip with a module, a package and a module of a package whose own file is
    elsewhere (as `email` is, in the first zip); answers what was fetched."""
    made = tmp_path / "rest-source.zip"
    with zipfile.ZipFile(made, "w") as archive:
        archive.writestr("fp_rest_alone.py", "WHO = 'alone'\n")
        archive.writestr("fp_rest_pkg/__init__.py", "from . import inner\n")
        archive.writestr("fp_rest_pkg/inner.py", "WHO = 'inner'\n")
        archive.writestr("fp_used_pkg/extra.py", "WHO = 'extra'\n")
    used = tmp_path / "used"
    (used / "fp_used_pkg").mkdir(parents=True)
    (used / "fp_used_pkg" / "__init__.py").write_text("WHO = 'used'\n")
    monkeypatch.syspath_prepend(str(used))
    monkeypatch.setattr(stdlib_rest, "NAMES", frozenset(
        {"fp_rest_alone", "fp_rest_pkg", "fp_rest_pkg.inner", "fp_used_pkg.extra"}))
    monkeypatch.setattr(stdlib_rest, "SHA256", hashlib.sha256(made.read_bytes()).hexdigest())
    fetched: list[str] = []

    def fetch(url: str, again: bool, lock: str) -> bytes:
        fetched.append(url)
        return made.read_bytes()

    finder = stdlib_rest.RestFinder("https://site.example/rest.zip", fetch,
                                    str(tmp_path / "fetched.zip"))
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, finder])
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield fetched
    for name in [n for n in sys.modules if n.startswith(("fp_rest_", "fp_used_pkg"))]:
        del sys.modules[name]
    sys.path_importer_cache.clear()


def test_nothing_is_fetched_for_a_name_the_rest_does_not_hold(rest: list[str]) -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("fp_no_such_module")  # an optional import, probed
    importlib.import_module("fp_used_pkg")
    assert rest == []


def test_the_rest_is_fetched_once_and_its_modules_import(rest: list[str]) -> None:
    assert importlib.import_module("fp_rest_alone").WHO == "alone"
    assert importlib.import_module("fp_rest_pkg").inner.WHO == "inner"
    # a module beside a package's own files, which are in the first zip
    assert importlib.import_module("fp_used_pkg").WHO == "used"
    assert importlib.import_module("fp_used_pkg.extra").WHO == "extra"
    assert rest == ["https://site.example/rest.zip"]


def test_install_puts_one_finder_last(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    stdlib_rest.install("a.zip")
    stdlib_rest.install("b.zip")  # a restored interpreter has it already
    finders = [f for f in sys.meta_path if isinstance(f, stdlib_rest.RestFinder)]
    assert len(finders) == 1
    assert sys.meta_path[-1] is finders[0]
    assert finders[0].url == "b.zip"


def test_a_restored_interpreter_downloads_the_rest_again(rest: list[str]) -> None:
    """A snapshot made after the rest was downloaded holds the finder's memory of it, not the
    file: installed again in the restored interpreter, it downloads the zip when asked."""
    assert importlib.import_module("fp_rest_alone").WHO == "alone"
    [finder] = [f for f in sys.meta_path if isinstance(f, stdlib_rest.RestFinder)]
    Path(finder.where).unlink()  # the restore: the same memory, no file
    del sys.modules["fp_rest_alone"]
    stdlib_rest.install("https://site.example/rest.zip")
    assert finder.where not in sys.path
    assert importlib.import_module("fp_rest_alone").WHO == "alone"
    assert rest == ["https://site.example/rest.zip"] * 2


def finder_over(answers: list[bytes | Exception],
                where: Path) -> tuple[stdlib_rest.RestFinder, list[bool]]:
    """A finder whose downloads answer ``answers`` in turn; the second list says which
    downloads asked past the HTTP cache."""
    asked: list[bool] = []

    def fetch(url: str, again: bool, lock: str) -> bytes:
        asked.append(again)
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return stdlib_rest.RestFinder("https://site.example/rest-1234.zip", fetch, str(where)), asked


def test_a_damaged_rest_is_asked_for_again_past_the_cache(rest: list[str], tmp_path: Path) -> None:
    good = (tmp_path / "rest-source.zip").read_bytes()
    finder, asked = finder_over([good[:-10], good], tmp_path / "again.zip")
    sys.meta_path[-1] = finder
    assert importlib.import_module("fp_rest_alone").WHO == "alone"
    assert asked == [False, True]


def test_a_rest_damaged_on_the_site_says_so_and_is_tried_again_later(
        rest: list[str], tmp_path: Path) -> None:
    good = (tmp_path / "rest-source.zip").read_bytes()
    finder, asked = finder_over([b"damaged", b"damaged", good], tmp_path / "again.zip")
    sys.meta_path[-1] = finder
    with pytest.raises(stdlib_rest.Unavailable) as failed:
        importlib.import_module("fp_rest_alone")
    assert failed.value.for_user == "A file of the planner is damaged on the site (rest-1234.zip)."
    assert failed.value.fault
    assert not (tmp_path / "again.zip").exists()  # nothing damaged is put on sys.path
    # The site fixed: the next import downloads it again.
    assert importlib.import_module("fp_rest_alone").WHO == "alone"
    assert asked == [False, True, False]


def test_a_failed_download_leaves_the_next_import_to_try_again(
        rest: list[str], tmp_path: Path) -> None:
    good = (tmp_path / "rest-source.zip").read_bytes()
    offline = stdlib_rest.Unavailable(stdlib_rest.OFFLINE)
    finder, _ = finder_over([offline, good], tmp_path / "again.zip")
    sys.meta_path[-1] = finder
    with pytest.raises(stdlib_rest.Unavailable, match="Check the connection"):
        importlib.import_module("fp_rest_alone")
    assert importlib.import_module("fp_rest_alone").WHO == "alone"
