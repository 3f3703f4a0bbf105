"""The vocabulary helper in templates: `{{ thing|words:"classes" }}` is "Classes" for a school's thing and "Study
groups" for a college's (sapat/colleges/vocabulary.py); `{{ unit|kind_label }}` names a unit's kind ("college")."""

from django import template

from ..vocabulary import words_for

register = template.Library()


@register.filter
def words(thing, key: str) -> str:
    return words_for(thing)[key]


@register.filter
def role_label(membership) -> str:
    return words_for(membership.unit).role_label(membership)


@register.filter
def kind_label(unit) -> str:
    return words_for(unit).kind_label(unit)


@register.filter
def kind_help(kind, unit) -> str:
    """`{{ kind|kind_help:unit }}`: the import page's explanation of a kind of file, in the unit's words."""
    return words_for(unit).kind_help(kind)


@register.filter
def kind_title(kind, unit) -> str:
    """`{{ kind|kind_title:unit }}`: the import page's name of a kind of file, in the unit's words."""
    return words_for(unit).kind_title(kind)
