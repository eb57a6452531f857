"""A spreadsheet file as text and as a table: its bytes decoded, its separator and its rows
found, within limits; and a cell kept from being read as a formula.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import Final

from .sheetwords import _FIELD_OF, _norm

#: The largest file read (5 MiB): ten thousand applications fit in well under 2.
MAX_BYTES: Final = 5 * 1024 * 1024

#: The most rows a file may have below its header.
MAX_ROWS: Final = 5000

#: A cell that a spreadsheet would read as a formula starts with one of these (OWASP).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

_DELIMITERS: Final = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet of applications; the sentence says why."""


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
