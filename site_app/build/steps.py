"""The build's steps in their order, around the pages whatever makes them (MkDocs today):

- :func:`before_pages`: the Python the page loads and the build's fingerprint, which the
  planner page's head and first-paint script name (:class:`Prepared`);
- :func:`after_pages`: every file the pages do not make, into the built site; the offline
  copy's service worker last, since it lists every file of the site and a fingerprint of
  their content.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import holidays, icons, planner, wheels, write_if_changed


@dataclass(frozen=True)
class Prepared:
    """What is made before the pages."""

    python: wheels.Wheels
    #: a fingerprint of what makes a view: the page's code and the lock
    build: str


def template_values(build: str) -> dict[str, object]:
    """What the pages' template needs (MkDocs: ``config.extra``): the folder of the build's
    modules, the modules to preload, the app's head tags."""
    return {"planner_app": f"{planner.build_dir(build)}/app/",
            "planner_modules": [p.name for p in planner.modules()], "app": icons.head()}


def before_pages() -> Prepared:
    """The wheels and their lock, and the build's fingerprint, which the planner page's
    first-paint script, its modules and its worker name."""
    python = wheels.prepare()
    return Prepared(python=python, build=planner.build_version(python))


def after_pages(site: Path, prepared: Prepared, about: icons.Site, *,
                serve: bool = False) -> None:
    """Write into the built ``site``, in order: the holiday table, the app's manifest and
    icons, the planner's runtime, wheels and code, then ``sw.js``, which lists them all."""
    holidays.write(site / planner.build_dir(prepared.build))
    icons.write(site, about)
    planner.write(site, prepared.python, prepared.build)
    write_if_changed(site / "sw.js", planner.service_worker(site, serve=serve))
