"""The neutral document: a report is built once as these blocks, then rendered to HTML, PDF, DOCX and XLSX.

A builder (builders/) produces a `Document` in the report's language: every label is already translated
and every name already picked in that language. Table cells keep raw values (full precision); each column
says what kind of figure it holds, and `display()` turns a value into text for people in the document's
language, while the XLSX renderer writes the raw number with a number format (so a spreadsheet can still
compute with it). Charts are `sapat.core.charts.Chart`, the same definition the pages use.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import formats
from django.utils.translation import override

from sapat.core.charts import Chart
from sapat.core.numbers import EMPTY, format_number, format_percent

# Column kinds: how a raw value is shown (and which number format it gets in a spreadsheet).
TEXT, COUNT, PERCENT, MARK, CHANGE, DATE = "text", "count", "percent", "mark", "change", "date"
CHANGE_MARK = "change_mark"  # a change of the average mark: two decimals


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT


@dataclass(frozen=True)
class Table:
    """A table: columns, rows of raw values; `total_rows` are the indexes of rows printed in bold."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    total_rows: frozenset[int] = frozenset()
    note: str = ""
    sheet: str = ""  # the XLSX sheet name (short); the title when empty


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # "body", "note" (small print), "item" (a bullet of a list)


@dataclass(frozen=True)
class Figure:
    """A chart; every renderer shows its data beside it (Chart.table())."""

    chart: Chart


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple = ()  # Paragraph | Table | Figure


@dataclass(frozen=True)
class Signature:
    position: str
    name: str = ""


@dataclass(frozen=True)
class Document:
    """A whole report. `facts` is the heading block: (label, value) lines under the title."""

    language: str
    title: str
    subtitle: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    sections: tuple[Section, ...] = ()
    signatures: tuple[Signature, ...] = ()
    as_of: datetime | None = None
    footer: str = ""
    data: dict = field(default_factory=dict, compare=False)  # raw figures the builder used (tests, JSON)

    def tables(self) -> list[Table]:
        return [block for section in self.sections for block in section.blocks if isinstance(block, Table)]

    def figures(self) -> list[Figure]:
        return [block for section in self.sections for block in section.blocks if isinstance(block, Figure)]


def numbered(sections) -> tuple[Section, ...]:
    """Sections titled "1. …", "2. …" in the order they are present (a report leaves out what has no data)."""
    return tuple(Section(f"{i}. {section.title}", section.blocks) for i, section in enumerate(sections, start=1))


def display(value, kind: str, language: str) -> str:
    """A cell for people: figures rounded half-up in the language's style; empty figures as a dash."""
    if value is None or value == "":
        return EMPTY if kind != TEXT else ""
    if kind == PERCENT:
        return format_percent(value, language)
    if kind == MARK:
        return format_number(value, 2, language)
    if kind == CHANGE:
        return signed(value, language)
    if kind == CHANGE_MARK:
        return signed(value, language, places=2)
    if kind == COUNT:
        return format_number(value, 0, language)
    if kind == DATE:
        return format_date(value, language)
    return str(value)


def signed(value, language: str, places: int = 1) -> str:
    """A change with its sign: "+8,3", "−2,0", "0,0" (a true minus sign, as printed documents use)."""
    if value is None:
        return EMPTY
    text = format_number(abs(value), places, language)
    rounded_zero = text.strip("0,.\u00a0") == ""
    if rounded_zero:
        return text
    return ("+" if value > 0 else "\u2212") + text


def format_date(value: date | datetime, language: str) -> str:
    with override(language):
        if isinstance(value, datetime):
            return formats.date_format(value, "SHORT_DATETIME_FORMAT")
        return formats.date_format(value, "SHORT_DATE_FORMAT")


def chart_table(chart: Chart, language: str) -> Table:
    """The data of a chart as a table, shown beside the chart in every format."""
    kind = {"percent": PERCENT, "mark": MARK}.get(chart.unit, COUNT)
    header, *body = chart.table()
    columns = (Column(""), *(Column(name, kind) for name in header[1:]))
    return Table(title=chart.title, columns=columns, rows=tuple(tuple(row) for row in body))
