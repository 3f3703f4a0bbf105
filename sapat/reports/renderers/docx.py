"""DOCX with python-docx: headings, paragraphs, real Word tables (which a deputy edits before filing), charts as
pictures with their data table, and the signature block."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import override
from docx import Document as Word
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..document import TEXT, Document, Figure, Paragraph, Table, chart_table, display, format_date
from .charts import drawable, png
from .fonts import FAMILY

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSION = "docx"


def render(document: Document) -> bytes:
    word = Word()
    _setup(word, document)
    with override(document.language):
        _title(word, document)
        for section in document.sections:
            word.add_heading(section.title, level=2)
            for block in section.blocks:
                _block(word, block, document.language)
        _signatures(word, document)
        _footer(word, document)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _setup(word, document: Document) -> None:
    """DejaVu Sans everywhere (Cyrillic and the Kyrgyz and Kazakh letters), landscape for wide tables."""
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        style = word.styles[name]
        style.font.name = FAMILY
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FAMILY)
    word.styles["Normal"].font.size = Pt(10)
    word.core_properties.title = document.title
    word.core_properties.language = document.language
    page = word.sections[0]
    page.left_margin = page.right_margin = Cm(1.5)
    if any(len(table.columns) > 9 for table in document.tables()):
        page.orientation = WD_ORIENT.LANDSCAPE
        page.page_width, page.page_height = page.page_height, page.page_width


def _title(word, document: Document) -> None:
    word.add_heading(document.title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if document.subtitle:
        word.add_paragraph(document.subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for label, value in document.facts:
        line = word.add_paragraph()
        line.add_run(f"{label}: ").bold = True
        line.add_run(str(value))


def _block(word, block, language: str) -> None:
    if isinstance(block, Paragraph):
        style = {"item": "List Bullet"}.get(block.style)
        paragraph = word.add_paragraph(block.text, style=style)
        if block.style == "note":
            for run in paragraph.runs:
                run.font.size = Pt(8)
    elif isinstance(block, Table):
        _table(word, block, language)
    elif isinstance(block, Figure):
        if drawable(block.chart):
            word.add_picture(io.BytesIO(png(block.chart)), width=Cm(16))
        _table(word, chart_table(block.chart, language), language)


def _table(word, table: Table, language: str) -> None:
    if table.title:
        word.add_paragraph(table.title, style="Caption")
    grid = word.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        _cell(cell, column.label, bold=True)
    for i, row in enumerate(table.rows, start=1):
        bold = (i - 1) in table.total_rows
        for cell, value, column in zip(grid.rows[i].cells, row, table.columns, strict=True):
            right = column.kind != TEXT
            _cell(cell, display(value, column.kind, language), bold=bold, right=right)
    if table.note:
        note = word.add_paragraph(table.note)
        for run in note.runs:
            run.font.size = Pt(8)


def _cell(cell, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(8)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _signatures(word, document: Document) -> None:
    if not document.signatures:
        return
    word.add_paragraph()
    grid = word.add_table(rows=len(document.signatures), cols=3)
    for row, signature in zip(grid.rows, document.signatures, strict=True):
        row.cells[0].text = signature.position
        row.cells[1].text = "_______________"
        row.cells[2].text = signature.name


def _footer(word, document: Document) -> None:
    if document.as_of:
        as_of = format_date(document.as_of, document.language)
        word.add_paragraph(_("Data as of %(date)s.") % {"date": as_of})
    if document.footer:
        word.add_paragraph(document.footer)
