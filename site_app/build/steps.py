"""The build's steps in their order, around the pages whatever makes them (MkDocs today):

- :func:`before_pages`: the Python the page loads, the build's fingerprint, which the
  planner page's head and first-paint script name, and the page's modules bundled
  (:class:`Prepared`);
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
    #: a fingerprint of what makes a view: the page's code, how it is bundled, the lock
    build: str
    #: the page's modules as published, by file name (:func:`planner.bundle`)
    code: dict[str, bytes]


def template_values(prepared: Prepared) -> dict[str, object]:
    """What the pages' template needs (MkDocs: ``config.extra``): the folder of the build's
    modules, the modules to preload (every published one), the app's head tags."""
    return {"planner_app": f"{planner.build_dir(prepared.build)}/app/",
            "planner_modules": sorted(prepared.code), "app": icons.head()}


def before_pages() -> Prepared:
    """The wheels and their lock, the build's fingerprint, which the planner page's
    first-paint script, its modules and its worker name, and the page's modules bundled."""
    python = wheels.prepare()
    build = planner.build_version(python)
    return Prepared(python=python, build=build, code=planner.bundle(build))


def after_pages(site: Path, prepared: Prepared, about: icons.Site, *,
                serve: bool = False) -> None:
    """Write into the built ``site``, in order: the holiday table, the app's manifest and
    icons, the planner's runtime, wheels and code, then ``sw.js``, which lists them all."""
    holidays.write(site / planner.build_dir(prepared.build))
    icons.write(site, about)
    planner.write(site, prepared.python, prepared.build, prepared.code)
    write_if_changed(site / "sw.js", planner.service_worker(site, serve=serve))
