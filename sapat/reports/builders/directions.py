"""The section of a report that reads the data sets' indicators by direction (health, upbringing, equipment…),
from the registry: a new data set or indicator appears here without code."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sapat.core.numbers import format_number
from sapat.datasets.selectors import dataset_figures
from sapat.indicators.models import Direction
from sapat.structure.models import OrgUnit

from ..document import Column, Section, Table


def directions_section(unit: OrgUnit, year, *, minimum: int = 0, approved_only: bool = False) -> Section | None:
    """None when there is nothing to show. `minimum`: no figure about fewer things than that (students,
    classes, schools); `approved_only` (the public report): only data the level above approved, else a column
    says what is not approved yet."""
    names = {d.code: d.name for d in Direction.objects.all()}
    found = [f for f in dataset_figures(unit, year) if f.size >= minimum and not (approved_only and f.not_approved)]
    if not found:
        return None
    columns = [Column(_("Direction")), Column(_("Indicator")), Column(_("Period")), Column(_("Value"))]
    if not approved_only:
        columns.append(Column(_("approval")))
    rows = []
    for figure in found:
        row = [
            names.get(figure.entry.directions[0], "") if figure.entry.directions else "",
            figure.entry.name,
            figure.period.label,
            shown_value(figure.entry, figure.value),
        ]
        if not approved_only:
            row.append(_approval(figure.not_approved))
        rows.append(tuple(row))
    title = _("Other indicators, by direction")
    return Section(title, (Table("", tuple(columns), tuple(rows), sheet=_("Other indicators")),))


def shown_value(entry, value) -> str:
    """A value with the indicator's own decimals, and its unit (%)."""
    text = format_number(value, entry.precision)
    return f"{text}\u00a0%" if entry.percent else text


def _approval(waiting: int) -> str:
    if not waiting:
        return _("approved")
    return ngettext("not approved: %(n)s unit", "not approved: %(n)s units", waiting) % {"n": waiting}
