"""Indicator figures for any unit, period and breakdown: the registry's formulas over counts summed from the
summary tables (sums, never averages)."""

from collections import defaultdict
from dataclasses import dataclass

from sapat.core.querysets import unscoped
from sapat.structure.models import OrgUnit, Period, TeachingAssignment

from . import registry
from .catalogue import COUNT_FIELDS, compute, marks_entries
from .models import SubjectSummary
from .sources import SCHOOL_GROUPINGS, CountQuery

# Breakdown name -> the field of the summary rows that names a group (None: the value is its own label).
BREAKDOWNS = {
    "class": ("school_class_id", "school_class"),
    "parallel": ("grade", None),
    "subject": ("subject_id", "subject"),
    "school": ("school_id", "school"),
    "district": ("school__parent_id", "school__parent"),
    "school_kind": ("school__school_kind", None),
    "settlement": ("school__settlement", None),
    "gender": ("gender", None),
    "group": ("school_class_id", "school_class"),
    "course": ("grade", None),
    "speciality": ("school_class__group_year__group__speciality_id", None),
    "department": ("school_class__group_year__group__speciality__department_id", None),
}


@dataclass(frozen=True)
class Filter:
    """Which summary rows a figure sums: a unit's subtree, one period, optionally one subject or one grade."""

    unit: OrgUnit
    period: Period
    subject_id: int | None = None
    grade: int | None = None
    class_ids: tuple[int, ...] | None = None


def period_for(unit: OrgUnit, year_code: str, period_code: str) -> Period | None:
    return Period.objects.filter(year__country=unit.country, year__code=year_code, code=period_code).first()


def figures(flt: Filter, by: str | None = None) -> dict:
    """Counts and indicators of the marks keyed by the breakdown value (None for the whole unit)."""
    return summed_figures(
        flt.unit, [flt.period], subject_id=flt.subject_id, grade=flt.grade, class_ids=flt.class_ids, by=by
    )


def summed_figures(
    unit: OrgUnit,
    periods: list[Period],
    *,
    subject_id: int | None = None,
    grade: int | None = None,
    class_ids: tuple[int, ...] | None = None,
    by: str | None = None,
) -> dict:
    """Figures of the marks of a unit's subtree in some periods, keyed by the breakdown `by` (a name of
    BREAKDOWNS, or "period"; None: one row, even without data): every indicator over marks the registry has in
    force for the unit at the end of the last period."""
    query = CountQuery(unit, tuple(periods), subject_id=subject_id, grade=grade, class_ids=class_ids, by=by)
    entries = marks_entries(unit, max(period.ends_on for period in periods))
    return registry.evaluate(entries, query)


def unit_figures(flt: Filter) -> dict:
    """The headline figures of one unit (all subjects unless the filter names one)."""
    return figures(flt)[None]


@unscoped("the summaries engine: each teacher's classes in a unit the caller checked the user oversees")
def teacher_figures(flt: Filter) -> dict:
    """Figures of each teacher's own classes and subjects in the unit, keyed by teacher id."""
    year_id = flt.period.year_id
    assignments = TeachingAssignment.objects.filter(
        school_class__school_id__in=OrgUnit.objects.school_ids_under(flt.unit), school_class__year_id=year_id
    )
    if flt.subject_id is not None:
        assignments = assignments.filter(subject_id=flt.subject_id)
    taught = defaultdict(set)
    for teacher_id, class_id, subject_id in assignments.values_list("teacher_id", "school_class_id", "subject_id"):
        taught[(class_id, subject_id)].add(teacher_id)
    rows = SubjectSummary.objects.filter(
        period=flt.period,
        school_id__in=OrgUnit.objects.school_ids_under(flt.unit),
        school_class_id__in={c for c, _ in taught},
    )
    if flt.grade is not None:
        rows = rows.filter(grade=flt.grade)
    if flt.class_ids is not None:
        rows = rows.filter(school_class_id__in=flt.class_ids)
    sums: dict[int, dict] = defaultdict(lambda: {**dict.fromkeys(COUNT_FIELDS, 0), "as_of": None})
    for row in rows.values("school_class_id", "subject_id", "as_of", *COUNT_FIELDS):
        for teacher_id in taught.get((row["school_class_id"], row["subject_id"]), ()):
            _accumulate(sums[teacher_id], row)
    return {teacher_id: _result(counts) for teacher_id, counts in sums.items()}


def _result(summed: dict) -> dict:
    row = compute({key: value for key, value in summed.items() if key != "as_of"}, across_subjects=False)
    row["as_of"] = summed.get("as_of")
    return row


def _accumulate(total: dict, row: dict) -> None:
    for key in COUNT_FIELDS:
        total[key] += row[key]
    total["as_of"] = max(filter(None, (total["as_of"], row["as_of"])))


@unscoped("the codes and names of the groups of a breakdown the caller asked for")
def group_labels(by: str, keys) -> dict:
    """Readable names of breakdown keys (unit, class or subject names; codes for the rest)."""
    from sapat.structure.models import SchoolClass, Subject

    keys = [key for key in keys if key is not None]
    if by in SCHOOL_GROUPINGS:
        from sapat.structure.selectors import school_group_labels

        return school_group_labels(by, keys)
    if by in ("school", "district"):
        return {u.pk: (u.code, u.name) for u in OrgUnit.objects.filter(pk__in=keys)}
    if by in ("speciality", "department"):
        from sapat.colleges.selectors import unit_labels

        return unit_labels(by, keys)
    if by == "group":
        return {c.pk: (c.name, c.name) for c in SchoolClass.objects.filter(pk__in=keys)}
    if by == "class":
        return {c.pk: (f"{c.school.code}:{c.name}", c.name) for c in SchoolClass.objects.filter(pk__in=keys)
                .select_related("school")}  # fmt: skip
    if by == "subject":
        return {s.pk: (s.code, s.name) for s in Subject.objects.filter(pk__in=keys)}
    return {key: (str(key), str(key)) for key in keys}
