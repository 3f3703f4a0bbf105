"""XLSX with openpyxl: a first sheet with the text of the report, then every table as its own sheet with raw
numbers (full precision, a number format for display) so the figures can be computed with, and every chart
as a native Excel chart over its data."""

import io
import re
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill

from ..document import CHANGE, CHANGE_MARK, COUNT, DATE, MARK, PERCENT, Document, Figure, Paragraph, Table, chart_table
from .charts import drawable

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSION = "xlsx"
NUMBER_FORMATS = {
    PERCENT: "0.0",
    MARK: "0.00",
    COUNT: "0",
    CHANGE: "+0.0;-0.0;0.0",
    CHANGE_MARK: "+0.00;-0.00;0.00",
    DATE: "yyyy-mm-dd",
}
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8EEF3")


def render(document: Document) -> bytes:
    book = Workbook()
    with override(document.language):
        names: set[str] = set()
        _summary(book.active, document, _sheet_name(_("Report"), names))
        for section in document.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    _table_sheet(book, block, names)
                elif isinstance(block, Figure):
                    _chart_sheet(book, block, document.language, names)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str, taken: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet's name; names must be unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:26]}~{n}", n + 1
    taken.add(name.lower())
    return name


def _summary(sheet, document: Document, name: str) -> None:
    sheet.title = name
    sheet.append([document.title])
    sheet["A1"].font = Font(bold=True, size=14)
    if document.subtitle:
        sheet.append([document.subtitle])
    for label, value in document.facts:
        sheet.append([label, str(value)])
    for section in document.sections:
        sheet.append([])
        sheet.append([section.title])
        sheet.cell(sheet.max_row, 1).font = BOLD
        for block in section.blocks:
            if isinstance(block, Paragraph):
                sheet.append([("• " if block.style == "item" else "") + block.text])
            elif isinstance(block, Table | Figure):
                title = (block.title or block.sheet) if isinstance(block, Table) else block.chart.title
                sheet.append([_("See the sheet: %(name)s") % {"name": title}])
    _summary_tail(sheet, document)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 40


def _summary_tail(sheet, document: Document) -> None:
    if document.signatures:
        sheet.append([])
        for signature in document.signatures:
            sheet.append([signature.position, signature.name])
    if document.as_of:
        sheet.append([])
        sheet.append([_("Data as of"), document.as_of.replace(tzinfo=None)])
        sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd hh:mm"


def _table_sheet(book, table: Table, names: set[str]):
    sheet = book.create_sheet(_sheet_name(table.sheet or table.title, names))
    sheet.append([table.title or table.sheet])
    sheet["A1"].font = BOLD
    sheet.append([column.label for column in table.columns])
    for cell in sheet[2]:
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(table.rows):
        sheet.append([_raw(value) for value in row])
        for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
            if column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]
            if i in table.total_rows:
                cell.font = BOLD
    if table.note:
        sheet.append([])
        sheet.append([table.note])
    sheet.freeze_panes = "B3"
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[sheet.cell(2, index).column_letter].width = 28 if column.kind == "text" else 11
    return sheet


def _raw(value):
    """Numbers stay numbers; dates stay dates (without a time zone, which Excel cannot hold)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if value is None or isinstance(value, int | float | date | str):
        return value
    return str(value)


def _chart_sheet(book, figure: Figure, language: str, names: set[str]) -> None:
    chart = figure.chart
    sheet = _table_sheet(book, chart_table(chart, language), names)
    if not drawable(chart):
        return
    native = LineChart() if chart.kind == "line" else BarChart()
    if chart.kind == "stacked":
        native.grouping, native.overlap = "stacked", 100
    native.title = chart.title
    native.height, native.width = 8, 16
    last = 2 + len(chart.categories)
    data = Reference(sheet, min_col=2, max_col=1 + len(chart.series), min_row=2, max_row=last)
    native.add_data(data, titles_from_data=True)
    native.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=last))
    if chart.unit == "percent":
        native.y_axis.scaling.min, native.y_axis.scaling.max = 0, 100
    sheet.add_chart(native, f"{sheet.cell(1, len(chart.series) + 3).column_letter}2")
