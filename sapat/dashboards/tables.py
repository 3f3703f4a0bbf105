"""The tables of a dashboard: shown on the page (beside every chart) and written by every export.

Rows keep raw values at full precision (None = no data); the page rounds them for people, exports keep them.
"""

import datetime
from dataclasses import dataclass, field

from sapat.core.charts import Chart
from sapat.indicators import registry

# Kinds of column: how a value is shown and how an export formats it. BY_ROW and CHANGE_BY_ROW take the kind
# of each row (`Table.row_kinds`): a table of indicators of different measures.
TEXT, COUNT, PERCENT, MARK = "text", "count", "percent", "mark"
CHANGE = {PERCENT: "change_percent", MARK: "change_mark", COUNT: "change_count"}
BY_ROW, CHANGE_BY_ROW = "by_row", "change_by_row"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT  # text | count | percent | mark | change_percent | change_mark | change_count
    places: int | None = None  # the precision of the indicator the column shows (None: the kind's default)


def indicator_column(label, code: str, kind: str) -> Column:
    """A column showing the indicator `code` (or its change): rounded as the indicator's definition says,
    so that a figure reads the same in every table, on the headline and in the documents."""
    return Column(label, kind, registry.precision(code))


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
    row_kinds: list[str] = field(default_factory=list)  # for BY_ROW columns, each row's kind
    row_places: list[int | None] = field(default_factory=list)  # for BY_ROW columns, each row's precision

    @property
    def header(self) -> list[str]:
        return [str(column.label) for column in self.columns]

    def cells(self):
        """Rows as (value, kind, link, places) tuples; only the cell in `link_column` carries the row's link."""
        for index, row in enumerate(self.rows):
            link = self.links[index] if index < len(self.links) else None
            kinds, places = self.kinds_of(index), self.places_of(index)
            yield [(value, kinds[i], link if i == self.link_column else None, places[i]) for i, value in enumerate(row)]

    def kinds_of(self, index: int) -> list[str]:
        """The kind of each cell of row `index`."""
        own = self.row_kinds[index] if index < len(self.row_kinds) else COUNT
        by_row = {BY_ROW: own, CHANGE_BY_ROW: CHANGE.get(own, CHANGE[COUNT])}
        return [by_row.get(column.kind, column.kind) for column in self.columns]

    def places_of(self, index: int) -> list[int | None]:
        """The precision of each cell of row `index`: its column's, or its row's in BY_ROW columns."""
        own = self.row_places[index] if index < len(self.row_places) else None
        return [own if column.kind in (BY_ROW, CHANGE_BY_ROW) else column.places for column in self.columns]


def chart_table(name: str, chart: Chart, *, first: str, links=None, as_of=None) -> Table:
    """The data of a chart as a table (Chart.table()); a heatmap keeps its rows as rows."""
    if chart.kind == "heatmap":  # one indicator in every cell
        header = [first, *chart.categories]
        body = [[label, *series.values] for label, series in zip(chart.rows, chart.series, strict=True)]
        places = [chart.series[0].places if chart.series else None] * len(chart.categories)
    else:
        header, *body = chart.table()
        header = [first, *header[1:]]
        places = [series.places for series in chart.series]
    columns = [Column(header[0])] + [Column(label, chart.unit, p) for label, p in zip(header[1:], places, strict=True)]
    return Table(name, chart.title, columns, body, list(links or []), as_of)


def latest(*moments) -> datetime.datetime | None:
    """The latest of several "as of" moments, ignoring the missing ones."""
    return max((m for m in moments if m is not None), default=None)
