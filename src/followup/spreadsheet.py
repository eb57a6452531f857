"""Spreadsheets in and out: a CSV of applications read into a preview, then into the document;
the document written as a CSV for spreadsheet users.

Pure, like the planning core: bytes or text in, a preview, new raw applications or CSV text
out; ``now`` is passed in. Reading uses Python's own :mod:`csv`, so the page (through
:mod:`followup.bridge` and the ``import_spreadsheet`` change of :mod:`followup.edit`) and the
command line (``followup import``/``followup export``) read a file the same way.

What a row becomes: a company (required), a role, interview rounds (an interview date makes a
round; several dates in one cell, separated by ``;``, make several), the day of applying
(without an interview, the follow-ups count from it), contacts (``Name <email>`` items
separated by ``;``, or name, email and phone columns), the decision day, an outcome from the
status and notes: the notes column, then every other value as ``Column: value``. A row naming
the same company and role as an application already there, or as an earlier row, is a
duplicate and is left out.

Nothing is dated that the row does not date. An offer or a "no" becomes their reply dated from
the row's answer column ("Response date", "Rejected on"…, else "Last updated", "Last
contact"…); a row that gives no such date records their reply as one whose date is not known
(``"date_unknown": true``: the card, the history and the timeline say "date unknown", and the
export leaves its date empty), since any date would be made up. A status that says there is
an interview ("Interview", "Phone screen"…) without an interview date plans nothing from the
day applied: the preview asks for the interview's date, and the day applied is kept in the
notes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, Final, TypedDict
from zoneinfo import ZoneInfo

from . import dataformat, datewords, planner, responses, words
from .model import Application, AppPlan, Document, Ending, Event, Status

#: The largest file read (5 MiB): ten thousand applications fit in well under 2.
MAX_BYTES: Final = 5 * 1024 * 1024
#: The most rows a file may have below its header.
MAX_ROWS: Final = 5000
#: A cell that a spreadsheet would read as a formula starts with one of these (OWASP).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
#: The day's hour given to an interview whose time is not said.
DEFAULT_HOUR: Final = 12

#: The export's columns, in order.
EXPORT_COLUMNS: Final = ("Company", "Role", "Status", "Next step", "Next step by", "Applied on",
                         "Interviews", "Contacts", "Decision expected", "Notes", "Outcome date")

_DELIMITERS: Final = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}

#: The formats of a date written in numbers, by the order of day and month.
DATE_FORMATS: Final = {"dmy": "day/month/year", "mdy": "month/day/year"}


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet of applications; the sentence says why."""


# -- the columns -------------------------------------------------------------------------------

