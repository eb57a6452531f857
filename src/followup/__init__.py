"""Follow-up Planner: what to do after a job interview, and when."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .dataformat import DataError, dump, load
from .drafts import Draft, DraftError, draft
from .model import Action, ActionKind, AppPlan, Document, Status
from .planner import actions, plan
from .rules import RULES, Rule

try:
    __version__ = version("followup-planner")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

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
