"""Template helpers of the dashboards: cells shown per column kind, signed changes, charts as SVG, export links."""

from urllib.parse import urlencode

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from sapat.core.numbers import EMPTY, format_figure

from .. import svg

register = template.Library()


@register.filter
def cell(value, kind: str, places: int | None = None):
    """A table cell as people read it: percents, marks with two decimals, whole counts, signed changes;
    `places` (the precision of the indicator shown) overrides the kind's decimals."""
    if value is None or value == "":
        return EMPTY if kind != "text" else ""
    if kind == "text":
        return value
    if kind.startswith("change_"):
        return signed(value, kind, places)
    return format_figure(value, kind, places=places)


@register.filter
def signed(value, kind: str = "change_percent", places: int | None = None):
    """A change with its sign: "+2,5 pp" for percentage points, "−0,12" for marks, "+3" for counts; a change
    that rounds to zero has no sign ("0,0 pp", never "−0,0 pp")."""
    measure = kind.removeprefix("change_")
    return format_figure(value, measure, places=places, change=True, points=measure == "percent")


@register.filter
def numeric(kind: str) -> bool:
    return kind != "text"


@register.simple_tag
def table_body(table) -> str:
    """The rows of a table as HTML, built here rather than by template loops: a school's tables hold
    thousands of cells, and a loop of template nodes per cell would take most of the page's time."""
    rows = []
    for row in table.cells():
        cells = []
        for index, (value, kind, link, places) in enumerate(row):
            shown = escape(cell(value, kind, places))
            if link:
                shown = f'<a href="{escape(link)}">{shown}</a>'
            if index == 0:
                cells.append(f'<th scope="row">{shown}</th>')
            else:
                cells.append(f'<td class="num">{shown}</td>' if kind != "text" else f"<td>{shown}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every value and link is escaped above


@register.simple_tag
def chart_svg(chart, ident: str):
    return svg.render(chart, ident=ident)


@register.simple_tag(takes_context=True)
def export_url(context, table: str, kind: str) -> str:
    """This page's URL with ?format=…&table=… added: the export of exactly the table on screen."""
    params = context["request"].GET.copy()
    params["format"], params["table"] = kind, table
    return "?" + urlencode(sorted(params.items()))
