"""The one spreadsheet writer: what every XLSX (and CSV) that Sapat hands out shares, for the dashboards'
exports (sapat.dashboards.export), the reports (sapat.reports.renderers.xlsx) and the import templates and
exports (sapat.transfer.templates).

- Formula injection (OWASP "CSV injection"): a text that a spreadsheet would take for a formula, one starting
  with = + - @, a tab or a carriage return, is written with a leading apostrophe, in XLSX and in CSV alike;
  the import (sapat.transfer.parsers.restore) takes the apostrophe off again. Names of units, students and
  subjects, topics and report texts are data anyone may have typed.
- Number formats by kind of figure (a count, a percent, a mark, a change, a date), so that a value stays exact
  and only its display rounds.
- Sheet names: Excel allows at most 31 characters, none of []:*?/\\, and no two sheets of one workbook with
  the same name (compared without case); `SheetNames` gives each sheet a valid, unique one.
"""

import datetime
import re
from decimal import Decimal

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {
    "count": "0",
    "percent": "0.0",
    "mark": "0.00",
    "score": "0.0",  # an average test score
    "points": "General",  # a score or a task's maximum: only the decimals it has
    "change": "+0.0;-0.0;0.0",
    "change_percent": "+0.0;-0.0;0.0",
    "change_mark": "+0.00;-0.00;0.00",
    "change_score": "+0.0;-0.0;0.0",
    "change_count": "+0;-0;0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
PLACED_KINDS = {"percent", "mark", "change", "change_percent", "change_mark"}
SHEET_NAME_LENGTH = 31
BAD_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
# Control characters other than tab, newline and carriage return cannot be stored in the XML of a sheet.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(text: str) -> str:
    """A text that a spreadsheet would take for a formula, made plain text with a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value):
    """A value as a cell: numbers stay numbers, dates stay dates (without a time zone, which Excel cannot
    hold), text is neutralised and cleaned of the characters a sheet cannot store, anything else is text."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    return neutralise(ILLEGAL_CHARACTERS.sub("", str(value)))


def row(values) -> list:
    return [cell(value) for value in values]


def number_format(kind: str, places: int | None = None) -> str | None:
    """The display format of a kind of figure, or None for text; `places` (an indicator's precision)
    overrides the kind's decimals, as on the page."""
    if places is None or kind not in PLACED_KINDS:
        return NUMBER_FORMATS.get(kind)
    digits = "0." + "0" * places if places > 0 else "0"
    return f"+{digits};-{digits};{digits}" if kind.startswith("change") else digits


class SheetNames:
    """The names of one workbook's sheets: valid for Excel and unique ("Report", "Report (2)", …)."""

    def __init__(self, fallback: str = "Sheet"):
        self.taken: set[str] = set()
        self.fallback = fallback

    def __call__(self, title) -> str:
        base = BAD_SHEET_CHARACTERS.sub(" ", ILLEGAL_CHARACTERS.sub("", str(title))).strip().strip("'")
        base = base[:SHEET_NAME_LENGTH].strip() or self.fallback
        name, number = base, 2
        while name.casefold() in self.taken:
            suffix = f" ({number})"
            name, number = base[: SHEET_NAME_LENGTH - len(suffix)].rstrip() + suffix, number + 1
        self.taken.add(name.casefold())
        return name


def workbook() -> tuple[Workbook, SheetNames]:
    """An empty workbook (its first sheet removed) and the namer of its sheets."""
    book = Workbook()
    book.remove(book.active)
    return book, SheetNames()


def add_sheet(book: Workbook, names: SheetNames, title):
    return book.create_sheet(names(title))


def append(sheet, values, kinds=None, places=None) -> None:
    """Append one row of values; `kinds` (one per value, or None) gives each cell its number format, and
    `places` (one per value, None where the kind's default holds) its decimals."""
    sheet.append(row(values))
    if kinds:
        places = places or [None] * len(kinds)
        for written, kind, decimals in zip(sheet[sheet.max_row], kinds, places, strict=False):
            found = number_format(kind, decimals) if kind else None
            if found:
                written.number_format = found


def xlsx_bytes(book: Workbook) -> bytes:
    import io

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
