"""The neutral document: a report is built once as these blocks, then rendered to HTML, PDF, DOCX and XLSX.

A builder (builders/) produces a `Document` in the report's language: every label is already translated
and every name already picked in that language. Table cells keep raw values (full precision); each column
says what kind of figure it holds, and `display()` turns a value into text for people in the document's
language, while the XLSX renderer writes the raw number with a number format (so a spreadsheet can still
compute with it). Charts are `sapat.core.charts.Chart`, the same definition the pages use.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import override

from sapat.core.charts import Chart
from sapat.core.numbers import EMPTY, format_figure
from sapat.indicators import registry

# Column kinds: how a raw value is shown (and which number format it gets in a spreadsheet).
TEXT, COUNT, PERCENT, MARK, CHANGE, DATE = "text", "count", "percent", "mark", "change", "date"
CHANGE_MARK = "change_mark"  # a change of the average mark: two decimals
POINTS = "points"  # points or a maximum: only the decimals it has ("4", "4,5")
SCORE = "score"  # an average test score: one decimal


@dataclass(frozen=True)
class Column:
    """A column of a table; columns side by side with the same `group` (a year) share a header above them."""

    label: str
    kind: str = TEXT
    group: str = ""
    places: int | None = None  # the precision of the indicator the column shows (None: the kind's default)

    def show(self, value, language: str) -> str:
        return display(value, self.kind, language, self.places)

    @property
    def heading(self) -> str:
        """The whole header in one line, for a spreadsheet's header row: "2024-2025: Quality, %"."""
        return f"{self.group}: {self.label}" if self.group else self.label


def indicator_column(label: str, code: str, kind: str = PERCENT, group: str = "") -> Column:
    """A column showing the indicator `code` (or its change), rounded as the indicator's definition says:
    a figure reads the same in a document as on the dashboard."""
    return Column(label, kind, group, registry.precision(code))


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


def header_rows(columns) -> list[list[tuple[str, int, int]]]:
    """The header of a table as rows of (text, columns spanned, rows spanned): one row, or two when columns
    are grouped (the group above its columns; an ungrouped column spans both rows)."""
    if not any(column.group for column in columns):
        return [[(column.label, 1, 1) for column in columns]]
    top: list[tuple[str, int, int]] = []
    bottom: list[tuple[str, int, int]] = []
    for index, column in enumerate(columns):
        if not column.group:
            top.append((column.label, 1, 2))
            continue
        if index and columns[index - 1].group == column.group:
            text, span, rows = top[-1]
            top[-1] = (text, span + 1, rows)
        else:
            top.append((column.group, 1, 1))
        bottom.append((column.label, 1, 1))
    return [top, bottom]


def numbered(sections) -> tuple[Section, ...]:
    """Sections titled "1. …", "2. …" in the order they are present (a report leaves out what has no data)."""
    return tuple(Section(f"{i}. {section.title}", section.blocks) for i, section in enumerate(sections, start=1))


def display(value, kind: str, language: str, places: int | None = None) -> str:
    """A cell for people: figures rounded half-up in the language's style (to `places`, an indicator's
    precision, where given); empty figures as a dash."""
    if value is None or value == "":
        return EMPTY if kind != TEXT else ""
    if kind in (PERCENT, MARK, COUNT, POINTS, SCORE):
        return format_figure(value, kind, places=places, language=language)
    if kind == CHANGE:
        return signed(value, language, places=1 if places is None else places)
    if kind == CHANGE_MARK:
        return signed(value, language, places=2 if places is None else places)
    if kind == DATE:
        return format_date(value, language)
    return str(value)


def signed(value, language: str, places: int = 1) -> str:
    """A change with its sign: "+8,3", "−2,0", "0,0" (a true minus sign, as printed documents use)."""
    return format_figure(value, places=places, change=True, language=language)


def format_date(value: date | datetime, language: str) -> str:
    """A date, or a moment in the active time zone (the report's unit's, see services.report_build)."""
    with override(language):
        if isinstance(value, datetime):
            moment = timezone.localtime(value) if timezone.is_aware(value) else value
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        return formats.date_format(value, "SHORT_DATE_FORMAT")


def chart_table(chart: Chart, language: str) -> Table:
    """The data of a chart as a table, shown beside the chart in every format."""
    kind = {"percent": PERCENT, "mark": MARK}.get(chart.unit, COUNT)
    header, *body = chart.table()
    columns = (
        Column(""),
        *(Column(name, kind, places=s.places) for name, s in zip(header[1:], chart.series, strict=True)),
    )
    return Table(title=chart.title, columns=columns, rows=tuple(tuple(row) for row in body))
