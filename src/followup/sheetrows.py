"""A spreadsheet's rows as the import reads them: each row's fields by column, and the
contacts it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from .sheetfile import SpreadsheetError, _unescape
from .sheetwords import _FIELD_OF, _norm


@dataclass
class _Row:
    number: int
    company: str = ""
    role: str = ""
    interviews: list[str] = field(default_factory=list)
    applied: str = ""
    applied_column: str = ""
    #: the answer's day and the row's latest change, each as (column name, cell)
    answered: tuple[str, str] | None = None
    updated: tuple[str, str] | None = None
    contacts: list[str] = field(default_factory=list)
    email: str = ""
    phone: str = ""
    status: str = ""
    url: str = ""
    resume: str = ""
    notes: list[str] = field(default_factory=list)
    decision: str = ""
    formula: str = ""  # the column of a cell that holds a formula, if any


def _split(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", cell) if part.strip()]


def _rows(header: list[str], rows: list[tuple[int, list[str]]]
          ) -> tuple[list[dict[str, str]], list[_Row], list[tuple[int, str]]]:
    """The columns' uses, the rows read into fields, and the rows that cannot be."""
    uses: list[str] = []
    taken: set[str] = set()
    for name in header:
        use = _FIELD_OF.get(_norm(name), "")
        if use and (use not in taken or use == "computed"):
            taken.add(use)
            uses.append(use)
        else:
            uses.append("notes-column" if name.strip() else "")
    if "company" not in taken:
        shown = ", ".join(f"“{h.strip()}”" for h in header if h.strip())[:200] or "nothing"
        raise SpreadsheetError(
            "No column names the company, so nothing can be imported. The first row must "
            "name the columns, with one called Company (or Employer, or companyName); "
            f"it has: {shown}. Nothing was changed.")
    columns = [{"name": name, "use": "notes" if use in ("", "notes-column") else use}
               for name, use in zip(header, uses, strict=True)]
    read: list[_Row] = []
    refused: list[tuple[int, str]] = []
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue  # an empty line
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            refused.append((number, f"it has {len(cells)} cells but the first row names "
                                    f"{len(header)} columns (a separator inside a value "
                                    "without quotes?)"))
            continue
        row = _Row(number)
        for name, use, raw_cell in zip(header, uses, cells, strict=False):
            if raw_cell.startswith("="):
                row.formula = row.formula or (name.strip() or "a column")
                continue
            cell = _unescape(raw_cell).strip()
            if not cell or use == "computed":
                continue
            if use == "notes-column":
                label = name.strip()
                row.notes.append(f"{label}: {cell}" if label else cell)
            elif use in ("company", "role", "applied", "email", "phone", "status", "url",
                         "resume", "decision"):
                setattr(row, use, cell)
                if use == "applied":
                    row.applied_column = name.strip()
            elif use in ("answered", "updated"):
                setattr(row, use, (name.strip(), cell))
            elif use == "interview":
                row.interviews = _split(cell)
            elif use == "contact":
                row.contacts = _split(cell)
            elif use == "notes":
                row.notes.insert(0, cell)
        if row.formula:
            refused.append((number, f"the {row.formula} cell holds a formula, not a value "
                                    "(save the spreadsheet with values, or copy and paste "
                                    "them as values)"))
            continue
        read.append(row)
    return columns, read, refused


_EMAIL: Final = re.compile(r"[^@\s<>();,]+@[^@\s<>();,]+\.[^@\s<>();,]+")


def _contacts(row: _Row) -> list[dict[str, str]]:
    """``Name <email>`` or ``Name <email> (phone)`` items; the email and phone columns go with
    the first person."""
    people: list[dict[str, str]] = []
    for item in row.contacts:
        found = re.fullmatch(r"(?P<name>[^<(]*?)\s*(?:<(?P<email>[^>]*)>)?\s*"
                             r"(?:\((?P<phone>[^)]*)\))?", item)
        if found is None:
            people.append({"name": item})
            continue
        name, email = found["name"].strip(), (found["email"] or "").strip()
        if not email and _EMAIL.fullmatch(name):
            name, email = "", name
        person = {"name": name}
        if email:
            person["email"] = email
        if found["phone"] and found["phone"].strip():
            person["phone"] = found["phone"].strip()
        people.append(person)
    if (row.email or row.phone) and not people:
        people.append({"name": ""})
    if people:
        if row.email:
            people[0].setdefault("email", row.email)
        if row.phone:
            people[0].setdefault("phone", row.phone)
    return people
