"""Follow-up Planner: what to do after a job interview, and when."""

from __future__ import annotations

from typing import Any

from .dataerrors import DataError
from .dataformat import dump, load
from .drafts import Draft, DraftError, draft
from .model import Action, ActionKind, AppPlan, Document, Status
from .planner import actions, plan
from .rules import RULES, Rule


def __getattr__(name: str) -> Any:
    """``__version__``, read from the installed package's metadata when it is asked for: the
    page never asks, and importing ``importlib.metadata`` costs its start a quarter second."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("followup-planner")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"

__all__ = [
    "RULES",
    "Action",
    "ActionKind",
    "AppPlan",
    "DataError",
    "Document",
    "Draft",
    "DraftError",
    "Rule",
    "Status",
    "__version__",
    "actions",
    "draft",
    "dump",
    "load",
    "plan",
]
