"""The figures of a unit's data sets on its dashboard, read by direction (seed 000's parameters, seed 001's
directions, seed 004's subjects): every indicator in force for the unit that counts data set values, for the
latest period of its data set's kind in the selected year, beside the same period of the year before and the
parent's value, with unapproved data marked as such.

The indicators come from the registry (sapat.indicators.registry): a new indicator, or a new data set with
its indicators, shows here without code.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sapat.datasets.selectors import dataset_figures
from sapat.indicators.models import Direction, Indicator
from sapat.structure.models import OrgUnit

from .blocks import Section
from .selection import Selection
from .tables import BY_ROW, CHANGE_BY_ROW, COUNT, MARK, PERCENT, TEXT, Column, Table

KIND_OF_MEASURE = {Indicator.Measure.PERCENT: PERCENT, Indicator.Measure.COUNT: COUNT}


def directions_section(unit: OrgUnit, selection: Selection) -> Section | None:
    """None when no data set indicator applies to the unit or none has a value."""
    found = dataset_figures(unit, selection.year)
    if not found:
        return None
    names = {d.code: d.name for d in Direction.objects.all()}
    rows = [
        [
            names.get(f.entry.directions[0], "") if f.entry.directions else "",
            f.entry.name,
            f.period.label,
            f.value,
            f.change,
            f.above,
            _approval(f.not_approved),
        ]
        for f in found
    ]
    kinds = [KIND_OF_MEASURE.get(f.entry.measure, MARK) for f in found]
    columns = [
        Column(_("Direction")),
        Column(_("Indicator")),
        Column(_("Period")),
        Column(_("value"), BY_ROW),
        Column(_("change against the year before"), CHANGE_BY_ROW),
        Column(_("above"), BY_ROW),
        Column(_("approval"), TEXT),
    ]
    title = _("Data sets, by direction")
    as_of = max(filter(None, (f.as_of for f in found)), default=None)
    places = [f.entry.precision for f in found]
    table = Table("directions", title, columns, rows, as_of=as_of, row_kinds=kinds, row_places=places)
    return Section("directions", title, table=table, wide=True)


def _approval(waiting: int) -> str:
    if not waiting:
        return _("approved")
    return ngettext("not approved: %(n)s unit", "not approved: %(n)s units", waiting) % {"n": waiting}
