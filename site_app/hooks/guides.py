"""MkDocs hooks for the guides.

- ``{{ name }}`` in a page is replaced by the planner's own constant of that name
  (:func:`followup.rules.numbers`), ``{{ name_word }}`` by the number in words and
  ``{{ name_word | capitalize }}`` by the same with a capital, so the guides quote the very
  values the planner uses. An unknown name, or any other ``{{``, fails the build.
- After rendering, a few accessibility fixes the theme leaves open: names for the search
  dialog and for task-list checkboxes.
"""

from __future__ import annotations

import html
import re
from typing import Any

from followup import rules

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*(\|\s*capitalize\s*)?\}\}")
_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve"]


def values() -> dict[str, str]:
    found: dict[str, str] = {}
    for name, number in rules.numbers().items():
        found[name] = str(number)
        if 0 <= number < len(_WORDS):
            found[f"{name}_word"] = _WORDS[number]
    return found


def substitute(markdown: str, where: str) -> str:
    known = values()

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in known:
            raise ValueError(f"{where}: unknown placeholder {{{{ {name} }}}}; known: "
                             f"{', '.join(sorted(known))}")
        return known[name].capitalize() if match.group(2) else known[name]

    done = _PLACEHOLDER.sub(replace, markdown)
    if "{{" in done:
        line = done[: done.index("{{")].count("\n") + 1
        raise ValueError(f"{where}:{line}: a placeholder the guides hook cannot read")
    return done


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    return substitute(markdown, page.file.src_uri)


_TASK = re.compile(r'<label class="task-list-control"><input type="checkbox"( disabled)?'
                   r'( checked)?/><span class="task-list-indicator"></span></label>(.*?)</li>',
                   re.S)


def _name_task(match: re.Match[str]) -> str:
    text = re.sub(r"<[^>]+>", "", match.group(3)).strip()
    label = html.escape(html.unescape(text)[:120], quote=True)
    return (f'<label class="task-list-control"><input type="checkbox"{match.group(1) or ""}'
            f'{match.group(2) or ""} aria-label="{label}"/>'
            f'<span class="task-list-indicator"></span></label>{match.group(3)}</li>')


def on_post_page(output: str, **_: Any) -> str:
    output = output.replace('<div class="md-search" data-md-component="search" role="dialog">',
                            '<div class="md-search" data-md-component="search" role="dialog" '
                            'aria-label="Search">')
    return _TASK.sub(_name_task, output)