def _norm(name: str) -> str:
    """A column name compared without case, accents, spaces or punctuation."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", plain.casefold())


#: Each field's names, as :func:`_norm` leaves them: English, Huntr's, this planner's export,
#: and French, German, Spanish, Italian and Portuguese ones.
_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "company": ("company", "companyname", "employer", "organisation", "organization",
                "organisationname", "organizationname", "firm", "entreprise", "societe",
                "employeur", "firma", "unternehmen", "arbeitgeber", "empresa", "azienda",
                "societa"),
    "role": ("role", "title", "jobtitle", "position", "job", "jobname", "poste", "intitule",
             "intituledeposte", "stelle", "jobbezeichnung", "puesto", "cargo", "ruolo",
             "posizione", "vaga"),
    "interview": ("interview", "interviews", "interviewdate", "interviewdates", "interviewon",
                  "interviewedon", "interviewat", "lastinterview", "interviewend",
                  "interviewends", "entretien", "dateentretien", "datedentretien",
                  "datedelentretien", "vorstellungsgesprach", "interviewtermin",
                  "gesprachstermin", "entrevista", "fechadeentrevista", "fechaentrevista",
                  "colloquio", "datacolloquio", "dataentrevista"),
    "applied": ("applied", "appliedon", "dateapplied", "applieddate", "applicationdate",
                "dateofapplication", "createdat", "created", "date", "datecandidature",
                "candidature", "datedecandidature", "bewerbungsdatum", "beworbenam",
                "fechadesolicitud", "fechasolicitud", "fechadepostulacion",
                "datacandidatura"),
    "contact": ("contact", "contacts", "contactname", "interviewer", "interviewers",
                "recruiter", "hiringmanager", "person", "interlocuteur", "recruteur",
                "ansprechpartner", "kontakt", "contacto", "contatto", "contato"),
    "email": ("email", "contactemail", "intervieweremail", "recruiteremail", "emailaddress",
              "mail", "courriel", "correo", "correoelectronico"),
    "phone": ("phone", "contactphone", "telephone", "telefon", "telefono", "phonenumber"),
    "status": ("status", "listname", "list", "stage", "state", "statut", "etat", "etape",
               "estado", "stato", "etapa"),
    "url": ("url", "link", "joburl", "joblink", "posting", "jobposting", "lien", "enlace",
            "annonce", "stellenanzeige"),
    "notes": ("notes", "note", "comments", "comment", "remarques", "remarque",
              "commentaires", "notizen", "bemerkungen", "notas", "comentarios"),
    "decision": ("decisionexpected", "decision", "decisiondate", "decisionby",
                 "datededecision", "reponseattendue", "entscheidung"),
    # Worked out again by the planner from the rest: read, never kept as notes.
    "computed": ("nextstep", "nextstepby", "prochaineetape"),
    # The day of their answer, for an offer or a "no" (this planner's export: "Outcome date").
    "answered": tuple(_norm(n) for n in (
        "outcome date", "outcome on", "response date", "responded on", "response received",
        "date of response", "reply date", "replied on", "answer date", "answered on",
        "result date", "rejected on", "rejection date", "date rejected", "date of rejection",
        "offer date", "offered on", "offer received on", "date of offer",
        "date de réponse", "date réponse", "réponse le", "date du refus", "date de refus",
        "refusé le", "date de l'offre", "date offre", "antwortdatum", "antwort am",
        "datum der antwort", "absagedatum", "absage am", "abgelehnt am", "angebotsdatum",
        "angebot am", "zusage am", "fecha de respuesta", "fecha respuesta",
        "fecha de rechazo", "fecha rechazo", "fecha de oferta", "fecha oferta",
        "data risposta", "data di risposta", "data rifiuto", "data del rifiuto",
        "data offerta", "data dell'offerta", "data de resposta", "data resposta",
        "data da rejeição", "data rejeição", "data da oferta", "data oferta")),
    # A date of the row's latest change: an offer or a "no" without an answer column is
    # dated from it.
    "updated": tuple(_norm(n) for n in (
        "updated", "updated at", "updated on", "last updated", "last update", "date updated",
        "modified", "last modified", "modified at", "status date", "status updated",
        "status changed", "status changed on", "last status change", "last contact",
        "last contacted", "last contact date", "last contact on", "date of last contact",
        "last activity", "closed on", "date closed", "closed date", "end date", "ended on",
        "mis à jour", "mise à jour", "dernière mise à jour", "date de mise à jour",
        "dernier contact", "date du dernier contact", "aktualisiert", "aktualisiert am",
        "letzte aktualisierung", "geändert am", "letzter kontakt", "statusdatum",
        "actualizado", "última actualización", "fecha de actualización", "último contacto",
        "fecha del último contacto", "aggiornato", "ultimo aggiornamento",
        "data aggiornamento", "ultimo contatto", "atualizado", "última atualização",
        "data de atualização", "último contato", "data do último contato")),
}
_FIELD_OF: Final = {name: f for f, names in _NAMES.items() for name in names}


# -- reading the bytes and the table -------------------------------------------------------------

def decode(data: bytes) -> str:
    """A file's bytes as text: UTF-8 (with or without its byte order mark) or UTF-16 with
    one. Anything else is refused with a sentence that says what to do."""
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(
            f"The file is too large ({len(data) / 1024 / 1024:.1f} MB); a spreadsheet of "
            f"applications is at most {MAX_BYTES // 1024 // 1024} MB. Nothing was changed.")
    if not data.strip():
        raise SpreadsheetError("The file is empty. Nothing was changed.")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise SpreadsheetError(
            "This is a spreadsheet workbook (.xlsx, .ods or .xls), not a CSV file. In your "
            "spreadsheet, save or download it as CSV (UTF-8), then import that file.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SpreadsheetError("The file says it is UTF-16 text but is not. Save it as "
                                   "CSV (UTF-8) and import that file.") from None
    if b"\x00" in data:
        raise SpreadsheetError("The file holds binary data, not CSV text. Save your "
                               "spreadsheet as CSV (UTF-8) and import that file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            f"The file is not UTF-8 text (byte {exc.start + 1:,} is not). In your spreadsheet, "
            "save it as “CSV UTF-8” and import that file. Nothing was changed.") from None
    return text


def _check_text(text: str) -> str:
    if len(text) > MAX_BYTES:
        raise SpreadsheetError(
            f"The file is too large ({len(text):,} characters); a spreadsheet of applications "
            f"is at most {MAX_BYTES // 1024 // 1024} MB. Nothing was changed.")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SpreadsheetError("The file is empty. Nothing was changed.")
    if "\x00" in text or re.search(r"[\ud800-\udfff]", text):
        raise SpreadsheetError("The file holds binary data, not CSV text. Save your "
                               "spreadsheet as CSV (UTF-8) and import that file.")
    return text


def _first_record(text: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return []


def _delimiter(text: str) -> str:
    """The separator whose first row names the most known columns (then: the most columns)."""
    def score(d: str) -> tuple[int, int]:
        header = _first_record(text, d)
        return sum(1 for h in header if _norm(h) in _FIELD_OF), len(header)
    return max(_DELIMITERS, key=score)


def _table(text: str) -> tuple[str, list[str], list[tuple[int, list[str]]]]:
    """The separator, the header and the rows (each with its row number, the header's is 1)."""
    text = _check_text(text)
    delimiter = ""
    first_line = text.split("\n", 1)[0].rstrip("\r").strip('"')
    if first_line.lower().startswith("sep=") and len(first_line) == 5:
        delimiter = first_line[4]  # a spreadsheet's hint: "sep=;"
        text = text.split("\n", 1)[1] if "\n" in text else ""
    delimiter = delimiter or _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, None)
        if header is None:
            raise SpreadsheetError("The file is empty. Nothing was changed.")
        for number, row in enumerate(reader, start=2):
            if len(rows) >= MAX_ROWS:
                raise SpreadsheetError(
                    f"The file has more than {MAX_ROWS:,} rows; import it in parts of at most "
                    f"{MAX_ROWS:,}. Nothing was changed.")
            rows.append((number, row))
    except csv.Error as exc:
        where = len(rows) + 2
        problem = str(exc)
        if "field larger" in problem:
            problem = f"a cell is longer than {csv.field_size_limit():,} characters"
        raise SpreadsheetError(f"Row {where} can't be read ({problem}). Nothing was "
                               "changed.") from None
    return delimiter, header, rows


