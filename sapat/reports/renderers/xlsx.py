"""XLSX with openpyxl: a first sheet with the text of the report, then every table as its own sheet with raw
numbers (full precision, a number format for display) so the figures can be computed with, and every chart
as a native Excel chart over its data. Cells, number formats and sheet names go through sapat.core.spreadsheets
(the formula guard: a text typed as "=…" is stored as text, never as a formula)."""

from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill

from sapat.core import spreadsheets

from ..document import (
    CHANGE,
    CHANGE_MARK,
    COUNT,
    DATE,
    MARK,
    PERCENT,
    POINTS,
    SCORE,
    Document,
    Figure,
    Paragraph,
    Table,
    chart_table,
)
from .charts import drawable

CONTENT_TYPE = spreadsheets.XLSX_CONTENT_TYPE
EXTENSION = "xlsx"
KINDS = {PERCENT: "percent", MARK: "mark", COUNT: "count", CHANGE: "change", CHANGE_MARK: "change_mark", DATE: "date",
         POINTS: "points", SCORE: "score"}  # fmt: skip
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8EEF3")


def render(document: Document) -> bytes:
    book, names = spreadsheets.workbook()
    with override(document.language):
        _summary(spreadsheets.add_sheet(book, names, _("Report")), document)
        for section in document.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    _table_sheet(book, block, names)
                elif isinstance(block, Figure):
                    _chart_sheet(book, block, document.language, names)
    return spreadsheets.xlsx_bytes(book)


def _summary(sheet, document: Document) -> None:
    spreadsheets.append(sheet, [document.title])
    sheet["A1"].font = Font(bold=True, size=14)
    if document.subtitle:
        spreadsheets.append(sheet, [document.subtitle])
    for label, value in document.facts:
        spreadsheets.append(sheet, [label, str(value)])
    for section in document.sections:
        spreadsheets.append(sheet, [])
        spreadsheets.append(sheet, [section.title])
        sheet.cell(sheet.max_row, 1).font = BOLD
        for block in section.blocks:
            if isinstance(block, Paragraph):
                spreadsheets.append(sheet, [("• " if block.style == "item" else "") + block.text])
            elif isinstance(block, Table | Figure):
                title = (block.title or block.sheet) if isinstance(block, Table) else block.chart.title
                spreadsheets.append(sheet, [_("See the sheet: %(name)s") % {"name": title}])
    _summary_tail(sheet, document)
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 40


def _summary_tail(sheet, document: Document) -> None:
    if document.signatures:
        spreadsheets.append(sheet, [])
        for signature in document.signatures:
            spreadsheets.append(sheet, [signature.position, signature.name])
    if document.as_of:
        spreadsheets.append(sheet, [])
        spreadsheets.append(sheet, [_("Data as of"), document.as_of], [None, "datetime"])


def _table_sheet(book, table: Table, names: spreadsheets.SheetNames):
    sheet = spreadsheets.add_sheet(book, names, table.sheet or table.title)
    spreadsheets.append(sheet, [table.title or table.sheet])
    sheet["A1"].font = BOLD
    spreadsheets.append(sheet, [column.heading for column in table.columns])
    for cell in sheet[2]:
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    kinds = [KINDS.get(column.kind) for column in table.columns]
    places = [column.places for column in table.columns]
    for i, row in enumerate(table.rows):
        spreadsheets.append(sheet, row, kinds, places)
        if i in table.total_rows:
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD
    if table.note:
        spreadsheets.append(sheet, [])
        spreadsheets.append(sheet, [table.note])
    sheet.freeze_panes = "B3"
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[sheet.cell(2, index).column_letter].width = 28 if column.kind == "text" else 11
    return sheet


def _chart_sheet(book, figure: Figure, language: str, names: spreadsheets.SheetNames) -> None:
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
