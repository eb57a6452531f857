import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pytest

from site_build import build


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once per session with ``mkdocs build --strict``."""
    return build(tmp_path_factory.mktemp("site"))
