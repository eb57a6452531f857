"""``python -m site_app.build DEST``: the planner's files, built into DEST without MkDocs.

Runs the same steps as the MkDocs hooks (:mod:`site_app.build.steps`), in the same order,
with the site's name, description and language read from mkdocs.yml; the guides' pages are
MkDocs's to make. Prints what it built; on a problem, one sentence and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from . import ROOT, BuildError
from .icons import Site
from .steps import after_pages, before_pages


def _site(config: Path) -> Site:
    """mkdocs.yml's site_name, site_description and theme.language (its tags, ``!ENV`` and
    the Python names that only MkDocs reads, are read as nothing)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda *_: None)  # any tag SafeLoader does not know
    data: dict[str, Any] = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)
    return Site(name=str(data["site_name"]),
                description=str(data.get("site_description") or ""),
                language=str((data.get("theme") or {}).get("language") or "en"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_app.build",
                                     description="Build the planner page's files into DEST.")
    parser.add_argument("dest", type=Path, help="the folder to build into")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    args = parser.parse_args(argv)
    try:
        prepared = before_pages()
        after_pages(args.dest, prepared, _site(args.config))
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a file the build reads or writes (mkdocs.yml, DEST)
        print(f"error: {exc.strerror or exc}: {exc.filename}", file=sys.stderr)
        return 1
    print(f"built the planner's files into {args.dest} (build {prepared.build})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