# -- dates -------------------------------------------------------------------------------------

_MONTH_NAMES: Final = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_TIME = (r"(?:(?:[T ,]+|\s+at\s+)(?P<h>\d{1,2})[:h.](?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
         r"\s*(?P<ampm>[ap]\.?\s?m\.?)?)?")
_ZONE = r"(?:\s*(?:GMT|UTC)?\s*(?P<z>Z|[+-]\d{2}:?\d{2}))?(?:\s*\([^)]*\))?"
_ISO = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME + _ZONE, re.I)
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4}|\d{2})" + _TIME
                      + _ZONE, re.I)
_WEEKDAY = r"(?:[A-Za-z]{3,9}\.?,?\s+)?"
_DAY_MONTH = re.compile(_WEEKDAY + r"(?P<d>\d{1,2})\.?\s+(?P<mn>[A-Za-z]{3,9})\.?,?\s+"
                        r"(?P<y>\d{4})" + _TIME + _ZONE, re.I)
_MONTH_DAY = re.compile(_WEEKDAY + r"(?P<mn>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
                        r",?\s+(?P<y>\d{4})" + _TIME + _ZONE, re.I)
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")


@dataclass(frozen=True)
class _When:
    """A date read from a cell, with its time and UTC offset when the cell said them."""

    day: date
    at: time | None = None
    offset: timedelta | None = None


def _numeric_order(cell: str) -> tuple[int, int] | None:
    """The two leading numbers of a date like 03/04/2026, or None for another form."""
    found = _NUMERIC.fullmatch(cell.strip())
    return (int(found["a"]), int(found["b"])) if found else None


