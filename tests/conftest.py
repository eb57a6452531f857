import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pytest

from site_build import build

# The command line writes times on the clock of the user's locale: the tests run it in the C
# locale (the 12-hour clock), whatever the machine's, and set another where they mean to.
for _name in ("LC_ALL", "LC_TIME", "LANG"):
    os.environ.pop(_name, None)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once per session with ``mkdocs build --strict``."""
    return build(tmp_path_factory.mktemp("site"))


@pytest.fixture
def other_device(tmp_path: Path) -> Iterator[Path]:
    """A folder on another file system than ``tmp_path`` (/dev/shm), or a skip saying why."""
    shm = Path("/dev/shm")
    if not shm.is_dir():
        pytest.skip("/dev/shm does not exist here: no second file system to link to")
    if shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("/dev/shm is on the same device as the test folder")
    folder = Path(tempfile.mkdtemp(dir=shm))
    yield folder
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
