"""Template filters for figures: {{ row.quality_pct|figure:"percent" }}, {{ row.average_mark|figure:"mark" }},
{{ task.max_score|figure:"points" }} (sapat.core.numbers.format_figure: one way for every page and document)."""

from django import template

from sapat.core.numbers import format_figure, format_number, format_percent

register = template.Library()


@register.filter
def figure(value, kind="number"):
    return format_figure(value, kind)


@register.filter
def percent(value):
    return format_percent(value)


@register.filter
def decimal(value, places=1):
    return format_number(value, int(places))
