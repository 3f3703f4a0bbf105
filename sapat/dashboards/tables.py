"""The tables of a dashboard: shown on the page (beside every chart) and written by every export.

Rows keep raw values at full precision (None = no data); the page rounds them for people, exports keep them.
"""

import datetime
from dataclasses import dataclass, field

from sapat.core.charts import Chart

# Kinds of column: how a value is shown and how an export formats it.
TEXT, COUNT, PERCENT, MARK = "text", "count", "percent", "mark"
CHANGE = {PERCENT: "change_percent", MARK: "change_mark", COUNT: "change_count"}


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT  # text | count | percent | mark | change_percent | change_mark | change_count


@dataclass
class Table:
    """A named table; `name` is what `?table=` asks the export for."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)  # each row's link, on the cell `link_column`
    as_of: datetime.datetime | None = None
    link_column: int = 0

    @property
    def header(self) -> list[str]:
        return [str(column.label) for column in self.columns]

    def cells(self):
        """Rows as (value, kind, link) triples; only the cell in `link_column` carries the row's link."""
        kinds = [column.kind for column in self.columns]
        for index, row in enumerate(self.rows):
            link = self.links[index] if index < len(self.links) else None
            yield [(value, kinds[i], link if i == self.link_column else None) for i, value in enumerate(row)]


def chart_table(name: str, chart: Chart, *, first: str, links=None, as_of=None) -> Table:
    """The data of a chart as a table (Chart.table()); a heatmap keeps its rows as rows."""
    if chart.kind == "heatmap":
        header = [first, *chart.categories]
        body = [[label, *series.values] for label, series in zip(chart.rows, chart.series, strict=True)]
    else:
        header, *body = chart.table()
        header = [first, *header[1:]]
    columns = [Column(header[0])] + [Column(label, chart.unit) for label in header[1:]]
    return Table(name, chart.title, columns, body, list(links or []), as_of)


def latest(*moments) -> datetime.datetime | None:
    """The latest of several "as of" moments, ignoring the missing ones."""
    return max((m for m in moments if m is not None), default=None)
