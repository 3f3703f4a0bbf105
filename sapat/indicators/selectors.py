"""Indicator figures for any unit, period and breakdown, from the summary tables (sums, never averages)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Sum

from sapat.structure.models import OrgUnit, Period, TeachingAssignment

from .catalogue import CLASS_COUNT_FIELDS, COUNT_FIELDS, compute
from .models import ClassSummary, SubjectSummary

MARK_FIELDS = ("n5", "n4", "n3", "n2", "n_na", "exempt")
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


def _summaries(model, flt: Filter):
    rows = model.objects.filter(period=flt.period, school__path__startswith=flt.unit.path)
    if flt.grade is not None:
        rows = rows.filter(grade=flt.grade)
    if flt.class_ids is not None:
        rows = rows.filter(school_class_id__in=flt.class_ids)
    return rows


def _sum(queryset, fields, group: str | None) -> dict:
    aggregates = {name: Sum(name) for name in fields}
    aggregates["as_of"] = Max("as_of")
    if group is None:
        return {None: queryset.aggregate(**aggregates)}
    return {row.pop(group): row for row in queryset.values(group).order_by().annotate(**aggregates)}


def figures(flt: Filter, by: str | None = None) -> dict:
    """Counts and indicators keyed by the breakdown value (None for the whole unit)."""
    across = flt.subject_id is None and by != "subject"
    group = BREAKDOWNS[by][0] if by else None
    subject_rows = _summaries(SubjectSummary, flt)
    if flt.subject_id is not None:
        subject_rows = subject_rows.filter(subject_id=flt.subject_id)
    if not across:
        counts = _sum(subject_rows, COUNT_FIELDS, group)
        return {key: _result(value, across=False) for key, value in counts.items()}
    marks = _sum(subject_rows, MARK_FIELDS, group)
    classes = _sum(_summaries(ClassSummary, flt), ("students", "missing", *CLASS_COUNT_FIELDS), group)
    result = {}
    for key in classes.keys() | marks.keys():
        merged = {**marks.get(key, {}), **classes.get(key, {})}
        merged["as_of"] = max(filter(None, (marks.get(key, {}).get("as_of"), classes.get(key, {}).get("as_of"))),
                              default=None)  # fmt: skip
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
        school_class__school__path__startswith=flt.unit.path, school_class__year_id=year_id
    )
    if flt.subject_id is not None:
        assignments = assignments.filter(subject_id=flt.subject_id)
    taught = defaultdict(set)
    for teacher_id, class_id, subject_id in assignments.values_list("teacher_id", "school_class_id", "subject_id"):
        taught[(class_id, subject_id)].add(teacher_id)
    rows = _summaries(SubjectSummary, flt).filter(school_class_id__in={c for c, _ in taught})
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
