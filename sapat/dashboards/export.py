"""Every dashboard table as XLSX (openpyxl) or CSV (UTF-8 with a BOM, so that Excel reads it as UTF-8).

Numbers keep full precision (an XLSX cell shows one decimal through its number format, the value stays
exact); empty figures are empty cells. A text cell that a spreadsheet would take for a formula (starting with
= + - @, a tab or a carriage return) gets a leading apostrophe: names of units and people are data that
anyone may have typed.
"""

import csv
import io
import re

from django.http import HttpResponse
from openpyxl import Workbook

from .tables import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "count": "0",
    "percent": "0.0",
    "mark": "0.00",
    "change_percent": "+0.0;-0.0;0.0",
    "change_mark": "+0.00;-0.00;0.00",
    "change_count": "+0;-0;0",
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutral(value):
    """The value as a cell: text that would start a formula is made plain text with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutral(label) for label in table.header])
    for row in table.rows:
        writer.writerow(["" if value is None else neutral(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(table.title)
    sheet.append([neutral(label) for label in table.header])
    for row in table.rows:
        sheet.append([neutral(value) for value in row])
    for index, column in enumerate(table.columns, start=1):
        number_format = FORMATS.get(column.kind)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31].strip() or "Sapat"


def export_response(table: Table, kind: str, filename: str) -> HttpResponse:
    """The table as a download named `filename`.csv or .xlsx."""
    content = csv_bytes(table) if kind == "csv" else xlsx_bytes(table)
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    safe = re.sub(r"[^A-Za-z0-9_]+", "-", filename).strip("-") or "table"
    response["Content-Disposition"] = f'attachment; filename="{safe}.{kind}"'
    return response
