"""HTML: the document as a page fragment (shown inside the site) or a whole standalone page (the download).

Charts are inline SVG with their data table beside them; the page prints cleanly (no scripts needed).
"""

from itertools import count

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import override

from sapat.dashboards.svg import render as dashboards_svg

from ..document import TEXT, Document, Figure, Paragraph, Table, chart_table, display, format_date
from .charts import drawable

_IDS = count(1)

CONTENT_TYPE = "text/html; charset=utf-8"
EXTENSION = "html"


def render(document: Document) -> bytes:
    with override(document.language):
        page = render_to_string("reports/standalone.html", {"document": document, "body": fragment(document)})
    return page.encode("utf-8")


def fragment(document: Document) -> str:
    """The report's body as safe HTML, in the document's language."""
    with override(document.language):
        context = {
            "document": document,
            "sections": [_section(section, document.language) for section in document.sections],
            "as_of": format_date(document.as_of, document.language) if document.as_of else "",
        }
        return mark_safe(render_to_string("reports/document.html", context))  # noqa: S308 (autoescaped template)


def _section(section, language: str) -> tuple:
    return section.title, [_block(block, language) for block in section.blocks]


def _block(block, language: str) -> dict:
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", "text": block.text, "style": block.style}
    if isinstance(block, Table):
        return {"kind": "table", **_table(block, language)}
    if isinstance(block, Figure):
        svg = mark_safe(svg_of(block.chart)) if drawable(block.chart) or block.chart.kind == "heatmap" else ""  # noqa: S308
        return {"kind": "figure", "svg": svg, **_table(chart_table(block.chart, language), language)}
    raise TypeError(block)


def _table(table: Table, language: str) -> dict:
    rows = [
        {
            "total": i in table.total_rows,
            "cells": [(display(v, c.kind, language), c.kind != TEXT) for v, c in zip(row, table.columns, strict=True)],
        }
        for i, row in enumerate(table.rows)
    ]
    return {"title": table.title, "columns": table.columns, "rows": rows, "note": table.note}


def svg_of(chart) -> str:
    """The dashboards' SVG renderer: the same chart looks the same on a dashboard and in a report."""
    return str(dashboards_svg(chart, ident=f"report-chart-{next(_IDS)}"))
