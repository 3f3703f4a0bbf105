"""DOCX with python-docx: headings, paragraphs, real Word tables (which a deputy edits before filing), charts as
pictures with their data table, and the signature block.

The paper is the PDF's (layout.py): A4, the margins of official papers, a landscape section for the report's
sections whose tables need it; columns sized from their longest word, header rows repeated on every page and
rows never split across pages. A chart is the page's own SVG as a PNG (charts.png)."""

import io
from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import override
from docx import Document as Word
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..document import TEXT, Document, Figure, Paragraph, Table, chart_table, format_date, header_rows
from . import layout
from .charts import pictured, png
from .fonts import FAMILY

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSION = "docx"


def render(document: Document) -> bytes:
    word = Word()
    _setup(word, document)
    with override(document.language):
        wide = [_wide(section, document.language) for section in document.sections]
        _paper(word.sections[0], landscape=bool(wide) and wide[0])
        _title(word, document)
        for index, section in enumerate(document.sections):
            if index and wide[index] != wide[index - 1]:
                _paper(word.add_section(WD_SECTION.NEW_PAGE), landscape=wide[index])
            word.add_heading(section.title, level=2)
            for block in section.blocks:
                _block(word, block, document.language)
        _signatures(word, document)
        _footer(word, document)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _wide(section, language: str) -> bool:
    tables = [piece for b in section.blocks if isinstance(b, Table) for piece in layout.pieces(b, language)]
    tables += [chart_table(b.chart, language) for b in section.blocks if isinstance(b, Figure)]
    return any(layout.fit(table, language).landscape for table in tables)


def _paper(page, *, landscape: bool) -> None:
    """A4 with the margins of official papers (layout.py), portrait or landscape."""
    top, right, bottom, left = layout.LANDSCAPE_MARGINS if landscape else layout.PORTRAIT_MARGINS
    page.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    page.top_margin, page.right_margin, page.bottom_margin, page.left_margin = Mm(top), Mm(right), Mm(bottom), Mm(left)


def _setup(word, document: Document) -> None:
    """DejaVu Sans everywhere (Cyrillic and the Kyrgyz and Kazakh letters)."""
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        style = word.styles[name]
        style.font.name = FAMILY
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FAMILY)
    word.styles["Normal"].font.size = Pt(10)
    word.styles["Caption"].paragraph_format.keep_with_next = True
    word.core_properties.title = document.title
    word.core_properties.language = document.language


def _title(word, document: Document) -> None:
    heading = word.add_heading(document.title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.keep_with_next = True
    if document.subtitle:
        subtitle = word.add_paragraph(document.subtitle)
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subtitle.paragraph_format.keep_with_next = True
    for label, value in document.facts:
        line = word.add_paragraph()
        line.paragraph_format.keep_with_next = True
        line.paragraph_format.space_after = Pt(2)
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
        for piece in layout.pieces(block, language):
            _table(word, piece, language)
    elif isinstance(block, Figure):
        if pictured(block.chart):
            picture, width = png(block.chart)
            caption = word.add_paragraph(block.chart.title, style="Caption")
            caption.paragraph_format.keep_with_next = True
            word.add_picture(io.BytesIO(picture), width=Mm(width))
            word.paragraphs[-1].paragraph_format.keep_with_next = True
            _table(word, replace(chart_table(block.chart, language), title=""), language)  # captioned above
        else:
            _table(word, chart_table(block.chart, language), language)


def _table(word, table: Table, language: str) -> None:
    fit = layout.fit(table, language)
    if table.title:
        word.add_paragraph(table.title, style="Caption")
    head = header_rows(table.columns)
    grid = word.add_table(rows=len(head) + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _margins(grid, fit.widths)
    _header(grid, head, fit.size)
    for i, row in enumerate(table.rows):
        cells = grid.rows[len(head) + i].cells
        for cell, value, column in zip(cells, row, table.columns, strict=True):
            text = column.show(value, language)
            _cell(cell, text, fit.size, bold=i in table.total_rows, right=column.kind != TEXT)
    for column, width in zip(grid.columns, fit.widths, strict=True):
        column.width = Pt(width)
    for row in grid.rows:
        _keep_whole(row)
        _widths(row, fit.widths)
    if table.note:
        note = word.add_paragraph(table.note)
        for run in note.runs:
            run.font.size = Pt(8)


def _widths(row, widths) -> None:
    """Each cell as wide as the columns it spans (a merged header cell spans several)."""
    index = 0
    for tc in row._tr.tc_lst:
        span = tc.grid_span
        tc.width = Pt(sum(widths[index : index + span]))
        index += span


def _header(grid, head, size: float) -> None:
    """The header rows (a group above its columns), repeated at the top of every page."""
    covered: set[tuple[int, int]] = set()  # (row, column) taken by a cell merged down from above
    for r, header in enumerate(head):
        row = grid.rows[r]
        _repeat(row)
        index = 0
        for text, columns, rows in header:
            while (r, index) in covered:
                index += 1
            cell = row.cells[index]
            if columns > 1:
                cell = cell.merge(row.cells[index + columns - 1])
            if rows > 1:
                cell = cell.merge(grid.rows[r + rows - 1].cells[index])
                covered.update((r + k, index) for k in range(1, rows))
            _cell(cell, text, size, bold=True)
            index += columns


def _margins(grid, widths) -> None:
    """Cell margins as layout.py counts them, so that a column as wide as its longest word holds it; the
    table's width said outright (LibreOffice otherwise scales an "auto" table to a portrait page)."""
    width = grid._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(sum(widths) * 20)))
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(layout.CELL_PADDING * 20))  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = grid._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # the schema's order: the margins come before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _repeat(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _keep_whole(row) -> None:
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _cell(cell, text: str, size: float, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if paragraph.runs:  # a merged cell keeps the text of the first part
        return
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _signatures(word, document: Document) -> None:
    if not document.signatures:
        return
    word.add_paragraph().paragraph_format.keep_with_next = True
    grid = word.add_table(rows=len(document.signatures), cols=3)
    for row, signature in zip(grid.rows, document.signatures, strict=True):
        _keep_whole(row)
        row.cells[0].text = signature.position
        row.cells[1].text = "_______________"
        row.cells[2].text = signature.name


def _footer(word, document: Document) -> None:
    if document.as_of:
        as_of = format_date(document.as_of, document.language)
        word.add_paragraph(_("Data as of %(date)s.") % {"date": as_of})
    if document.footer:
        word.add_paragraph(document.footer)
