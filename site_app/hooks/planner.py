"""MkDocs adapter of the build steps (``site_app/build``): the same steps in the same order
as ``python -m site_app.build``, around the pages MkDocs makes.

- ``on_pre_build``: the wheels, their lock and the build's fingerprint, and what the
  template needs (the build's folder, the planner's modules, the app's head tags);
- ``on_page_content``: the first-paint script and the one that holds the theme's search
  worker back, into the planner page;
- ``on_post_build``: every other file, the offline copy's ``sw.js`` last.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path: the build package is beside them
    sys.path.insert(0, str(ROOT))

from site_app.build import BuildError, planner, steps  # noqa: E402 (after the path)
from site_app.build.icons import Site  # noqa: E402

_command = "build"
_prepared: steps.Prepared | None = None


def on_startup(command: str, **_: Any) -> None:
    global _command  # noqa: PLW0603 (MkDocs tells hooks the command only here)
    _command = command


def on_pre_build(config: Any, **_: Any) -> None:
    global _prepared  # noqa: PLW0603 (made once a build, used by the later events)
    _prepared = steps.before_pages()
    config["extra"].update(steps.template_values(_prepared))


def _ready() -> steps.Prepared:
    if _prepared is None:
        raise BuildError("the planner's hook did not run before the pages were built")
    return _prepared


def on_page_content(html: str, page: Any, **_: Any) -> str:
    if page.file.src_uri != "planner/index.md":
        return html
    return planner.with_first_paint(html, _ready().build)


def on_post_build(config: Any, **_: Any) -> None:
    about = Site(name=config["site_name"], description=config.get("site_description") or "",
                 language=config["theme"]["language"])
    steps.after_pages(Path(config["site_dir"]), _ready(), about, serve=_command == "serve")
