"""PDF with reportlab: A4, DejaVu Sans embedded, tables that repeat their header across pages, vector charts."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, LongTable, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as P

from ..document import TEXT, Document, Figure, Paragraph, Table, chart_table, display, format_date
from .charts import drawable, drawing
from .fonts import BOLD, REGULAR, register

CONTENT_TYPE = "application/pdf"
EXTENSION = "pdf"


def _styles() -> dict:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13, spaceAfter=4)
    return {
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=14, leading=18, alignment=1, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", base, alignment=1, spaceAfter=8),
        "h2": ParagraphStyle(
            "h2", base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4, keepWithNext=1
        ),
        "body": base,
        "note": ParagraphStyle("note", base, fontSize=8, leading=10, textColor=colors.HexColor("#444444")),
        "item": ParagraphStyle("item", base, leftIndent=12, bulletIndent=2),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", base, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0),
        "cellr": ParagraphStyle("cellr", base, fontSize=8, leading=10, spaceAfter=0, alignment=2),
        "cellbr": ParagraphStyle("cellbr", base, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0, alignment=2),
        "caption": ParagraphStyle(
            "caption", base, fontName=BOLD, fontSize=9, leading=12, spaceBefore=4, keepWithNext=1
        ),
    }


def render(document: Document) -> bytes:
    register()
    out = io.BytesIO()
    wide = any(len(table.columns) > 9 for table in document.tables())
    page = landscape(A4) if wide else A4
    pdf = SimpleDocTemplate(
        out, pagesize=page, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
        title=document.title, lang=document.language,
    )  # fmt: skip
    with override(document.language):
        pdf.build(list(_story(document, _styles(), pdf.width)))
    return out.getvalue()


def _text(value: str, style) -> P:
    return P(escape(str(value)).replace("\n", "<br/>"), style)


def _story(document: Document, styles: dict, width: float):
    yield _text(document.title, styles["title"])
    if document.subtitle:
        yield _text(document.subtitle, styles["subtitle"])
    for label, value in document.facts:
        yield P(f"<b>{escape(label)}:</b> {escape(str(value))}", styles["body"])
    for section in document.sections:
        yield _text(section.title, styles["h2"])
        for block in section.blocks:
            yield from _block(block, document.language, styles, width)
    yield from _signatures(document, styles, width)
    yield from _footer(document, styles)


def _block(block, language: str, styles: dict, width: float):
    if isinstance(block, Paragraph):
        bullet = "•" if block.style == "item" else None
        yield P(escape(block.text), styles.get(block.style, styles["body"]), bulletText=bullet)
    elif isinstance(block, Table):
        yield from _table(block, language, styles, width)
    elif isinstance(block, Figure):
        if drawable(block.chart):
            yield Spacer(1, 4)
            yield KeepTogether([drawing(block.chart, width=width, height=min(240, width * 0.45))])
        yield from _table(chart_table(block.chart, language), language, styles, width)


def _table(table: Table, language: str, styles: dict, width: float):
    if table.title:
        yield _text(table.title, styles["caption"])
    header = [_text(column.label, styles["cellb"]) for column in table.columns]
    body = []
    for i, row in enumerate(table.rows):
        bold = "b" if i in table.total_rows else ""
        body.append(
            [
                _text(display(v, c.kind, language), styles[f"cell{bold}{'' if c.kind == TEXT else 'r'}"])
                for v, c in zip(row, table.columns, strict=True)
            ]
        )
    widths = _widths(table, width)
    flow = LongTable([header, *body], colWidths=widths, repeatRows=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    flow.setStyle(TableStyle(commands))
    yield flow
    if table.note:
        yield _text(table.note, styles["note"])


def _widths(table: Table, width: float) -> list[float]:
    """Text columns take more room than figures."""
    weights = [2.6 if column.kind == TEXT else 1 for column in table.columns]
    return [width * w / sum(weights) for w in weights]


def _signatures(document: Document, styles: dict, width: float):
    if not document.signatures:
        return
    yield Spacer(1, 14)
    rows = [[_text(s.position, styles["body"]), "_______________", _text(s.name, styles["body"])]
            for s in document.signatures]  # fmt: skip
    flow = LongTable(rows, colWidths=[width * 0.5, width * 0.2, width * 0.3])
    flow.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("TOPPADDING", (0, 0), (-1, -1), 10)]))
    yield flow


def _footer(document: Document, styles: dict):
    if document.as_of:
        yield Spacer(1, 8)
        as_of = format_date(document.as_of, document.language)
        yield _text(_("Data as of %(date)s.") % {"date": as_of}, styles["note"])
    if document.footer:
        yield _text(document.footer, styles["note"])
