"""Template helpers of the dashboards: cells shown per column kind, signed changes, charts as SVG, export links."""

from urllib.parse import urlencode

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sapat.core.numbers import EMPTY, format_number, format_percent

from .. import svg

register = template.Library()

PLACES = {"mark": 2, "change_mark": 2, "count": 0, "change_count": 0}


@register.filter
def cell(value, kind: str):
    """A table cell as people read it: percents, marks with two decimals, whole counts, signed changes."""
    if value is None or value == "":
        return EMPTY if kind != "text" else ""
    if kind == "text":
        return value
    if kind.startswith("change_"):
        return signed(value, kind)
    if kind == "percent":
        return format_percent(value)
    return format_number(value, PLACES.get(kind, 1))


@register.filter
def signed(value, kind: str = "change_percent"):
    """A change with its sign: "+2,5 pp" for percentage points, "−0,12" for marks, "+3" for counts."""
    if value is None:
        return EMPTY
    number = format_number(abs(value), PLACES.get(kind, 1))
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    if kind == "change_percent":
        return _("%(sign)s%(value)s pp") % {"sign": sign, "value": number}
    return f"{sign}{number}"


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
        for index, (value, kind, link) in enumerate(row):
            shown = escape(cell(value, kind))
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
