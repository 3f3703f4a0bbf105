"""Figures of one unit for many periods at once: the sums of sapat.indicators.selectors.figures, grouped by
period in one query per summary table instead of one query per period."""

from django.db.models import Max, Sum

from sapat.indicators.catalogue import CLASS_COUNT_FIELDS, COUNT_FIELDS, compute
from sapat.indicators.models import ClassSummary, SubjectSummary
from sapat.indicators.selectors import MARK_FIELDS
from sapat.structure.models import OrgUnit, Period


def figures_by_period(
    unit: OrgUnit,
    periods: list[Period],
    *,
    subject_id: int | None = None,
    grade: int | None = None,
    class_ids: tuple[int, ...] | None = None,
) -> dict[int, dict]:
    """{period id: figures row} exactly as `figures(Filter(unit, period, subject_id, grade, class_ids))` gives
    for each period; periods without any summary row are left out."""
    subject_rows = _rows(SubjectSummary, unit, periods, grade, class_ids)
    if subject_id is not None:
        sums = _sum(subject_rows.filter(subject_id=subject_id), COUNT_FIELDS)
        return {key: _result(value, across=False) for key, value in sums.items()}
    marks = _sum(subject_rows, MARK_FIELDS)
    classes = _sum(_rows(ClassSummary, unit, periods, grade, class_ids), ("students", "missing", *CLASS_COUNT_FIELDS))
    result = {}
    for key in marks.keys() | classes.keys():
        merged = {**marks.get(key, {}), **classes.get(key, {})}
        stamps = (marks.get(key, {}).get("as_of"), classes.get(key, {}).get("as_of"))
        merged["as_of"] = max(filter(None, stamps), default=None)
        result[key] = _result(merged, across=True)
    return result


def _rows(model, unit, periods, grade, class_ids):
    rows = model.objects.filter(period__in=[p.pk for p in periods], school__path__startswith=unit.path)
    if grade is not None:
        rows = rows.filter(grade=grade)
    if class_ids is not None:
        rows = rows.filter(school_class_id__in=class_ids)
    return rows


def _sum(queryset, fields) -> dict:
    aggregates = {name: Sum(name) for name in fields}
    aggregates["as_of"] = Max("as_of")
    return {row.pop("period_id"): row for row in queryset.values("period_id").order_by().annotate(**aggregates)}


def _result(summed: dict, *, across: bool) -> dict:
    counts = {key: value or 0 for key, value in summed.items() if key != "as_of"}
    return {**compute(counts, across_subjects=across), "as_of": summed.get("as_of")}


def value_of(row: dict | None, indicator: str) -> float | None:
    """The indicator's value in a figures row, None when there is no row."""
    return None if row is None else row.get(indicator)


def size_of(row: dict | None) -> int:
    """The group size shown next to a value: the students (N) of the row, 0 without a row."""
    return 0 if row is None else row.get("students") or 0
