"""The achievements section of a unit's dashboard: the registry's achievement indicators for the selected year,
each with the counts it divides, and a link to the unit's achievements page. A fixed handful of grouped
queries (the achievements source's), whatever the size of the unit; no section when nothing is recorded."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sapat.dashboards.blocks import Section
from sapat.dashboards.tables import BY_ROW, COUNT, PERCENT, Column, Table
from sapat.indicators import registry
from sapat.indicators.sources import CountQuery
from sapat.structure.models import Period

from .models import Participation

SHOWN = ("ach_student_coverage", "ach_student_effectiveness_pct", "ach_student_awarded", "ach_staff_coverage",
         "ach_staff_effectiveness_pct")  # fmt: skip


def achievements_section(unit, selection) -> Section | None:
    """One query when the year has no participation in the unit (no section then)."""
    recorded = Participation.objects.filter(year=selection.year, school__path__startswith=unit.path)
    period = Period.objects.filter(year=selection.year, code="year").first() if recorded.exists() else None
    if period is None:
        return None
    found = registry.current()
    entries = [e for code in SHOWN if (e := found.get(code, unit, period.ends_on)) is not None]
    values = registry.evaluate(entries, CountQuery(unit, (period,)), counts=True)[None]
    if not (
        values.get("achievements.student.persons.participants") or values.get("achievements.staff.persons.participants")
    ):
        return None
    rows, kinds = [], []
    for entry in entries:
        top = entry.numerator.evaluate(values)
        bottom = entry.denominator.evaluate(values) if entry.denominator else None
        rows.append([entry.name, values[entry.code], top, bottom])
        kinds.append(PERCENT if entry.measure in ("percent", "per_100") else COUNT)
    title = _("Achievements (by persons)")
    columns = [Column(_("Indicator")), Column(_("value"), BY_ROW), Column(_("counted"), COUNT),
               Column(_("denominator"), COUNT)]  # fmt: skip
    places = [entry.precision for entry in entries]
    table = Table("achievements", title, columns, rows, as_of=values.get("as_of"), row_kinds=kinds, row_places=places)
    link = (_("Achievements of this unit: the tables by level"), reverse("achievements:index", args=[unit.code]), False)
    return Section("achievements", title, table=table, choices=[link], wide=True)
