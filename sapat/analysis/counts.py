"""Figures of one unit for many periods at once: the sums of sapat.indicators.selectors.figures, grouped by
period in one query per summary table instead of one query per period."""

from sapat.indicators.selectors import summed_figures
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
    return summed_figures(unit, periods, subject_id=subject_id, grade=grade, class_ids=class_ids, by="period")


def value_of(row: dict | None, indicator: str) -> float | None:
    """The indicator's value in a figures row, None when there is no row."""
    return None if row is None else row.get(indicator)


def size_of(row: dict | None) -> int:
    """The group size shown next to a value: the students (N) of the row, 0 without a row."""
    return 0 if row is None else row.get("students") or 0
