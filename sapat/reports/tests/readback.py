"""Reading a rendered report back: text from the PDF (pypdf), cells from the XLSX, paragraphs and tables from
the DOCX, text from the HTML; so tests check what a person would read, in every format."""

import io
import re
from html import unescape

from docx import Document as Word
from openpyxl import load_workbook
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def xlsx_sheets(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def xlsx_charts(data: bytes) -> int:
    book = load_workbook(io.BytesIO(data))
    return sum(len(sheet._charts) for sheet in book.worksheets)


def docx_content(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    word = Word(io.BytesIO(data))
    paragraphs = [p.text for p in word.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]
    return paragraphs, tables


def html_text(data: bytes | str) -> str:
    text = data.decode() if isinstance(data, bytes) else data
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", text))


def text_of(data: bytes, fmt: str) -> str:
    """Everything a person can read in the file, as one string."""
    if fmt == "pdf":
        return pdf_text(data)
    if fmt == "xlsx":
        return "\n".join(" ".join(str(v) for v in row if v is not None) for rows in xlsx_sheets(data).values()
                         for row in rows)  # fmt: skip
    if fmt == "docx":
        paragraphs, tables = docx_content(data)
        cells = [" ".join(row) for table in tables for row in table]
        return "\n".join(paragraphs + cells)
    return html_text(data)


def squash(text: str) -> str:
    """Whitespace removed: PDF extraction breaks lines inside table cells."""
    return re.sub(r"\s+", "", text)
