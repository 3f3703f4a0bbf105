"""Chart definitions, neutral of any output: the same Chart serves a page (SVG), a PDF, a DOCX and an XLSX.

A chart is data only: its kind, labels along the axis, named series of values (None = no data), an
optional reference value (e.g. the parent unit's figure drawn as a line) and the unit of its values.
Renderers live beside their format (dashboards: SVG for pages; reports: PDF, DOCX, XLSX).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    places: int | None = None  # the precision of the indicator the series shows (None: the unit's default)


@dataclass(frozen=True)
class Chart:
    kind: str  # "line" (dynamics), "bar" (comparison), "stacked" (distribution of 5/4/3/2), "heatmap"
    title: str
    categories: tuple[str, ...]  # along the axis: periods, years, child units, classes
    series: tuple[Series, ...]
    unit: str = "percent"  # "percent", "mark" or "count"
    reference: float | None = None  # e.g. the parent unit's value, drawn across a bar chart
    reference_label: str = ""
    rows: tuple[str, ...] = field(default=())  # heatmap only: row labels; series then hold one row each

    def table(self) -> list[list]:
        """The chart's data as a table (header row first): every chart is shown with its data beside it."""
        header = ["", *[s.name for s in self.series]]
        body = [[category, *[s.values[i] for s in self.series]] for i, category in enumerate(self.categories)]
        return [header, *body]
