"""HTML: the document as a page fragment (shown inside the site), a whole standalone page (the download) and
the page the PDF is printed from (print_page, laid out on A4 by WeasyPrint, see pdf.py).

Charts are the dashboards' inline SVG with their data table beside them; the page prints cleanly (no scripts
needed). A section holding a table too wide for a portrait page is marked `wide` (printed landscape).
"""

from itertools import count

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import override

from sapat.core.textwidth import FONT_DIR
from sapat.dashboards.svg import render as dashboards_svg

from ..document import TEXT, Document, Figure, Paragraph, Table, chart_table, format_date, header_rows
from . import layout
from .charts import on_paper, pictured

_IDS = count(1)

CONTENT_TYPE = "text/html; charset=utf-8"
EXTENSION = "html"


def render(document: Document) -> bytes:
    with override(document.language):
        page = render_to_string("reports/standalone.html", {"document": document, "body": fragment(document)})
    return page.encode("utf-8")


def print_page(document: Document) -> str:
    """The standalone page with the paper's rules (A4, margins, landscape sections, page numbers)."""
    with override(document.language):
        context = {"document": document, "body": fragment(document, paper=True), "fonts": FONT_DIR.as_uri()}
        return render_to_string("reports/print.html", context)


def fragment(document: Document, paper: bool = False) -> str:
    """The report's body as safe HTML, in the document's language; `paper`: as printed on A4 (pdf.py)."""
    with override(document.language):
        sections = [_section(section, document.language, paper) for section in document.sections]
        context = {
            "document": document,
            "paper": paper,  # column widths as style attributes: on paper only (the site's policy forbids them)
            "sections": sections,
            "starts_wide": bool(sections) and sections[0]["wide"],
            "ends_wide": bool(sections) and sections[-1]["wide"],
            "as_of": format_date(document.as_of, document.language) if document.as_of else "",
        }
        return mark_safe(render_to_string("reports/document.html", context))  # noqa: S308 (autoescaped template)


def _section(section, language: str, paper: bool) -> dict:
    blocks = [shown for block in section.blocks for shown in _blocks(block, language, paper)]
    wide = any(block.get("landscape") for block in blocks)
    return {"title": section.title, "blocks": blocks, "wide": wide}


def _blocks(block, language: str, paper: bool) -> list[dict]:
    """A block as the template shows it; on paper a table too wide for a landscape page comes in pieces."""
    if isinstance(block, Paragraph):
        return [{"kind": "paragraph", "text": block.text, "style": block.style}]
    if isinstance(block, Table):
        tables = layout.pieces(block, language) if paper else [block]
        return [{"kind": "table", **_table(table, language)} for table in tables]
    if isinstance(block, Figure):
        markup = svg_of(block.chart) if pictured(block.chart) else ""
        svg = mark_safe(on_paper(markup) if paper and markup else markup)  # noqa: S308
        chart = block.chart.kind if svg else ""
        return [{"kind": "figure", "svg": svg, "chart": chart, **_table(chart_table(block.chart, language), language)}]
    raise TypeError(block)


def _table(table: Table, language: str) -> dict:
    rows = [
        {
            "total": i in table.total_rows,
            "cells": [(c.show(v, language), c.kind != TEXT) for v, c in zip(row, table.columns, strict=True)],
        }
        for i, row in enumerate(table.rows)
    ]
    fit = layout.fit(table, language)
    widths = [width / sum(fit.widths) * 100 for width in fit.widths]
    page = layout.LANDSCAPE_WIDTH if fit.landscape else layout.PORTRAIT_WIDTH
    return {
        "title": table.title, "head": header_rows(table.columns), "widths": widths, "rows": rows, "note": table.note,
        "landscape": fit.landscape, "type": f"{fit.size * 10:.0f}", "share": min(100.0, sum(fit.widths) / page * 100),
    }  # fmt: skip


def svg_of(chart) -> str:
    """The dashboards' SVG renderer: the same chart looks the same on a dashboard and in a report."""
    return str(dashboards_svg(chart, ident=f"report-chart-{next(_IDS)}"))