def _read_date(cell: str, order: str) -> _When | None:
    """A cell as a date (``order``: "dmy" or "mdy" for dates written in numbers only)."""
    text = cell.strip()
    if _EPOCH.fullmatch(text):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        moment = datetime.fromtimestamp(seconds, UTC)
        return _When(moment.date(), moment.time().replace(microsecond=0), timedelta())
    found = _ISO.fullmatch(text)
    if found:
        year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    elif (found := _NUMERIC.fullmatch(text)) is not None:
        first, second = int(found["a"]), int(found["b"])
        day, month = (first, second) if order != "mdy" else (second, first)
        year = int(found["y"]) + (2000 if len(found["y"]) == 2 else 0)
    elif (found := _DAY_MONTH.fullmatch(text) or _MONTH_DAY.fullmatch(text)) is not None:
        month_number = _MONTH_NAMES.get(found["mn"].lower())
        if month_number is None:
            return None
        year, month, day = int(found["y"]), month_number, int(found["d"])
    else:
        return None
    try:
        found_day = date(year, month, day)
    except ValueError:
        return None
    at = None
    if found["h"] is not None:
        hour, minute = int(found["h"]), int(found["mi"])
        ampm = (found["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 23 or minute > 59:
            return None
        at = time(hour, minute, min(int(found["s"] or 0), 59))
    offset = None
    if found["z"] is not None:
        zone = found["z"].upper()
        if zone == "Z":
            offset = timedelta()
        else:
            digits = zone[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            if zone[0] == "-":
                offset = -offset
            if abs(offset) >= timedelta(hours=24):
                return None
    return _When(found_day, at, offset)


def _moment(when: _When, tz: ZoneInfo) -> datetime:
    """The moment a date-time names: with its own offset, or on the planner's clock (noon
    when no time is given), in the planner's zone and in its one written form."""
    at = when.at if when.at is not None else time(DEFAULT_HOUR)
    if when.offset is not None:
        moment = datetime.combine(when.day, at, tzinfo=timezone(when.offset))
    else:
        moment = datetime.combine(when.day, at, tzinfo=tz)
    # Through UTC: a wall time skipped by a DST change becomes the time it really is.
    return moment.astimezone(UTC).astimezone(tz)


def _local_day(when: _When, tz: ZoneInfo) -> date:
    if when.offset is None or when.at is None:
        return when.day
    return _moment(when, tz).date()


# -- one row -----------------------------------------------------------------------------------

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
    notes: list[str] = field(default_factory=list)
    decision: str = ""
    formula: str = ""  # the column of a cell that holds a formula, if any


def _unescape(cell: str) -> str:
    """A cell as written, less the quote that keeps a spreadsheet from reading a formula."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def escape(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading
    quote (OWASP's advice on CSV injection), and so does one that starts with quotes before
    such a character, so that reading it back takes off exactly one."""
    if cell.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


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
                         "decision"):
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


# -- statuses ----------------------------------------------------------------------------------

_OFFER: Final = {"offer", "offered", "offerreceived", "accepted", "offre", "angebot",
                 "oferta", "offerta", "proposta"}
_REJECTION: Final = {"rejected", "rejection", "notselected", "refused", "theysaidno", "no",
                     "refus", "refuse", "candidaturerefusee", "abgelehnt", "absage",
                     "rechazado", "rechazada", "rifiutato", "rejeitado"}
_CLOSED: Final = {"movedon", "closed", "withdrawn", "archived", "ghosted", "noanswer",
                  "abandoned", "declined", "dropped", "clos", "ferme", "abandonne",
                  "geschlossen", "cerrado", "chiuso", "fechado"}
_NOT_APPLIED: Final = {"wishlist", "saved", "toapply", "bookmarked", "interested", "idea",
                       "merkliste", "aposter", "pendiente"}
#: The planner's own words for an open application (in its export): worked out again.
_OPEN: Final = {"active", "waitingforthem", "open", "nointerviewrecordedyet"}
#: Statuses that say there is (or was) an interview: without its date, nothing is planned.
_INTERVIEWING: Final = {
    "interview", "interviews", "interviewing", "interviewed", "interviewscheduled",
    "interviewstage", "interviewround", "phonescreen", "phonescreening", "phoneinterview",
    "screen", "screening", "screeningcall", "recruiterscreen", "recruitercall", "hrinterview",
    "hrscreen", "technicalinterview", "techinterview", "videointerview", "onsite",
    "onsiteinterview", "panelinterview", "firstinterview", "secondinterview",
    "finalinterview", "firstround", "secondround", "finalround", "entretien", "entretiens",
    "entretientelephonique", "entretienpasse", "entretienprevu", "vorstellungsgesprach",
    "telefoninterview", "gesprach", "interviewphase", "entrevista", "entrevistas",
    "entrevistado", "entrevistada", "colloquio", "colloqui", "colloquiotelefonico"}


# -- the preview and the import ----------------------------------------------------------------

class Column(TypedDict):
    name: str
    use: str  # a field ("company", "role", …), "notes" or "computed"


class Added(TypedDict):
    row: int
    company: str
    role: str
    detail: str  # "Interview Tue 17 Nov, 3 pm with Dana Lee · Rejected"


class Refused(TypedDict):
    row: int
    reason: str


class Duplicate(TypedDict):
    row: int
    company: str
    role: str
    of: str  # "already in the planner" or "the same as row 4"


class Preview(TypedDict):
    delimiter: str
    delimiter_name: str
    rows: int
    columns: list[Column]
    date_format: str  # "dmy", "mdy", or "" when no date is written in numbers only
    date_formats: list[str]  # the orders that read every date of the file
    date_example: str  # "03/04/2026 is read as Fri 3 Apr" ("" without such a date)
    added: list[Added]
    not_understood: list[Refused]
    duplicates: list[Duplicate]


@dataclass
class Reading:
    """What importing a file would do: its preview and the applications it adds."""

    preview: Preview
    applications: list[dict[str, Any]]


def _key(company: str, role: str) -> tuple[str, str]:
    return " ".join(company.casefold().split()), " ".join(role.casefold().split())


def _same(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """The same company, and the same role or one of them without a role."""
    return a[0] == b[0] and (a[1] == b[1] or not a[1] or not b[1])


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


def _pick_order(cells: Iterable[str], wanted: str | None, prefer: str | None
                ) -> tuple[str, list[str], str]:
    """The order of day and month (given, else the only one that reads every date, else the
    preferred one), the orders that read every date, and an example of a date so read."""
    numeric = [c.strip() for c in cells if _numeric_order(c) is not None]
    if not numeric:
        return "", [], ""
    fitting = [o for o in DATE_FORMATS if all(_read_date(c, o) for c in numeric)]
    if wanted in DATE_FORMATS:
        order = str(wanted)
    elif fitting:
        order = prefer if prefer in fitting else fitting[0]
    else:
        order = max(DATE_FORMATS, key=lambda o: sum(1 for c in numeric if _read_date(c, o)))
    # The example that tells the two orders apart best: one whose first two numbers differ.
    ambiguous = [c for c in numeric if (p := _numeric_order(c)) and p[0] != p[1]
                 and p[0] <= 12 and p[1] <= 12]
    sample = next((c for c in ambiguous + numeric if _read_date(c, order)), "")
    example = ""
    if sample:
        read = _read_date(sample, order)
        assert read is not None
        example = f"{sample} is read as {datewords.day(read.day)} {read.day.year}"
    return order, fitting, example


def read(raw: dict[str, Any], document: Document, text: str, *, now: datetime,
         date_format: str | None = None, prefer: str | None = None) -> Reading:
    """What importing ``text`` (a CSV file's text) into ``raw`` would do.

    ``date_format`` ("dmy" or "mdy") says how dates written in numbers only are read; without
    it, the order that reads every date is chosen, ``prefer`` when both do (the page passes
    its locale's; the command line its country's). Raises :class:`SpreadsheetError` when
    the file cannot be read at all; rows that cannot be used are listed, not refused.
    """
    delimiter, header, table = _table(text)
    columns, rows, refused_rows = _rows(header, table)
    tz = ZoneInfo(document.settings.timezone)
    cells = [c for r in rows for c in (*r.interviews, r.applied, r.decision,
                                         *(d[1] for d in (r.answered, r.updated) if d)) if c]
    order, fitting, example = _pick_order(cells, date_format, prefer)
    shown = DATE_FORMATS.get(order, "")

    # By company: each role there, and what a duplicate of it is the same as: the planner's
    # applications first, then the rows added before it.
    known: dict[str, list[tuple[str, str]]] = {}
    for a in document.applications:
        company, role = _key(a.company, a.role)
        known.setdefault(company, []).append((role, f"{a.company} is already in the planner"))
    taken_ids: set[Any] = {a.id for a in document.applications}
    added: list[Added] = []
    duplicates: list[Duplicate] = []
    refused: dict[int, str] = dict(refused_rows)
    apps: list[dict[str, Any]] = []

    def date_of(cell: str, what: str) -> _When:
        found = _read_date(cell, order)
        if found is None:
            how = f" (dates in numbers are read as {shown})" if _numeric_order(cell) else ""
            raise _RowProblem(f"the {what} “{cell[:40]}” is not a date{how}")
        return found

    for row in rows:
        try:
            if not row.company:
                raise _RowProblem("it has no company name")
            key = _key(row.company, row.role)
            twin = next((of for role, of in known.get(key[0], ())
                         if _same((key[0], role), key)), None)
            if twin is not None:
                duplicates.append(Duplicate(row=row.number, company=row.company, role=row.role,
                                            of=twin))
                continue
            app, said = _application(row, date_of, tz, now)
        except _RowProblem as exc:
            refused[row.number] = str(exc)
            continue
        known.setdefault(key[0], []).append((key[1], f"the same as row {row.number}"))
        app["id"] = words.slug(row.company, taken_ids, "application")
        app = {"id": app.pop("id"), **app}
        taken_ids.add(app["id"])
        apps.append(app)
        added.append(Added(row=row.number, company=row.company, role=row.role,
                           detail=_detail(app, tz, said)))

    preview = Preview(
        delimiter=delimiter, delimiter_name=_DELIMITERS.get(delimiter, delimiter),
        rows=len(table), columns=[Column(name=c["name"], use=c["use"]) for c in columns],
        date_format=order, date_formats=fitting, date_example=example, added=added,
        not_understood=[Refused(row=n, reason=r) for n, r in sorted(refused.items())],
        duplicates=duplicates)
    return Reading(preview=preview, applications=apps)


class _RowProblem(Exception):
    """Why one row cannot be imported."""


#: The note of an answer an import dated: from a date and time, or from a day alone (its time
#: is then noon, or the time the interview ended that day, or the import's moment that day).
_IMPORTED: Final = "Imported from a spreadsheet"
_DAY_ONLY: Final = "Imported from a spreadsheet, which gives the day but not the time"
#: The note of an answer whose date the spreadsheet does not give.
_UNDATED_NOTE: Final = "Imported from a spreadsheet, which does not say when"


def _answer_kind(status: str) -> str:
    """"offer" or "rejection" for a status (as :func:`_norm` leaves it) that says so, else ""."""
    return "offer" if status in _OFFER else "rejection" if status in _REJECTION else ""


def _answer_at(when: _When, tz: ZoneInfo, now: datetime, after: datetime | None,
               applied: date | None) -> datetime:
    """The moment of their answer: the cell's own time, or for a day alone noon, moved into
    what that day allows (not before the interview ``after`` ended, not after now). A day
    that cannot be the answer's is the row's problem, said in a sentence."""
    local_now = now.astimezone(tz).replace(microsecond=0)
    day = _local_day(when, tz)
    shown = f"{datewords.day(day)} {day.year}"
    moment = _moment(when, tz)
    if day > local_now.date() or (when.at is not None and moment > now):
        raise _RowProblem(f"the answer date, {shown}, is still to come")
    if applied is not None and day < applied:
        raise _RowProblem(f"the answer date, {shown}, comes before the day applied")
    if when.at is None:
        if after is not None and after.astimezone(tz).date() == day:
            moment = max(moment, after)
        moment = min(moment, local_now)
    if after is not None and moment < after:
        raise _RowProblem(f"the answer date, {shown}, comes before the interview ended "
                          f"({datewords.day(after.date())} {after.year}, {datewords.clock(after)})")
    return moment


@dataclass(frozen=True)
class _Said:
    """What the preview says of a row beyond its dates: ``lead`` stands for them."""

    lead: str = ""
    outcome: str = ""


def _application(row: _Row, date_of: Callable[[str, str], _When], tz: ZoneInfo,
                 now: datetime) -> tuple[dict[str, Any], _Said]:
    status = _norm(row.status)
    answer = _answer_kind(status)
    today = now.astimezone(tz).date()
    notes = list(row.notes)
    # An offer or a "no" is dated from the answer's own column, else from the row's latest
    # change; a date column that dates nothing stays in the notes.
    source = (row.answered or row.updated) if answer else None
    for kept in (row.answered, row.updated):
        if kept is not None and kept is not source:
            notes.append(f"{kept[0]}: {kept[1]}" if kept[0] else kept[1])
    app: dict[str, Any] = {"company": row.company, "role": row.role, "contacts": [],
                           "interviews": [], "events": []}
    with_: list[str] = []
    for person in _contacts(row):
        taken = {c["id"] for c in app["contacts"]}
        name = person["name"]
        person_id = words.slug(name or person.get("email", "").split("@")[0], taken, "contact")
        app["contacts"].append({"id": person_id, **person})
        with_.append(person_id)
    ends = sorted({_moment(date_of(cell, "interview date"), tz) for cell in row.interviews})
    for n, ends_at in enumerate(ends, start=1):
        app["interviews"].append({"id": f"r{n}", "ends_at": ends_at.isoformat(),
                                  "with": with_ if n == len(ends) else []})
    lead = ""
    # An interview without its date: planned from the day applied, the plan would miss the
    # thank-you and count the follow-ups from the wrong day. The preview asks for the date.
    interview_unknown = status in _INTERVIEWING and not ends and not answer
    if interview_unknown:
        lead = (f"Interview date needed: the status says “{row.status}” but no interview date "
                "is given, so nothing is planned until you add the interview to it")
    if row.applied and status not in _NOT_APPLIED and interview_unknown:
        notes.append(f"{row.applied_column}: {row.applied}" if row.applied_column
                     else row.applied)
        lead += " (the day applied is kept in its notes)"
    elif row.applied and status not in _NOT_APPLIED:
        applied = _local_day(date_of(row.applied, "date applied"), tz)
        if applied > today:
            raise _RowProblem(f"the date applied, {datewords.day(applied)} {applied.year}, is "
                              "still to come")
        app["applied_on"] = applied.isoformat()
    if row.decision:
        app["decision_expected"] = _local_day(date_of(row.decision, "decision date"),
                                              tz).isoformat()
    outcome = ""
    said = "Offer" if answer == "offer" else "They said no"
    if answer and source is not None:
        when = date_of(source[1], "answer date")
        at = _answer_at(when, tz, now, ends[-1] if ends else None,
                        date.fromisoformat(app["applied_on"]) if "applied_on" in app else None)
        # The history shows the answer's time: a day alone says that its time is not known.
        app["events"].append({"at": at.isoformat(), "type": "reply", "tone": answer,
                              "note": _IMPORTED if when.at is not None else _DAY_ONLY})
        outcome = f"{said} on {datewords.day(at.date())} {at.year}"
    elif answer:
        # No date says when: the answer is recorded as one whose date is not known (placed at
        # the import's moment only to order it); nothing shows a date for it.
        app["events"].append({"at": now.astimezone(tz).replace(microsecond=0).isoformat(),
                              "type": "reply", "tone": answer, "date_unknown": True,
                              "note": _UNDATED_NOTE})
        outcome = f"{said}, date unknown"
    elif status in _CLOSED:
        app["closed"] = True
        outcome = "Closed"
    if row.status and status not in _OPEN | _OFFER | _REJECTION | _CLOSED:
        notes.append(f"Status: {row.status}")
    if row.url:
        notes.append(f"Link: {row.url}")
    if notes:
        text = "\n".join(notes)
        if app["interviews"]:
            app["interviews"][-1]["notes"] = text
        else:
            app["notes"] = text
    return app, _Said(lead, outcome)


def _detail(app: dict[str, Any], tz: ZoneInfo, said: _Said) -> str:
    parts: list[str] = []
    names = [c["name"] or c.get("email", "") for c in app["contacts"]]
    if said.lead:
        parts.append(said.lead)
        if names:
            parts.append(f"contact: {', '.join(names)}")
    elif app["interviews"]:
        last = datetime.fromisoformat(app["interviews"][-1]["ends_at"]).astimezone(tz)
        rounds = len(app["interviews"])
        what = f"{rounds} interviews, the last" if rounds > 1 else "Interview"
        parts.append(f"{what} {datewords.day(last.date())} {last.year}, {datewords.clock(last)}"
                     + (f" with {', '.join(names)}" if names else ""))
    elif "applied_on" in app:
        applied = date.fromisoformat(app["applied_on"])
        parts.append(f"Applied {datewords.day(applied)} {applied.year}")
        if names:
            parts.append(f"contact: {', '.join(names)}")
    else:
        parts.append("No date: nothing will be planned until you add the interview or the "
                     "day you applied")
    if said.outcome:
        parts.append(said.outcome)
    return " · ".join(parts)


def apply(raw: dict[str, Any], document: Document, text: str, *, now: datetime,
          date_format: str | None = None) -> tuple[dict[str, Any], Reading]:
    """``raw`` with the file's new applications added (a copy is the caller's to make)."""
    reading = read(raw, document, text, now=now, date_format=date_format)
    found = raw.get("applications")
    if not isinstance(found, list):
        found = raw["applications"] = []
    found.extend(reading.applications)
    return raw, reading


# -- the export --------------------------------------------------------------------------------

def _status(app: Application, plan: AppPlan, raw_app: dict[str, Any],
            tz: ZoneInfo) -> tuple[str, Event | None]:
    """The plan's status, and the answer that ended it (for its date)."""
    final = None
    if plan.status is Status.ENDED and plan.ending in (Ending.OFFER, Ending.REJECTION):
        # As the planner reads it: since the latest interview, or, with no date on record to
        # count from, among all the application's events.
        since = responses.current_events(app, tz)
        final = responses.final_answer(since if since is not None else list(app.events))
    ending = plan.ending if plan.status is Status.ENDED else None
    if ending is not None:
        return ({Ending.OFFER: "Offer", Ending.REJECTION: "Rejected"}.get(ending, "Moved on"),
                final)
    return ("Waiting for them" if plan.status is Status.WAITING else "Active"), None


def _answer_cell(answer: Event, raw_app: dict[str, Any], tz: ZoneInfo) -> str:
    """The day and time of their answer; its day alone when an import read only a day;
    nothing when its date is not known."""
    if answer.date_unknown:
        return ""
    for found in raw_app.get("events") or []:
        if (isinstance(found, dict) and found.get("note") == _DAY_ONLY
                and found.get("type") == "reply"
                and dataformat.parse_datetime(found.get("at")) == answer.at):
            return answer.at.astimezone(tz).date().isoformat()
    return _local(answer.at, tz)


def _local(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return local.strftime("%Y-%m-%d %H:%M" + (":%S" if local.second else ""))


def export(raw: dict[str, Any], document: Document, *, now: datetime) -> str:
    """One row per application: its status, next step and dates, in the planner's time zone,
    every cell that would start a formula escaped. Starts with a byte order mark (so
    spreadsheets read it as UTF-8) and ends its rows with CRLF (RFC 4180)."""
    tz = ZoneInfo(document.settings.timezone)
    plans = planner.plan(document, now=now)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    raw_apps = raw.get("applications") or []
    for app, plan, raw_app in zip(document.applications, plans, raw_apps, strict=True):
        steps = [a for a in plan.actions if not a.projected]
        step = steps[0] if steps else None
        latest = app.interviews[-1] if app.interviews else None
        notes = [raw_app.get("notes")] + [i.get("notes") for i in raw_app.get("interviews") or []
                                          if isinstance(i, dict)]
        people = []
        for c in app.contacts:
            person = c.name + (f" <{c.email}>" if c.email else "")
            person += f" ({c.phone})" if c.phone else ""
            people.append(person.strip())
        in_latest = set(latest.with_) if latest else set()
        order = sorted(range(len(people)), key=lambda i: app.contacts[i].id not in in_latest)
        status, answer = _status(app, plan, raw_app, tz)
        writer.writerow([escape(cell.replace("\x00", "")) for cell in (
            app.company, app.role, status,
            words.step_title(document, step) if step else plan.summary,
            _local(step.latest, tz) if step else "",
            app.applied_on.isoformat() if app.applied_on else "",
            "; ".join(_local(i.ends_at, tz) for i in app.interviews),
            "; ".join(people[i] for i in order),
            app.decision_expected.isoformat() if app.decision_expected else "",
            "\n".join(n.strip() for n in notes if isinstance(n, str) and n.strip()),
            _answer_cell(answer, raw_app, tz) if answer is not None else "",
        )])
    return "\ufeff" + out.getvalue()
