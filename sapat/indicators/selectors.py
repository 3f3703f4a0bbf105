"""Indicator figures for any unit, period and breakdown, from the summary tables (sums, never averages)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Sum

from sapat.structure.models import OrgUnit, Period, TeachingAssignment

from .catalogue import CLASS_COUNT_FIELDS, COUNT_FIELDS, compute
from .models import ClassSummary, SchoolSubjectSummary, SchoolSummary, SubjectSummary

MARK_FIELDS = ("n5", "n4", "n3", "n2", "n_na", "exempt")
STUDENT_FIELDS = ("students", "missing", *CLASS_COUNT_FIELDS)  # across subjects, from the class rows
# Breakdown name -> the summary field it groups by, and the field that names a group.
BREAKDOWNS = {
    "class": ("school_class_id", "school_class"),
    "parallel": ("grade", None),
    "subject": ("subject_id", "subject"),
    "school": ("school_id", "school"),
    "district": ("school__parent_id", "school__parent"),
    "school_kind": ("school__school_kind", None),
    "settlement": ("school__settlement", None),
    "gender": ("gender", None),
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
    """Counts and indicators keyed by the breakdown value (None for the whole unit)."""
    group = BREAKDOWNS[by][0] if by else None
    return summed_figures(
        flt.unit, [flt.period], subject_id=flt.subject_id, grade=flt.grade, class_ids=flt.class_ids, group=group
    )


def summed_figures(
    unit: OrgUnit,
    periods: list[Period],
    *,
    subject_id: int | None = None,
    grade: int | None = None,
    class_ids: tuple[int, ...] | None = None,
    group: str | None = None,
) -> dict:
    """Figures of a unit's subtree in some periods, keyed by the summary field `group` (None: one row, even
    without data).

    Sums school rows when the figure spans whole schools, class rows when it is narrowed to a grade or to
    classes or is grouped by class or grade: the same counts either way, since a school row is the sum of its
    class rows.
    """
    by_class = grade is not None or class_ids is not None or group in ("school_class_id", "grade")
    subject_model = SubjectSummary if by_class else SchoolSubjectSummary

    def rows(model):
        return _rows(model, unit, periods, grade=grade, class_ids=class_ids)

    if subject_id is not None or group == "subject_id":
        subject_rows = rows(subject_model)
        if subject_id is not None:
            subject_rows = subject_rows.filter(subject_id=subject_id)
        return {key: _result(value, across=False) for key, value in _sum(subject_rows, COUNT_FIELDS, group).items()}
    if by_class:
        return _merged(_sum(rows(SubjectSummary), MARK_FIELDS, group), _sum(rows(ClassSummary), STUDENT_FIELDS, group))
    counts = _sum(rows(SchoolSummary), (*STUDENT_FIELDS, *MARK_FIELDS), group)
    return {key: _result(value, across=True) for key, value in counts.items()}


def _rows(model, unit: OrgUnit, periods: list[Period], *, grade=None, class_ids=None):
    schools = OrgUnit.objects.school_ids_under(unit)
    found = model.objects.filter(period__in=[p.pk for p in periods], school_id__in=schools)
    if grade is not None:
        found = found.filter(grade=grade)
    if class_ids is not None:
        found = found.filter(school_class_id__in=class_ids)
    return found


def _sum(queryset, fields, group: str | None) -> dict:
    aggregates = {name: Sum(name) for name in fields}
    aggregates["as_of"] = Max("as_of")
    if group is None:
        return {None: queryset.aggregate(**aggregates)}
    return {row.pop(group): row for row in queryset.values(group).order_by().annotate(**aggregates)}


def _merged(marks: dict, classes: dict) -> dict:
    """Across-subject figures from class rows: the marks pooled from the subject rows, the students from the
    class rows."""
    result = {}
    for key in classes.keys() | marks.keys():
        merged = {**marks.get(key, {}), **classes.get(key, {})}
        stamps = (marks.get(key, {}).get("as_of"), classes.get(key, {}).get("as_of"))
        merged["as_of"] = max(filter(None, stamps), default=None)
        result[key] = _result(merged, across=True)
    return result


def _result(summed: dict, *, across: bool) -> dict:
    counts = {key: value or 0 for key, value in summed.items() if key != "as_of"}
    row = compute(counts, across_subjects=across)
    row["as_of"] = summed.get("as_of")
    return row


def unit_figures(flt: Filter) -> dict:
    """The headline figures of one unit (all subjects unless the filter names one)."""
    return figures(flt)[None]


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
    rows = _rows(SubjectSummary, flt.unit, [flt.period], grade=flt.grade, class_ids=flt.class_ids)
    rows = rows.filter(school_class_id__in={c for c, _ in taught})
    sums: dict[int, dict] = defaultdict(lambda: {**dict.fromkeys(COUNT_FIELDS, 0), "as_of": None})
    for row in rows.values("school_class_id", "subject_id", "as_of", *COUNT_FIELDS):
        for teacher_id in taught.get((row["school_class_id"], row["subject_id"]), ()):
            _accumulate(sums[teacher_id], row)
    return {teacher_id: _result(counts, across=False) for teacher_id, counts in sums.items()}


def _accumulate(total: dict, row: dict) -> None:
    for key in COUNT_FIELDS:
        total[key] += row[key]
    total["as_of"] = max(filter(None, (total["as_of"], row["as_of"])))


def group_labels(by: str, keys) -> dict:
    """Readable names of breakdown keys (unit, class or subject names; codes for the rest)."""
    from sapat.structure.models import SchoolClass, Subject

    keys = [key for key in keys if key is not None]
    if by in ("school", "district"):
        return {u.pk: (u.code, u.name) for u in OrgUnit.objects.filter(pk__in=keys)}
    if by == "class":
        return {c.pk: (f"{c.school.code}:{c.name}", c.name) for c in SchoolClass.objects.filter(pk__in=keys)
                .select_related("school")}  # fmt: skip
    if by == "subject":
        return {s.pk: (s.code, s.name) for s in Subject.objects.filter(pk__in=keys)}
    return {key: (str(key), str(key)) for key in keys}
