"""Every dashboard table as XLSX (openpyxl) or CSV (UTF-8 with a BOM, so that Excel reads it as UTF-8).

Numbers keep full precision (an XLSX cell shows one decimal through its number format, the value stays
exact); empty figures are empty cells. The formula guard, the number formats and the sheet-name rules are
sapat.core.spreadsheets', the one writer every XLSX of Sapat goes through.
"""

import csv
import io
import re

from django.http import HttpResponse

from sapat.core import spreadsheets

from .tables import Table

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": spreadsheets.XLSX_CONTENT_TYPE}
neutral = spreadsheets.cell


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(spreadsheets.row(table.header))
    for row in table.rows:
        writer.writerow(["" if value is None else value for value in spreadsheets.row(row)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    book, names = spreadsheets.workbook()
    sheet = spreadsheets.add_sheet(book, names, table.title)
    spreadsheets.append(sheet, table.header)
    for index, row in enumerate(table.rows):
        spreadsheets.append(sheet, row, table.kinds_of(index), table.places_of(index))
    sheet.freeze_panes = "B2"
    return spreadsheets.xlsx_bytes(book)


def export_response(table: Table, kind: str, filename: str) -> HttpResponse:
    """The table as a download named `filename`.csv or .xlsx."""
    content = csv_bytes(table) if kind == "csv" else xlsx_bytes(table)
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    safe = re.sub(r"[^A-Za-z0-9_]+", "-", filename).strip("-") or "table"
    response["Content-Disposition"] = f'attachment; filename="{safe}.{kind}"'
    return response
