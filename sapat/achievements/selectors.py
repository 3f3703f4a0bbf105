"""Reads shared by the achievements' count sources: who is on a school's staff at a date."""

import datetime

from django.db.models import Q

from sapat.structure.models import Staff
from sapat.structure.models.staff import Position

# Pedagogical staff: every position but librarian (deputies, psychologists and social pedagogues hold categories).
PEDAGOGICAL = [p for p in Position.values if p != Position.LIBRARIAN]


def staff_on_staff(school_ids, on: datetime.date):
    """The pedagogical staff of the schools on `on`: joined on or before that day (or with no joining date) and not
    left by then (a person who left on that day is gone)."""
    staff = Staff.objects.filter(school_id__in=school_ids, position__in=PEDAGOGICAL)
    staff = staff.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=on))
    return staff.filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


def unit_page(*, unit, year_code: str, participations, with_tables: bool) -> dict:
    """What the achievements page of `unit` shows for one academic year: the years to choose from, the tables
    (by the unit's districts or schools) when `with_tables`, and the given (already scoped) participations of
    the unit's schools in that year."""
    from sapat.structure.models import AcademicYear, OrgUnit

    from .tables import KINDS, TableError, dynamics, layout, table

    years = list(AcademicYear.objects.filter(country=unit.country, periods__code="year").order_by("-starts_on"))
    year = next((y for y in years if y.code == year_code), years[0] if years else None)
    tables = []
    if with_tables and year is not None:
        by = {OrgUnit.Kind.REGION: "district", OrgUnit.Kind.DISTRICT: "school"}.get(unit.kind)
        earlier = [y for y in years if y.starts_on < year.starts_on][: DYNAMICS_YEARS - 1]
        try:
            tables = [_with_cells(table(kind=kind, unit=unit, years=[year.code], by=by), unit) for kind in KINDS]
            if earlier:  # the change over the last three years: the unit's totals of the first and the chosen one
                for result in tables:
                    first = table(kind=result["kind"], unit=unit, years=[earlier[-1].code])["total"]
                    shape = layout(result["kind"], unit)
                    result["dynamics"] = dynamics(result["kind"], shape, [*first, *result["total"]],
                                                  span=len(earlier) + 1)  # fmt: skip
        except TableError:
            tables = []
    rows = participations.none()
    if year is not None:
        rows = participations.filter(year=year, school_id__in=OrgUnit.objects.school_ids_under(unit))
        rows = rows.select_related("event", "student", "staff", "school").order_by("-event__date", "pk")
    total = rows.count() if year is not None else 0
    return {"years": years, "year": year, "tables": tables, "participations": rows[:PARTICIPATIONS_SHOWN],
            "participations_total": total}  # fmt: skip


PARTICIPATIONS_SHOWN = 200  # the latest ones; a region's year has thousands (the tables count them all)
DYNAMICS_YEARS = 3  # the written dynamics of the page's tables: over (up to) three years ending with the chosen one


def _with_cells(result: dict, unit) -> dict:
    """Each row's values in the order of the columns, and the columns' names, for the template."""
    from .tables import column_labels, layout

    names = column_labels(result["kind"], layout(result["kind"], unit))
    result["labels"] = [(code, names[code]) for code in result["columns"]]
    for part in ("rows", "total", "percent"):
        for row in result[part]:
            row["cells"] = [row[column] for column in result["columns"]]
    return result
