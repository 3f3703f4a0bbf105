"""What a document must be on paper, checked in the rendered files themselves: A4 pages (the PDF's MediaBox,
the DOCX's sections) with the margins of official papers, no header word broken inside a word (the text of
the PDF read back with pypdf, the widths of the DOCX's columns against the words they hold), no page holding
only the title, and no chart label outside its SVG's box (text extents estimated in DejaVu Sans)."""

import io
import math
import re
import xml.etree.ElementTree as ET

from docx import Document as Word
from docx.shared import Mm
from pypdf import PdfReader

from sapat.core.textwidth import longest_word, text_width
from sapat.reports.document import Figure, Table, chart_table
from sapat.reports.renderers import layout
from sapat.reports.renderers.charts import pictured, svg

A4 = (595.28, 841.89)  # points
SVG = "{http://www.w3.org/2000/svg}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_paper(document, data: bytes, fmt: str) -> None:
    """Every check of this module that applies to the format."""
    if fmt == "pdf":
        assert_pdf_on_a4(data)
        assert_pdf_headers_whole(document, data)
        assert_no_page_holds_only_the_title(document, data)
    elif fmt == "docx":
        assert_docx_on_a4(data)
        assert_docx_columns_hold_their_words(data)
    assert_charts_inside_their_box(document)


def assert_pdf_on_a4(data: bytes) -> None:
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        size = tuple(sorted((float(page.mediabox.width), float(page.mediabox.height))))
        assert size == _approx(A4), f"page {number} is {size}, not A4"


def _approx(value):
    import pytest

    return pytest.approx(value, abs=0.5)


def _tables(document) -> list[Table]:
    tables = list(document.tables())
    tables += [chart_table(figure.chart, document.language) for figure in document.figures()]
    return tables


def _words(table: Table) -> set[str]:
    """The words of the table's header that must come out whole (numbers and marks are short anyway)."""
    found = set()
    for column in table.columns:
        for text in (column.label, column.group):
            found.update(word for word in re.split(r"[ \n]+", text) if len(word) > 3)
    return found


def assert_pdf_headers_whole(document, data: bytes) -> None:
    """Each header word is somewhere on one line of the PDF's text: a word broken across lines is not."""
    lines = [line for page in PdfReader(io.BytesIO(data)).pages for line in page.extract_text().splitlines()]
    for table in _tables(document):
        for word in _words(table):
            assert any(word in line for line in lines), f"header word {word!r} is broken or missing"


def assert_no_page_holds_only_the_title(document, data: bytes) -> None:
    heading = {document.title, document.subtitle, *(f"{label}: {value}" for label, value in document.facts)}
    heading |= {section.title for section in document.sections}
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines()]
        rest = [line for line in lines if line and line not in heading and not re.fullmatch(r"\d+ / \d+", line)]
        assert rest, f"page {number} holds only the title and headings"


def assert_docx_on_a4(data: bytes) -> None:
    for section in Word(io.BytesIO(data)).sections:
        size = sorted((section.page_width, section.page_height))
        assert [round(size[0] / Mm(1)), round(size[1] / Mm(1))] == [210, 297]
        landscape = section.page_width > section.page_height
        margins = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
        expected = layout.LANDSCAPE_MARGINS if landscape else layout.PORTRAIT_MARGINS
        assert [round(m / Mm(1)) for m in margins] == list(expected)


def assert_docx_columns_hold_their_words(data: bytes) -> None:
    """Every cell is at least as wide as its longest word (bold in the header) and its margins: Word then
    breaks lines between words only. The header rows repeat on every page."""
    for table in Word(io.BytesIO(data)).tables:
        if not table.style or table.style.name != "Table Grid":
            continue  # the signature block
        first = table.rows[0]._tr
        assert first.find(f"{W}trPr/{W}tblHeader") is not None, "the header row does not repeat"
        for row in table.rows:
            for tc in row._tr.tc_lst:
                text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
                size = tc.find(f".//{W}sz")
                points = int(size.get(f"{W}val")) / 2 if size is not None else 10
                flag = tc.find(f".//{W}b")
                bold = flag is not None and flag.get(f"{W}val", "1") not in ("0", "false")
                least = longest_word(text, points, bold) + 2 * layout.CELL_PADDING
                assert tc.width.pt >= least - 0.5, f"{text!r} needs {least:.1f} pt, has {tc.width.pt:.1f}"


def assert_charts_inside_their_box(document) -> None:
    for figure in document.figures():
        if pictured(figure.chart):
            assert_svg_text_inside(svg(figure.chart))


def assert_svg_text_inside(markup: str) -> None:
    """Each text's box (its width in DejaVu Sans, its anchor, any rotation) lies inside the viewBox."""
    root = ET.fromstring(markup)  # noqa: S314 - our own output
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    size = float(root.get("font-size"))
    for element in root.iter(f"{SVG}text"):
        for x, y, content in _lines(element):
            for corner in _corners(element, x, y, content, size):
                assert -0.5 <= corner[0] <= width + 0.5 and -0.5 <= corner[1] <= height + 0.5, (
                    f"{content!r} reaches {corner[0]:.1f}, {corner[1]:.1f} outside 0 0 {width} {height}"
                )


def _lines(element):
    x, y = float(element.get("x")), float(element.get("y"))
    yield x, y, element.text or ""
    for span in element.iter(f"{SVG}tspan"):
        y += float(span.get("dy", 0))
        yield float(span.get("x", x)), y, span.text or ""


def _corners(element, x: float, y: float, content: str, size: float):
    wide = text_width(content, size)
    start = {"start": x, "middle": x - wide / 2, "end": x - wide}[element.get("text-anchor", "start")]
    box = [(start, y - size * 0.8), (start + wide, y - size * 0.8), (start, y + size * 0.25),
           (start + wide, y + size * 0.25)]  # fmt: skip
    turn = re.search(r"rotate\(([-\d.]+) ([-\d.]+) ([-\d.]+)\)", element.get("transform", ""))
    if not turn:
        return box
    angle, cx, cy = (float(v) for v in turn.groups())
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    return [(cx + (px - cx) * cos - (py - cy) * sin, cy + (px - cx) * sin + (py - cy) * cos) for px, py in box]


def figures_of(document) -> list[Figure]:
    return document.figures()
