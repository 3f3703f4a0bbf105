"""Template filters for figures: {{ row.quality_pct|percent }}, {{ row.average_mark|decimal:2 }}."""

from django import template

from sapat.core.numbers import format_number, format_percent

register = template.Library()


@register.filter
def percent(value):
    return format_percent(value)


@register.filter
def decimal(value, places=1):
    return format_number(value, int(places))
